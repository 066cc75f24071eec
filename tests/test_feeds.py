"""RSS feeds: one per language, topic and audience, parsed with feedparser and lxml as readers would."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from conftest import Hub, Site, article, serve
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort

TOPICS = ("recruitment", "talent-development", "career-management", "employer-brand", "social-media")
AUDIENCES = ("students", "professionals", "employees", "hr-community")
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_paths() -> list[str]:
    """Every feed the shipped taxonomy implies in both languages, and the author feed of write_mixed_hub."""
    paths = ["tr/authors/editorial-team/feed.xml"]  # the only author with an article, in Turkish only
    for lang in ("en", "tr"):
        paths.append(f"{lang}/feed.xml")
        paths += [f"{lang}/topics/{key}/feed.xml" for key in TOPICS]
        paths += [f"{lang}/audiences/{key}/feed.xml" for key in AUDIENCES]
    return paths


def parse(site: Site, url: str) -> feedparser.FeedParserDict:
    """A feed as a feed reader sees it; it must parse without any error."""
    data = site.path(url).read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, f"{url}: {parsed.get('bozo_exception')}"
    assert parsed.version == "rss20"
    return parsed


def channel(site: Site, url: str) -> etree._Element:
    """The <channel> element of a feed, parsed with a strict XML parser."""
    root = etree.fromstring(site.path(url).read_bytes())
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def write_mixed_hub(hub: Hub) -> None:
    """Articles in both languages, over several topics and audiences, with distinct dates."""
    hub.write("tr/articles/ise-alim-rehberi.md", article(
        "İşe alım rehberi", date="2024-05-02T09:30:00+03:00", topics=["recruitment"],
        audience=["students"], author="editorial-team"))
    hub.write("tr/articles/mulakat-ipuclari.md", article(
        "Mülakat ipuçları", date="2024-06-10", topics=["recruitment", "career-management"],
        audience=["professionals"]))
    hub.write("tr/articles/yetenek-gelisimi.md", article(
        "Yetenek gelişimi", date="2024-07-01", topics=["talent-development"], audience=["employees"]))
    hub.write("tr/articles/eski-ise-alim.md", article(
        "Eski işe alım notları", date="2023-01-15", topics=["recruitment"], audience=["hr-community"]))
    hub.write("en/articles/hiring-guide.md", article(
        "Hiring guide", date="2024-08-01", topics=["recruitment"], audience=["students"]))
    hub.write("en/articles/brand-story.md", article(
        "Brand story", date="2024-02-01", updated="2024-09-15", topics=["employer-brand", "social-media"],
        audience=["hr-community"]))


def test_every_language_topic_and_audience_has_a_valid_feed(hub: Hub) -> None:
    write_mixed_hub(hub)
    site = hub.build()
    written = sorted(p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("feed.xml"))
    assert len(written) == 21
    assert written == sorted(feed_paths())
    for url in written:
        parse(site, url)
        assert channel(site, url) is not None
    assert len(channel(site, "tr/audiences/students/feed.xml").findall("item")) == 1
    # A key without articles in a language still has its (empty) feed, with no clock date in it.
    empty = channel(site, "en/topics/talent-development/feed.xml")
    assert len(empty.findall("item")) == 0
    assert empty.find("lastBuildDate") is None
    assert empty.findtext("title") == "Test Hub: Talent development"


def test_turkish_topic_feed_has_only_turkish_articles_of_that_topic_newest_first(hub: Hub) -> None:
    write_mixed_hub(hub)
    site = hub.build()
    feed = parse(site, "tr/topics/recruitment/feed.xml")
    assert len(feed.entries) == 3
    assert [e.title for e in feed.entries] == [
        "Mülakat ipuçları", "İşe alım rehberi", "Eski işe alım notları"]
    assert feed.feed.title == "Test Hub: İşe alım"
    assert feed.feed.language == "tr"
    assert feed.feed.link == "https://hub.example.org/tr/topics/recruitment/"
    assert feed.feed.subtitle.startswith("Doğru insanları bulmak")
    first = feed.entries[0]
    assert first.link == "https://hub.example.org/tr/articles/mulakat-ipuclari/"
    assert first.id == first.link
    assert first.summary == "About Mülakat ipuçları."
    assert [t.term for t in first.tags] == ["İşe alım", "Kariyer yönetimi"]

    xml = channel(site, "tr/topics/recruitment/feed.xml")
    self_links = xml.findall(f"{ATOM}link")
    assert len(self_links) == 1
    assert self_links[0].get("rel") == "self"
    assert self_links[0].get("href") == "https://hub.example.org/tr/topics/recruitment/feed.xml"
    assert self_links[0].get("type") == "application/rss+xml"
    # RFC 822 with the article's own offset; lastBuildDate is the newest item's date, not the clock.
    dates = [item.findtext("pubDate") for item in xml.findall("item")]
    assert dates == ["Mon, 10 Jun 2024 00:00:00 +0000", "Thu, 02 May 2024 09:30:00 +0300",
                     "Sun, 15 Jan 2023 00:00:00 +0000"]
    assert xml.findtext("lastBuildDate") == dates[0]
    guids = xml.findall("item/guid")
    assert [g.get("isPermaLink") for g in guids] == ["true"] * 3
    assert [g.text for g in guids] == [item.findtext("link") for item in xml.findall("item")]
    authors = [item.findtext("{http://purl.org/dc/elements/1.1/}creator") for item in xml.findall("item")]
    assert authors == [None, "Career Hub", None]


def test_language_and_audience_feeds_hold_their_members(hub: Hub) -> None:
    write_mixed_hub(hub)
    site = hub.build()
    tr_all = parse(site, "tr/feed.xml")
    assert len(tr_all.entries) == 4
    assert all(e.link.startswith("https://hub.example.org/tr/articles/") for e in tr_all.entries)
    assert tr_all.feed.title == "Test Hub: son yazılar"

    en_all = parse(site, "en/feed.xml")
    assert [e.title for e in en_all.entries] == ["Hiring guide", "Brand story"]
    assert en_all.feed.language == "en"
    # lastBuildDate is the newest item's publication date (SPEC), not an update date and not the clock.
    en_channel = channel(site, "en/feed.xml")
    assert en_channel.findtext("lastBuildDate") == en_channel.findtext("item/pubDate") == \
        "Thu, 01 Aug 2024 00:00:00 +0000"

    students = parse(site, "tr/audiences/students/feed.xml")
    assert [e.title for e in students.entries] == ["İşe alım rehberi"]
    assert students.feed.title == "Test Hub: Öğrenciler ve yeni mezunlar için"
    assert students.feed.link == "https://hub.example.org/tr/audiences/students/"
    en_students = parse(site, "en/audiences/students/feed.xml")
    assert [e.title for e in en_students.entries] == ["Hiring guide"]
    assert en_students.feed.title == "Test Hub: for Students and new graduates"
    assert [t.term for t in en_students.entries[0].tags] == ["Recruitment"]


def test_markup_in_titles_and_descriptions_stays_text(hub: Hub) -> None:
    nasty = '"><script>alert(1)</script> Tom & Jerry\'s <b>'
    hub.write("en/articles/nasty.md", article(nasty, description=f"Desc {nasty}", topics=["recruitment"]))
    site = hub.build(site_name='Hub & "Co" <x>')
    for url in ("en/feed.xml", "en/topics/recruitment/feed.xml", "en/audiences/students/feed.xml"):
        feed = parse(site, url)
        assert len(feed.entries) == 1
        xml = channel(site, url)
        assert xml.findtext("item/title") == nasty
        assert xml.findtext("item/description") == f"Desc {nasty}"
        assert xml.findtext("title").startswith('Hub & "Co" <x>: ')
        assert not xml.xpath("//script")
    # The autodiscovery link carries the same title as an attribute value, not as markup.
    for url, title in (("en/", 'Hub & "Co" <x>: latest articles'),
                       ("en/topics/recruitment/", 'Hub & "Co" <x>: Recruitment')):
        page = site.html(url)
        links = page.xpath("//head/link[@type='application/rss+xml']")
        assert len(links) == 1
        assert links[0].get("title") == title
        assert not page.xpath("//head//script[contains(., 'alert')]")


def test_two_builds_write_byte_identical_feeds(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    """Also a state-leak check: MkDocs reuses the one plugin instance for both builds."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_mixed_hub(hub)
    config = hub.load()
    first_plugin = config.plugins["hub"]
    first = hub.build(config)
    before = {p.relative_to(first.site_dir): p.read_bytes() for p in first.site_dir.rglob("feed.xml")}
    config = hub.load()
    assert config.plugins["hub"] is first_plugin
    second = hub.build(config)
    after = {p.relative_to(second.site_dir): p.read_bytes() for p in second.site_dir.rglob("feed.xml")}
    assert len(before) == 21
    assert before == after
    # No clock anywhere: every date in a feed is one of the articles' dates.
    content_dates = {b"Fri, 02 May 2024", b"Mon, 10 Jun 2024", b"Mon, 01 Jul 2024", b"Sun, 15 Jan 2023",
                     b"Thu, 01 Aug 2024", b"Thu, 01 Feb 2024", b"Sun, 15 Sep 2024", b"Thu, 02 May 2024"}
    for data in after.values():
        for item in etree.fromstring(data).iter("pubDate", "lastBuildDate"):
            assert item.text.encode()[:16] in content_dates


