"""Instant preview: in `mkdocs serve`, a rebuild converts, renders and writes only what changed.

MkDocs' serve loop rebuilds the whole site on every save (a fresh config, every page's Markdown
converted by a new Markdown instance, every template rendered, every file written); its `--dirty`
mode only compares file times, so it cannot know that a title shown on forty listing pages changed.
The content model can. One `PreviewCache` per `mkdocs serve` process (held by the plugin, never used
when publishing) keeps what the last build made, and each build asks it, through documented events:

- `on_pre_build`: the loader reuses the parsed and checked result of every article file whose bytes
  did not change (`loader.ContentMemo`); `on_env` reuses compiled templates (`_CompiledTemplates`).
- `on_pre_page`: a page outside MkDocs' nav becomes a `PreviewPage`, whose `render` reuses the last
  conversion when the Markdown, the page's place, the Markdown settings and every link target MkDocs
  resolved in it are the same (and replays what MkDocs logged while converting it).
- `on_env`, once every page is read: each article and listing page gets a digest of everything its
  output is made from — its converted body and front matter, its route, its article's view (topics,
  authors, series neighbours …), the listing it shows (every entry's summary data, counts, pager),
  its related stories, its language versions, feed link, call to action, share image and its
  language's navigation — with every article it shows stood in for by a digest of its *summary data*
  (all its fields but the body). Pages whose digest did not change, and static files whose source did
  not change, are marked excluded, so MkDocs neither renders nor writes them: the served folder still
  holds their bytes. New listing kinds are covered as long as they are `ListingPlan` pages.
- The build writes what changed into the staging folder; the last step moves those files into the
  served folder and removes the files that are no longer part of the site (`merge`), instead of
  swapping whole folders. A failed build leaves the served folder as it was.
- Search: a Pagefind document is rendered again only for a changed page, and Pagefind runs again
  only for a bundle whose documents changed — in the background, after the pages are served (the
  previous index answers queries until the new one is moved in).

A template, theme, UI-string, `mkdocs.yml` or "today" change rebuilds everything, as does any page
data the preview does not know (`KNOWN_CONTEXT`): a new `hub_*` template variable must be added to
`_Records.page` before rebuilds can skip pages again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import shutil
import sysconfig
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from . import report_page, search, views
from .bodypictures import PicturesExtension
from .cards import CardFile
from .imagecheck import PictureHeaders
from .listings import ListingPage
from .loader import ContentMemo
from .routes import ARTICLE, HOME, LISTING, REPORT
from .views import article_view

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.toc import TableOfContents

    from .build import Build
    from .model import Article
    from .staging import StagedSite

log = get_plugin_logger(__name__)

# Page kinds whose output the preview can trace to its inputs; every other page (hand-written pages,
# the chooser) is rendered on every build: there are few.
TRACED_KINDS = frozenset({ARTICLE, HOME, LISTING, REPORT})
# MkDocs' page events: another plugin that handles one of them expects every page to pass through it
# (MkDocs' own `search` collects every page's text), so the preview renders every page.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
# Template variables the hub gives a page that `_Records.page` accounts for. A page context with any
# other `hub_*` variable switches the preview off (full rebuilds) rather than serve a stale page.
KNOWN_CONTEXT = frozenset({"hub_lang", "hub_route", "hub_article", "hub_feed", "hub_listing", "hub_related",
                           "hub_cta", "hub_nav", "hub_section", "hub_search", "hub_share", "hub_report_page",
                           "hub_page_languages"})
SEARCH_DIR = PurePath(search.BUNDLE_DIR)
# Markdown extensions whose output depends only on the page's Markdown (and the links MkDocs resolves).
# Any other extension may read other files (pymdownx.snippets, markdown-include): with one configured,
# every page is converted and rendered on every build.
PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
    "wikilinks", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details", "pymdownx.emoji",
    "pymdownx.escapeall", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink",
    "pymdownx.mark", "pymdownx.saneheaders", "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tabbed",
    "pymdownx.tasklist", "pymdownx.tilde", "material.extensions.emoji"})


def _digest(*parts: str | bytes) -> str:
    """A short, stable digest of strings and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@dataclass(frozen=True, slots=True)
