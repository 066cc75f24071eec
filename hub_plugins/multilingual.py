"""Per-build state of the hub's languages: page versions, per-language navigation, sitemap, 404s.

The plugin hands its events here (a few lines each); everything is rebuilt on every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from . import errorpages, sitemap
from .alternates import LanguageMap
from .listings import NavItem
from .navigation import per_language

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from .model import Hub


class Multilingual:
    """Language versions, navigation and language-aware outputs of one build."""

    def __init__(self, hub: Hub, files: Files, nav: Navigation, config: MkDocsConfig,
                 default_language: str) -> None:
        self.map = LanguageMap(hub, files, config.site_url, default_language)
        self.navs = per_language(nav, hub.languages)
        # The language chooser belongs to no language: it gets no tabs or sidebar.
        self.chooser_nav = Navigation([], [page for page in nav.pages if page.file.src_uri == "index.md"])
        for page in self.chooser_nav.pages:
            page.previous_page = page.next_page = None
        self.files = files
        self.indexed: dict[str, str] = {}  # src_uri → language of every built page the sitemap lists
        self._extra_nav: dict[str, tuple[NavItem, ...]] = {}

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
        context["hub_page_languages"] = self.map.of(page.file.src_uri, lang)
        if page.file.src_uri == "index.md":
            context["nav"] = self.chooser_nav
        elif lang in self.navs:
            context["nav"] = self.navs[lang]
        if not page.meta.get("hub_noindex"):
            self.indexed[page.file.src_uri] = lang

    def template_context(self, context: dict, template_name: str) -> None:
        """The root 404 page speaks every language: like the chooser, it shows no language's navigation."""
        if template_name == "404.html":
            context["nav"] = self.chooser_nav

    def post_build(self, config: MkDocsConfig, env: Environment, context: Callable[[str], dict]) -> None:
        """Write the per-language 404 pages (`context`: a language's template variables) and the sitemap."""
        errorpages.write_localized(env, config, self.files, self.navs, context)
        sitemap.write(config.site_dir, env, sitemap.entries(self.indexed, self.map))


def _pages(section: Section) -> list[Page]:
    """The pages inside a nav section, depth first."""
    found: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            found.append(child)
        elif isinstance(child, Section):
            found += _pages(child)
    return found
