"""People pages and the end of an article on built sites: author pages (photo, role, bio, articles,
pagination, feed, hreflang, sitemap), linked bylines, JSON-LD Person/Organization, related stories and
series steps."""

from __future__ import annotations

import json
from urllib.parse import urljoin

import feedparser
import pytest
from conftest import Hub, Site, article
from lxml import etree, html
from PIL import Image

from hub_plugins.errors import ContentError
from hub_plugins.loader import Source
from hub_plugins.validate import validate

SITE = "https://hub.example.org/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def text(node: html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(found.text_content().split()) for found in node.xpath(xpath)]


def json_ld(page: html.HtmlElement) -> dict:
    (data,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    return data


def resolve(site: Site, page_url: str, href: str) -> str:
    """The site-relative URL a link on `page_url` leads to."""
    return urljoin(SITE + page_url, href)[len(SITE):]


def people(hub: Hub) -> None:
    """Ayşe (a photo, role and bio in both languages) writes in both languages, Mehmet (no photo, no role)
    in Turkish only; Zeynep has a draft and a scheduled article only. Pages hold two articles."""
    Image.new("RGB", (120, 160), (200, 80, 40)).save(hub.write("people/ayse.png", b""))
    taxonomy = hub.taxonomy()
    taxonomy["authors"].update({
        "ayse": {"name": "Ayşe Yılmaz", "role": {"en": "Recruiter", "tr": "İşe alım uzmanı"},
                 "bio": {"en": "Ayşe hires our engineers.", "tr": "Ayşe mühendislerimizi işe alıyor."},
                 "photo": "people/ayse.png"},
        "mehmet": {"name": "Mehmet Öz"},
        "zeynep": {"name": "Zeynep Kaya"},
    })
    hub.set_taxonomy(taxonomy)
    for n in range(5):  # en: five by Ayşe → pages of 2, 2 and 1
        hub.write(f"en/articles/story-{n}.md", article(f"Story {n}", author="ayse", date=f"2024-01-0{n + 1}"))
    hub.write("tr/articles/roportaj.md", article("Röportaj", author=["ayse", "editorial-team"], date="2024-02-01"))
    hub.write("tr/articles/mehmet.md", article("Mehmet'in yazısı", author="mehmet", date="2024-02-02"))
    hub.write("en/articles/zeynep-draft.md", article("Draft", author="zeynep", draft=True))
    hub.write("tr/articles/zeynep-later.md", article("Sonra", author="zeynep", date="2999-01-01"))
    hub.config["plugins"] = ["search", {"hub": {"listings": {"page_size": 2}}}]


@pytest.fixture
def people_site(hub: Hub) -> Site:
    people(hub)
    return hub.build(strict=True)


def test_an_author_has_a_page_per_language_only_where_they_have_a_published_article(people_site: Site) -> None:
    site = people_site
    for url in ("en/authors/ayse/", "tr/authors/ayse/", "tr/authors/mehmet/", "tr/authors/editorial-team/"):
        assert site.exists(url), url
    # No article in that language, or only a draft or a scheduled one: no page, and no feed.
    for url in ("en/authors/mehmet/", "en/authors/editorial-team/", "en/authors/zeynep/", "tr/authors/zeynep/"):
        assert not site.exists(url), url
        assert not site.exists(url + "feed.xml"), url


def test_the_author_page_shows_photo_role_bio_and_their_articles_newest_first(people_site: Site) -> None:
    site = people_site
    page = site.html("en/authors/ayse/")
    assert text(page, "//h1") == ["Ayşe Yılmaz"]
    assert text(page, "//p[@class='hub-listing__description']") == ["Recruiter"]
    assert text(page, "//p[@class='hub-author__bio']") == ["Ayşe hires our engineers."]
    (photo,) = page.xpath("//img[@class='hub-author__photo']")
    target = resolve(site, "en/authors/ayse/", photo.get("src"))
    assert target == "people/ayse.png"
    assert (site.site_dir / target).read_bytes() == (site.root / "content/people/ayse.png").read_bytes()
    assert page.xpath("//div[@class='hub-author']/@data-type") == ["person"]
    titles = text(page, "//li[contains(@class, 'hub-list__item')]//*[contains(@class, 'hub-list__title')]")
    assert titles == ["Story 4", "Story 3"]
    assert text(page, "//p[@class='hub-listing__count']") == ["5 articles"]
    assert text(page, "//nav[@class='hub-breadcrumbs']//li") == ["Home", "Ayşe Yılmaz"]
    assert page.xpath("//title")[0].text.startswith("Ayşe Yılmaz")
    # The same person in Turkish: role and bio in Turkish, the Turkish article only.
    tr = site.html("tr/authors/ayse/")
    assert text(tr, "//p[@class='hub-listing__description']") == ["İşe alım uzmanı"]
    assert text(tr, "//p[@class='hub-author__bio']") == ["Ayşe mühendislerimizi işe alıyor."]
    assert text(tr, "//li[contains(@class, 'hub-list__item')]//*[contains(@class, 'hub-list__title')]") == ["Röportaj"]
    assert text(tr, "//p[@class='hub-listing__count']") == ["1 yazı"]
    # No photo, role or bio: a sentence under the name, no photo, no bio.
    mehmet = site.html("tr/authors/mehmet/")
    assert text(mehmet, "//p[@class='hub-listing__description']") == ["Mehmet Öz imzalı yazılar"]
    assert mehmet.xpath("//img[@class='hub-author__photo'] | //p[@class='hub-author__bio']") == []
    team = site.html("tr/authors/editorial-team/")
    assert team.xpath("//div[@class='hub-author']/@data-type") == ["organization"]


def test_author_pages_paginate_like_topics(people_site: Site) -> None:
    site = people_site
    seen = []
    for url in ("en/authors/ayse/", "en/authors/ayse/page/2/", "en/authors/ayse/page/3/"):
        page = site.html(url)
        seen += text(page, "//li[contains(@class, 'hub-list__item')]//*[contains(@class, 'hub-list__title')]")
    assert seen == ["Story 4", "Story 3", "Story 2", "Story 1", "Story 0"]
    assert not site.exists("en/authors/ayse/page/4/")
    second = site.html("en/authors/ayse/page/2/")
    assert text(second, "//h1") == ["Ayşe Yılmaz"]
    assert second.xpath("//title")[0].text.startswith("Ayşe Yılmaz (page 2 of 3)")
    assert resolve(site, "en/authors/ayse/page/2/", second.xpath("//link[@rel='prev']/@href")[0]) == "en/authors/ayse/"
    assert resolve(site, "en/authors/ayse/page/2/", second.xpath("//link[@rel='next']/@href")[0]) == (
        "en/authors/ayse/page/3/")


def test_each_author_page_has_its_own_feed_linked_from_every_page(people_site: Site) -> None:
    site = people_site
    feed = feedparser.parse(site.path("en/authors/ayse/feed.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 5
    assert [e.title for e in feed.entries] == ["Story 4", "Story 3", "Story 2", "Story 1", "Story 0"]
    assert feed.feed.title == "Test Hub: articles by Ayşe Yılmaz"
    assert feed.feed.language == "en" and feed.feed.link == SITE + "en/authors/ayse/"
    tr = feedparser.parse(site.path("tr/authors/ayse/feed.xml").read_bytes())
    assert (len(tr.entries), tr.feed.title, tr.feed.subtitle) == (
        1, "Test Hub: Ayşe Yılmaz imzalı yazılar", "Ayşe mühendislerimizi işe alıyor.")
    assert tr.entries[0].link == SITE + "tr/articles/roportaj/"
    for url in ("en/authors/ayse/", "en/authors/ayse/page/3/"):
        (link,) = site.html(url).xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
        assert resolve(site, url, link) == "en/authors/ayse/feed.xml"


def test_bylines_link_each_author_to_their_page_in_the_article_language(people_site: Site) -> None:
    site = people_site
    page = site.html("tr/articles/roportaj/")
    assert text(page, "//*[@class='hub-article__author']") == ["Yazarlar: Ayşe Yılmaz, Career Hub"]
    links = page.xpath("//*[@class='hub-article__author']/a")
    assert [(a.text, resolve(site, "tr/articles/roportaj/", a.get("href"))) for a in links] == [
        ("Ayşe Yılmaz", "tr/authors/ayse/"), ("Career Hub", "tr/authors/editorial-team/")]
    for a in links:
        assert site.exists(resolve(site, "tr/articles/roportaj/", a.get("href")))
    (link,) = site.html("en/articles/story-0/").xpath("//*[@class='hub-article__author']/a/@href")
    assert resolve(site, "en/articles/story-0/", link) == "en/authors/ayse/"


def test_json_ld_authors_are_people_and_organizations_with_page_photo_and_role(people_site: Site) -> None:
    site = people_site
    post = json_ld(site.html("tr/articles/roportaj/"))
    assert post["@type"] == "BlogPosting"
    assert post["author"] == [
        {"@type": "Person", "name": "Ayşe Yılmaz", "jobTitle": "İşe alım uzmanı", "image": SITE + "people/ayse.png",
         "url": SITE + "tr/authors/ayse/"},
        {"@type": "Organization", "name": "Career Hub", "url": SITE + "tr/authors/editorial-team/"}]
    english = json_ld(site.html("en/articles/story-0/"))
    assert english["author"][0]["jobTitle"] == "Recruiter" and english["author"][0]["url"] == SITE + "en/authors/ayse/"
    for found in (post["author"][0]["image"], post["author"][0]["url"], post["author"][1]["url"]):
        assert site.exists(found[len(SITE):]), found
    # The author's own page is their profile.
    profile = json_ld(site.html("en/authors/ayse/"))
    assert profile["@type"] == "ProfilePage" and profile["url"] == SITE + "en/authors/ayse/"
    assert profile["mainEntity"] == {"@type": "Person", "name": "Ayşe Yılmaz", "jobTitle": "Recruiter",
                                     "image": SITE + "people/ayse.png", "url": SITE + "en/authors/ayse/"}


def test_author_pages_pair_across_languages_and_are_in_the_sitemap(people_site: Site) -> None:
    site = people_site
    page = site.html("en/authors/ayse/")
    alternates = dict(zip(page.xpath("//link[@rel='alternate'][@hreflang]/@hreflang"),
                          page.xpath("//link[@rel='alternate'][@hreflang]/@href"), strict=True))
    assert alternates == {"en": SITE + "en/authors/ayse/", "tr": SITE + "tr/authors/ayse/",
                          "x-default": SITE + "en/authors/ayse/"}
    switch = page.xpath("//a[@hreflang='tr']/@href")
    assert switch and {resolve(site, "en/authors/ayse/", href) for href in switch} == {"tr/authors/ayse/"}
    # Mehmet writes in Turkish only: no alternates, and the switcher goes to the English home.
    mehmet = site.html("tr/authors/mehmet/")
    assert mehmet.xpath("//link[@rel='alternate'][@hreflang]") == []
    assert {resolve(site, "tr/authors/mehmet/", href) for href in mehmet.xpath("//a[@hreflang='en']/@href")} == {"en/"}
    sitemap = etree.parse(str(site.site_dir / "sitemap.xml"))
    locs = set(sitemap.xpath("//s:loc/text()", namespaces=SITEMAP_NS))
    assert {SITE + u for u in ("en/authors/ayse/", "en/authors/ayse/page/2/", "tr/authors/ayse/",
                               "tr/authors/mehmet/", "tr/authors/editorial-team/")} <= locs
    assert not any("/authors/zeynep/" in loc for loc in locs)


def test_a_hand_written_page_at_an_author_page_path_is_reported(hub: Hub) -> None:
    people(hub)
    hub.write("tr/authors/mehmet/index.md", "# Mehmet\n")
    hub.write("en/authors/mehmet/index.md", "# Mehmet\n")  # no English page is generated there: fine
    config = hub.load()
    build = config.plugins["hub"]
    with pytest.raises(ContentError) as caught:
        validate(Source(hub.docs, hub.root, ("en", "tr")), build.config, _rules(config))
    assert [str(p) for p in caught.value.problems] == [
        "content/tr/authors/mehmet/index.md:1: path: this path is a generated listing page — rename or move the "
        "file: the hub writes this page itself"]


def _rules(config: object):
    from hub_plugins.links import LinkRules
    return LinkRules.of_config(config)


# --- the end of an article: related stories and series steps ------------------------------------------

def journey(hub: Hub) -> None:
    """Six Turkish articles on recruitment (and one English one), and a six-part series: part 3 missing, 5 a draft."""
    taxonomy = hub.taxonomy()
    taxonomy["series"]["ik-icin-sosyal-medya"]["parts"] = 6
    hub.set_taxonomy(taxonomy)
    for n in range(6):
        hub.write(f"tr/articles/ise-alim-{n}.md", article(f"İşe alım {n}", date=f"2024-03-0{n + 1}",
                                                          audience=["students"] if n % 2 else ["professionals"]))
    hub.write("en/articles/hiring.md", article("Hiring", date="2024-03-09"))
    for part in (1, 2, 4, 6):
        hub.write(f"tr/articles/bolum-{part}.md", article(f"Bölüm {part}", topics=["social-media"],
                                                         series="ik-icin-sosyal-medya", series_part=part,
                                                         date=f"2024-0{part}-15"))
    hub.write("tr/articles/bolum-5.md", article("Bölüm 5", topics=["social-media"], series="ik-icin-sosyal-medya",
                                                series_part=5, draft=True))


def related(site: Site, url: str) -> list[tuple[str, str]]:
    page = site.html(url)
    return [(a.text, resolve(site, url, a.get("href"))) for a in page.xpath("//section[@class='hub-related']//a")]


def test_related_stories_end_each_article_three_in_its_language_the_same_every_build(hub: Hub) -> None:
    journey(hub)
    first = hub.build()
    shown = related(first, "tr/articles/ise-alim-0/")
    assert len(shown) == 3
    assert all(url.startswith("tr/articles/ise-alim-") for _, url in shown)
    assert ("İşe alım 0", "tr/articles/ise-alim-0/") not in shown
    # Ranked: same topic and same audience first (professionals: 2 and 4), newest first, then the rest.
    assert shown == [("İşe alım 4", "tr/articles/ise-alim-4/"), ("İşe alım 2", "tr/articles/ise-alim-2/"),
                     ("İşe alım 5", "tr/articles/ise-alim-5/")]
    page = first.html("tr/articles/ise-alim-0/")
    assert text(page, "//section[@class='hub-related']/h2") == ["İlgili yazılar"]
    metas = text(page, "//li[@class='hub-related__item']//*[@class='hub-related__meta']")
    assert metas[0] == "5 Mart 2024 · 1 dk okuma · Kimler için: Deneyimli profesyoneller"
    # The related stories come after the text, the CTA and the share buttons.
    assert page.xpath("//div[@class='hub-article']/section[@class='hub-related']"
                      "/preceding-sibling::aside[@class='hub-share']")
    # Built again from scratch: the same choice, in the same order, on every page.
    pages = [f"tr/articles/ise-alim-{n}/" for n in range(6)] + ["tr/articles/bolum-2/", "en/articles/hiring/"]
    before = {url: related(first, url) for url in pages}
    hub.config["site_dir"] = "site2"
    second = hub.build()
    second.site_dir = hub.root / "site2"
    assert {url: related(second, url) for url in pages} == before
    # The only English article has no other English article to be related to.
    assert before["en/articles/hiring/"] == []
    assert first.html("en/articles/hiring/").xpath("//section[@class='hub-related']") == []


def test_series_steps_link_the_published_parts_either_side(hub: Hub) -> None:
    journey(hub)
    site = hub.build()

    def steps(part: int) -> dict[str, tuple[str, str]]:
        url = f"tr/articles/bolum-{part}/"
        page = site.html(url)
        found = {}
        for side in ("previous", "next"):
            for link in page.xpath(f"//nav[@class='hub-series-steps']//li[@class='hub-series-steps__{side}']/a"):
                found[side] = (" ".join(link.text_content().split()), resolve(site, url, link.get("href")))
        return found

    assert steps(1) == {"next": ("Sonraki bölüm · 2. bölüm Bölüm 2", "tr/articles/bolum-2/")}
    # Part 3 is not written: part 2 steps over it to part 4.
    assert steps(2) == {"previous": ("Önceki bölüm · 1. bölüm Bölüm 1", "tr/articles/bolum-1/"),
                        "next": ("Sonraki bölüm · 4. bölüm Bölüm 4", "tr/articles/bolum-4/")}
    # Part 5 is a draft, absent from the published site: never linked.
    assert steps(4) == {"previous": ("Önceki bölüm · 2. bölüm Bölüm 2", "tr/articles/bolum-2/"),
                        "next": ("Sonraki bölüm · 6. bölüm Bölüm 6", "tr/articles/bolum-6/")}
    assert steps(6) == {"previous": ("Önceki bölüm · 4. bölüm Bölüm 4", "tr/articles/bolum-4/")}
    page = site.html("tr/articles/bolum-2/")
    assert text(page, "//nav[@class='hub-series-steps']/p") == ["Bölüm 2 / 6: 12 Adımda İK’cılar İçin Sosyal Medya"]
    (series,) = page.xpath("//nav[@class='hub-series-steps']/p/a/@href")
    assert resolve(site, "tr/articles/bolum-2/", series) == "tr/series/ik-icin-sosyal-medya/"
    # Near the end: after the text, before the call to action and the share buttons.
    assert page.xpath("//div[@class='hub-article__body']/following-sibling::nav[@class='hub-series-steps']")
    assert page.xpath("//nav[@class='hub-series-steps']/following-sibling::aside[@class='hub-share']")
    # A part alone in its language has no steps to show.
    assert site.html("tr/articles/ise-alim-0/").xpath("//nav[@class='hub-series-steps']") == []


def test_an_author_photo_that_mkdocs_leaves_out_is_a_located_error(hub: Hub) -> None:
    """The photo must be part of the site: one in a folder excluded from it fails `check` and the build."""
    people(hub)
    config = hub.load(exclude_docs="people/\n")
    with pytest.raises(ContentError) as caught:
        validate(Source(hub.docs, hub.root, ("en", "tr")), config.plugins["hub"].config, _rules(config))
    (problem,) = caught.value.problems
    line = (hub.docs / "taxonomy.yml").read_text(encoding="utf-8").splitlines().index("    photo: people/ayse.png") + 1
    assert str(problem) == (
        f"content/taxonomy.yml:{line}: authors.ayse.photo: 'people/ayse.png' is where MkDocs leaves files out of the "
        "site (a dot file, templates/ or exclude_docs), so the photo would not be published — move the photo to a "
        "published folder of the content, e.g. authors/")