def test_feed_length_is_configurable(hub: Hub) -> None:
    write_mixed_hub(hub)
    site = hub.build(plugins=[{"hub": {"feeds": {"length": 2}}}])
    tr_all = parse(site, "tr/feed.xml")
    assert [e.title for e in tr_all.entries] == ["Yetenek gelişimi", "Mülakat ipuçları"]
    assert len(parse(site, "tr/topics/recruitment/feed.xml").entries) == 2
    assert len(parse(site, "en/feed.xml").entries) == 2


def test_full_content_puts_the_article_html_with_absolute_urls(hub: Hub) -> None:
    hub.write("en/articles/hiring-guide.md", article("Hiring guide", date="2024-08-01"))
    hub.write("en/articles/pictures.md", article(
        "Pictures", date="2024-09-01",
        body="## A heading\n\nSee the [guide](hiring-guide.md#top) & this ![team](team.png).\n\n"
             "    <a href=\"shown.html\">code</a>\n\nA pasted control character:\x08.\n"))
    hub.write("en/articles/team.png", b"\x89PNG\r\n\x1a\n")
    site = hub.build(plugins=[{"hub": {"feeds": {"full_content": True}}}])
    feed = parse(site, "en/feed.xml")
    assert len(feed.entries) == 2
    html = feed.entries[0].content[0].value
    fragment = etree.HTML(html)
    assert fragment.xpath("//a[text()='guide']/@href") == [
        "https://hub.example.org/en/articles/hiring-guide/#top"]
    assert fragment.xpath("//img/@src") == ["https://hub.example.org/en/articles/team.png"]
    assert fragment.xpath("string(//h2)") == "A heading"  # the toc's "¶" anchor is dropped
    assert not fragment.xpath("//a[@class='headerlink']")
    # An example tag inside a code block is text, left as written.
    assert fragment.xpath("string(//pre/code)") == '<a href="shown.html">code</a>\n'
    assert "A pasted control character:." in html
    assert feed.entries[0].summary == "About Pictures."


