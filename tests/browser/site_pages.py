"""The pages the browser tests visit, found by crawling the built site from its homes.

Kept in one place so new kinds of pages (listings, series, feeds' owners) are covered as soon
as another feature links them from a home, an article or a listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html

LANGUAGES = ("en", "tr")
KINDS = ("home", "listing", "article")
LISTING = re.compile(r"^(?P<lang>[a-z]{2})/(topics|audiences|series)/")


@dataclass(frozen=True, slots=True)
class SitePage:
    """A built page: its site-relative URL, language and kind (home, listing, article, other)."""

    url: str
    lang: str
    kind: str


def _kind(url: str, tree: html.HtmlElement) -> str:
    """What kind of page this is, judged from its URL and its markup."""
    if tree.xpath("//div[contains(@class,'hub-article')][@data-hub-article]"):
        return "article"
    if re.fullmatch(r"[a-z]{2}/", url):
        return "home"
    if LISTING.match(url):
        return "listing"
    return "other"


def _page_file(site_dir: Path, url: str) -> Path | None:
    """The HTML file behind a site-relative directory URL, if the site has one."""
    if not url.endswith("/") and url != "":
        return None
    path = site_dir / url / "index.html"
    return path if path.is_file() else None


# The homes, plus the listing indexes in case no page links them yet.
START = ("", *(f"{lang}/{part}" for lang in LANGUAGES for part in ("", "topics/", "audiences/")))


def crawl(site_dir: Path, start: tuple[str, ...] = START) -> list[SitePage]:
    """Every HTML page reachable by links from the start pages, in a stable order."""
    base = "http://site.invalid/"
    seen: dict[str, SitePage] = {}
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if url in seen or (file := _page_file(site_dir, url)) is None:
            continue
        tree = html.fromstring(file.read_bytes())
        lang = tree.get("lang", "")
        seen[url] = SitePage(url, lang, _kind(url, tree))
        for href in tree.xpath("//a/@href"):
            target = urlsplit(urljoin(base + url, href))
            if f"{target.scheme}://{target.netloc}/" == base and target.path.startswith("/"):
                queue.append(target.path[1:])
    return sorted(seen.values(), key=lambda p: p.url)


def pick(pages: list[SitePage], lang: str, kind: str, prefer: str | None = None) -> SitePage | None:
    """The page of that language and kind a test visits: `prefer` if it is one, else the first."""
    matching = [p for p in pages if p.lang == lang and p.kind == kind]
    for page in matching:
        if page.url == prefer:
            return page
    return matching[0] if matching else None
