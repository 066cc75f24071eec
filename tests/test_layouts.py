"""Every link resolves in every layout: `use_directory_urls` × articles flat or in subfolders × `site_url`
at a domain root or under a path (a GitHub Pages project site). Each build is crawled from its homes:
every internal link, asset, feed item link, sitemap URL, `og:image` and JSON-LD URL must name a file of
that build.
"""

from __future__ import annotations

import json
import shutil
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from conftest import REPO, Hub, article
from lxml import etree, html
from mkdocs.exceptions import Abort
from PIL import Image

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LAYOUTS = [(directory_urls, folders, site_url)
           for directory_urls in (True, False)
           for folders in (False, True)
           for site_url in ("https://hub.example.org/", "https://example.github.io/hub/")]


def write_corpus(hub: Hub, folders: bool) -> dict[str, str]:
    """Articles in both languages (translations, a series, an image, cross links, an author with a photo and
    enough articles for two pages); returns src_uri → title."""
    sub = "2024/" if folders else ""
    image = Image.new("RGB", (800, 420), (40, 90, 160))
    hub.write(f"en/articles/{sub}img/cover.png", b"")
    image.save(hub.docs / f"en/articles/{sub}img/cover.png")
    Image.new("RGB", (96, 96), (160, 90, 40)).save(hub.write("authors/ayse.png", b""))
    taxonomy = hub.taxonomy()
    taxonomy["authors"]["ayse"] = {"name": "Ayşe Yılmaz", "role": {"en": "Recruiter", "tr": "İşe alım uzmanı"},
                                   "bio": {"en": "Ayşe hires.", "tr": "Ayşe işe alıyor."}, "photo": "authors/ayse.png"}
    hub.set_taxonomy(taxonomy)
    written = {
        f"en/articles/{sub}joining-us.md": article("Joining us", translation_key="join", image="img/cover.png",
                                                   author="ayse", body="Read [our benefits](benefits.md#pay).\n"),
        f"en/articles/{sub}benefits.md": article("Benefits", topics=["employer-brand"], audience=["employees"],
                                                 date="2024-04-01", body="## Pay\n\nFair.\n"),
        f"tr/articles/{sub}bize-katilin.md": article("Bize katılın", translation_key="join", author="ayse",
                                                     series="ik-icin-sosyal-medya", series_part=2),
        f"tr/articles/{sub}yan-haklar.md": article("Yan haklar", series="ik-icin-sosyal-medya", series_part=1,
                                                   date="2024-02-01"),
    }
    for src_uri, text in written.items():
        hub.write(src_uri, text)
    # Eleven more English articles: listings and the home paginate.
    for n in range(11):
        hub.write(f"en/articles/{sub}story-{n:02d}.md", article(f"Story {n}", date=f"2023-01-{n + 1:02d}",
                                                               author=["ayse", "editorial-team"]))
    return written


@dataclass
class Crawl:
    """What a crawl of one build reached and what it found broken."""

    site_dir: Path
    site_url: str
    pages: set[str] = field(default_factory=set)
    checked: int = 0
    broken: list[str] = field(default_factory=list)

    def file(self, url: str) -> Path | None:
        """The file an absolute URL of this site names, None if it is outside the site."""
        if not url.startswith(self.site_url):
            return None
        path = unquote(urlsplit(url).path)[len(urlsplit(self.site_url).path):]
        target = self.site_dir / path
        return target / "index.html" if path == "" or path.endswith("/") else target

    def check(self, url: str, holder: str) -> Path | None:
        """Note a link; returns its file when it is a page or file of this site."""
        target = self.file(url.split("#", 1)[0])
        if target is None:
            return None
        self.checked += 1
        if not target.is_file():
            self.broken.append(f"{holder} → {url}")
            return None
        return target


def crawl(site_dir: Path, site_url: str, lang_homes: list[str]) -> Crawl:
    """Follow every in-site link from the root and the homes; check assets, feeds, sitemap and share tags."""
    walk = Crawl(site_dir, site_url)
    queue = deque([site_url, *lang_homes])
    feeds: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in walk.pages:
            continue
        walk.pages.add(url)
        target = walk.check(url, "start")
        assert target is not None, url
        page = html.fromstring(target.read_bytes())
        links = page.xpath("//a/@href | //link/@href | //script/@src | //img/@src")
        links += [part.split()[0] for srcset in page.xpath("//source/@srcset | //img/@srcset")
                  for part in srcset.split(",")]
        links += page.xpath("//meta[@property='og:image' or @name='twitter:image' or @property='og:url']/@content")
        for script in page.xpath("//script[@type='application/ld+json']/text()"):
            links += [value for value in _strings(json.loads(script)) if value.startswith("http")]
        for link in links:
            absolute = urljoin(url, link)
            found = walk.check(absolute, url)
            if found is None:
                continue
            if found.suffix == ".html" and found.name != "404.html":
                queue.append(absolute.split("#", 1)[0])
            elif found.name == "feed.xml":
                feeds.add(absolute)
    for feed_url in sorted(feeds):
        feed = feedparser.parse(walk.file(feed_url).read_bytes())
        assert not feed.bozo, feed_url
        for entry in feed.entries:
            walk.check(entry.link, feed_url)
    sitemap = etree.parse(str(site_dir / "sitemap.xml"))
    for loc in sitemap.xpath("//s:loc/text()", namespaces=SITEMAP_NS):
        walk.check(loc, "sitemap.xml")
    return walk


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize(("directory_urls", "folders", "site_url"), LAYOUTS)
def test_every_link_resolves_in_every_layout(hub: Hub, directory_urls: bool, folders: bool, site_url: str) -> None:
    written = write_corpus(hub, folders)
    site = hub.build(use_directory_urls=directory_urls, site_url=site_url, strict=True)
    suffix = "" if directory_urls else "index.html"
    walk = crawl(site.site_dir, site_url, [f"{site_url}en/{suffix}", f"{site_url}tr/{suffix}"])
    assert walk.broken == []
    # Every article page was reached from the homes, at the place MkDocs gave it.
    sub = "2024/" if folders else ""
    for src_uri in written:
        stem = src_uri.removesuffix(".md")
        assert f"{site_url}{stem}/" in walk.pages if directory_urls else f"{site_url}{stem}.html" in walk.pages
    assert walk.checked > 500
    # The author's pages (both languages, and page 2) were reached from bylines, with the photo they show.
    for url in ("en/authors/ayse/", "en/authors/ayse/page/2/", "tr/authors/ayse/", "en/authors/editorial-team/"):
        assert f"{site_url}{url}{suffix}" in walk.pages, url
    assert (site.site_dir / "authors/ayse.png").is_file()
    # Cards live beside their article's page, never in a folder the layout does not have.
    card = f"tr/articles/{sub}bize-katilin/card.png" if directory_urls else f"tr/articles/{sub}bize-katilin.card.png"
    assert (site.site_dir / card).is_file()
    print(f"layout directory_urls={directory_urls} folders={folders} site_url={site_url}: "
          f"{len(walk.pages)} pages crawled, {walk.checked} links checked")


