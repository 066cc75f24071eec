"""The `hub` MkDocs plugin: one pipeline that owns the order of events.

Each event is a line or two that hands off to the build's state (`build.Build`, made fresh in
`on_config`), which hands off to plain modules. The content model is built once in `on_pre_build`
(before MkDocs empties site_dir) and every later event only reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from mkdocs.plugins import BasePlugin, event_priority

from .build import Build
from .config import HubConfig
from .preview import PreviewCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class HubPlugin(BasePlugin[HubConfig]):
    """Builds the bilingual career hub from `docs_dir` and its taxonomy."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False  # process-wide: set once by on_startup
        self.preview: PreviewCache | None = None  # process-wide, `mkdocs serve` only: what rebuilds reuse
        self.build: Build | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this process previews (drafts shown, rebuilds reuse what did not change) or publishes."""
        self.serving = command == "serve"
        self.preview = PreviewCache() if self.serving else None

    def on_shutdown(self) -> None:
        """`mkdocs serve` stops: stop indexing the preview in the background."""
        if self.preview is not None:
            self.preview.close()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Forget the previous build (`mkdocs serve` rebuilds in one process) and start a new one."""
        if self.build is not None:
            self.build.close()  # a build that failed before it finished
            self.build = None
        self.build = Build(self.config, config, self.serving, self.preview)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read and check all content once, before MkDocs touches site_dir."""
        self._build.read_content(config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the hub's pages, then build the route table from where MkDocs puts every file."""
        return self._build.place_files(files, config)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """In the preview, a page that reuses its last conversion when its Markdown and links did not change."""
        return self._build.pre_page(page, config)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Hand MkDocs the body the loader already read, instead of reading and parsing the file again."""
        return self._build.page_source(page)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give every page its language, and articles their validated title and description."""
        return self._build.page_meta(markdown, page)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep each article's HTML, converted once by MkDocs, for full-content feed items."""
        self._build.page_html(html, page)
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Pair every page with its other language versions; one navigation per language."""
        self._build.pair_languages(nav, files)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Expose the hub's strings to every template; start indexing the converted pages for search."""
        self._build.start_rendering(env, config, files)
        return env

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
        """One lookup: the article or listing shown on this page, its language, feed and share tags."""
        context = self._build.page_context(context, page)
        self._build.check_context(context)  # the preview knows every template variable it depends on
        return context

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        """Theme templates rendered without a page (the root 404): default-language UI strings, no nav."""
        return self._build.template_context(context, template_name)

    @event_priority(-100)  # last of all post_build steps: everything has been written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write feeds, 404s and sitemap, wait for the search index, check links, swap the finished build in."""
        self._build.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves the last good site untouched."""
        if self.build is not None:
            self.build.fail()

    @property
    def _build(self) -> Build:
        assert self.build is not None, "on_config has not run"
        return self.build
