"""The language questions of one build: each page's versions (hreflang), switcher targets, and navigation.

Every answer comes from the route table (a page's language is its folder; its versions are its
translations, or the pages at the same path in the other folders). Built once per build in `on_nav`,
then looked up per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from . import errorpages, sitemap
from .listings import NavItem
from .routes import CHOOSER, HOME, ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure import StructureItem
    from mkdocs.structure.files import Files

    from .model import Hub
    from .routes import RouteTable


@dataclass(frozen=True, slots=True)
class Version:
    """One language version of a page: its language, its site-relative URL and its absolute URL."""

    lang: str
    url: str  # site-relative, no leading slash ('' is the root)
    href: str  # absolute, from site_url


@dataclass(frozen=True, slots=True)
class SwitchTarget:
    """Where the switcher sends a reader who wants `lang`; `translated` is False for a fallback page."""

    lang: str
    url: str
    translated: bool


@dataclass(frozen=True, slots=True)
class PageLanguages:
    """A page's language, its versions (itself included), its x-default and its switcher targets."""

    lang: str
    versions: tuple[Version, ...]
    x_default: Version | None
    switch: tuple[SwitchTarget, ...]

    @property
    def alternates(self) -> tuple[Version, ...]:
        """The hreflang set: every version plus x-default, empty for a page with no translation."""
        if len(self.versions) < 2 or self.x_default is None:
            return ()
        return (*self.versions, Version("x-default", self.x_default.url, self.x_default.href))


def page_languages(routes: RouteTable, src_uri: str, default_language: str) -> PageLanguages:
    """The language versions of the page built from `src_uri`, and where its switcher goes."""
    route = routes.routes[src_uri]

    def version(lang: str, uri: str) -> Version:
        url = routes.url(uri)
        return Version(lang, url, routes.absolute(url))

    root = version("x-default", CHOOSER) if routes.get(CHOOSER) else None
    versions = tuple(version(lang, uri) for lang, uri in routes.versions(src_uri).items())
    if route.kind == ROOT:
        return PageLanguages(default_language, versions, root, ())
    lang = route.lang or default_language
    by_lang = {v.lang: v for v in versions}
    # A home's x-default is the chooser; any other page's, its default-language version (else its first).
    x_default = root if route.kind == HOME else by_lang.get(default_language) or next(iter(versions), None)
    switch = tuple(
        SwitchTarget(code, by_lang[code].url, True) if code in by_lang
        else SwitchTarget(code, routes.url(routes.nearest(code, src_uri)), False)
        for code in routes.languages if code != lang)
    return PageLanguages(lang, versions, x_default, switch)


def per_language(nav: Navigation, routes: RouteTable) -> dict[str, Navigation]:
    """A navigation for each language: its own items only, its home as the homepage.

    The original items are reused (not copied) so MkDocs' `active` flags still reach the templates;
    a language's single top-level section (MkDocs makes one per language folder) is unwrapped.
    """
    result = {}
    for lang in routes.languages:
        items = [item for item in nav.items if _languages(item, routes) <= {lang}]
        if len(items) == 1 and isinstance(items[0], Section):
            items = list(items[0].children)
        pages = [page for page in nav.pages if _lang_of(page, routes) == lang]
        localized = Navigation(items, pages)
        localized.homepage = next((p for p in pages if p.file.src_uri == f"{lang}/index.md"), nav.homepage)
        # rel=prev/next (and Material's footer links) stay within the language.
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        result[lang] = localized
    return result


def _lang_of(page: Page, routes: RouteTable) -> str:
    route = routes.get(page.file.src_uri)
    return (route.lang if route else None) or ""


def _languages(item: StructureItem, routes: RouteTable) -> set[str]:
    """The languages of the pages inside a nav item ('' for a page outside every language folder)."""
    if isinstance(item, Page):
        return {_lang_of(item, routes)}
    if isinstance(item, Section):
        return set().union(*(_languages(child, routes) for child in item.children))
    return set()  # a link belongs to every language


class Languages:
    """Language versions, navigation and language-aware outputs (sitemap, 404s) of one build."""

    def __init__(self, hub: Hub, routes: RouteTable, files: Files, nav: Navigation, default_language: str) -> None:
        self.hub = hub
        self.routes = routes
        self.default = default_language
        self.navs = per_language(nav, routes)
        # The language chooser belongs to no language: it gets no tabs or sidebar.
        self.chooser_nav = Navigation([], [page for page in nav.pages if page.file.src_uri == CHOOSER])
        for page in self.chooser_nav.pages:
            page.previous_page = page.next_page = None
        self.files = files
        self.indexed: dict[str, str] = {}  # src_uri → language of every built page the sitemap lists
        self._extra_nav: dict[str, tuple[NavItem, ...]] = {}

    def of(self, src_uri: str) -> PageLanguages:
        """The versions and switcher targets of a page."""
        return page_languages(self.routes, src_uri, self.default)

    def extra_nav(self, lang: str) -> tuple[NavItem, ...]:
        """A language's hand-written top-level pages (e.g. `tr/guides/`), for its tabs after the hub's own.

        Computed on first use, once per build: page titles are known only after every page is read.
        """
        if lang not in self._extra_nav:
            items = []
            for item in self.navs[lang].items if lang in self.navs else ():
                page = item if isinstance(item, Page) else next(iter(_pages(item)), None)
                if page is not None:
                    # Titles may be escaped Markup already (escaping.py): keep them as they are.
                    items.append(NavItem("page", item.title or page.title or page.url, page.url))
            self._extra_nav[lang] = tuple(items)
        return self._extra_nav[lang]

    def page_context(self, context: dict, page: Page, lang: str) -> None:
        """Give a page its language versions and its language's navigation; note it for the sitemap."""
        context["hub_page_languages"] = self.of(page.file.src_uri)
        if page.file.src_uri == CHOOSER:
            context["nav"] = self.chooser_nav
        elif lang in self.navs:
            context["nav"] = self.navs[lang]
        if not page.meta.get("hub_noindex"):
            self.indexed[page.file.src_uri] = lang

    def template_context(self, context: dict, template_name: str) -> None:
        """The root 404 page speaks every language: like the chooser, it shows no language's navigation."""
        if template_name == "404.html":
            context["nav"] = self.chooser_nav

    def post_build(self, config: MkDocsConfig, env: Environment, context: Callable[[str], dict]) -> list[str]:
        """Write the per-language 404 pages (`context`: a language's template variables) and the sitemap.

        Returns the absolute URLs the sitemap lists (for the link check).
        """
        errorpages.write_localized(env, config, self.files, self.navs, context)
        entries = sitemap.entries(self.indexed, self)
        sitemap.write(config.site_dir, env, entries)
        return [entry.loc for entry in entries]


def _pages(section: Section) -> list[Page]:
    """The pages inside a nav section, depth first."""
    found: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            found.append(child)
        elif isinstance(child, Section):
            found += _pages(child)
    return found