def test_default_layout_keeps_its_urls(hub: Hub) -> None:
    """The hub's pages keep the URLs they always had in the default layout."""
    write_corpus(hub, folders=False)
    site = hub.build()
    for url in ("en/", "tr/", "en/articles/joining-us/", "tr/articles/bize-katilin/", "en/topics/",
                "en/topics/recruitment/", "en/topics/recruitment/page/2/", "en/audiences/students/",
                "tr/series/ik-icin-sosyal-medya/", "en/report/", "en/authors/ayse/", "en/authors/ayse/page/2/",
                "tr/authors/ayse/"):
        assert site.exists(url), url
    for path in ("en/feed.xml", "en/topics/recruitment/feed.xml", "tr/audiences/students/feed.xml",
                 "en/articles/benefits/card.png", "sitemap.xml", "en/authors/ayse/feed.xml", "authors/ayse.png"):
        assert (site.site_dir / path).is_file(), path


@pytest.mark.allow_warnings
def test_a_dangling_link_in_a_template_fails_a_strict_build_naming_its_page(hub: Hub, tmp_path: Path,
                                                                           caplog: pytest.LogCaptureFixture) -> None:
    """The link check catches what MkDocs' validation cannot see: a link written by a template."""
    overrides = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<a href=\"{{ (hub_lang ~ '/nowhere/') | url }}\">x</a>", 1),
        encoding="utf-8")
    hub.write("en/articles/one.md", article("One"))
    good = hub.build()
    before = sorted(p.relative_to(good.site_dir) for p in good.site_dir.rglob("*"))
    theme = {**hub.config["theme"], "custom_dir": str(overrides)}
    with pytest.raises(Abort):
        hub.build(theme=theme, strict=True)
    # Each dangling target once, with the first page that holds it.
    assert "hub: en/index.md links to 'en/nowhere/', which this build did not write" in caplog.text
    assert "hub: tr/index.md links to 'tr/nowhere/', which this build did not write" in caplog.text
    assert sorted(p.relative_to(good.site_dir) for p in good.site_dir.rglob("*")) == before  # last good site kept


@pytest.mark.parametrize("directory_urls", [True, False])
def test_route_table_reads_every_page_from_mkdocs(hub: Hub, directory_urls: bool) -> None:
    """URL, output file, language, kind and language versions of each kind of page, from MkDocs' Files."""
    write_corpus(hub, folders=True)
    hub.write("tr/rehber.md", "# Rehber\n")
    hub.write("en/rehber.md", "# Guide\n")
    config = hub.load(use_directory_urls=directory_urls)
    hub.build(config)
    routes = config.plugins["hub"].build.routes
    html_page = (lambda path: f"{path}/") if directory_urls else (lambda path: f"{path}.html")
    article_route = routes.get("tr/articles/2024/bize-katilin.md")
    assert (article_route.kind, article_route.lang) == ("article", "tr")
    assert article_route.url == html_page("tr/articles/2024/bize-katilin")
    assert routes.versions("tr/articles/2024/bize-katilin.md") == {
        "en": "en/articles/2024/joining-us.md", "tr": "tr/articles/2024/bize-katilin.md"}
    assert routes.versions("tr/articles/2024/yan-haklar.md") == {"tr": "tr/articles/2024/yan-haklar.md"}
    listing = routes.get("en/topics/recruitment/page/2/index.md")
    assert (listing.kind, listing.lang, listing.listing.kind, listing.listing.key, listing.listing.number) == (
        "listing", "en", "topic", "recruitment", 2)
    assert routes.listing("en", "topic", "recruitment", 2) == listing.url
    assert listing.url == ("en/topics/recruitment/page/2/" if directory_urls
                           else "en/topics/recruitment/page/2/index.html")
    assert routes.get("en/index.md").kind == "home" and routes.home("en") == ("en/" if directory_urls
                                                                             else "en/index.html")
    assert routes.get("index.md").kind == "chooser" and routes.get("index.md").lang is None
    assert routes.get("tr/report/index.md").kind == "report"
    assert (routes.get("tr/rehber.md").kind, routes.versions("tr/rehber.md")) == (
        "page", {"en": "en/rehber.md", "tr": "tr/rehber.md"})
    # Nothing the hub publishes is missing from the table.
    assert {r.kind for r in routes.routes.values()} == {"article", "home", "listing", "report", "page", "chooser"}