def test_without_full_content_items_carry_the_description_only(hub: Hub) -> None:
    hub.write("en/articles/hiring-guide.md", article("Hiring guide", body="Body text here.\n"))
    site = hub.build()
    xml = channel(site, "en/feed.xml")
    assert len(xml.findall("item")) == 1
    assert xml.find("item/{http://purl.org/rss/1.0/modules/content/}encoded") is None
    assert b"Body text here" not in site.path("en/feed.xml").read_bytes()


def test_drafts_never_appear_in_feeds_even_in_preview(hub: Hub) -> None:
    hub.write("en/articles/public.md", article("Public", date="2024-01-01"))
    hub.write("en/articles/secret.md", article("Secret draft", date="2024-12-01", draft=True))
    site = hub.build()
    assert not site.exists("en/articles/secret/")
    assert [e.title for e in parse(site, "en/feed.xml").entries] == ["Public"]

    # In preview (`mkdocs serve`) the draft page is built and marked, but still kept out of feeds.
    config = hub.load()
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        # MkDocs caches plugin instances that have on_startup for the whole process: undo the preview.
        config.plugins.on_startup(command="build", dirty=False)
    preview = Site(hub.root, hub.root / "site")
    assert preview.exists("en/articles/secret/")
    for url in ("en/feed.xml", "en/topics/recruitment/feed.xml", "en/audiences/students/feed.xml"):
        assert [e.title for e in parse(preview, url).entries] == ["Public"]


