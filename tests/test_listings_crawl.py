"""A candidate's walk through a 300-articles-per-language hub, starting at /tr/ (slow: builds a corpus).

Run with `pytest -m slow -s tests/test_listings_crawl.py` to see the page counts and sizes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import MAKE_CORPUS, REPO, Hub, Site
from lxml import html

PER_LANG = 300
MAX_LISTING_BYTES = 100_000
LISTING = re.compile(r"^tr/(topics|audiences|series)/|^tr/$")


@dataclass
class Walk:
    """What a crawl reached: each page's URL (site-relative) and size in bytes, and its visible text."""

    sizes: dict[str, int] = field(default_factory=dict)
    english: dict[str, list[str]] = field(default_factory=dict)


def visible_text(page: html.HtmlElement) -> str:
    """The text a reader sees in the body: scripts, styles and hidden inputs left out."""
    body = page.find("body")
    # Text marked as another language is meant to be in it (the switcher names "English" in English).
    for node in body.xpath(".//script | .//style | .//noscript | .//*[@lang and @lang != 'tr']"):
        node.drop_tree()
    return " ".join(body.text_content().split())


def crawl(site: Site, start: str, scope: str, forbidden: list[str]) -> Walk:
    """Follow every in-site link under `scope` from `start`; note each page's size and any forbidden text."""
    walk, queue = Walk(), deque([start])
    patterns = [(text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")) for text in forbidden]
    while queue:
        url = queue.popleft()
        if url in walk.sizes:
            continue
        path = site.path(url)
        data = path.read_bytes()
        walk.sizes[url] = len(data)
        page = html.fromstring(data)
        for href in page.xpath("//body//a/@href"):
            target = urlsplit(urljoin("https://x/" + url, href))
            if target.netloc != "x" or not target.path.endswith("/"):
                continue
            link = target.path.lstrip("/")
            if link.startswith(scope) and link not in walk.sizes:
                assert site.exists(link), f"{url} links to missing page {link}"
                queue.append(link)
        shown = visible_text(page)
        if found := [text for text, pattern in patterns if pattern.search(shown)]:
            walk.english[url] = found
    return walk


def english_strings(taxonomy: dict) -> list[str]:
    """English words a Turkish page must not show: the hub's UI strings and the taxonomy's English labels."""
    en = yaml.safe_load((REPO / "hub_plugins/locales/en.yml").read_text(encoding="utf-8"))
    tr = yaml.safe_load((REPO / "hub_plugins/locales/tr.yml").read_text(encoding="utf-8"))
    found = set()
    for key, text in en.items():
        if text != tr[key]:
            # The fixed words around placeholders: "{count} articles" → "articles".
            found.update(part.strip(" :") for part in re.split(r"\{\w+\}", text) if len(part.strip(" :")) > 3)
    for section in ("topics", "audiences"):
        found.update(entry["en"]["label"] for entry in taxonomy[section].values())
    found.update(entry["en"]["title"] for entry in taxonomy["series"].values())
    return sorted(found | {"Skip to content", "Table of contents", "Back to top"})


@pytest.mark.slow
def test_a_candidate_reaches_every_turkish_listing_and_article_from_tr(hub: Hub, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(corpus),
                    "--per-lang", str(PER_LANG)], check=True, capture_output=True)
    for lang in ("en", "tr"):
        shutil.copytree(corpus / lang / "articles", hub.docs / lang / "articles")
    taxonomy = hub.taxonomy()
    authors = yaml.safe_load((corpus / "authors.yml").read_text(encoding="utf-8"))["authors"]
    taxonomy["authors"].update(authors)
    hub.set_taxonomy(taxonomy)
    site = hub.build(theme={**hub.config["theme"], "features": ["navigation.tabs"]})

    walk = crawl(site, "tr/", "tr/", english_strings(taxonomy))

    articles = {f"tr/articles/{p.stem}/" for p in (corpus / "tr/articles").glob("*.md")}
    assert len(articles) == PER_LANG
    assert articles - walk.sizes.keys() == set()
    for kind in ("topics", "audiences"):
        for key in taxonomy[kind]:
            assert f"tr/{kind}/{key}/" in walk.sizes
    built = {p.parent.relative_to(site.site_dir).as_posix() + "/"
             for p in site.site_dir.glob("tr/**/index.html")}
    # Every Turkish page for candidates is reachable from /tr/ (the editors' report is not linked).
    assert built - walk.sizes.keys() == {"tr/report/"}
    assert walk.english == {}
    listings = {url: size for url, size in walk.sizes.items() if LISTING.match(url)}
    assert len(listings) > 2 * len(taxonomy["topics"])
    too_big = {url: size for url, size in listings.items() if size >= MAX_LISTING_BYTES}
    assert too_big == {}

    sizes = sorted(listings.values())
    print(f"\ncrawled {len(walk.sizes)} pages from /tr/: {len(articles)} articles, "
          f"{len(listings)} listing pages (home, topics, audiences, series, with pagination); "
          f"listing HTML min {sizes[0]} B, "
          f"median {sizes[len(sizes) // 2]} B, max {sizes[-1]} B "
          f"({max(listings, key=listings.__getitem__)})")
