"""MkDocs' `url` filter, with each target's and each page's path split once per build.

Templates send every link through `url` (about 70 a page: stylesheets, nav, story cards and their
picture variants), and MkDocs normalizes both the target and the page's URL with `posixpath.normpath`
on every call. The same few thousand targets come back on page after page, so `PageUrls` keeps what
`mkdocs.utils.normalize_url` derives from a target, and from the current page, and computes the same
string. `tests/test_relurl.py` pins it to MkDocs' own function on every kind of input.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple
from urllib.parse import urlsplit


class _Target(NamedTuple):
    """What `normalize_url` derives from a target before it looks at the page."""

    path: str  # the value as MkDocs keeps it ('.' for '')
    level: int  # -1: left as it is (absolute or anchor); else how many leading '../' it has
    parts: tuple[str, ...]  # its normalized path, split (`mkdocs.utils._norm_parts`)
    slash: bool  # it ends with '/': so does the result


def _norm_parts(path: str) -> tuple[str, ...]:
    """The segments of `path` normalized from the root ('..' stops at the root, as in MkDocs)."""
    normalized = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return tuple(normalized.split("/")) if normalized else ()


def _target(value: str) -> _Target:
    """`mkdocs.utils._get_norm_url` plus the target's half of `get_relative_url`."""
    path = value or "."
    parsed = urlsplit(path)
    if parsed.scheme or parsed.netloc or path.startswith(("/", "#")):
        return _Target(path, -1, (), False)
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    return _Target(path, level, _norm_parts(path), path.endswith("/"))


def _page_parts(page_url: str) -> tuple[str, ...]:
    """The page's folder, split: its URL without a last segment that names a file (has a dot)."""
    dirname, _, basename = page_url.rpartition("/")
    return _norm_parts(dirname if "." in basename else page_url)


class PageUrls:
    """`normalize_url(value, page=…, base=…)` for one build, remembering targets and the last page.

    Values with a backslash are not for this class: MkDocs warns about them on each call (the caller
    hands those to MkDocs' own filter).
    """

    def __init__(self) -> None:
        self._targets: dict[str, _Target] = {}
        self._page_url: str | None = None
        self._page: tuple[str, ...] = ()

    def __call__(self, value: str, page_url: str | None, base: str = "") -> str:
        target = self._targets.get(value)
        if target is None:
            target = self._targets[value] = _target(value)
        if target.level == -1:
            return target.path
        if page_url is None:
            return posixpath.join(base, target.path)
        if page_url != self._page_url:  # pages are rendered one at a time: one entry is enough
            self._page_url, self._page = page_url, _page_parts(page_url)
        other, dest = self._page, target.parts
        common = 0
        for a, b in zip(other, dest, strict=False):
            if a != b:
                break
            common += 1
        relurl = "/".join(("..",) * (len(other) - common) + dest[common:]) or "."
        if target.slash:
            relurl += "/"
        return "../" * target.level + relurl if target.level else relurl

