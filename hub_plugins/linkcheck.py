"""The safety net under every link the hub writes: at the end of a build, each one must name a built file.

MkDocs validates the links written in Markdown; the HTML, feeds and sitemap the hub generates are not
checked by anyone. Rather than parse every page again, the hub notes each link as it is written — the
site-relative paths templates pass through MkDocs' `url` filter, and the absolute URLs the hub makes
from `site_url` (canonical, hreflang, `og:image`, JSON-LD, feed items, sitemap) — and checks the few
thousand distinct targets against the output folder once, after everything is written. A dangling
link is a warning naming the page that holds it, so a strict build fails.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from jinja2 import pass_context

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2.runtime import Context

    from .fragments import Fragments


class LinkCheck:
    """The internal links of one build: target path → the first page (or file) that holds it."""

    def __init__(self, site_url: str) -> None:
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self._site_path = urlsplit(self.site_url).path
        self.targets: dict[str, str] = {}

    def relative(self, target: str, holder: str) -> None:
        """Note a site-relative link (`en/topics/`, `assets/x.css`, `en/x/#part`)."""
        if target in self.targets:  # the common case: a target noted on an earlier page
            return
        if not target or target.startswith(("#", "/", "mailto:", "data:")) or "://" in target:
            return  # an anchor on the page itself, an absolute path (the 404 pages'), or another origin
        path = target.split("#", 1)[0].split("?", 1)[0]
        self.targets.setdefault(path, holder)

    def absolute(self, url: str, holder: str) -> None:
        """Note an absolute URL the hub wrote; only those under site_url are the build's to check."""
        if url.startswith(self.site_url):
            self.relative(url[len(self.site_url):] or "./", holder)

    def absolute_in(self, value: Any, holder: str) -> None:
        """Note every absolute URL inside JSON-like data (JSON-LD)."""
        if isinstance(value, str):
            self.absolute(value, holder)
        elif isinstance(value, Mapping):
            for item in value.values():
                self.absolute_in(item, holder)
        elif isinstance(value, Iterable):
            for item in value:
                self.absolute_in(item, holder)

    def url_filter(self, original: Callable[..., str], fragments: Fragments) -> Callable[..., str]:
        """MkDocs' `url` filter, noting each site-relative path a template passes through it.

        The URL itself is MkDocs' (`fragments.url` computes the same string faster, or marks it in a
        fragment being recorded); a value with a backslash goes to MkDocs' filter, which warns about it.
        """

        @pass_context
        def url(context: Context, value: str) -> str:
            value = str(value)
            page = context.get("page")
            holder = page.file.src_uri if page is not None and getattr(page, "file", None) else "a theme template"
            self.relative(value, holder)
            if "\\" in value:
                return original(context, value)
            return fragments.url(value, page.url, "") if page is not None else \
                fragments.url(value, None, context["base_url"])

        return url

    def dangling(self, site_dir: str, exists: Callable[[str], bool] | None = None) -> list[tuple[str, str]]:
        """(holder, target) of every noted link that names no file of the build, in a stable order.

        `exists(site path)` answers instead of site_dir when the build's files are not all in it (the preview).
        """
        missing = []
        for target, holder in self.targets.items():
            path = unquote(target)
            if target in ("", "./") or target.endswith("/"):
                path = posixpath.join(path, "index.html")
            found = exists(posixpath.normpath(path)) if exists is not None else \
                os.path.isfile(os.path.join(site_dir, path))
            if not found:
                missing.append((holder, target))
        return sorted(missing)