def test_pages_that_own_a_feed_link_it(hub: Hub) -> None:
    hub.write("tr/articles/ise-alim-rehberi.md", article("İşe alım rehberi", topics=["recruitment"]))
    hub.write("tr/articles/ise-alim-sozlugu.md", article("İşe alım sözlüğü", topics=["recruitment"]))
    hub.write("en/about.md", "# About\n")
    site = hub.build(plugins=[{"hub": {"listings": {"page_size": 1}}}])  # two listing pages

    def feed_links(url: str) -> list[tuple[str, str]]:
        page = site.html(url)
        return [(link.get("href"), link.get("title"))
                for link in page.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")]

    assert feed_links("tr/") == [("feed.xml", "Test Hub: son yazılar")]
    assert feed_links("en/") == [("feed.xml", "Test Hub: latest articles")]
    assert feed_links("tr/articles/ise-alim-rehberi/") == [("../../feed.xml", "Test Hub: son yazılar")]
    assert feed_links("tr/topics/recruitment/") == [("feed.xml", "Test Hub: İşe alım")]
    assert feed_links("tr/topics/recruitment/page/2/") == [("../../feed.xml", "Test Hub: İşe alım")]
    assert feed_links("en/audiences/hr-community/") == [("feed.xml", "Test Hub: for HR community")]
    assert feed_links("en/topics/") == []
    assert feed_links("en/about/") == []
    # Every linked href resolves to a feed that was written.
    assert site.exists("tr/topics/recruitment/feed.xml") and site.exists("en/audiences/hr-community/feed.xml")


def test_feeds_can_be_turned_off(hub: Hub) -> None:
    hub.write("en/articles/hiring-guide.md", article("Hiring guide"))
    site = hub.build(plugins=[{"hub": {"feeds": {"enabled": False}}}])
    assert not list(site.site_dir.rglob("feed.xml"))
    assert not site.html("en/").xpath("//link[@type='application/rss+xml']")


def build_error(hub: Hub, caplog: pytest.LogCaptureFixture, **overrides: object) -> str:
    """The one error line a build that MkDocs aborts logs."""
    with pytest.raises(Abort):
        hub.build(**overrides)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    return errors[0]


def test_missing_site_url_is_one_clear_error(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/hiring-guide.md", article("Hiring guide"))
    message = build_error(hub, caplog, site_url=None)
    assert message.startswith("hub: site_url is not set — canonical and hreflang links, the sitemap, feeds and "
                              "share tags need absolute URLs: add 'site_url: https://")
    assert "\n" not in message


def test_missing_site_url_fails_mkdocs_build_without_traceback(hub: Hub) -> None:
    hub.write("en/articles/hiring-guide.md", article("Hiring guide"))
    hub.load(site_url=None)  # writes mkdocs.yml
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build"], cwd=hub.root,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1
    assert "site_url is not set" in errors[0]
    assert "Traceback" not in result.stderr


def test_feed_length_below_one_is_rejected(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    message = build_error(hub, caplog, plugins=[{"hub": {"feeds": {"length": 0}}}])
    assert message.startswith("hub: feeds.length must be at least 1 (it is 0)")


@pytest.mark.browser
def test_feed_links_cause_no_404_or_console_error_in_chromium(hub: Hub, browser) -> None:
    """Material's JS fetches sitemap.xml beside every <link rel=alternate>, RSS links included."""
    hub.write("tr/articles/ise-alim-rehberi.md", article("İşe alım rehberi", topics=["recruitment"]))
    site = hub.build()
    failed: list[tuple[int, str]] = []
    errors: list[str] = []
    requested: list[str] = []
    with serve(site.site_dir) as base:
        page = browser.new_page()
        page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requested.append(r.url.removeprefix(base)))
        for url in ("tr/", "tr/articles/ise-alim-rehberi/", "tr/topics/recruitment/",
                    "en/audiences/students/"):
            page.goto(base + url, wait_until="networkidle")
        page.close()
    # Material's bundle would fetch sitemap.xml beside every feed link; the hub's guard
    # (hub/head-i18n.html) keeps it from looking at alternate links at all.
    assert len(requested) > 4
    assert [url for url in requested if url.endswith("sitemap.xml")] == []
    assert failed == []
    assert errors == []
