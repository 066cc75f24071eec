"""What a template needs to show a picture: its fallback file, its size, its variants and its alt text.

Every picture the hub shows (an article's header image, a story card's thumbnail, a body image, a
hero) is a `Picture`; the macro `hub/picture.html` prints it as `<picture>` with `srcset`, `sizes`,
explicit `width`/`height` (no layout shift) and lazy or eager loading.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Variant:
    """One resized file of a picture: its site-relative URL and pixel width."""

    url: str  # site-relative, no leading slash
    width: int


@dataclass(frozen=True, slots=True)
class Source:
    """The variants of one file type (e.g. WebP), smallest first: one `<source>` of a `<picture>`."""

    mime: str
    variants: tuple[Variant, ...]


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture as pages show it: the fallback `<img>`, its intrinsic size, alt text and variant sources."""

    url: str  # site-relative URL of the fallback file (original format)
    width: int  # intrinsic size of the fallback: the browser reserves the box before it loads
    height: int
    alt: str  # "" for a decorative picture
    sources: tuple[Source, ...] = ()  # in order of preference (WebP first); the last one is the fallback type