class Conversion:
    """A page's Markdown as MkDocs converted it, and what the conversion depended on."""

    key: str  # digest of the page's src_uri and URL and the build's Markdown settings
    markdown: str
    lookups: tuple[tuple[str, str | None], ...]  # each link target MkDocs looked up → its URL (None: no file)
    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str] | None
    anchor_links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None  # target src_uri → anchor → link
    messages: tuple[tuple[str, int, str], ...]  # what MkDocs logged while converting: logger, level, text
    identity: str  # stands for the converted HTML, table of contents and title in a page's record


@dataclass(slots=True)
class SiteState:
    """The served folder as the last committed build left it, and what each of its pages was made from."""

    settings: str  # digest of templates, theme, UI strings, mkdocs.yml and today
    pages: dict[str, str]  # src_uri → digest of the page's inputs
    indexed: dict[str, str]  # src_uri → language, of the pages the sitemap lists
    static: dict[str, tuple]  # dest_uri → signature of the static file's source
    files: set[str]  # every file of the served folder outside pagefind/, as site paths
    bundles: dict[str, str] = field(default_factory=dict)  # search bundle → digest of its documents


@dataclass(frozen=True, slots=True)
class PreviewReport:
    """What the last preview build did (for the log line and the tests)."""

    full: bool  # every page rendered (first build, or a template/config change)
    rendered: tuple[str, ...]  # src_uris of the pages rendered
    converted: tuple[str, ...]  # src_uris of the pages whose Markdown was converted
    copied: int  # static files copied
    pages: int  # pages of the site


