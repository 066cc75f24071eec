"""The `hub` MkDocs plugin: one pipeline that owns the order of events and the per-build state.

Each event is a few lines that hand off to a plain module. The content model is built once in
`on_pre_build` (before MkDocs empties site_dir) and every later event only reads it.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from . import feeds, report_page, search, share
from .brand import Brand, BrandError, load_brand, without_title
from .cards import CardFile, CardMaker
from .config import HubConfig
from .escaping import escape_page_meta
from .i18n import load_catalog, markdown_slugify
from .listings import add_listing_files, plan_listings
from .loader import Source, load_hub
from .multilingual import Multilingual
from .report import ClockError, Coverage, coverage, report_today
from .staging import StagedSite
from .views import ArticlePictures, PageStrings, article_view

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .i18n import Catalog
    from .listings import ListingPlan
    from .model import Hub

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"


class HubPlugin(BasePlugin[HubConfig]):
    """Builds the bilingual career hub from `docs_dir` and its taxonomy."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False  # process-wide: set once by on_startup
        self._reset()

    def _reset(self) -> None:
        """Forget everything of the previous build (`mkdocs serve` rebuilds in one process)."""
        if getattr(self, "search_index", None) is not None:
            self.search_index.cancel()  # a build that failed before it finished indexing
        gc.unfreeze()  # a build that ended without post_build or build_error (see on_env)
        self.source: Source | None = None
        self.hub: Hub | None = None
        self.catalog: Catalog | None = None
        self.site: StagedSite | None = None
        self.feeds: feeds.FeedSet | None = None
        self.listings: ListingPlan | None = None
        self.cards: CardMaker | None = None
        self.share_images: Mapping[str, share.ImageFile] = {}
        self.share_pages: share.SharePages | None = None
        self.brand: Brand | None = None
        self.pictures: Mapping[str, ArticlePictures] = {}
        self.report: Coverage | None = None
        self.languages: Multilingual | None = None
        self.env: Environment | None = None
        self.search_index: search.SearchIndexer | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this process previews (drafts shown) or publishes (drafts left out)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Reset per-build state, check the languages, and redirect output to a staging folder."""
        self._reset()
        languages = tuple(self.config.languages)
        if self.config.default_language not in languages:
            raise PluginError(f"hub: default_language {self.config.default_language!r} is not one of the "
                              f"languages {list(languages)} — set it to one of them in mkdocs.yml")
        try:
            self.catalog = load_catalog(languages)
        except FileNotFoundError as error:
            raise PluginError(f"hub: no UI strings for a language ({error.filename}) — add "
                              "hub_plugins/locales/<lang>.yml") from None
        if missing := self.catalog.missing():
            raise PluginError("hub: UI strings missing: " + ", ".join(f"{lang}:{key}" for lang, key in missing)
                              + " — add them to hub_plugins/locales/<lang>.yml")
        feeds.check_config(self.config.feeds)
        self._check_site_url(config.site_url)
        docs_dir = Path(config.docs_dir)
        self.source = Source(docs_dir=docs_dir, root=Path(config.config_file_path or docs_dir).resolve().parent,
                             languages=languages, taxonomy_file=self.config.taxonomy,
                             extra_fields=tuple(self.config.extra_fields))
        # The hub's partials (hub/*.html) come after the theme and custom_dir, which may override them.
        config.theme.dirs.append(str(TEMPLATES))
        # Heading anchors transliterate Turkish like every other slug of the hub.
        if "toc" in config.markdown_extensions:
            config.mdx_configs.setdefault("toc", {})["slugify"] = markdown_slugify
        self._load_brand(config)
        if self.config.share.enabled and self.config.cards.enabled:
            self.cards = CardMaker(self.source.root / self.config.cards.cache_dir)
        if self.config.keep_last_good_site:
            self.site = StagedSite(config, strict=bool(config.strict))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read and check all content once, before MkDocs touches site_dir."""
        assert self.source is not None
        self.hub = load_hub(self.source, include_drafts=self.serving)
        log.info(f"content model: {len(self.hub.articles)} articles in {len(self.hub.languages)} languages")
        gc.freeze()  # the model lives as long as the build (see on_env)
        if self.config.feeds.enabled:
            self.feeds = feeds.FeedSet.plan(self.hub, self._strings, config.site_name, config.site_url or "",
                                            self.config.feeds)
        if self.config.share.enabled:
            self.share_images = share.prepare(self.hub, self.source, config.site_name, self.cards)
            self.pictures = share.article_pictures(self.share_images)
            if self.cards is not None:
                log.info(f"social cards: {self.cards.drawn} drawn, {self.cards.reused} reused from the cache "
                         f"in {self.cards.seconds:.2f} s")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Keep articles out of the nav, drafts out of the published site, and the taxonomy unpublished."""
        assert self.source is not None and self.hub is not None and self.catalog is not None
        if (taxonomy := files.get_file_from_path(self.config.taxonomy)) is not None:
            files.remove(taxonomy)
        for file in files.documentation_pages():
            if self.source.is_article(file.src_uri):
                # A draft is absent from the hub when publishing: mark it so MkDocs leaves it out too.
                in_hub = file.src_uri in self.hub.by_src_uri
                file.inclusion = InclusionLevel.NOT_IN_NAV if in_hub else InclusionLevel.DRAFT
        if files.get_file_from_path("index.md") is None:
            chooser = {"template": "hub-chooser.html", "title": config.site_name,
                       "hide": ["navigation", "toc"]}
            front = yaml.safe_dump(chooser, allow_unicode=True)
            files.append(File.generated(config, "index.md", content=f"---\n{front}---\n"))
        # Listings are planned once from the model; the plan is all later events read.
        self.listings = plan_listings(self.hub, self.catalog, self.config.listings.page_size, files,
                                      self.pictures)
        add_listing_files(files, self.listings, config, self.source)
        for image in self.share_images.values():
            if image.card:  # served at a stable URL beside the article, copied from the card cache
                files.append(CardFile.generated(config, image.path, abs_src_path=str(image.source)))
        if self.config.report.page:  # the editors' coverage report, one page per language
            assert self.catalog is not None
            try:
                self.report = coverage(self.hub, report_today(), self.config.report.stale_days)
            except ClockError as error:
                raise PluginError(f"hub: {error}") from None
            for file in report_page.files(config, self.hub.languages, self.catalog):
                files.append(file)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Hand MkDocs the body the loader already read, instead of reading and parsing the file again."""
        assert self.hub is not None
        article = self.hub.by_src_uri.get(page.file.src_uri)
        if article is None:
            return None
        # The leading blank line stops MkDocs from taking a first line like "Note: …" as metadata.
        return "\n" + article.body

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give every page its language, and articles their validated title and description."""
        assert self.hub is not None
        page.meta["hub_lang"] = self._language_of(page.file.src_uri)
        if article := self.hub.by_src_uri.get(page.file.src_uri):
            page.meta.update(title=article.title, description=article.description)
        listing = self.listings.pages.get(page.file.src_uri) if self.listings else None
        if article is None and listing is not None and listing.generated:
            page.meta.update(title=listing.title, description=listing.description)
        self._hide_sidebars(page)
        if listing and listing.kind == "home" and self.brand and listing.lang in self.brand.heroes:
            markdown = without_title(markdown)  # the hero's headline is the home's h1
        escape_page_meta(page.meta)  # Material prints titles and descriptions unescaped
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep each article's HTML, converted once by MkDocs, for full-content feed items."""
        assert self.hub is not None
        if self.feeds is not None:
            self.feeds.collect(self.hub.by_src_uri.get(page.file.src_uri), html, page.url)
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Pair every page with its other language versions; one navigation per language."""
        assert self.hub is not None
        self.languages = Multilingual(self.hub, files, nav, config, self.config.default_language)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Expose the hub's UI strings and languages to every template."""
        env.globals["hub_strings"] = self._strings
        if self.config.share.enabled:
            assert self.hub is not None
            brand = self.brand
            self.share_pages = share.SharePages.of(
                self.hub, self.share_images, config, files, self.config.share.utm_campaign,
                site_images=brand.share_image if brand else {}, twitter_site=brand.twitter_site if brand else None,
                logo_url=brand.logo_url(config.site_url or "") if brand else None)
        env.globals["hub_brand"] = self.brand
        env.globals["hub_languages"] = tuple(self.config.languages)
        self.env = env
        if self.config.search.enabled:
            self._start_search(env, config, files)
        # The model and every converted page live until the build ends: keep them out of the cyclic
        # garbage collector's full collections, which would otherwise rescan them again and again
        # while the pages are rendered (more often the bigger the site). Undone when the build ends.
        gc.freeze()
        return env

    def _start_search(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Every page's Markdown is converted by now: hand the searchable pages to Pagefind in the background."""
        assert self.hub is not None and self.listings is not None
        pages = search.searchable_pages(files, self.hub, self.listings.pages, self.config.languages)
        bundles = search.plan_bundles(pages, self.config.search.pages_per_bundle)
        self.search_index = search.SearchIndexer(bundles, config.site_dir)
        template = env.get_template(search.TEMPLATE)
        self.search_index.start(lambda page: template.render(doc=page))

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
        """One lookup: the article shown on this page, if any, and the page's UI strings."""
        assert self.hub is not None
        lang = page.meta.get("hub_lang", self.config.default_language)
        context["t"] = self._strings(lang)
        context["hub_lang"] = lang
        article = self.hub.by_src_uri.get(page.file.src_uri)
        context["hub_article"] = (article_view(self.hub, article, pictures=self.pictures.get(article.src_uri))
                                  if article else None)
        context["hub_feed"] = self.feeds.link_for(page.url, article) if self.feeds else None
        assert self.listings is not None
        context["hub_listing"] = self.listings.pages.get(page.file.src_uri)
        context["hub_nav"] = self._nav_for(page, lang)
        context["hub_search"] = self.search_index.scripts(lang) if self.search_index is not None else ()
        if self.share_pages is not None:
            context["hub_share"] = self.share_pages.for_page(page, article, lang, context["t"])
        if self.report is not None and page.meta.get("hub_report"):
            context["hub_report_page"] = report_page.view(self.report, self.hub.taxonomy, lang)
        if self.languages is not None:
            self.languages.page_context(context, page, lang)
        return context

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        """Theme templates rendered without a page (the root 404): default-language UI strings, no nav."""
        # Not hub_lang: the root 404 belongs to no language (like the chooser).
        page_globals = self._page_globals(self.config.default_language)
        for key in ("t", "hub_search"):
            context.setdefault(key, page_globals[key])
        if self.languages is not None:
            self.languages.template_context(context, template_name)
        return context

    @event_priority(-100)  # last of all post_build steps: everything has been written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write feeds, 404s and sitemap, wait for the search index, then swap the finished build in."""
        if self.feeds is not None:
            log.info(f"feeds: {self.feeds.write(config.site_dir, config.theme.dirs)} written")
        if self.languages is not None and self.env is not None:
            self.languages.post_build(config, self.env, self._page_globals)
        if self.search_index is not None:
            self.search_index.finish()
        if self.site is not None and not self.site.commit():
            log.info("strict mode will abort this build: the last good site is kept")
        gc.unfreeze()

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves the last good site untouched."""
        gc.unfreeze()
        if self.search_index is not None:
            self.search_index.cancel()
        if self.site is not None:
            self.site.discard()

    def _nav_for(self, page: Page, lang: str) -> tuple:
        """The tabs of a page's language: home, topics, audiences, then its hand-written top-level pages."""
        assert self.listings is not None
        if not page.file.src_uri.startswith(f"{lang}/"):
            return ()  # the language chooser belongs to no language
        extra = self.languages.extra_nav(lang) if self.languages is not None else ()
        return self.listings.nav.get(lang, ()) + extra

    def _load_brand(self, config: MkDocsConfig) -> None:
        """Check the `brand:` options; its logo and favicon become Material's own (header, drawer, tab)."""
        try:
            self.brand = load_brand(self.config.brand, Path(config.docs_dir), tuple(self.config.languages),
                                    config.site_url or "")
        except BrandError as error:
            raise PluginError(str(error)) from None
        # Unless mkdocs.yml sets Material's own theme.logo/theme.favicon (favicon.png is Material's default).
        for option, default in (("logo", None), ("favicon", "assets/images/favicon.png")):
            if (value := self.config.brand[option]) and config.theme.get(option) in (None, default):
                config.theme[option] = value

    def _hide_sidebars(self, page: Page) -> None:
        """No navigation sidebar on homes, listings and articles (the tabs and the drawer hold the sections);
        articles keep their table of contents, homes and listings have none worth a column."""
        assert self.hub is not None and self.listings is not None
        article = page.file.src_uri in self.hub.by_src_uri
        if not article and page.file.src_uri not in self.listings.pages:
            return
        hide = list(page.meta.get("hide") or [])
        for part in ("navigation",) if article else ("navigation", "toc"):
            if part not in hide:
                hide.append(part)
        page.meta["hide"] = hide

    def _check_site_url(self, site_url: str | None) -> None:
        """Canonical and hreflang links, the sitemap, feeds and share tags are absolute: site_url is a must."""
        if not site_url:
            raise PluginError("hub: site_url is not set — canonical and hreflang links, the sitemap, feeds and "
                              "share tags need absolute URLs: add 'site_url: https://your.domain/' to mkdocs.yml")

    def _page_globals(self, lang: str) -> dict:
        """What every template of a language needs, pages or not (the 404s): UI strings and search."""
        scripts = self.search_index.scripts(lang) if self.search_index is not None else ()
        return {"hub_lang": lang, "t": self._strings(lang), "hub_search": scripts}

    def _strings(self, lang: str) -> PageStrings:
        assert self.catalog is not None
        return PageStrings(self.catalog, lang)

    def _language_of(self, src_uri: str) -> str:
        first = src_uri.split("/", 1)[0]
        return first if first in self.config.languages else self.config.default_language
