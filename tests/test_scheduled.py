"""Scheduled articles: dated after "today" (HUB_TODAY, else the day in the hub's time zone), an article is
left out of a published build everywhere, shown and marked in `mkdocs serve`, accepted by `hub check`
and listed with its day by `hub report` and the report page."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import subprocess
import sys

import feedparser
import pytest
from conftest import Hub, Site, article
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort

from hub_plugins.clock import ClockError, Schedule, today
from hub_plugins.loader import Source, load_hub

WEDNESDAY, NEXT_MONDAY = "2026-12-02", "2026-12-07"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def campaign(hub: Hub) -> None:
    """A published article, and a campaign article (with its Turkish translation) dated next Monday."""
    hub.write("en/articles/already-out.md", article("Already out", date="2026-11-30", topics=["recruitment"]))
    hub.write("en/articles/campaign.md", article("Campaign zebra", date=NEXT_MONDAY, topics=["recruitment"],
                                                 audience=["students"], translation_key="campaign"))
    hub.write("tr/articles/kampanya.md", article("Kampanya zebrası", date=NEXT_MONDAY, topics=["recruitment"],
                                                 audience=["students"], translation_key="campaign"))


# The titles of the articles a listing shows (story cards).
TITLES = "//li[contains(@class, 'hub-list__item')]//*[contains(@class, 'hub-list__title')]/a/text()"


def outputs(site: Site) -> dict[str, object]:
    """What a candidate or a crawler can reach: home, listing, feeds, sitemap and search documents."""
    feed = feedparser.parse(site.path("en/feed.xml").read_bytes())
    topic_feed = feedparser.parse(site.path("en/topics/recruitment/feed.xml").read_bytes())
    assert not feed.bozo and not topic_feed.bozo
    sitemap = etree.fromstring(site.path("sitemap.xml").read_bytes())
    fragments = sorted((site.site_dir / "pagefind").glob("*/fragment/*.pf_fragment"))
    documents = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")) for f in fragments]
    return {
        "home": site.html("en/").xpath(TITLES),
        "listing": site.html("en/topics/recruitment/").xpath(TITLES),
        "feed": [entry.title for entry in feed.entries],
        "topic feed": [entry.title for entry in topic_feed.entries],
        "sitemap": [u for u in sitemap.xpath("//s:url/s:loc/text()", namespaces=SITEMAP) if "articles/" in u],
        "search": sorted(doc["url"] for doc in documents if "/articles/" in doc["url"]),
        "tr listing": site.html("tr/topics/recruitment/").xpath(TITLES),
        "topic count": " ".join(site.html("en/topics/").xpath("string(//li[@data-key='recruitment'])").split()),
    }


def test_an_article_dated_next_monday_is_absent_until_monday(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    campaign(hub)
    monkeypatch.setenv("HUB_TODAY", WEDNESDAY)
    site = hub.build()
    before = outputs(site)
    assert not site.exists("en/articles/campaign/") and not site.exists("tr/articles/kampanya/")
    assert site.exists("en/articles/already-out/")
    assert before["listing"] == ["Already out"]
    assert before["feed"] == ["Already out"] and before["topic feed"] == ["Already out"]
    assert before["sitemap"] == ["https://hub.example.org/en/articles/already-out/"]
    assert before["search"] == ["/en/articles/already-out/"]
    assert before["tr listing"] == []
    assert before["home"] == ["Already out"]
    assert "Recruitment 1 article " in before["topic count"]
    everything = "\n".join(p.read_text("utf-8", errors="replace") for p in site.site_dir.rglob("*")
                           if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt"})
    assert "zebra" not in everything
    assert "articles/campaign" not in everything and "articles/kampanya" not in everything

    # Monday: the same commit, built again, publishes it everywhere.
    monkeypatch.setenv("HUB_TODAY", NEXT_MONDAY)
    site = hub.build()
    after = outputs(site)
    assert site.exists("en/articles/campaign/") and site.exists("tr/articles/kampanya/")
    assert after["listing"] == ["Campaign zebra", "Already out"]
    assert after["feed"] == ["Campaign zebra", "Already out"] and after["topic feed"] == after["feed"]
    assert after["sitemap"] == ["https://hub.example.org/en/articles/already-out/",
                                "https://hub.example.org/en/articles/campaign/",
                                "https://hub.example.org/tr/articles/kampanya/"]
    assert after["search"] == ["/en/articles/already-out/", "/en/articles/campaign/", "/tr/articles/kampanya/"]
    assert after["tr listing"] == ["Kampanya zebrası"]
    assert after["home"] == ["Campaign zebra", "Already out"]
    assert "Recruitment 2 articles " in after["topic count"]
    page = site.html("en/articles/campaign/")
    assert page.xpath("//p[@class='hub-scheduled']") == []  # published: no preview mark


def serve_build(hub: Hub) -> Site:
    """Build as `mkdocs serve` does (drafts and scheduled articles shown)."""
    config = hub.load()
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_startup(command="build", dirty=False)
    return Site(hub.root, hub.root / "site")


def test_serve_shows_a_scheduled_article_marked(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    campaign(hub)
    monkeypatch.setenv("HUB_TODAY", WEDNESDAY)
    site = serve_build(hub)
    en = site.html("en/articles/campaign/")
    note = en.xpath("//p[@class='hub-scheduled']")
    assert len(note) == 1 and note[0].get("data-scheduled-for") == NEXT_MONDAY
    assert note[0].xpath("normalize-space(strong)") == "Scheduled for December 7, 2026"
    tr = site.html("tr/articles/kampanya/")
    assert tr.xpath("normalize-space(//p[@class='hub-scheduled']/strong)") == "7 Aralık 2026 tarihinde yayımlanacak"
    listing = site.html("en/topics/recruitment/")
    items = listing.xpath("//li[contains(@class, 'hub-list__item')]")
    assert [i.get("data-hub-article") for i in items] == ["en/articles/campaign.md", "en/articles/already-out.md"]
    assert items[0].xpath("normalize-space(.//strong[@class='hub-scheduled'])") == "Scheduled for December 7, 2026"
    assert items[1].xpath(".//strong[@class='hub-scheduled']") == []
    # Even in the preview a feed carries only what is published (like drafts).
    feed = feedparser.parse(site.path("en/feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Already out"]
    report = site.html("en/report/")
    rows = report.xpath("//section[@class='hub-report__scheduled']//li")
    assert [r.xpath("string(time/@datetime)") for r in rows] == [NEXT_MONDAY, NEXT_MONDAY]
    assert "December 7, 2026" in rows[0].text_content()


def test_the_published_report_page_does_not_announce_scheduled_articles(hub: Hub,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    campaign(hub)
    monkeypatch.setenv("HUB_TODAY", WEDNESDAY)
    report = hub.build().html("en/report/")
    assert report.xpath("//section[@class='hub-report__scheduled']") == []
    assert report.xpath("//time[@datetime='2026-12-02']")  # its today is HUB_TODAY


def source(hub: Hub) -> Source:
    return Source(hub.docs, hub.root, ("en", "tr"))


def test_a_datetime_with_offset_is_due_on_its_day_in_the_hubs_time_zone(hub: Hub) -> None:
    # 01:30 in Istanbul on 7 December is still 6 December in UTC.
    hub.write("en/articles/early.md", article("Early", date="2026-12-07T01:30:00+03:00"))
    hub.write("en/articles/plain.md", article("Plain", date="2026-12-07"))
    sunday = {"HUB_TODAY": "2026-12-06"}
    istanbul = load_hub(source(hub), schedule=Schedule.of("Europe/Istanbul", sunday))
    assert [a.slug for a in istanbul.articles] == []
    utc = load_hub(source(hub), schedule=Schedule.of("UTC", sunday))
    assert [a.slug for a in utc.articles] == ["early"]
    # A plain date is the day the writer wrote, even where midnight UTC is the day before.
    monday = {"HUB_TODAY": "2026-12-07"}
    new_york = load_hub(source(hub), schedule=Schedule.of("America/New_York", monday))
    assert sorted(a.slug for a in new_york.articles) == ["early", "plain"]
    preview = load_hub(source(hub), include_drafts=True, schedule=Schedule.of("Europe/Istanbul", sunday))
    assert {a.slug: a.scheduled_for for a in preview.articles} == {"early": dt.date(2026, 12, 7),
                                                                   "plain": dt.date(2026, 12, 7)}


def test_a_scheduled_draft_is_a_draft(hub: Hub) -> None:
    hub.write("en/articles/d.md", article("D", date=NEXT_MONDAY, draft=True))
    preview = load_hub(source(hub), include_drafts=True, schedule=Schedule.of(environ={"HUB_TODAY": WEDNESDAY}))
    assert [(a.draft, a.scheduled_for) for a in preview.articles] == [(True, None)]


def test_today_is_hub_today_else_the_day_in_the_time_zone() -> None:
    late_evening_utc = dt.datetime(2026, 12, 6, 22, 30, tzinfo=dt.UTC)
    assert today("Europe/Istanbul", {}, now=late_evening_utc) == dt.date(2026, 12, 7)
    assert today("UTC", {}, now=late_evening_utc) == dt.date(2026, 12, 6)
    assert today("UTC", {"HUB_TODAY": " 2024-02-29 "}, now=late_evening_utc) == dt.date(2024, 2, 29)
    for bad, words in (("2026-02-30", "is not a real day"), ("7.12.2026", "YYYY-MM-DD"),
                       ("tomorrow", "YYYY-MM-DD")):
        with pytest.raises(ClockError, match=words):
            today("UTC", {"HUB_TODAY": bad})
    with pytest.raises(ClockError, match="'Mars/Olympus' is not a known time zone"):
        today("Mars/Olympus", {})


@pytest.mark.allow_warnings
def test_a_bad_hub_today_fails_the_build_with_one_clear_line(hub: Hub, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/a.md", article("A"))
    monkeypatch.setenv("HUB_TODAY", "2026-13-01")
    with pytest.raises(Abort):
        hub.build()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith("hub: HUB_TODAY='2026-13-01' is not a real day")
    assert "Traceback" not in errors[0]


@pytest.mark.allow_warnings
def test_a_bad_time_zone_is_a_config_error(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/a.md", article("A"))
    with pytest.raises(Abort):  # MkDocs' own config validation: one line, no traceback
        hub.build(plugins=[{"hub": {"time_zone": "Europe/Istambul"}}])
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["Config value 'plugins': Plugin 'hub' option 'time_zone': 'Europe/Istambul' is not a known "
                      "time zone — use an IANA name such as 'Europe/Istanbul', 'Europe/Berlin' or 'UTC'"]


def cli(hub: Hub, *args: str, hub_today: str | None = WEDNESDAY) -> subprocess.CompletedProcess[str]:
    """The writers' CLI in the project folder, with HUB_TODAY set."""
    if not (hub.root / "mkdocs.yml").exists():
        hub.load()
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    if hub_today is not None:
        env["HUB_TODAY"] = hub_today
    return subprocess.run([sys.executable, "-m", "hub_plugins", *args], cwd=hub.root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_check_accepts_and_report_lists_a_scheduled_article(hub: Hub) -> None:
    campaign(hub)
    check = cli(hub, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("No problems: 3 articles (en: 2, tr: 1; 0 drafts, 2 scheduled)")
    data = json.loads(cli(hub, "check", "--format", "json").stdout)
    assert (data["ok"], data["scheduled"]) == (True, 2)

    report = json.loads(cli(hub, "report", "--format", "json").stdout)
    assert report["today"] == WEDNESDAY
    assert [(s["path"], s["day"]) for s in report["scheduled"]] == [
        ("content/en/articles/campaign.md", NEXT_MONDAY), ("content/tr/articles/kampanya.md", NEXT_MONDAY)]
    assert report["articles"] == {"en": 1, "tr": 0}  # counted from their day on
    months = report["per_month"]["en"]
    assert len(months) == 24 and list(months)[-1] == "2026-12" and months["2026-11"] == 1
    assert sum(months.values()) == 1  # scheduled articles count from their day on
    assert json.loads(cli(hub, "report", "--format", "json", "--drafts").stdout)["articles"] == {"en": 2, "tr": 1}
    text = cli(hub, "report", "--limit", "0").stdout.splitlines()
    start = text.index("Scheduled: published on their day (2)")
    assert [line.split() for line in text[start + 1:start + 3]] == [
        [NEXT_MONDAY, "content/en/articles/campaign.md"], [NEXT_MONDAY, "content/tr/articles/kampanya.md"]]
    # On Monday nothing is scheduled any more.
    monday = json.loads(cli(hub, "report", "--format", "json", hub_today=NEXT_MONDAY).stdout)
    assert monday["scheduled"] == [] and monday["articles"] == {"en": 2, "tr": 1}


def test_new_dates_an_article_today_and_a_bad_hub_today_is_a_usage_error(hub: Hub) -> None:
    made = cli(hub, "new", "--title", "Hello", "--audience", "students", "--topics", "recruitment")
    assert made.returncode == 0, made.stderr
    text = (hub.docs / "en/articles/hello.md").read_text(encoding="utf-8")
    assert f"date: {WEDNESDAY}" in text
    bad = cli(hub, "report", hub_today="2026-12-32")
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("hub report: HUB_TODAY='2026-12-32' is not a real day")
    assert "Traceback" not in bad.stderr


def test_the_cli_rejects_a_bad_time_zone(hub: Hub) -> None:
    hub.load()
    config = (hub.root / "mkdocs.yml").read_text(encoding="utf-8")
    (hub.root / "mkdocs.yml").write_text(config.replace("- hub\n", "- hub:\n    time_zone: Asia/Atlantis\n"),
                                         encoding="utf-8")
    result = cli(hub, "check")
    assert result.returncode == 2
    assert "plugins.hub.time_zone: 'Asia/Atlantis' is not a known time zone" in result.stderr


def test_scheduled_for_is_unset_without_a_schedule(hub: Hub) -> None:
    hub.write("en/articles/future.md", article("Future", date="2999-01-01"))
    assert [a.scheduled_for for a in load_hub(source(hub)).articles] == [None]
