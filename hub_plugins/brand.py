"""The company's brand, read once per build from the `brand:` options: colours, logo, share image, heroes.

Colours become CSS custom properties (one inline style, `hub/brand-style.html`) after checking that they
pass WCAG AA contrast where the theme uses them; pictures are read once (their pixel size) so pages can
reserve their box before they load.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from PIL import Image, UnidentifiedImageError

from .article_images import IMAGE_TYPES
from .pictures import Picture
from .share import ShareImage

if TYPE_CHECKING:
    from .config import BrandConfig

AA_TEXT = 4.5  # WCAG 2 AA: normal text against its background
WHITE, BLACK = "#ffffff", "#000000"


class BrandError(Exception):
    """A `brand:` option that cannot be used; the message says which and what to do."""


def _channel(value: int) -> float:
    """One sRGB channel (0–255) as linear light, as WCAG's relative luminance defines it."""
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0–1) of `other` mixed in, as `#rrggbb`."""
    mixed = (round(int(colour[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share) for i in (1, 3, 5))
    return "#" + "".join(f"{v:02x}" for v in mixed)


@dataclass(frozen=True, slots=True)
class Palette:
    """The brand's colours as the theme's CSS custom properties need them."""

    primary: str
    primary_light: str
    primary_dark: str
    accent: str
    tint: str  # a pale wash of the primary colour: hero and card backgrounds

    def properties(self) -> tuple[tuple[str, str], ...]:
        """CSS custom properties (Material's and the hub's) → value, in a stable order."""
        return (("--md-primary-fg-color", self.primary), ("--md-primary-fg-color--light", self.primary_light),
                ("--md-primary-fg-color--dark", self.primary_dark), ("--md-primary-bg-color", WHITE),
                ("--md-accent-fg-color", self.accent), ("--md-typeset-a-color", self.primary),
                ("--hub-brand-accent", self.accent), ("--hub-brand-tint", self.tint),
                ("--hub-title-color", self.primary_dark))


def palette(primary: str, accent: str) -> Palette:
    """The brand's palette; raises BrandError for a colour that fails WCAG AA where the theme uses it."""
    checks = (("primary", primary, WHITE, "white text on it (header, buttons)"),
              ("primary", primary, WHITE, "it as link text on white"),
              ("accent", accent, WHITE, "it as text on white (hover and focus, labels)"))
    for name, colour, background, where in checks:
        ratio = contrast(colour, background)
        if ratio < AA_TEXT:
            raise BrandError(f"hub: brand.{name} {colour!r} gives {ratio:.1f}:1 contrast for {where}; WCAG AA "
                             f"needs {AA_TEXT}:1 — pick a darker colour")
    return Palette(primary, mix(primary, WHITE, 0.25), mix(primary, BLACK, 0.3), accent, mix(primary, WHITE, 0.9))


@dataclass(frozen=True, slots=True)
class Hero:
    """A language home's hero: headline, intro and an optional picture."""

    headline: str
    intro: str
    picture: Picture | None


@dataclass(frozen=True, slots=True)
class Brand:
    """One build's brand: palette, logo URL, share image of non-article pages, X account and heroes."""

    palette: Palette
    logo: str | None  # site-relative
    share_image: Mapping[str, ShareImage]  # language → the brand share image with that language's alt text
    twitter_site: str | None
    heroes: Mapping[str, Hero]

    def logo_url(self, site_url: str) -> str | None:
        """The logo as an absolute URL (JSON-LD `publisher.logo`)."""
        return urljoin(site_url, self.logo) if self.logo else None


def without_title(markdown: str) -> str:
    """A home's Markdown without its leading `# title` line: the hero's headline is the page's h1."""
    stripped = markdown.lstrip()
    if not stripped.startswith("# "):
        return markdown
    return stripped.split("\n", 1)[1] if "\n" in stripped else ""


def _read_size(docs_dir: Path, path: str, option: str, types: Mapping[str, str]) -> tuple[int, int, str]:
    """Pixel size and MIME type of a picture in docs_dir; BrandError naming the option when it is unusable."""
    where = posixpath.normpath(path)
    if where.startswith("../") or posixpath.isabs(path):
        raise BrandError(f"hub: {option}: {path!r} is outside docs_dir — put it in the content folder")
    try:
        with Image.open(docs_dir / where) as image:
            width, height, kind = image.width, image.height, image.format
    except FileNotFoundError:
        raise BrandError(f"hub: {option}: {path!r} not found in docs_dir — give a path relative to the content "
                         "folder, e.g. assets/brand/hero.png") from None
    except (OSError, UnidentifiedImageError):
        raise BrandError(f"hub: {option}: {path!r} is not a picture that can be read — use PNG, JPEG or "
                         "WebP") from None
    if kind not in types:
        raise BrandError(f"hub: {option}: {path!r} is a {kind} picture — use one of "
                         f"{', '.join(sorted(types))}")
    return width, height, types[kind]


def _check_file(docs_dir: Path, path: str, option: str) -> str:
    """A brand file (logo, favicon) that must exist in docs_dir; its normalised site path."""
    where = posixpath.normpath(path)
    if where.startswith("../") or posixpath.isabs(path) or not (docs_dir / where).is_file():
        raise BrandError(f"hub: {option}: {path!r} not found in docs_dir — give a path relative to the "
                         "content folder, e.g. assets/brand/logo.svg")
    return where


def load_brand(options: BrandConfig, docs_dir: Path, languages: tuple[str, ...], site_url: str) -> Brand:
    """Check every `brand:` option against docs_dir and read each picture's size once."""
    colours = palette(options.primary, options.accent)
    logo = _check_file(docs_dir, options.logo, "brand.logo") if options.logo else None
    if options.favicon:
        _check_file(docs_dir, options.favicon, "brand.favicon")
    twitter = options.twitter_site
    if twitter is not None and (not twitter.startswith("@") or len(twitter) < 2 or " " in twitter):
        raise BrandError(f"hub: brand.twitter_site: {twitter!r} is not an X account — write it as '@example'")
    share: dict[str, ShareImage] = {}
    if options.share_image:
        width, height, mime = _read_size(docs_dir, options.share_image, "brand.share_image", IMAGE_TYPES)
        url = urljoin(site_url, posixpath.normpath(options.share_image))
        for lang in languages:
            if not (alt := options.share_image_alt.get(lang, "").strip()):
                raise BrandError(f"hub: brand.share_image_alt: no alt text in {lang!r} — describe the picture "
                                 f"in every language: share_image_alt: {{{lang}: …}}")
            share[lang] = ShareImage(url, width, height, mime, alt)
    heroes: dict[str, Hero] = {}
    for lang, hero in options.hero.items():
        if lang not in languages:
            raise BrandError(f"hub: brand.hero: {lang!r} is not a language of the hub — use one of: "
                             f"{', '.join(languages)}")
        if not hero.headline or not hero.headline.strip():
            raise BrandError(f"hub: brand.hero.{lang}.headline is missing — write the home's headline")
        picture = None
        if hero.picture:
            option = f"brand.hero.{lang}.picture"
            width, height, _mime = _read_size(docs_dir, hero.picture, option, IMAGE_TYPES)
            picture = Picture(posixpath.normpath(hero.picture), width, height, hero.picture_alt.strip())
        heroes[lang] = Hero(hero.headline.strip(), hero.intro.strip(), picture)
    return Brand(colours, logo, MappingProxyType(share), twitter, MappingProxyType(heroes))
