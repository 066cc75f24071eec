"""The reading journey on built sites: reading time, several authors, calls to action with UTM tags,
series steps and the report's audiences without a call to action."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import parse_qsl, urlsplit

import feedparser
import pytest
from conftest import Hub, article
from lxml import html
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort

from hub_plugins.cta import with_utm
from hub_plugins.errors import ContentError
from hub_plugins.loader import Source, load_hub
from hub_plugins.model import Author
from hub_plugins.reading import count_words
from hub_plugins.share import author_json_ld
from hub_plugins.views import article_view

SITE = "https://hub.example.org/"


def words(count: int, word: str = "word") -> str:
    """A body of `count` words, in paragraphs of ten."""
    return "\n\n".join(" ".join([word] * 10) for _ in range(count // 10)) + " " + " ".join([word] * (count % 10))


def text(page: html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in page.xpath(xpath)]


# --- reading time ---------------------------------------------------------------------------------

def test_words_are_what_a_reader_reads() -> None:
    markdown = ("## İK’cılar için sosyal medya\n\n- one\n- well-being\n\n| a | b |\n|---|---|\n"
                "See [the survey](https://example.com/a-b-c \"Survey\") or <https://example.com/x>.\n\n"
                "```python\nprint('hi')\n```\n<div markdown>ok</div>\n")
    # İK’cılar için sosyal medya one well-being a b See the survey or python print('hi') ok
    assert count_words(markdown) == 15


def test_reading_time_on_article_pages_and_in_listings(hub: Hub) -> None:
    hub.write("en/articles/long.md", article("Long", body=words(401)))  # 401 / 200 → 3
    hub.write("en/articles/short.md", article("Short", body="Hello."))  # never "0 min"
    hub.write("tr/articles/uzun.md", article("Uzun", body=words(181, "kelime")))  # 181 / 180 → 2
    site = hub.build()
    assert text(site.html("en/articles/long/"), "//*[@class='hub-article__reading-time']") == ["3 min read"]
    assert text(site.html("en/articles/short/"), "//*[@class='hub-article__reading-time']") == ["1 min read"]
    assert text(site.html("tr/articles/uzun/"), "//*[@class='hub-article__reading-time']") == ["2 dk okuma"]
    listing = site.html("en/topics/recruitment/")
    items = {li.get("data-hub-article"): text(li, ".//*[@class='hub-list__reading-time']")
             for li in listing.xpath("//li[contains(@class, 'hub-list__item')]")}
    assert items == {"en/articles/long.md": ["3 min read"], "en/articles/short.md": ["1 min read"]}
    assert text(site.html("tr/"), "//*[@class='hub-list__reading-time']") == ["2 dk okuma"]


def test_words_per_minute_is_a_hub_option(hub: Hub) -> None:
    hub.write("en/articles/long.md", article("Long", body=words(401)))
    hub.write("tr/articles/uzun.md", article("Uzun", body=words(181, "kelime")))
    hub.config["plugins"] = [{"hub": {"reading": {"words_per_minute": {"en": 100}}}}]
    site = hub.build()
    assert text(site.html("en/articles/long/"), "//*[@class='hub-article__reading-time']") == ["5 min read"]
    # Turkish keeps its default of 180 words per minute.
    assert text(site.html("tr/articles/uzun/"), "//*[@class='hub-article__reading-time']") == ["2 dk okuma"]


# --- several authors ------------------------------------------------------------------------------

def add_person(hub: Hub) -> None:
    taxonomy = hub.taxonomy()
    taxonomy["authors"]["ayse"] = {"name": "Ayşe Yılmaz", "role": {"en": "Recruiter", "tr": "İşe alım uzmanı"}}
    hub.set_taxonomy(taxonomy)


def test_an_article_names_several_authors_everywhere(hub: Hub) -> None:
    add_person(hub)
    hub.write("tr/articles/roportaj.md", article("Röportaj", author=["ayse", "editorial-team"]))
    hub.write("en/articles/solo.md", article("Solo", author="ayse"))
    site = hub.build()
    page = site.html("tr/articles/roportaj/")
    assert text(page, "//*[@class='hub-article__author']") == ["Yazarlar: Ayşe Yılmaz, Career Hub"]
    (post,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert post["author"] == [{"@type": "Person", "name": "Ayşe Yılmaz", "jobTitle": "İşe alım uzmanı",
                               "url": SITE + "tr/authors/ayse/"},
                              {"@type": "Organization", "name": "Career Hub",
                               "url": SITE + "tr/authors/editorial-team/"}]
    solo = site.html("en/articles/solo/")
    assert text(solo, "//*[@class='hub-article__author']") == ["by Ayşe Yılmaz"]
    (post,) = [json.loads(s.text) for s in solo.xpath("//script[@type='application/ld+json']")]
    assert post["author"] == [{"@type": "Person", "name": "Ayşe Yılmaz", "jobTitle": "Recruiter",
                               "url": SITE + "en/authors/ayse/"}]
    feed = feedparser.parse(site.path("tr/feed.xml").read_bytes())
    assert [entry.author for entry in feed.entries] == ["Ayşe Yılmaz, Career Hub"]


def test_author_json_ld_takes_the_photo_and_page_urls_when_the_routes_give_them() -> None:
    person = Author("ayse", "Ayşe", roles={"en": "Recruiter", "tr": "İşe alım uzmanı"}, photo="authors/a.jpg")
    team = Author("team", "People Team", roles={"en": "Team", "tr": "Ekip"}, organization=True)
    assert author_json_ld(person, "tr", image_url=SITE + "authors/a.jpg", page_url=SITE + "tr/authors/ayse/") == {
        "@type": "Person", "name": "Ayşe", "jobTitle": "İşe alım uzmanı", "image": SITE + "authors/a.jpg",
        "url": SITE + "tr/authors/ayse/"}
    assert author_json_ld(team, "en") == {"@type": "Organization", "name": "People Team"}


def test_an_unknown_author_in_a_list_gets_a_suggestion(hub: Hub) -> None:
    add_person(hub)
    hub.write("tr/articles/x.md", article("X", author=["ayse", "editoral-team"]))
    with pytest.raises(ContentError) as caught:
        load_hub(Source(hub.docs, hub.root, ("en", "tr")))
    assert [str(p) for p in caught.value.problems] == [
        "content/tr/articles/x.md:7: author: unknown value 'editoral-team' — did you mean 'editorial-team'? "
        "(allowed: ayse, editorial-team)"]


# --- calls to action ------------------------------------------------------------------------------

def test_utm_tags_merge_into_a_url_with_a_query_and_a_fragment() -> None:
    url = "https://jobs.example.com/list?level=student&utm_source=old&team=a%20b&utm_term=x#apply"
    tagged = with_utm(url, "career-hub", "students", "first-week")
    assert tagged == ("https://jobs.example.com/list?level=student&team=a%20b&utm_term=x&utm_source=career-hub"
                      "&utm_medium=cta&utm_campaign=students&utm_content=first-week#apply")
    assert with_utm("https://jobs.example.com/", "a b", "c&d", "e") == (
        "https://jobs.example.com/?utm_source=a%20b&utm_medium=cta&utm_campaign=c%26d&utm_content=e")


def cta_hub(hub: Hub) -> None:
    """Students have a CTA whose URL has a query and a fragment; professionals have none."""
    taxonomy = hub.taxonomy()
    taxonomy["audiences"]["students"]["cta"] = {
        "label": {"en": "See internships", "tr": "Stajlara göz atın"},
        "url": "https://jobs.example.com/list?level=student&utm_source=old#apply"}
    del taxonomy["audiences"]["professionals"]["cta"]
    hub.set_taxonomy(taxonomy)
    hub.write("tr/articles/ilk-hafta.md", article("İlk hafta", audience=["professionals", "students"]))
    hub.write("en/articles/senior.md", article("Senior", audience=["professionals"]))


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_articles_and_audience_listings_show_their_cta_with_utm_tags(hub: Hub) -> None:
    cta_hub(hub)
    site = hub.build()
    page = site.html("tr/articles/ilk-hafta/")
    # The first audience with a CTA of its own: professionals have none, students do.
    after_text = page.xpath("//div[@class='hub-article__body']/following-sibling::aside"
                            "[contains(@class, 'hub-cta--article')]//a")
    in_share = page.xpath("//aside[@class='hub-share']//*[contains(@class, 'hub-cta--share')]//a")
    assert len(after_text) == 1 and len(in_share) == 1
    link = after_text[0].get("href")
    assert after_text[0].text_content() == "Stajlara göz atın" and in_share[0].get("href") == link
    parts = urlsplit(link)
    assert (parts.netloc, parts.path, parts.fragment) == ("jobs.example.com", "/list", "apply")
    assert query(link) == {"level": "student", "utm_source": "test-hub", "utm_medium": "cta",
                           "utm_campaign": "students", "utm_content": "ilk-hafta"}
    assert page.xpath("//*[@data-hub-cta]/@data-hub-cta") == ["students", "students"]

    listing = site.html("en/audiences/students/")
    (cta,) = listing.xpath("//aside[contains(@class, 'hub-cta--listing')]//a")
    assert cta.text_content() == "See internships"
    assert query(cta.get("href"))["utm_content"] == "students"
    # No CTA of their own and no default: nothing to show, on the article or the listing.
    assert site.html("en/articles/senior/").xpath("//*[@data-hub-cta]") == []
    assert site.html("en/audiences/professionals/").xpath("//*[@data-hub-cta]") == []
    assert site.html("en/topics/recruitment/").xpath("//*[@data-hub-cta]") == []


def test_the_default_cta_stands_in_for_audiences_without_one(hub: Hub) -> None:
    cta_hub(hub)
    default = {"label": {"en": "Open positions", "tr": "Açık pozisyonlar"}, "url": "https://jobs.example.com/"}
    hub.config["plugins"] = [{"hub": {"cta": default}}]
    site = hub.build()
    (link,) = site.html("en/articles/senior/").xpath("//aside[contains(@class, 'hub-cta--article')]//a")
    assert link.text_content() == "Open positions"
    assert query(link.get("href")) == {"utm_source": "test-hub", "utm_medium": "cta",
                                       "utm_campaign": "professionals", "utm_content": "senior"}
    (link,) = site.html("tr/audiences/professionals/").xpath("//aside[contains(@class, 'hub-cta--listing')]//a")
    assert link.text_content() == "Açık pozisyonlar"
    # An audience's own CTA wins over the default.
    (link,) = site.html("tr/articles/ilk-hafta/").xpath("//aside[contains(@class, 'hub-cta--article')]//a")
    assert link.text_content() == "Stajlara göz atın"


@pytest.mark.parametrize(("default", "expected"), [
    ({"label": {"en": "Apply"}, "url": "https://jobs.example.com/"},
     "cta.label.tr: missing or empty — write the link text in 'tr'"),
    ({"label": {"en": "Apply", "tr": "Başvurun"}, "url": "/jobs/"},
     "cta.url: '/jobs/' is not an absolute http(s) address"),
])
def test_a_bad_default_cta_fails_the_build(hub: Hub, caplog: pytest.LogCaptureFixture, default: dict,
                                            expected: str) -> None:
    hub.config["plugins"] = [{"hub": {"cta": default}}]
    with pytest.raises(Abort):
        hub.build()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Plugin 'hub' option 'cta': " + expected in logged
    assert "Traceback" not in logged


def test_the_report_names_the_audiences_without_a_cta(hub: Hub) -> None:
    cta_hub(hub)
    site = hub.build()
    items = site.html("en/report/").xpath("//section[@class='hub-report__cta']//li/@data-key")
    assert items == ["professionals"]
    section = text(site.html("tr/report/"), "//section[@class='hub-report__cta']")[0]
    assert "Deneyimli profesyoneller" in section and "Varsayılan bir bağlantı da yok" in section
    hub.load()
    run = subprocess.run([sys.executable, "-m", "hub_plugins", "report", "--format", "json"], cwd=hub.root,
                         capture_output=True, text=True, check=True)
    data = json.loads(run.stdout)
    assert (data["audiences_without_cta"], data["default_cta"]) == (["professionals"], False)
    run = subprocess.run([sys.executable, "-m", "hub_plugins", "report"], cwd=hub.root, capture_output=True,
                         text=True, check=True)
    assert "Audiences without a call to action (1)\n  professionals\n" in run.stdout


# --- series steps ---------------------------------------------------------------------------------

def test_series_steps_skip_missing_and_draft_parts(hub: Hub) -> None:
    taxonomy = hub.taxonomy()
    taxonomy["series"]["ik-icin-sosyal-medya"]["parts"] = 6
    hub.set_taxonomy(taxonomy)
    for part, draft in ((1, None), (2, None), (4, None), (5, True), (6, None)):
        hub.write(f"tr/articles/bolum-{part}.md", article(f"Bölüm {part}", series="ik-icin-sosyal-medya",
                                                         series_part=part, draft=draft, date=f"2024-0{part}-01"))
    config = hub.load()
    config.plugins.on_startup(command="serve", dirty=False)  # the preview: the draft part is a page
    build(config, serve_url="http://127.0.0.1:8000/")
    state = config.plugins["hub"].build
    model = state.hub
    assert "tr/articles/bolum-5.md" in model.by_src_uri

    def steps(part: int) -> tuple:
        series = article_view(model, state.routes, model.by_src_uri[f"tr/articles/bolum-{part}.md"]).series
        assert series is not None and (series.part, series.total) == (part, 6)
        return (series.previous and (series.previous.number, series.previous.title, series.previous.url),
                series.next and (series.next.number, series.next.url))

    assert steps(1) == (None, (2, "tr/articles/bolum-2/"))
    assert steps(2) == ((1, "Bölüm 1", "tr/articles/bolum-1/"), (4, "tr/articles/bolum-4/"))  # 3 is missing
    assert steps(4) == ((2, "Bölüm 2", "tr/articles/bolum-2/"), (6, "tr/articles/bolum-6/"))  # 5 is a draft
    assert steps(6) == ((4, "Bölüm 4", "tr/articles/bolum-4/"), None)


# --- hub new --author a,b -------------------------------------------------------------------------

def test_new_takes_several_authors(hub: Hub) -> None:
    add_person(hub)
    hub.load()
    run = subprocess.run([sys.executable, "-m", "hub_plugins", "new", "--lang", "tr", "--title", "Röportaj",
                          "--audience", "students", "--topics", "recruitment", "--author", "ayse,editorial-team"],
                         cwd=hub.root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "author: [ayse, editorial-team]\n" in (hub.docs / "tr/articles/roportaj.md").read_text(encoding="utf-8")
    model = load_hub(Source(hub.docs, hub.root, ("en", "tr")), include_drafts=True)
    assert model.articles[0].authors == ("ayse", "editorial-team")
