"""Parts of pages that many pages show alike, rendered once per build: story cards, related stories,
theme blocks (Material's styles, config and footer), the header search, icons.

An article's story card appears on its topic, audience, author and series pages and on the home: at
1,000 articles per language, 9,000 cards from 2,000 articles. A card differs from one page to the next
only in its links, which are relative to the page. So a template wraps the macro that prints it in
`hub_fragment(key, macro, args…)`: the first call renders it with each link left as a numbered mark
(the `url` filter asks `PageUrls.url`), and every call fills the marks in for its own page.

A fragment is kept per language (its strings) and per key, which must name everything else it shows
(`("card", src_uri, heading, eager, …)`). A link holding a character HTML escapes (`&`, quotes) is not
marked: the fragment is then rendered in full on every page, as without the cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from markupsafe import Markup

from .relurl import PageUrls

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from jinja2 import Environment
    from jinja2.runtime import Context

MARK = "\x00"  # cannot occur in a page: marks a link's number in a fragment being recorded
JSON_MARK = "\\u0000"  # the mark as `tojson` writes it
ESCAPED = frozenset("&<>\"'")


class _Recording:
    """The links of one fragment being rendered, in order; `clean` is False when one cannot be marked."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        self.clean = True


class Fragments:
    """One build's page URLs (MkDocs' `normalize_url`) and its cache of fragments with marked links."""

    def __init__(self) -> None:
        self.urls = PageUrls()
        self._recording: _Recording | None = None
        # (lang, key) → the fragment split at its marks: text, link number, text, …; None: not cacheable
        self._cache: dict[tuple[Any, ...], tuple[str, ...] | None] = {}

    def url(self, value: str, page_url: str | None, base: str) -> str:
        """The `url` filter's answer, or a mark while a fragment is being recorded."""
        recording = self._recording
        if recording is not None:
            if ESCAPED.isdisjoint(value):
                recording.targets.append(value)
                return f"{MARK}{len(recording.targets) - 1}{MARK}"
            recording.clean = False
        return self.urls(value, page_url, base)

    def render(self, context: Context, key: Hashable, macro: Callable[..., Any], *args: Any, **kwargs: Any) -> Markup:
        """`macro(*args, **kwargs)` as this page would print it, from the cache when it was rendered before."""
        page = context.get("page")
        if page is None or self._recording is not None:  # not on a page (a 404 page's links), or nested
            return Markup(macro(*args, **kwargs))
        page_url = page.url
        cache_key = (context.get("hub_lang"), key)
        parts = self._cache.get(cache_key, False)
        if parts is False:
            parts = self._record(cache_key, macro, args, kwargs)
        if parts is None:
            return Markup(macro(*args, **kwargs))
        urls = self.urls
        return Markup("".join(part if i % 2 == 0 else urls(part, page_url) for i, part in enumerate(parts)))

    def _record(self, cache_key: tuple[Any, ...], macro: Callable[..., Any], args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> tuple[str, ...] | None:
        recording = self._recording = _Recording()
        try:
            html = str(macro(*args, **kwargs))
        finally:
            self._recording = None
        if MARK not in html and JSON_MARK in html:  # inside `tojson` (Material's config): no other NUL there
            html = html.replace(JSON_MARK, MARK)
        pieces = html.split(MARK)
        count = len(recording.targets)
        # Text, a link's number, text, …: anything else (a link that could not be marked, a NUL or
        # "\u0000" written as text) leaves the fragment to be rendered on every page.
        if not recording.clean or len(pieces) % 2 == 0 or \
                not all(number.isdigit() and int(number) < count for number in pieces[1::2]):
            self._cache[cache_key] = None
            return None
        for i in range(1, len(pieces), 2):  # each mark's number becomes the link it stands for
            pieces[i] = recording.targets[int(pieces[i])]
        parts = self._cache[cache_key] = tuple(pieces)
        return parts

    def functions(self, env: Environment) -> tuple[Callable[..., Markup], ...]:
        """The template functions: `hub_fragment(key, macro, *args, **kwargs)` prints a macro's call,
        `{% call hub_cached(key) %}…{% endcall %}` the body of the call (a theme block's `super()`), and
        `hub_icon(name)` a theme icon as `{% include ".icons/" ~ name ~ ".svg" %}` would (an icon has no links)."""
        icons: dict[str, Markup] = {}

        def hub_icon(name: str) -> Markup:
            if (found := icons.get(name)) is None:
                found = icons[name] = Markup(env.get_template(f".icons/{name}.svg").render())
            return found

        @pass_context
        def hub_fragment(context: Context, key: Hashable, macro: Callable[..., Any], *args: Any,
                         **kwargs: Any) -> Markup:
            return self.render(context, key, macro, *args, **kwargs)

        @pass_context
        def hub_cached(context: Context, key: Hashable, caller: Callable[[], str]) -> Markup:
            return self.render(context, key, caller)

        return hub_fragment, hub_cached, hub_icon
