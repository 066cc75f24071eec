"""Make a page's title and description safe in every place Material prints them raw.

MkDocs' Jinja environment does not autoescape, and Material 9.8 prints `page.meta.title`,
`page.title` and `page.meta.description` unescaped: in `<title>` and the meta description
(base.html), the header title (partials/header.html), the `<h1>` (partials/content.html), nav and
tab items, footer links, and the search index (its plugin copies `page.meta.title` verbatim, and
Material's search UI inserts result titles as HTML). A title like `"><script>…` would be markup in
all of them.

Rather than override each of those templates, the values themselves become `markupsafe.Markup`
holding escaped text: printed raw they show as text, and autoescaped templates (the hub's own)
do not escape them twice. `plain()` gives the original text back, e.g. for share tags and JSON-LD.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import Markup, escape

ESCAPED_FIELDS = ("title", "description")


def escape_page_meta(meta: MutableMapping[str, Any]) -> None:
    """Replace the page's title and description by escaped Markup (idempotent)."""
    for name in ESCAPED_FIELDS:
        value = meta.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[name] = escape(value)


def plain(value: object) -> str:
    """The text a reader sees: escaped Markup unescaped, anything else as a string."""
    if isinstance(value, Markup):
        return value.unescape()
    return "" if value is None else str(value)
