"""The route table of one build: where every page lives, in which language, and what it is.

MkDocs decides where a page goes (`File.url`, `File.dest_uri`, for any `use_directory_urls` and any
subfolder); this table only reads those answers, once, after `on_files`. Listings, homes, feeds,
views, share tags, cards, the sitemap, hreflang, the switcher, breadcrumbs and search ask it for URLs,
so no module formats a URL from a slug or guesses a language from a path again (Hugo's `.Permalink` and
`.Translations` are the model: a page knows its own URL and its other versions).

The hub also decides where a few *sources* live that MkDocs then places: generated listings
(`listings.listing_src_uri`), report pages and the chooser at `index.md`. Those are paths in docs_dir,
not URLs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.structure.files import Files

    from .model import Article, Hub

CHOOSER = "index.md"  # `/`: the language chooser, outside every language folder

ARTICLE, HOME, LISTING, REPORT, PAGE, ROOT = "article", "home", "listing", "report", "page", "chooser"


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs will put a page, asked without a build (the writers' CLI): MkDocs' own `File` decides."""
    url = File(src_uri, None, "", use_directory_urls).url
    return "" if url in ("./", ".") else url


def page_dest(src_uri: str, use_directory_urls: bool) -> str:
    """A page's output file, asked without a build (validation): MkDocs' own `File` decides."""
    return File(src_uri, None, "", use_directory_urls).dest_uri


def beside(dest_uri: str, name: str) -> str:
    """Site path of a file that belongs to a page, next to the page's output file.

    `en/articles/x/index.html` → `en/articles/x/<name>`; `en/articles/x.html` → `en/articles/x.<name>`
    (with `use_directory_urls: false` a page has no folder of its own).
    """
    if posixpath.basename(dest_uri) == "index.html":
        return posixpath.join(posixpath.dirname(dest_uri), name)
    return f"{posixpath.splitext(dest_uri)[0]}.{name}"


@dataclass(frozen=True, slots=True)
class ListingSpec:
    """What a generated listing page is, before its contents are planned: kind, language, key, page number."""

    kind: str  # home | topics | topic | audiences | audience | series
    lang: str
    key: str | None = None
    number: int = 1  # page number of a paginated listing (page 1 is the listing itself)
    generated: bool = True  # False for a language home written by hand


@dataclass(frozen=True, slots=True)
class Route:
    """One page of the build: its URL (as MkDocs writes it), output file, language and kind."""

    src_uri: str
    url: str  # site-relative, no leading slash; '' for the root page
    dest_uri: str
    lang: str | None  # None outside every language folder (the chooser)
    kind: str  # article | home | listing | report | page | chooser
    listing: ListingSpec | None = None

    @property
    def folder(self) -> str:
        """The output folder that holds the page's file (`en/topics/x/` or `en/topics/` for x.html)."""
        folder = posixpath.dirname(self.dest_uri)
        return f"{folder}/" if folder else ""