class PreviewCache:
    """What one `mkdocs serve` process keeps between builds. Created in `on_startup(serve)` only."""

    def __init__(self) -> None:
        self.conversions: dict[str, Conversion] = {}  # by src_uri
        self.content = ContentMemo()  # parsed and checked articles (loader)
        self.headers = PictureHeaders()  # every picture's header, by file version (validation, variants)
        self.documents: dict[str, tuple[str, bytes]] = {}  # search document path → (key, HTML)
        self.state: SiteState | None = None
        self.trusted = True  # False once a page showed data the preview does not trace
        self.report: PreviewReport | None = None
        self.templates = _CompiledTemplates()
        self.lock = threading.Lock()  # the state's search bundles are updated by the indexing thread
        self._search: PreviewSearch | None = None

    def begin(self, config: MkDocsConfig, site: StagedSite) -> PreviewBuild:
        """A new build starts (on_config)."""
        return PreviewBuild(self, config, site)

    def clear(self) -> None:
        """Forget everything: the next build renders every page."""
        self.content = ContentMemo()
        self.headers = PictureHeaders()
        self.conversions.clear()
        self.documents.clear()
        self.state = None

    def wait(self) -> None:
        """Wait until the search index of the last build is in place (tests; the server never waits)."""
        if self._search is not None:
            self._search.wait()

    def close(self) -> None:
        """The server stops: stop indexing."""
        if self._search is not None:
            self._search.cancel()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept between builds: MkDocs makes a new Jinja environment for each build, and
    compiling Material's and the hub's templates again takes longer than rendering the pages that changed.
    Jinja checks each template's source against its checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _RecordingFiles(Files):
    """MkDocs' files as one page's conversion sees them, noting each link target looked up."""

    def __init__(self, files: Files) -> None:  # not super().__init__, which would copy every file
        self._inner = files
        self.lookups: dict[str, str | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __iter__(self) -> Any:
        return iter(self._inner)

    def __len__(self) -> int:
        return len(self._inner)

    def get_file_from_path(self, path: str) -> File | None:
        found = self._inner.get_file_from_path(path)
        self.lookups[path] = None if found is None else found.url
        return found


class _Messages(logging.Handler):
    """Collects what MkDocs logs while one page is converted, to say it again when the conversion is reused."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class PreviewPage(Page):
    """A page that reuses its last conversion when nothing it was converted from changed."""

    _cache: PreviewCache
    _settings: str
    conversion: str = ""  # Conversion.identity, once rendered
    _converted: bool = False

    @classmethod
    def adopt(cls, page: Page, cache: PreviewCache, settings: str) -> PreviewPage:
        """The page MkDocs made, as a PreviewPage: the same object, so nothing else needs to know (a second
        `Page()` for each of thousands of pages would cost more than the rest of the preview's work)."""
        page.__class__ = cls
        assert isinstance(page, cls)
        page._cache, page._settings = cache, settings
        return page

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the Markdown, or take the last conversion when it would give the same HTML."""
        assert self.markdown is not None
        src_uri = self.file.src_uri
        key = _digest(self._settings, src_uri, self.file.url)
        found = self._cache.conversions.get(src_uri)
        if found is not None and found.key == key and found.markdown == self.markdown and all(
                _url_of(files, path) == url for path, url in found.lookups):
            self.conversion = found.identity
            self.content, self.toc, self._title_from_render = found.content, found.toc, found.title
            self.present_anchor_ids = set(found.anchors) if found.anchors is not None else None
            if found.anchor_links is not None:
                self.links_to_anchors = {files.get_file_from_path(target): dict(links)  # type: ignore[misc]
                                         for target, links in found.anchor_links}
            for name, level, message in found.messages:
                logging.getLogger(name).log(level, message)
            return
        recording, messages = _RecordingFiles(files), _Messages()
        logging.getLogger("mkdocs").addHandler(messages)
        try:
            super().render(config, recording)
        finally:
            logging.getLogger("mkdocs").removeHandler(messages)
        assert self.content is not None
        anchor_links = None if self.links_to_anchors is None else tuple(
            (target.src_uri, tuple(links.items())) for target, links in self.links_to_anchors.items())
        lookups = tuple(recording.lookups.items())
        found = self._cache.conversions[src_uri] = Conversion(
            key, self.markdown, lookups, self.content, self.toc, self._title_from_render,
            frozenset(self.present_anchor_ids) if self.present_anchor_ids is not None else None,
            anchor_links, tuple(messages.records), _digest(key, self.markdown, repr(lookups)))
        self.conversion = found.identity
        self._converted = True

    @property
    def converted(self) -> bool:
        """Whether this build converted the Markdown (rather than reusing the last conversion)."""
        return self._converted


def _url_of(files: Files, path: str) -> str | None:
    found = files.get_file_from_path(path)
    return None if found is None else found.url


# The fields of the article views as `_Records.article` knows them: it names what each is made from
# (`views.article_view`). When the views change, the preview falls back to comparing whole views.
KNOWN_VIEWS = {
    "ArticleView": ("article", "lang", "title", "description", "url", "home_url", "published_iso", "published_text",
                    "updated_iso", "updated_text", "authors", "reading_minutes", "audiences", "topics", "series",
                    "draft", "scheduled_iso", "scheduled_text", "pictures", "featured"),
    "Byline": ("key", "name", "role", "organization", "url"),
    "Label": ("key", "label", "url"),
    "SeriesView": ("key", "title", "part", "total", "url", "parts", "previous", "next"),
    "SeriesPart": ("number", "title", "url", "current"),
    "SeriesStep": ("number", "title", "url"),
}


def _views_known() -> bool:
    """Whether the view dataclasses still have the fields `_Records.article` was written for."""
    return all(tuple(f.name for f in dataclasses.fields(getattr(views, name))) == names
               for name, names in KNOWN_VIEWS.items())


class _Records:
    """The dependency record of each page of one build, as text: what its output is made from.

    An article stands in for itself by its *summary data*: `repr(Article)`, which leaves the body out
    (model.Article). An article page's record names its own summary and converted body, the summaries of
    its related stories and of its series' parts, the taxonomy entries it shows, its language versions
    and share image. A listing page's record is its planned `Listing` (from listings.plan_listings), in
    which each entry is the summary view of the article it shows: whatever kind of listing it is, the
    record changes exactly when what it shows does.
    """

    def __init__(self, build: Build) -> None:
        self.build = build
        hub = build.hub
        assert hub is not None
        self.hub = hub
        self.fast = _views_known()
        self._summaries: dict[str, str] = {}
        self._shared: dict[int, tuple[object, str]] = {}  # dataclasses shown on many pages, by identity
        self._fields: dict[type, tuple[str, ...]] = {}
        self._terms: dict[tuple[str, str, str], str] = {}

    def summary(self, article: Article) -> str:
        """An article's summary data, as a digest: related stories and series parts name it on many pages."""
        found = self._summaries.get(article.src_uri)
        if found is None:
            found = self._summaries[article.src_uri] = _digest(repr(article))
        return found

    def article(self, article: Article) -> str:
        """What an article page shows of the model: its summary, taxonomy entries, series, related stories."""
        build = self.build
        related = ",".join(self.summary(a) for a in build.related.get(article.src_uri, ()))
        if not self.fast:  # the views changed: compare the article's whole view (slower, as exact)
            assert build.routes is not None
            pictures = build.pictures.get(article.src_uri)
            return f"{article_view(self.hub, build.routes, article, pictures=pictures)!r}|{related}"
        lang, term = article.lang, self.term
        # Its pictures' variants are named by their content: a replaced picture file changes the page.
        parts = [self.summary(article), related, repr(build.pictures.get(article.src_uri))]
        parts += [term("audience", key, lang) for key in article.audiences]
        parts += [term("topic", key, lang) for key in article.topics]
        parts += [term("author", key, lang) for key in article.authors]
        if article.series and article.series_part:  # views.series_view: every part, and the series' length
            parts.append(term("series", article.series, lang))
            parts.append(str(self.hub.series_length(lang, article.series)))
            parts += [self.summary(a) for a in self.hub.in_series(lang, article.series)]
        return "|".join(parts)

    def term(self, kind: str, key: str, lang: str) -> str:
        """What an article page shows of a taxonomy entry in its language (labels, names, calls to action)."""
        found = self._terms.get((kind, key, lang))
        if found is None:
            tx = self.hub.taxonomy
            if kind == "audience":  # its chip, and its call to action (cta.CallsToAction)
                cta = tx.audiences[key].cta
                shown = (tx.audiences[key].label(lang), cta and (cta.label(lang), cta.url))
            elif kind == "topic":  # its chip and share tag
                shown = (tx.topics[key].label(lang),)
            elif kind == "author":  # views.Byline and share.author_json_ld
                author = tx.authors[key]
                shown = (author.name, author.role(lang), author.organization)
            else:  # views.series_view
                series = tx.series[key]
                shown = (series.titles[lang], series.parts)
            found = self._terms[(kind, key, lang)] = repr(shown)
        return found

    def listing(self, listing: object) -> str:
        """A planned listing page, each shared view (the entries) written out once per build."""
        kind = type(listing)
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(listing))  # type: ignore[arg-type]
        return kind.__name__ + "(" + ",".join(self._value(getattr(listing, name)) for name in names) + ")"

    def _value(self, value: object) -> str:
        if isinstance(value, tuple):
            return "(" + ",".join(map(self._value, value)) + ")"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # A story card is shown on many listings: written out once, then stood for by its digest, so
            # the listings' records stay short.
            found = self._shared.get(id(value))
            if found is None:
                found = self._shared[id(value)] = (value, _digest(repr(value)))
            return found[1]
        return repr(value)

    def page(self, file: File, page: Page, language: str) -> str | None:
        """The record of an article, listing, home or report page; None: render it every time."""
        build, hub, routes = self.build, self.hub, self.build.routes
        assert routes is not None and build.listings is not None
        src_uri = file.src_uri
        route = routes.get(src_uri)
        if route is None or route.kind not in TRACED_KINDS or file.inclusion.is_in_nav() \
                or not isinstance(page, PreviewPage):
            return None
        lang = page.meta.get("hub_lang")
        # Its language versions and where the switcher goes: what languages.page_languages is made from.
        versions = routes.versions(src_uri)
        nearest = [routes.nearest(code, src_uri) for code in routes.languages if code not in versions]
        parts = [file.url, route.kind, repr(route.listing), str(file.inclusion.value), str(page.title),
                 repr(page.meta), page.conversion, language, repr(versions), repr(nearest),
                 repr(build.feeds.link_for(src_uri) if build.feeds is not None else None)]
        if (article := hub.by_src_uri.get(src_uri)) is not None:
            # Its call to action and share tags come from its summary, its audiences' and topics' entries
            # and its share image.
            parts += [self.article(article), repr(build.share_images.get(src_uri))]
        elif (listing := build.listings.pages.get(src_uri)) is not None:
            audience = listing.key if listing.kind == "audience" else None
            cta = build.ctas.for_page(None, listing.lang, audience) if build.ctas is not None else None
            parts += [self.listing(listing), repr(cta)]
        if build.report is not None and page.meta.get("hub_report"):  # shows every article: compared whole
            parts.append(repr(report_page.view(build.report, hub.taxonomy, routes, lang)))
        return _digest("\x00".join(parts))


class PreviewBuild:
    """The preview's part of one build: made in on_config, used in on_pre_page, on_env and at the end."""

    def __init__(self, cache: PreviewCache, config: MkDocsConfig, site: StagedSite) -> None:
        self.cache = cache
        self.site = site
        # What a page's conversion depends on besides its own Markdown and place: mkdocs.yml as written
        # (extensions and their options, use_directory_urls, validation) and where the site is served.
        config_file = config.config_file_path
        written = Path(config_file).read_bytes() if config_file and os.path.isfile(config_file) else b""
        self.markdown_settings = _digest(written, str(config.site_url), str(config.use_directory_urls))
        # The hub's own body pictures read only the build's pictures, which each page's key names (`page`).
        impure = sorted(name for name in map(str, (e for e in config.markdown_extensions
                                                   if not isinstance(e, PicturesExtension)))
                        if name.removeprefix("markdown.extensions.") not in PURE_EXTENSIONS)
        self.reuse = not impure
        if impure and cache.trusted:
            cache.trusted = False
            log.info(f"preview: the Markdown extension(s) {', '.join(impure)} may read other files, so every page "
                     "is converted and rendered on each rebuild")
        self.settings = ""
        self.incremental = False
        self.pages: dict[str, str] = {}  # src_uri → inputs digest, of this build's traced pages
        self.static: dict[str, tuple] = {}
        self.expected: set[str] = set()  # site paths of every page and static file of this build
        self.rendered: list[str] = []
        self.pages_count = 0
        self.copied = 0
        self.search: PreviewSearch | None = None

    # -- on_pre_page ---------------------------------------------------------------------------------

    def page(self, page: Page, config: MkDocsConfig, pictures: str = "") -> Page:
        """A page outside MkDocs' nav becomes a `PreviewPage` (pages in the nav belong to it: left as they are).

        `pictures`: the variants of the page's body pictures, which its conversion prints.
        """
        # A listing page too (it is converted in full here: the conversion is kept across rebuilds).
        if page.file.inclusion.is_in_nav() or type(page) not in (Page, ListingPage) or not self.reuse:
            return page
        return PreviewPage.adopt(page, self.cache, self.markdown_settings + pictures)

    # -- on_env ----------------------------------------------------------------------------------------

    def prepare(self, build: Build, config: MkDocsConfig, env: jinja2.Environment) -> None:
        """Every page is read: did templates, theme, UI strings, mkdocs.yml or today change since the last build?"""
        env.bytecode_cache = self.cache.templates
        self.settings = self._settings(build, config)
        cache = self.cache
        if cache.state is not None and cache.state.settings != self.settings:
            log.info("preview: templates, theme, UI strings, mkdocs.yml or today changed: every page is rendered")
            cache.clear()
        names = {id(plugin): name for name, plugin in config.plugins.items()}
        others = sorted({names.get(id(getattr(method, "__self__", None)), _owner(method))
                         for event in PAGE_EVENTS for method in config.plugins.events[event]
                         if not _owner(method).startswith(f"{__package__}.")})
        if others and cache.trusted:
            cache.trusted = False
            log.info(f"preview: {', '.join(others)} handle(s) every page, so every page is rendered on each "
                     "rebuild (the hub's search replaces MkDocs' `search` plugin: remove it from mkdocs.yml)")
        self.incremental = cache.state is not None and cache.trusted

    def search_indexer(self, bundles: Mapping[str, tuple[search.Bundle, ...]], site_dir: str,
                       scratch_root: Path) -> PreviewSearch:
        """The search index of this build: documents and Pagefind runs only for what changed."""
        self.search = PreviewSearch(bundles, site_dir, scratch_root, self)
        return self.search

    def plan(self, build: Build, files: Files) -> None:
        """Decide which pages and static files this build writes (after `prepare`); exclude the others."""
        state = self.cache.state if self.incremental else None
        languages: dict[str | None, str] = {}
        records = _Records(build)
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.pages_count = len(pages)
        for file in pages:
            page = file.page
            assert page is not None
            self.expected.add(file.dest_uri)
            lang = page.meta.get("hub_lang")
            if lang not in languages:
                languages[lang] = _digest(repr(self._language_inputs(build, lang)))  # in every page's record
            inputs = records.page(file, page, languages[lang])
            if inputs is None:
                self.rendered.append(file.src_uri)
                continue
            self.pages[file.src_uri] = inputs
            if state is not None and state.pages.get(file.src_uri) == inputs and file.dest_uri in state.files:
                file.inclusion = InclusionLevel.EXCLUDED  # its output in the served folder is still right
                if build.languages is not None and file.src_uri in state.indexed:
                    build.languages.indexed[file.src_uri] = state.indexed[file.src_uri]  # for the sitemap
            else:
                self.rendered.append(file.src_uri)
        for file in files:
            if file.is_documentation_page() or not file.inclusion.is_in_serve():
                continue
            signature = self.static[file.dest_uri] = _signature(file)
            self.expected.add(file.dest_uri)
            if state is not None and state.static.get(file.dest_uri) == signature and file.dest_uri in state.files:
                file.inclusion = InclusionLevel.EXCLUDED
            else:
                self.copied += 1

    def _settings(self, build: Build, config: MkDocsConfig) -> str:
        """Digest of what every page depends on: mkdocs.yml, templates and theme, UI strings, today."""
        stats: list[str] = [self.markdown_settings, get_build_date()]
        if build.schedule is not None:
            stats.append(build.schedule.today.isoformat())
        locales = Path(__file__).parent / "locales"
        for folder in (*config.theme.dirs, str(locales)):
            if _installed(folder):  # an installed theme does not change while serving (Material: 14,000 files)
                stats.append(folder)
                continue
            for root, _dirs, names in sorted(os.walk(folder)):
                for name in sorted(names):
                    info = os.stat(os.path.join(root, name))
                    stats.append(f"{root}/{name}:{info.st_mtime_ns}:{info.st_size}")
        return _digest(*stats)

    @staticmethod
    def _language_inputs(build: Build, lang: str | None) -> tuple:
        """What every page of a language shows alike: its tabs, MkDocs' nav of the language, search scripts,
        the brand (its hero pictures' variants are named by their content)."""
        if lang is None or build.listings is None:
            return (build.brand,)
        nav = build.languages.navs.get(lang) if build.languages is not None else None
        return (build.brand, build.listings.nav.get(lang, ()),
                build.languages.extra_nav(lang) if build.languages is not None else (),
                build.search_index.scripts(lang) if build.search_index is not None else (),
                None if nav is None else (nav.homepage.url if nav.homepage else None,
                                          tuple((p.url, str(p.title)) for p in nav.pages)))

    def saw_context(self, context: Mapping[str, Any]) -> None:
        """Check that a rendered page got no template variable the preview does not trace."""
        unknown = sorted(k for k in context if k.startswith("hub_") and k not in KNOWN_CONTEXT)
        if unknown and self.cache.trusted:
            self.cache.trusted = False
            log.info(f"preview: the page variable(s) {', '.join(unknown)} are not traced by the preview — every "
                     "page is rendered on each rebuild (add their inputs to hub_plugins/preview.py)")

    # -- on_post_build ---------------------------------------------------------------------------------

    def exists(self, site_path: str) -> bool:
        """Whether the site will hold this file once the build is merged (for the link check)."""
        if os.path.isfile(os.path.join(self.site.staging, site_path)):
            return True
        state = self.cache.state
        if self.incremental and state is not None and site_path in self.expected and site_path in state.files:
            return True
        bundles = self.search.bundles if self.search is not None else {}
        return any(site_path.startswith(f"{search.BUNDLE_DIR}/{b.name}/")
                   for found in bundles.values() for b in found)

    def merge(self, staging: Path, final: Path) -> None:
        """Move what this build wrote into the served folder; remove what is no longer part of the site."""
        state = self.cache.state
        assert state is not None
        try:
            self._merge(staging, final, state)
        except BaseException:
            self.cache.clear()  # the served folder is half merged: the next build renders everything
            raise

    def _merge(self, staging: Path, final: Path, state: SiteState) -> None:
        written: set[str] = set()
        for root, _dirs, names in os.walk(staging):
            for name in names:
                source = Path(root, name)
                path = source.relative_to(staging).as_posix()
                target = final / path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
                written.add(path)
        for path in sorted(state.files - self.expected - written):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(final / path)
            _prune(final, Path(path).parent)
        state.files = (state.files & self.expected) | written

    def committed(self, build: Build) -> None:
        """The build is in the served folder: remember what it was made from."""
        final = self.site.final
        cache = self.cache
        with cache.lock:
            previous = cache.state if self.incremental else None
            if previous is None:
                files = {p for p in _walk(final) if not PurePath(p).is_relative_to(SEARCH_DIR)}
                bundles: dict[str, str] = {}
            else:
                files, bundles = previous.files, previous.bundles
            pages = dict(previous.pages) if previous is not None else {}
            pages.update(self.pages)
            for gone in set(pages) - self.pages.keys():
                del pages[gone]
            indexed = dict(build.languages.indexed) if build.languages is not None else {}
            cache.state = SiteState(self.settings, pages, indexed, self.static, files, bundles)
        if build.routes is not None:  # forget the conversions of pages that are gone
            for gone in cache.conversions.keys() - build.routes.routes.keys():
                del cache.conversions[gone]
        if self.search is not None:
            self.search.committed(final)
        converted = tuple(f.src_uri for f in build.routes.files.documentation_pages(
            inclusion=InclusionLevel.all) if isinstance(f.page, PreviewPage) and f.page.converted) \
            if build.routes is not None else ()
        cache.report = PreviewReport(not self.incremental, tuple(self.rendered), converted, self.copied,
                                     self.pages_count)
        log.info(f"preview: rendered {len(self.rendered)} of {self.pages_count} pages, converted the Markdown "
                 f"of {len(converted)}, copied {self.copied} files")

    def failed(self) -> None:
        """The build failed: the served folder, and so the cache, stay as they were."""
        if self.search is not None:
            self.search.cancel()


def _owner(method: Callable) -> str:
    """The module of the plugin class a plugin event method belongs to."""
    owner = getattr(method, "__self__", method)
    return type(owner).__module__ if owner is not method else getattr(method, "__module__", "")


def _signature(file: File) -> tuple:
    """What a static file's bytes depend on: its source file (path, time, size), or its generated content."""
    if isinstance(file, CardFile) and file.abs_src_path is not None:
        # A card or picture variant in the hub's cache is named by a digest of what it holds: its path is
        # its content (no stat for each of thousands).
        return (type(file).__name__, file.abs_src_path)
    if file.abs_src_path is not None:
        info = os.stat(file.abs_src_path)
        return (type(file).__name__, file.abs_src_path, info.st_mtime_ns, info.st_size)
    return (type(file).__name__, _digest(file.content_bytes))


def _installed(folder: str) -> bool:
    """Whether a folder belongs to an installed package (site-packages), not to the project."""
    paths = sysconfig.get_paths()
    return any(Path(folder).is_relative_to(paths[key]) for key in ("purelib", "platlib"))


def _walk(folder: Path) -> Iterable[str]:
    """Every file under `folder`, as a site path."""
    for root, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(root, name).relative_to(folder).as_posix()


def _prune(final: Path, folder: Path) -> None:
    """Remove the now empty folders a removed page leaves behind (a fresh build has none)."""
    while folder.parts:
        try:
            os.rmdir(final / folder)
        except OSError:
            return
        folder = folder.parent


class PreviewSearch(search.SearchIndexer):
    """The search index of a preview build: changed documents only, Pagefind in the background.

    A bundle whose documents are byte-identical to the served one is left in place. The others are
    indexed into a scratch folder after the pages are served, and moved into the served folder once
    the build is committed (the previous index answers meanwhile). A new build cancels the run.
    """

    def __init__(self, bundles: Mapping[str, tuple[search.Bundle, ...]], site_dir: str, scratch_root: Path,
                 preview: PreviewBuild) -> None:
        super().__init__(bundles, site_dir, scratch_root)
        self.preview = preview
        self.digests: dict[str, str] = {}
        self.jobs: list[search.Bundle] = []
        self._committed = threading.Event()
        self._final: Path | None = None
        self._scratch_output: Path | None = None  # where Pagefind writes, until the bundles are moved in
        self._done = threading.Event()
        self._done.set()

    def start(self, render: Callable[[search.SearchPage], str]) -> None:
        """Render the documents that changed; index in the background the bundles whose documents changed."""
        cache = self.preview.cache
        settings = self.preview.settings  # the search document template is among the theme's files
        state = cache.state if self.preview.incremental else None  # a full build swaps the whole folder in
        documents: list[tuple[search.Bundle, str, bytes]] = []
        seen: set[str] = set()
        for bundles in self.bundles.values():
            for bundle in bundles:
                parts = []
                pages = []
                for page in bundle.pages:
                    key = _digest(settings, page.path, page.lang, str(page.title), page.content, str(page.article))
                    found = cache.documents.get(page.path)
                    if found is None or found[0] != key:
                        found = cache.documents[page.path] = (key, render(page).encode())
                    seen.add(page.path)
                    parts.append(page.path)
                    parts.append(found[0])
                    pages.append((bundle, page.path, found[1]))
                digest = self.digests[bundle.name] = _digest(*parts)
                if state is None or state.bundles.get(bundle.name) != digest:
                    self.jobs.append(bundle)
                    documents += pages
        for gone in set(cache.documents) - seen:
            del cache.documents[gone]
        if not self.jobs:
            return
        # Both scratch folders are named for this process, so a later build removes them if it dies.
        self._work = search.claim_scratch(self.scratch_root)
        self.output = self._scratch_output = search.claim_scratch(self.scratch_root, idle=False)
        self._done.clear()
        self._thread = threading.Thread(target=self._index_later, args=(documents,), name="hub-search-preview",
                                        daemon=True)
        cache._search = self
        self._thread.start()

    def finish(self) -> None:
        """The pages are served without waiting for Pagefind."""

    def committed(self, final: Path) -> None:
        """The build is served: the new bundles may be moved in when ready; stale bundles go."""
        self._final = final
        folder = final / search.BUNDLE_DIR
        names = {b.name for found in self.bundles.values() for b in found}
        if folder.is_dir():
            for old in folder.iterdir():
                if old.name not in names:
                    shutil.rmtree(old, ignore_errors=True)
        self._committed.set()

    def wait(self) -> None:
        """Until the background run has finished (or was cancelled)."""
        self._done.wait()

    def cancel(self) -> None:
        """A new build starts, or this one failed: stop indexing."""
        with self._lock:
            self._cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._committed.set()
        if self._thread is not None:
            self._thread.join()
        self._remove_scratch()
        if self._scratch_output is not None:
            shutil.rmtree(self._scratch_output, ignore_errors=True)

    def _index_later(self, documents: list[tuple[search.Bundle, str, bytes]]) -> None:
        try:
            self._index_documents(documents)
        finally:
            shutil.rmtree(self.output, ignore_errors=True)  # the scratch output (what was indexed is moved)
            self._done.set()

    def _index_documents(self, documents: list[tuple[search.Bundle, str, bytes]]) -> None:
        assert self._work is not None
        try:
            # Exactly these documents (a claimed folder may hold a previous build's others).
            search.sync_documents(self._work, {f"{bundle.name}/{path}": html for bundle, path, html in documents})
            finished = [bundle for bundle in self.jobs if self._run(bundle)]
        except Exception as error:  # a background thread: say it, the pages are served anyway
            log.error(f"hub: Pagefind could not index the preview: {type(error).__name__}: {error}")
            return
        finally:
            self._remove_scratch()
        if self._error is not None:
            log.error(f"hub: Pagefind could not index the preview: {self._error}")
        self._committed.wait()
        with self._lock:
            if self._cancelled or self._final is None:
                return
            cache = self.preview.cache
            with cache.lock:
                for bundle in finished:
                    target = self._final / search.BUNDLE_DIR / bundle.name
                    old = target.with_name(f".{bundle.name}.old")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    if target.exists():
                        target.rename(old)
                    (self.output / bundle.name).rename(target)
                    shutil.rmtree(old, ignore_errors=True)
                    if cache.state is not None:
                        cache.state.bundles[bundle.name] = self.digests[bundle.name]

