"""Topic, audience, series and author listings and the language homes, planned once per build from the `Hub`.

Two steps, because a listing's links need the route table and the route table needs the listing files:
`listing_specs` says which listing pages exist (one cheap pass over the model's indexes), the plugin adds
them as virtual files, and once MkDocs has placed every file `plan_listings` fills each page (title,
articles, pager) with URLs from the routes. Per page, the plugin looks its listing up by `src_uri`.
No page lists all the articles of a language: every listing is paginated, so the build stays linear
in the number of articles.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .i18n import sort_key
from .routes import ListingSpec
from .views import ArticlePictures, ArticleView, AuthorView, article_view, author_view

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from .i18n import Catalog
    from .model import Article, Hub, Term
    from .routes import RouteTable

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

    kind: str  # home | topics | topic | audiences | audience | series | author
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
    # URLs of the language's "topics" and "audiences" listings (links such as "all topics").
    sections: Mapping[str, str] = field(default_factory=dict)
    person: AuthorView | None = None  # author pages: photo, role and bio of the author (or team)


@dataclass(frozen=True, slots=True)
class ListingPlan:
    """Every listing page of one build by `src_uri`, and each language's top-level sections."""

    pages: Mapping[str, Listing]
    nav: Mapping[str, tuple[NavItem, ...]]


