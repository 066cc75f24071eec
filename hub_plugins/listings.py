"""Topic, audience and series listings and the language homes, planned once per build from the `Hub`.

`plan_listings` decides every listing page of the build (its URL, title, and the articles on it) in one
pass over the model. The plugin then only adds the planned pages as virtual files and, per page, looks
its listing up by `src_uri`. No page lists all the articles of a language: every listing is paginated,
so the build stays linear in the number of articles.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, InclusionLevel

from .errors import ContentError, Problem
from .i18n import sort_key
from .views import ArticlePictures, ArticleView, article_view, term_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from .i18n import Catalog
    from .loader import Source
    from .model import Article, Hub, Term

# The page template of every generated listing (overrides/hub-listing.html); the page has no Markdown.
LISTING_SOURCE = "---\ntemplate: hub-listing.html\n---\n"
PAGER_WINDOW = 2  # page links shown either side of the current page (plus the first and the last)


@dataclass(frozen=True, slots=True)
class TermCount:
    """A topic, audience or series in one language: its label, description, URL and article count."""

    key: str
    label: str
    description: str
    url: str
    count: int  # articles (for a series: parts written)
    parts: int = 0  # series only: how many parts the series has, written or not


@dataclass(frozen=True, slots=True)
class PageLink:
    """One item of a pager: a page number with its URL, or a gap (number None) between numbers."""

    number: int | None
    url: str | None
    current: bool = False


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page stands among the pages of its listing."""

    number: int
    count: int
    prev_url: str | None
    next_url: str | None
    links: tuple[PageLink, ...]


@dataclass(frozen=True, slots=True)
class SeriesSlot:
    """One part of a series page: the written article, or None when that part is not written yet."""

    number: int | None
    article: ArticleView | None


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of a breadcrumb trail (the last one, the page itself, has no URL)."""

    label: str
    url: str | None


@dataclass(frozen=True, slots=True)
class NavItem:
    """A top-level section of one language: home, topics, audiences, or a hand-written page."""

    kind: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Listing:
    """One listing page (or a language home) and everything its template shows."""

    kind: str  # home | topics | topic | audiences | audience | series
    lang: str
    key: str | None
    url: str  # site-relative, no leading slash: tr/topics/recruitment/page/2/
    title: str  # <title> and <h1> (with the page number after the first page)
    heading: str  # <h1> without the page number
    description: str
    generated: bool  # False for a language home written by hand
    entries: tuple[ArticleView, ...] = ()
    total: int = 0  # articles of the whole listing, across its pages (series: parts written)
    parts: int = 0  # series only: how many parts the series has
    pager: Pager | None = None
    topics: tuple[TermCount, ...] = ()
    audiences: tuple[TermCount, ...] = ()
    series: tuple[TermCount, ...] = ()
    slots: tuple[SeriesSlot, ...] = ()
    featured: ArticleView | None = None  # home only: the story shown first (not repeated in `entries`)
    crumbs: tuple[Crumb, ...] = ()
    # The same listing in every language that has it (itself included): language → URL, for hreflang
    # links and the language switcher. Page N of a listing has no counterpart where there is no page N.
    alternates: Mapping[str, str] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        """The page's path in docs_dir, as MkDocs knows it: the URL + index.md."""
        return f"{self.url}index.md"


@dataclass(frozen=True, slots=True)
class ListingPlan:
    """Every listing page of one build by `src_uri`, and each language's top-level sections."""

    pages: Mapping[str, Listing]
    nav: Mapping[str, tuple[NavItem, ...]]

    def generated(self) -> Iterator[Listing]:
        """The pages to add as virtual files (language homes written by hand are not among them)."""
        return (listing for listing in self.pages.values() if listing.generated)


