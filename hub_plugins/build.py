"""One build of the hub: every piece of per-build state, created in `on_config` and dropped with it.

`mkdocs serve` rebuilds many times in one process with one plugin object; keeping the state here (one
object per build, as Material's tags plugin keeps its managers) means nothing of a previous build can
leak into the next. The plugin's events each call one method of this object.
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from . import drawing, feeds, images, report_page, search, share, staging
from .bodypictures import PicturesExtension
from .brand import Brand, BrandError, load_brand, without_title
from .cards import CardFile, CardMaker
from .clock import ClockError, Schedule
from .cta import CallsToAction, hub_name
from .escaping import escape_page_meta
from .fragments import Fragments
from .i18n import load_catalog, markdown_slugify
from .imagecheck import HEADERS_FILE, PictureHeaders
from .languages import Languages
from .linkcheck import LinkCheck
from .links import LinkRules
from .listings import add_listing_files, plan_listings
from .loader import Source
from .related import related_articles
from .report import coverage
from .routes import CHOOSER, RouteTable
from .staging import StagedSite
from .validate import validate
from .views import ArticlePictures, PageStrings, article_view, related_views

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .config import HubConfig
    from .i18n import Catalog
    from .listings import ListingPlan, NavItem
    from .model import Article, Hub
    from .preview import PreviewBuild, PreviewCache
    from .report import Coverage
    from .routes import ListingSpec
    from .views import ArticleView

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"


class Build:
    """The state of one build and the steps that fill it, in the order MkDocs calls them."""

    def __init__(self, options: HubConfig, config: MkDocsConfig, serving: bool,
                 preview: PreviewCache | None = None) -> None:
        """Check the hub's options and UI strings, and point MkDocs at the hub's templates (on_config).

        `preview`: what `mkdocs serve` kept from its last build (the preview needs the staging folder).
        """
        self.options = options
        self.serving = serving
        languages = tuple(options.languages)
        if options.default_language not in languages:
            raise PluginError(f"hub: default_language {options.default_language!r} is not one of the "
                              f"languages {list(languages)} — set it to one of them in mkdocs.yml")
        self.catalog: Catalog = _catalog(languages)
        self.brand: Brand | None = _brand(options, config)
        feeds.check_config(options.feeds)
        if not config.site_url:
            raise PluginError("hub: site_url is not set — canonical and hreflang links, the sitemap, feeds and "
                              "share tags need absolute URLs: add 'site_url: https://your.domain/' to mkdocs.yml")
        docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path or docs_dir).resolve().parent
        self.source = Source(docs_dir=docs_dir, root=root,
                             languages=languages, taxonomy_file=options.taxonomy,
                             extra_fields=tuple(options.extra_fields),
                             words_per_minute=dict(options.reading.words_per_minute),
                             image_limits=options.images.limits(),
                             headers=preview.headers if preview is not None else
                             PictureHeaders(root / options.images.cache_dir / HEADERS_FILE))
        # The hub's partials (hub/*.html) come after the theme and custom_dir, which may override them.
        config.theme.dirs.append(str(TEMPLATES))
        # Heading anchors transliterate Turkish like every other slug of the hub.
        if "toc" in config.markdown_extensions:
            config.mdx_configs.setdefault("toc", {})["slugify"] = markdown_slugify
        self.cards = CardMaker(self.source.root / options.cards.cache_dir) \
            if options.share.enabled and options.cards.enabled else None
        self.images: images.ImageSet | None = None  # every picture's variants; `.picture(key, alt)`
        self.body_pictures: PicturesExtension | None = None
        if options.images.enabled:
            self.images = images.ImageSet(self.source.root / options.images.cache_dir, options.images.widths,
                                          self.source.headers)
            # Body images become <picture> while MkDocs converts each page (one extension per build).
            self.body_pictures = PicturesExtension(self.images.pictures)
            config.markdown_extensions[:] = [e for e in config.markdown_extensions
                                             if not isinstance(e, PicturesExtension)] + [self.body_pictures]
        self.site = StagedSite(config, strict=bool(config.strict)) if options.keep_last_good_site else None
        self.links = LinkCheck(config.site_url)
        self.hub: Hub | None = None
        self.ctas: CallsToAction | None = None
        self.related: Mapping[str, tuple[Article, ...]] = {}
        self.related_summaries: dict[str, ArticleView] = {}  # src_uri → the summary related stories show
        self.schedule: Schedule | None = None
        self.share_images: Mapping[str, share.ImageFile] = {}
        self.pictures: Mapping[str, ArticlePictures] = {}
        self.specs: Mapping[str, ListingSpec] = {}
        self.routes: RouteTable | None = None
        self.listings: ListingPlan | None = None
        self.feeds: feeds.FeedSet | None = None
        self.share_pages: share.SharePages | None = None
        self.report: Coverage | None = None
        self.languages: Languages | None = None
        self.env: Environment | None = None
        self.search_index: search.SearchIndexer | None = None
        self.preview: PreviewBuild | None = preview.begin(config, self.site) \
            if preview is not None and self.site is not None else None

    # -- on_pre_build ---------------------------------------------------------------------------------

    def read_content(self, config: MkDocsConfig) -> None:
        """Read and check all content once, before MkDocs touches site_dir."""
        try:  # one "today" for the whole build: what is due, and the report's day
            self.schedule = Schedule.of(self.options.time_zone)
        except ClockError as error:
            raise PluginError(f"hub: {error}") from None
        checked = validate(self.source, self.options, LinkRules.of_config(config), include_drafts=self.serving,
                           schedule=self.schedule, use_directory_urls=config.use_directory_urls,
                           memo=self.preview.cache.content if self.preview is not None else None)
        self.hub, self.specs = checked.hub, checked.listings
        log.info(f"content model: {len(self.hub.articles)} articles in {len(self.hub.languages)} languages")
        self.ctas = CallsToAction(self.hub.taxonomy, self.options.cta, hub_name(config.site_name))
        self.related = related_articles(self.hub, self.options.related.count)
        gc.freeze()  # the model lives as long as the build (see start_rendering)
        if self.options.share.enabled:
            self.share_images = share.prepare(self.hub, checked.images, config.site_name, self.cards)
        self._draw_pictures()
        self.source.headers.save()  # every picture's header is read by now (validation and variants)

    def _draw_pictures(self) -> None:
        """Collect every card and image variant of the build, then draw the missing ones in one batch."""
        assert self.hub is not None
        cards = self.cards.jobs() if self.cards is not None else []
        stages: list[list] = [list(cards)]
        if self.images is not None:
            card_files = {uri: image.source for uri, image in self.share_images.items() if image.card}
            images.plan(self.images, self.hub, self.source.docs_dir, card_files)
            self._hero_pictures(self.images)
            self.images.save()
            stages = self.images.stages(cards)
        done = drawing.draw(stages)
        where = f"on {done.workers} processes" if done.workers else "in this process"
        if self.cards is not None:
            log.info(f"social cards: {self.cards.drawn} drawn, {self.cards.reused} reused from the cache "
                     f"in {self.cards.seconds:.2f} s")
        if self.images is not None:
            log.info(f"images: {self.images.drawn} drawn, {self.images.reused} reused")
        if done.jobs:
            log.info(f"drawing: {done.files} files in {done.seconds:.2f} s {where}")

    def _hero_pictures(self, variants: images.ImageSet) -> None:
        """The homes' hero pictures get responsive variants like every other picture."""
        if self.brand is None:
            return
        heroes = {}
        for lang, hero in self.brand.heroes.items():
            picture = hero.picture
            if picture is not None and (found := variants.add_file(picture.url, self.source.docs_dir / picture.url)):
                picture = dataclasses.replace(found, alt=picture.alt)
            heroes[lang] = dataclasses.replace(hero, picture=picture)
        self.brand = dataclasses.replace(self.brand, heroes=MappingProxyType(heroes))

    # -- on_files ---------------------------------------------------------------------------------------

    def place_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the hub's pages to MkDocs' files, then read where MkDocs puts every page (the route table)."""
        hub = self.hub
        assert hub is not None
        if (taxonomy := files.get_file_from_path(self.options.taxonomy)) is not None:
            files.remove(taxonomy)
        for file in files.documentation_pages():
            if self.source.is_article(file.src_uri):
                # A draft or scheduled article is absent from the hub when publishing: mark it so MkDocs
                # leaves it out too.
                file.inclusion = InclusionLevel.NOT_IN_NAV if file.src_uri in hub.by_src_uri \
                    else InclusionLevel.DRAFT
        if files.get_file_from_path(CHOOSER) is None:
            chooser = {"template": "hub-chooser.html", "title": config.site_name, "hide": ["navigation", "toc"]}
            front = yaml.safe_dump(chooser, allow_unicode=True)
            files.append(File.generated(config, CHOOSER, content=f"---\n{front}---\n"))
        add_listing_files(files, self.specs, config)
        reports = report_page.files(config, hub.languages, self.catalog) if self.options.report.page else []
        for file in reports:
            files.append(file)
        self.routes = RouteTable.build(files, hub, self.specs, (f.src_uri for f in reports), config.site_url or "")
        # Cards are served at a stable URL beside their article, linked from the card cache.
        for src_uri, image in self.share_images.items():
            if image.card and src_uri in self.routes.routes:
                path = share.card_path(self.routes, hub.by_src_uri[src_uri])
                files.append(CardFile.generated(config, path, abs_src_path=str(image.source)))
        if self.images is not None:
            self.images.add_files(files, config)
        self.pictures = share.article_pictures(hub, self.share_images, self.routes, self.images)
        self.listings = plan_listings(hub, self.catalog, self.options.listings.page_size, self.specs, self.routes,
                                      self.pictures)
        if self.options.feeds.enabled:
            self.feeds = feeds.FeedSet.plan(hub, self.routes, self.strings, config.site_name, self.options.feeds)
        if self.options.share.enabled:
            brand = self.brand
            self.share_pages = share.SharePages(
                hub, self.routes, self.share_images, config.site_name, self.options.share.utm_campaign,
                site_images=brand.share_image if brand else {}, twitter_site=brand.twitter_site if brand else None,
                logo_url=brand.logo_url(self.routes.absolute("")) if brand else None)
        if reports:  # the editors' coverage report, one page per language
            assert self.schedule is not None
            self.report = coverage(hub, self.schedule.today, self.options.report.stale_days,
                                   default_cta=self.options.cta is not None)
        if self.site is not None and self.preview is None:  # (the preview copies only what changed)
            return staging.keep_static(files, self.site.final)
        return files

    # -- on_pre_page / on_page_read_source / on_page_markdown / on_page_content ---------------------------

    def pre_page(self, page: Page, config: MkDocsConfig) -> Page:
        """In the preview, a page that can reuse its last conversion (preview.PreviewPage)."""
        if self.preview is None:
            return page
        article = self.hub.by_src_uri.get(page.file.src_uri) if self.hub is not None else None
        pictures = "" if article is None or self.images is None else \
            repr([self.images.pictures.get(uri) for uri in article.body_images])
        return self.preview.page(page, config, pictures)

    def page_source(self, page: Page) -> str | None:
        """The body the loader already read, instead of MkDocs reading and parsing the file again."""
        assert self.hub is not None
        article = self.hub.by_src_uri.get(page.file.src_uri)
        # The leading blank line stops MkDocs from taking a first line like "Note: …" as metadata.
        return None if article is None else "\n" + article.body

    def page_meta(self, markdown: str, page: Page) -> str:
        """Give every page its language, and articles and listings their validated title and description."""
        assert self.hub is not None and self.routes is not None and self.listings is not None
        route = self.routes.get(page.file.src_uri)
        page.meta["hub_lang"] = (route.lang if route else None) or self.options.default_language
        if self.body_pictures is not None:  # MkDocs converts this page next
            self.body_pictures.current = page.file.url
        listing = self.listings.pages.get(page.file.src_uri)
        if article := self.hub.by_src_uri.get(page.file.src_uri):
            page.meta.update(title=article.title, description=article.description)
        elif listing is not None and listing.generated:
            page.meta.update(title=listing.title, description=listing.description)
        escape_page_meta(page.meta)  # Material prints titles and descriptions unescaped
        self._hide_sidebars(page, article is not None, listing is not None)
        if listing and listing.kind == "home" and self.brand and listing.lang in self.brand.heroes:
            markdown = without_title(markdown)  # the hero's headline is the home's h1
        return markdown

    def _hide_sidebars(self, page: Page, article: bool, listing: bool) -> None:
        """No navigation sidebar on homes, listings and articles (the tabs and the drawer hold the sections);
        articles keep their table of contents, homes and listings have none worth a column."""
        if not article and not listing:
            return
        hide = list(page.meta.get("hide") or [])
        for part in ("navigation",) if article else ("navigation", "toc"):
            if part not in hide:
                hide.append(part)
        page.meta["hide"] = hide

    def page_html(self, html: str, page: Page) -> None:
        """Keep each article's HTML, converted once by MkDocs, for full-content feed items."""
        assert self.hub is not None
        if self.feeds is not None:
            self.feeds.collect(self.hub.by_src_uri.get(page.file.src_uri), html)

    # -- on_nav / on_env --------------------------------------------------------------------------------

    def pair_languages(self, nav: Navigation, files: Files) -> None:
        """Pair every page with its other language versions; one navigation per language."""
        assert self.hub is not None and self.routes is not None
        self.languages = Languages(self.hub, self.routes, files, nav, self.options.default_language)

    def start_rendering(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Expose the hub's strings to every template, note every link templates write, start the search index."""
        assert self.routes is not None
        env.globals["hub_strings"] = self.strings
        env.globals["hub_languages"] = tuple(self.options.languages)
        env.globals["hub_homes"] = {lang: self.routes.home(lang) for lang in self.options.languages}
        env.globals["hub_brand"] = self.brand
        fragments = Fragments()  # per build: its cache holds this build's cards
        env.filters["url"] = self.links.url_filter(env.filters["url"], fragments)
        env.globals["hub_fragment"], env.globals["hub_cached"], env.globals["hub_icon"] = fragments.functions(env)
        self.env = env
        if self.preview is not None:
            self.preview.prepare(self, config, env)
        if self.options.search.enabled:
            assert self.hub is not None and self.source is not None
            pages = search.searchable_pages(files, self.hub, self.routes)
            bundles = search.plan_bundles(pages, self.options.search.pages_per_bundle)
            scratch = self.source.root / search.SCRATCH_DIR
            self.search_index = search.SearchIndexer(bundles, config.site_dir, scratch) if self.preview is None \
                else self.preview.search_indexer(bundles, config.site_dir, scratch)
            template = env.get_template(search.TEMPLATE)
            self.search_index.start(lambda page: template.render(doc=page))
        if self.preview is not None:  # every page is read: the preview leaves out what has not changed
            self.preview.plan(self, files)
        # The model and every converted page live until the build ends: keep them out of the cyclic
        # garbage collector's full collections, which would otherwise rescan them again and again
        # while the pages are rendered (more often the bigger the site). Undone when the build ends.
        gc.freeze()

    # -- on_page_context / on_template_context ----------------------------------------------------------

    def page_context(self, context: dict, page: Page) -> dict:
        """One lookup per question: the page's article or listing, language, feed, share tags and nav."""
        assert self.hub is not None and self.routes is not None and self.listings is not None
        src_uri = page.file.src_uri
        lang = page.meta.get("hub_lang", self.options.default_language)
        route = self.routes.get(src_uri)
        context["t"] = self.strings(lang)
        context["hub_lang"] = lang
        context["hub_route"] = route
        article = self.hub.by_src_uri.get(src_uri)
        context["hub_article"] = (article_view(self.hub, self.routes, article, pictures=self.pictures.get(src_uri))
                                  if article else None)
        context["hub_feed"] = self.feeds.link_for(src_uri) if self.feeds else None
        context["hub_listing"] = listing = self.listings.pages.get(src_uri)
        # Related stories of an article, best first, as summaries (hub/related.html).
        context["hub_related"] = related_views(self.hub, self.routes, self.related.get(src_uri, ()),
                                               self.related_summaries) if article else ()
        assert self.ctas is not None
        audience = listing.key if listing is not None and listing.kind == "audience" else None
        context["hub_cta"] = self.ctas.for_page(article, lang, audience)
        context["hub_nav"] = self._nav_for(route)
        context["hub_section"] = self._section_of(route)
        context["hub_search"] = self.search_index.scripts(lang) if self.search_index is not None else ()
        if self.share_pages is not None:
            meta = context["hub_share"] = self.share_pages.for_page(page, article, lang, context["t"])
            self.links.absolute(meta.url, src_uri)
            if meta.image is not None:
                self.links.absolute(meta.image.url, src_uri)
            self.links.absolute_in(meta.json_ld, src_uri)
        if self.report is not None and page.meta.get("hub_report"):
            context["hub_report_page"] = report_page.view(self.report, self.hub.taxonomy, self.routes, lang)
        if self.languages is not None:
            self.languages.page_context(context, page, lang)
            for version in context["hub_page_languages"].alternates:
                self.links.absolute(version.href, src_uri)
        return context

    def check_context(self, context: dict) -> None:
        """In the preview: a page variable it does not trace makes every rebuild render every page."""
        if self.preview is not None:
            self.preview.saw_context(context)

    def template_context(self, context: dict, template_name: str) -> dict:
        """Theme templates rendered without a page (the root 404): default-language UI strings, no nav."""
        # Not hub_lang: the root 404 belongs to no language (like the chooser).
        page_globals = self.page_globals(self.options.default_language)
        for key in ("t", "hub_search"):
            context.setdefault(key, page_globals[key])
        if self.languages is not None:
            self.languages.template_context(context, template_name)
        return context

    # -- on_post_build / on_build_error ---------------------------------------------------------------

    def finish(self, config: MkDocsConfig) -> None:
        """Write feeds, 404s and sitemap, wait for the search index, check every link, swap the build in."""
        if self.feeds is not None:
            written = self.feeds.write(config.site_dir, config.theme.dirs)
            log.info(f"feeds: {written} written")
            for path, feed in self.feeds.feeds():
                for url in (feed.link, feed.self_link, *(item.link for item in feed.items)):
                    self.links.absolute(url, path)
        if self.languages is not None and self.env is not None:
            for url in self.languages.post_build(config, self.env, self.page_globals):
                self.links.absolute(url, "sitemap.xml")
        if self.search_index is not None:
            self.search_index.finish()
        preview = self.preview
        for holder, target in self.links.dangling(config.site_dir, preview.exists if preview else None):
            log.warning(f"hub: {holder} links to '{target}', which this build did not write — a bug in a "
                        "template or an override: link pages through the route table (hub_* variables)")
        if self.site is not None:
            if not self.site.commit(preview.merge if preview is not None and preview.incremental else None):
                log.info("strict mode will abort this build: the last good site is kept")
                if preview is not None:
                    preview.failed()
            elif preview is not None:
                preview.committed(self)
        gc.unfreeze()

    def fail(self) -> None:
        """A failed build leaves the last good site untouched."""
        self.close()
        if self.preview is not None:
            self.preview.failed()
        if self.site is not None:
            self.site.discard()

    def close(self) -> None:
        """Stop anything still running for this build (a new build starts, or this one failed)."""
        gc.unfreeze()
        if self.search_index is not None:
            self.search_index.cancel()

    # -- helpers ----------------------------------------------------------------------------------------

    def strings(self, lang: str) -> PageStrings:
        """The hub's UI strings in `lang`."""
        return PageStrings(self.catalog, lang)

    def page_globals(self, lang: str) -> dict:
        """What every template of a language needs, pages or not (the 404s): UI strings and search."""
        scripts = self.search_index.scripts(lang) if self.search_index is not None else ()
        return {"hub_lang": lang, "t": self.strings(lang), "hub_search": scripts}

    def _nav_for(self, route: object) -> tuple[NavItem, ...]:
        """The tabs of a page's language: home, topics, audiences, then its hand-written top-level pages."""
        assert self.listings is not None
        lang = getattr(route, "lang", None)
        if lang is None:
            return ()  # the language chooser belongs to no language
        extra = self.languages.extra_nav(lang) if self.languages is not None else ()
        return self.listings.nav.get(lang, ()) + extra

    def _section_of(self, route: object) -> str | None:
        """Which top-level section a page belongs to (its tab is marked current): home, topics or audiences."""
        spec = getattr(route, "listing", None)
        if spec is None:
            return None
        return {"home": "home", "topics": "topics", "topic": "topics", "audiences": "audiences",
                "audience": "audiences"}.get(spec.kind)


def _brand(options: HubConfig, config: MkDocsConfig) -> Brand:
    """Check the `brand:` options; its logo and favicon become Material's own (header, drawer, tab)."""
    try:
        brand = load_brand(options.brand, Path(config.docs_dir), tuple(options.languages), config.site_url or "")
    except BrandError as error:
        raise PluginError(str(error)) from None
    # Unless mkdocs.yml sets Material's own theme.logo/theme.favicon (favicon.png is Material's default).
    for option, default in (("logo", None), ("favicon", "assets/images/favicon.png")):
        if (value := options.brand[option]) and config.theme.get(option) in (None, default):
            config.theme[option] = value
    return brand


def _catalog(languages: tuple[str, ...]) -> Catalog:
    """The UI strings of every language, complete: a missing file or key is one clear error."""
    try:
        catalog = load_catalog(languages)
    except FileNotFoundError as error:
        raise PluginError(f"hub: no UI strings for a language ({error.filename}) — add "
                          "hub_plugins/locales/<lang>.yml") from None
    if missing := catalog.missing():
        raise PluginError("hub: UI strings missing: " + ", ".join(f"{lang}:{key}" for lang, key in missing)
                          + " — add them to hub_plugins/locales/<lang>.yml")
    return catalog