def _pages(count: int, page_size: int) -> int:
    """How many pages `count` articles fill (an empty listing still has its one page)."""
    return max(1, -(-count // page_size))


# The folder of each kind of listing inside a language folder (the taxonomy's section names).
_FOLDERS = {"topics": "topics", "topic": "topics", "audiences": "audiences", "audience": "audiences",
            "series": "series", "author": "authors"}


def listing_src_uri(lang: str, kind: str, key: str | None = None, number: int = 1) -> str:
    """Where the hub puts a generated listing page in docs_dir; MkDocs then decides its URL.

    `en/topics/index.md`, `en/topics/recruitment/index.md`, `…/recruitment/page/2/index.md`,
    `en/authors/ayse/index.md`; a home is `en/index.md`.
    """
    if kind == "home":
        return f"{lang}/index.md"
    parts = [lang, _FOLDERS[kind], *([key] if key else []), *(["page", str(number)] if number > 1 else [])]
    return "/".join([*parts, "index.md"])


def listing_specs(hub: Hub, page_size: int, written: Collection[str]) -> dict[str, ListingSpec]:
    """Every listing page of the build (not its contents): cheap, so the files can be added before routes exist.

    `written`: the src_uris of hand-written pages; a language home among them is kept, not generated.
    """
    specs: dict[str, ListingSpec] = {}

    def add(spec: ListingSpec) -> None:
        specs[listing_src_uri(spec.lang, spec.kind, spec.key, spec.number)] = spec

    for lang in hub.languages:
        for kind, index, vocabulary in (("topic", hub.by_topic, hub.taxonomy.topics),
                                        ("audience", hub.by_audience, hub.taxonomy.audiences)):
            add(ListingSpec(f"{kind}s", lang))
            for key in vocabulary:
                for number in range(1, _pages(len(index.get((lang, key), ())), page_size) + 1):
                    add(ListingSpec(kind, lang, key, number))
        for key in hub.taxonomy.series:
            add(ListingSpec("series", lang, key))
        # An author (or team) has a page in a language only where they have an article in it.
        for key in hub.taxonomy.authors:
            if count := len(hub.written_by(lang, key)):
                for number in range(1, _pages(count, page_size) + 1):
                    add(ListingSpec("author", lang, key, number))
        add(ListingSpec("home", lang, generated=listing_src_uri(lang, "home") not in written))
    return specs


def _pager(routes: RouteTable, spec: ListingSpec, count: int) -> Pager | None:
    """The pager of page `spec.number` of `count`; a window of numbers keeps each page's size bounded."""
    if count == 1:
        return None
    number = spec.number

    def url(n: int) -> str:
        return routes.listing(spec.lang, spec.kind, spec.key, n)

    shown = sorted({1, count, *range(max(1, number - PAGER_WINDOW), min(count, number + PAGER_WINDOW) + 1)})
    links: list[PageLink] = []
    for previous, n in zip([0, *shown], shown, strict=False):
        if n - previous > 1:
            links.append(PageLink(None, None))
        links.append(PageLink(n, url(n), n == number))
    return Pager(number, count, url(number - 1) if number > 1 else None,
                 url(number + 1) if number < count else None, tuple(links))


class _Planner:
    """Builds the plan of one build; lives only inside `plan_listings`."""

    def __init__(self, hub: Hub, catalog: Catalog, page_size: int, routes: RouteTable,
                 pictures: Mapping[str, ArticlePictures]) -> None:
        self.hub, self.catalog, self.page_size, self.routes = hub, catalog, page_size, routes
        self.pictures = pictures
        self.pages: dict[str, Listing] = {}
        self._views: dict[str, ArticleView] = {}
        self._sections: dict[str, Mapping[str, str]] = {}

    def view(self, article: Article) -> ArticleView:
        """The summary view of `article`, made once however many listings show it."""
        if (found := self._views.get(article.src_uri)) is None:
            found = self._views[article.src_uri] = article_view(self.hub, self.routes, article, with_series=False,
                                                                pictures=self.pictures.get(article.src_uri))
        return found

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.catalog.t(lang, key, **values)

    def terms(self, lang: str, kind: str) -> tuple[TermCount, ...]:
        """Topics or audiences of `lang` with their counts, in the language's alphabetical order."""
        vocabulary: Mapping[str, Term] = getattr(self.hub.taxonomy, kind)
        index = self.hub.by_topic if kind == "topics" else self.hub.by_audience
        found = [TermCount(key, term.label(lang), term.description(lang),
                           self.routes.listing(lang, kind[:-1], key), len(index.get((lang, key), ())))
                 for key, term in vocabulary.items()]
        return tuple(sorted(found, key=lambda term: sort_key(term.label, lang)))

    def series(self, lang: str) -> tuple[TermCount, ...]:
        """Every series of the taxonomy in `lang`, with its written and planned parts, by title."""
        found = [TermCount(key, series.titles[lang], series.descriptions.get(lang, ""),
                           self.routes.listing(lang, "series", key), len(self.hub.in_series(lang, key)),
                           parts=self.hub.series_length(lang, key))
                 for key, series in self.hub.taxonomy.series.items()]
        return tuple(sorted(found, key=lambda s: sort_key(s.label, lang)))

    def add(self, src_uri: str, listing: Listing) -> None:
        self.pages[src_uri] = listing

    def paginated(self, kind: str, lang: str, term: TermCount, articles: tuple[Article, ...],
                  crumbs: tuple[Crumb, ...], person: AuthorView | None = None) -> None:
        """The pages of one topic, audience or author listing, `page_size` articles each, newest first."""
        count = _pages(len(articles), self.page_size)
        for number in range(1, count + 1):
            spec = ListingSpec(kind, lang, term.key, number)
            chunk = articles[(number - 1) * self.page_size: number * self.page_size]
            title = term.label if number == 1 else self.t(lang, "listing_page_title", title=term.label,
                                                           page=number, count=count)
            self.add(listing_src_uri(lang, kind, term.key, number),
                     Listing(kind, lang, term.key, self.routes.listing(lang, kind, term.key, number), title=title,
                             heading=term.label, description=term.description, generated=True,
                             entries=tuple(self.view(a) for a in chunk), total=len(articles),
                             pager=_pager(self.routes, spec, count), crumbs=(*crumbs, Crumb(term.label, None)),
                             sections=self.sections(lang), person=person))

    def language(self, lang: str, home_generated: bool) -> None:
        """Every listing page of one language and its home."""
        home = Crumb(self.t(lang, "nav_home"), self.routes.home(lang))
        topics, audiences = self.terms(lang, "topics"), self.terms(lang, "audiences")
        for kind, terms in (("topics", topics), ("audiences", audiences)):
            heading = self.t(lang, f"{kind}_title")
            url = self.routes.listing(lang, kind)
            self.add(listing_src_uri(lang, kind),
                     Listing(kind, lang, None, url, title=heading, heading=heading,
                             description=self.t(lang, f"{kind}_intro"), generated=True, topics=topics,
                             audiences=audiences, crumbs=(home, Crumb(heading, None))))
            index = self.hub.by_topic if kind == "topics" else self.hub.by_audience
            crumbs = (home, Crumb(heading, url))
            for term in terms:
                self.paginated(kind[:-1], lang, term, index.get((lang, term.key), ()), crumbs)
        series = self.series(lang)
        for one in series:
            self.series_page(lang, one, home)
        self.author_pages(lang, home)
        featured = self.hub.featured(lang)
        # The featured story first, then the newest others (a page's worth in all).
        latest = [a for a in self.hub.by_lang.get(lang, ())[: self.page_size] if a is not featured]
        title = self.t(lang, "nav_home")
        self.add(listing_src_uri(lang, "home"),
                 Listing("home", lang, None, self.routes.home(lang), title=title, heading=title,
                         description=self.t(lang, "home_description"), generated=home_generated,
                         entries=tuple(self.view(a) for a in latest[: self.page_size - 1]),
                         total=len(self.hub.by_lang.get(lang, ())), topics=topics, audiences=audiences,
                         series=series, featured=self.view(featured) if featured else None,
                         sections=self.sections(lang)))

    def sections(self, lang: str) -> Mapping[str, str]:
        """URLs of a language's top-level listings, for "all topics" and similar links."""
        if (found := self._sections.get(lang)) is None:
            found = self._sections[lang] = MappingProxyType(
                {kind: self.routes.listing(lang, kind) for kind in ("topics", "audiences")})
        return found

    def author_pages(self, lang: str, home: Crumb) -> None:
        """Each author's articles in `lang`, paginated like a topic, under the author's photo, role and bio."""
        for key in self.hub.taxonomy.authors:
            articles = self.hub.written_by(lang, key)
            if not articles:
                continue  # no page in this language (listing_specs made none)
            person = author_view(self.hub, self.routes, key, lang)
            # The role is the line under the name (and the page's description); a bare name gets a sentence.
            term = TermCount(key, person.name, person.role or self.t(lang, "author_intro", name=person.name),
                             self.routes.listing(lang, "author", key), len(articles))
            self.paginated("author", lang, term, articles, (home,), person=person)

    def series_page(self, lang: str, series: TermCount, home: Crumb) -> None:
        """A series in part order: every planned part, written or not, then any unnumbered article."""
        written = self.hub.in_series(lang, series.key)
        by_part = {a.series_part: a for a in written if a.series_part}
        slots = [SeriesSlot(n, self.view(by_part[n]) if n in by_part else None)
                 for n in range(1, series.parts + 1)]
        slots += [SeriesSlot(None, self.view(a)) for a in written if not a.series_part]
        self.add(listing_src_uri(lang, "series", series.key),
                 Listing("series", lang, series.key, series.url, title=series.label, heading=series.label,
                         description=series.description, generated=True, total=series.count,
                         parts=series.parts, slots=tuple(slots), crumbs=(home, Crumb(series.label, None)),
                         sections=self.sections(lang)))


def plan_listings(hub: Hub, catalog: Catalog, page_size: int, specs: Mapping[str, ListingSpec],
                  routes: RouteTable, pictures: Mapping[str, ArticlePictures] = MappingProxyType({})) -> ListingPlan:
    """Plan the contents of every listing page of every language, with URLs from the route table.

    `pictures` gives each article's card picture by src_uri (`Build.article_pictures`).
    """
    planner = _Planner(hub, catalog, page_size, routes, pictures)
    for lang in hub.languages:
        planner.language(lang, home_generated=specs[listing_src_uri(lang, "home")].generated)
    nav = {lang: (NavItem("home", catalog.t(lang, "nav_home"), routes.home(lang)),
                  NavItem("topics", catalog.t(lang, "topics_title"), routes.listing(lang, "topics")),
                  NavItem("audiences", catalog.t(lang, "audiences_title"), routes.listing(lang, "audiences")))
           for lang in hub.languages}
    return ListingPlan(MappingProxyType(planner.pages), MappingProxyType(nav))


def add_listing_files(files: Files, specs: Mapping[str, ListingSpec], config: MkDocsConfig) -> None:
    """Add every generated listing page as a virtual file; homes and listings stay out of MkDocs' one-site nav.

    The hub's tabs and drawer (overrides/partials/) link each language's sections instead, so no nav
    ever lists the articles. A hand-written page where a listing goes was reported by `validate`.
    """
    for src_uri, spec in specs.items():
        if (existing := files.get_file_from_path(src_uri)) is not None:
            existing.inclusion = InclusionLevel.NOT_IN_NAV  # a language home written by hand
            continue
        source_text = LISTING_SOURCE if spec.kind != "home" else ""
        file = File.generated(config, src_uri, content=source_text, inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(file)
        ListingPage(None, file, config)  # becomes file.page: MkDocs makes pages only for files without one


class ListingPage(Page):
    """A generated listing page. Its body is empty (the template prints the listing), so `render` skips
    building a Markdown converter with every extension for it — about a quarter of a millisecond per page,
    for hundreds of listing pages — unless another plugin gave it a body."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        # What MkDocs' render leaves for an empty body (no content, headings, title or anchors).
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}