@dataclass(slots=True)
class RouteTable:
    """Every page of one build by `src_uri`, with the lookups the hub's views need."""

    site_url: str
    languages: tuple[str, ...]
    routes: dict[str, Route]
    files: Files
    _by_path: dict[tuple[str, str], str] = field(default_factory=dict)  # (lang, path in the folder) → src_uri
    _listings: dict[tuple[str, str, str | None, int], str] = field(default_factory=dict)
    _translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # src_uri → lang → src_uri

    @classmethod
    def build(cls, files: Files, hub: Hub, listings: Mapping[str, ListingSpec], reports: Iterable[str],
              site_url: str) -> RouteTable:
        """Read every page's URL and output file from MkDocs' `Files` (after on_files) and classify it."""
        languages = hub.languages
        reports = frozenset(reports)
        routes: dict[str, Route] = {}
        for file in files.documentation_pages():
            src_uri = file.src_uri
            first, _, rest = src_uri.partition("/")
            lang = first if first in languages and rest else None
            spec = listings.get(src_uri)
            if src_uri in hub.by_src_uri:
                kind = ARTICLE
            elif spec is not None:
                kind = HOME if spec.kind == "home" else LISTING
            elif src_uri in reports:
                kind = REPORT
            elif src_uri == CHOOSER:
                kind = ROOT
            else:
                kind = PAGE
            url = "" if file.url in ("./", ".") else file.url
            routes[src_uri] = Route(src_uri, url, file.dest_uri, lang, kind, spec)
        table = cls(site_url if site_url.endswith("/") else site_url + "/", languages, routes, files)
        for route in routes.values():
            if route.lang is not None:
                table._by_path[(route.lang, route.src_uri.split("/", 1)[1])] = route.src_uri
            if route.listing is not None:
                spec = route.listing
                table._listings[(spec.lang, spec.kind, spec.key, spec.number)] = route.src_uri
        table._translations = {
            a.src_uri: {other.lang: other.src_uri for other in hub.translations(a).values()
                        if other.src_uri in routes}
            for a in hub.articles if a.translation_key and a.src_uri in routes}
        return table

    def get(self, src_uri: str) -> Route | None:
        """The route of a page, None for a page that is not in this build (a draft when publishing)."""
        return self.routes.get(src_uri)

    def url(self, src_uri: str) -> str:
        """Site-relative URL of a page of this build."""
        return self.routes[src_uri].url

    def article(self, article: Article) -> str:
        """Site-relative URL of an article."""
        return self.routes[article.src_uri].url

    def absolute(self, url: str) -> str:
        """An absolute URL from `site_url` (canonical links, hreflang, feeds, sitemap, share tags)."""
        return self.site_url + url

    def home(self, lang: str) -> str:
        """Site-relative URL of a language's home."""
        return self.url(f"{lang}/index.md")

    def listing(self, lang: str, kind: str, key: str | None = None, number: int = 1) -> str:
        """Site-relative URL of a generated listing page (`kind` as in ListingSpec)."""
        if kind == "home":
            return self.home(lang)
        return self.url(self._listings[(lang, kind, key, number)])

    def listing_src_uri(self, lang: str, kind: str, key: str | None = None, number: int = 1) -> str | None:
        """The page of a listing, None when the build has no such page."""
        return self._listings.get((lang, kind, key, number))

    def beside(self, src_uri: str, name: str) -> str:
        """Site path of a file that belongs to a page, next to the page's own output file (see `beside`)."""
        return beside(self.routes[src_uri].dest_uri, name)

    def file_url(self, src_uri: str) -> str | None:
        """Site-relative URL of any file of the build (an image, a stylesheet), None if it is not in it."""
        file = self.files.get_file_from_path(src_uri)
        return None if file is None else file.url

    def versions(self, src_uri: str) -> dict[str, str]:
        """Every language version of a page, itself included: language → src_uri, in the hub's language order.

        Articles pair by `translation_key` (their file names may differ); every other page of a language
        folder pairs with the page at the same path in the other folder (`tr/topics/x/` ↔ `en/topics/x/`).
        The chooser's versions are the language homes.
        """
        route = self.routes[src_uri]
        if route.kind == ROOT:
            return {lang: f"{lang}/index.md" for lang in self.languages if f"{lang}/index.md" in self.routes}
        if route.kind == ARTICLE:
            return dict(self._translations.get(src_uri, {route.lang: src_uri}))
        if route.lang is None:
            return {}
        rest = src_uri.split("/", 1)[1]
        return {lang: self._by_path[(lang, rest)] for lang in self.languages if (lang, rest) in self._by_path}

    def nearest(self, lang: str, src_uri: str) -> str:
        """The nearest page of `lang` above the same path (tr/topics/x/page/3/ → en/topics/x/), else its home."""
        _, _, rest = src_uri.partition("/")
        folders = rest.split("/")[:-1]
        while folders:
            if (found := self._by_path.get((lang, "/".join([*folders, "index.md"])))) is not None:
                return found
            folders.pop()
        return f"{lang}/index.md"