def _pages(count: int, page_size: int) -> int:
    """How many pages `count` articles fill (an empty listing still has its one page)."""
    return max(1, -(-count // page_size))


def page_url(base_url: str, number: int) -> str:
    """URL of page `number` of a listing: the listing itself first, then `…/page/N/`."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def _pager(base_url: str, number: int, count: int) -> Pager | None:
    """The pager of page `number` of `count`; a window of numbers keeps each page's size bounded."""
    if count == 1:
        return None
    shown = sorted({1, count, *range(max(1, number - PAGER_WINDOW), min(count, number + PAGER_WINDOW) + 1)})
    links: list[PageLink] = []
    for previous, n in zip([0, *shown], shown, strict=False):
        if n - previous > 1:
            links.append(PageLink(None, None))
        links.append(PageLink(n, page_url(base_url, n), n == number))
    return Pager(number, count, page_url(base_url, number - 1) if number > 1 else None,
                 page_url(base_url, number + 1) if number < count else None, tuple(links))


class _Planner:
    """Builds the plan of one build; lives only inside `plan_listings`."""

    def __init__(self, hub: Hub, catalog: Catalog, page_size: int,
                 pictures: Mapping[str, ArticlePictures]) -> None:
        self.hub, self.catalog, self.page_size, self.pictures = hub, catalog, page_size, pictures
        self.pages: dict[str, Listing] = {}
        self._views: dict[str, ArticleView] = {}

    def view(self, article: Article) -> ArticleView:
        """The summary view of `article`, made once however many listings show it."""
        if (found := self._views.get(article.src_uri)) is None:
            found = self._views[article.src_uri] = article_view(self.hub, article, with_series=False,
                                                                pictures=self.pictures.get(article.src_uri))
        return found

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.catalog.t(lang, key, **values)

    def terms(self, lang: str, kind: str) -> tuple[TermCount, ...]:
        """Topics or audiences of `lang` with their counts, in the language's alphabetical order."""
        vocabulary: Mapping[str, Term] = getattr(self.hub.taxonomy, kind)
        index = self.hub.by_topic if kind == "topics" else self.hub.by_audience
        found = [TermCount(key, term.label(lang), term.description(lang), term_url(lang, kind, key),
                           len(index.get((lang, key), ()))) for key, term in vocabulary.items()]
        return tuple(sorted(found, key=lambda term: sort_key(term.label, lang)))

    def series(self, lang: str) -> tuple[TermCount, ...]:
        """Every series of the taxonomy in `lang`, with its written and planned parts, by title."""
        found = [TermCount(key, series.titles[lang], series.descriptions.get(lang, ""),
                           f"{lang}/series/{key}/", len(self.hub.in_series(lang, key)),
                           parts=self.hub.series_length(lang, key))
                 for key, series in self.hub.taxonomy.series.items()]
        return tuple(sorted(found, key=lambda s: sort_key(s.label, lang)))

    def add(self, listing: Listing) -> None:
        self.pages[listing.src_uri] = listing

    def paginated(self, kind: str, lang: str, key: str, term: TermCount, articles: tuple[Article, ...],
                  crumbs: tuple[Crumb, ...]) -> None:
        """The pages of one topic or audience listing, `page_size` articles each, newest first."""
        count = _pages(len(articles), self.page_size)
        for number in range(1, count + 1):
            url = page_url(term.url, number)
            chunk = articles[(number - 1) * self.page_size: number * self.page_size]
            title = term.label if number == 1 else self.t(lang, "listing_page_title", title=term.label,
                                                           page=number, count=count)
            self.add(Listing(kind, lang, key, url, title=title, heading=term.label,
                             description=term.description, generated=True,
                             entries=tuple(self.view(a) for a in chunk), total=len(articles),
                             pager=_pager(term.url, number, count),
                             crumbs=(*crumbs, Crumb(term.label, None))))

    def language(self, lang: str, home_generated: bool) -> None:
        """Every listing page of one language and its home."""
        home = Crumb(self.t(lang, "nav_home"), f"{lang}/")
        topics, audiences = self.terms(lang, "topics"), self.terms(lang, "audiences")
        for kind, terms in (("topics", topics), ("audiences", audiences)):
            heading = self.t(lang, f"{kind}_title")
            self.add(Listing(kind, lang, None, f"{lang}/{kind}/", title=heading, heading=heading,
                             description=self.t(lang, f"{kind}_intro"), generated=True, topics=topics,
                             audiences=audiences, crumbs=(home, Crumb(heading, None))))
            index = self.hub.by_topic if kind == "topics" else self.hub.by_audience
            crumbs = (home, Crumb(heading, f"{lang}/{kind}/"))
            for term in terms:
                self.paginated(kind[:-1], lang, term.key, term, index.get((lang, term.key), ()), crumbs)
        series = self.series(lang)
        for one in series:
            self.series_page(lang, one, home)
        featured = self.hub.featured(lang)
        # The featured story first, then the newest others (a page's worth in all).
        latest = [a for a in self.hub.by_lang.get(lang, ())[: self.page_size] if a is not featured]
        title = self.t(lang, "nav_home")
        self.add(Listing("home", lang, None, f"{lang}/", title=title, heading=title,
                         description=self.t(lang, "home_description"), generated=home_generated,
                         entries=tuple(self.view(a) for a in latest[: self.page_size - 1]),
                         total=len(self.hub.by_lang.get(lang, ())), topics=topics, audiences=audiences,
                         series=series, featured=self.view(featured) if featured else None))

    def series_page(self, lang: str, series: TermCount, home: Crumb) -> None:
        """A series in part order: every planned part, written or not, then any unnumbered article."""
        written = self.hub.in_series(lang, series.key)
        by_part = {a.series_part: a for a in written if a.series_part}
        slots = [SeriesSlot(n, self.view(by_part[n]) if n in by_part else None)
                 for n in range(1, series.parts + 1)]
        slots += [SeriesSlot(None, self.view(a)) for a in written if not a.series_part]
        self.add(Listing("series", lang, series.key, series.url, title=series.label, heading=series.label,
                         description=series.description, generated=True, total=series.count,
                         parts=series.parts, slots=tuple(slots), crumbs=(home, Crumb(series.label, None))))


def plan_listings(hub: Hub, catalog: Catalog, page_size: int, files: Files,
                  pictures: Mapping[str, ArticlePictures] = MappingProxyType({})) -> ListingPlan:
    """Plan every listing page of every language (and the home of a language that has none written).

    `pictures` gives each article's card picture by src_uri (share.article_pictures).
    """
    planner = _Planner(hub, catalog, page_size, pictures)
    for lang in hub.languages:
        planner.language(lang, home_generated=files.get_file_from_path(f"{lang}/index.md") is None)
    nav = {lang: (NavItem("home", catalog.t(lang, "nav_home"), f"{lang}/"),
                  NavItem("topics", catalog.t(lang, "topics_title"), f"{lang}/topics/"),
                  NavItem("audiences", catalog.t(lang, "audiences_title"), f"{lang}/audiences/"))
           for lang in hub.languages}
    pages = _with_alternates(planner.pages, hub.languages)
    return ListingPlan(MappingProxyType(pages), MappingProxyType(nav))


def _with_alternates(pages: Mapping[str, Listing], languages: tuple[str, ...]) -> dict[str, Listing]:
    """Each listing with the URLs of its counterparts in the other languages (same key, same page)."""
    linked = {}
    for src_uri, listing in pages.items():
        path = listing.url[len(listing.lang):]
        alternates = {lang: f"{lang}{path}" for lang in languages if f"{lang}{path}index.md" in pages}
        linked[src_uri] = replace(listing, alternates=MappingProxyType(alternates))
    return linked


def add_listing_files(files: Files, plan: ListingPlan, config: MkDocsConfig, source: Source) -> None:
    """Add every planned page as a virtual file; homes and listings stay out of MkDocs' one-site nav.

    The hub's tabs and drawer (overrides/partials/) link each language's sections instead, so no nav
    ever lists the articles. A hand-written page where a listing goes is a content error.
    """
    in_the_way = []
    for listing in plan.pages.values():
        if (existing := files.get_file_from_path(listing.src_uri)) is not None:
            existing.inclusion = InclusionLevel.NOT_IN_NAV
            if listing.generated:
                in_the_way.append(listing.src_uri)
            continue
        source_text = LISTING_SOURCE if listing.kind != "home" else ""
        files.append(File.generated(config, listing.src_uri, content=source_text,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    if in_the_way:
        raise ContentError(Problem(source.shown(source.docs_dir / uri), 1, "path",
                                   "this path is a generated listing page", "rename or move the file")
                           for uri in in_the_way)
