"""The `hub` plugin's options in mkdocs.yml, checked by MkDocs' own config machinery."""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .clock import DEFAULT_TIME_ZONE, ClockError, time_zone
from .cta import check_cta
from .imagecheck import ImageLimits
from .model import CallToAction


class PositiveInt(c.Type):
    """An integer of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise ValidationError(f"must be 1 or more, not {number}")
        return number


class TimeZone(c.Type):
    """An IANA time zone name that zoneinfo knows (tzdata is pinned, so every machine knows the same)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            time_zone(name)
        except ClockError as error:
            raise ValidationError(str(error).removeprefix("time_zone: ")) from None
        return name
class Count(c.Type):
    """A whole number of at least 0 (0 turns the feature off)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 0:
            raise ValidationError(f"must be 0 or more, not {number}")
        return number


class CallToActionOption(c.BaseConfigOption[CallToAction | None]):
    """`cta: {label: {en: …, tr: …}, url: https://…}`, checked like an audience's CTA in taxonomy.yml."""

    def run_validation(self, value: object) -> Any:
        # The labels are checked against the hub's languages once every option is read (post_validation).
        return None if value is None or value == {} else value

    def post_validation(self, config: base.Config, key_name: str) -> None:
        raw = config[key_name]
        if raw is None or isinstance(raw, CallToAction):
            return
        found, issues = check_cta(raw, tuple(config.get("languages") or ()))
        if issues:
            raise ValidationError("; ".join(f"{'.'.join((key_name, *issue.path))}: {issue.message} — {issue.fix}"
                                            for issue in issues))
        config[key_name] = found


class ReadingConfig(base.Config):
    """`reading:` the reading time shown on article pages and in listings."""

    # Words a reader reads per minute, per language; a language left out keeps its default
    # (en 200, tr 180, any other 200). Minutes are rounded up and never 0.
    words_per_minute = c.DictOfItems(PositiveInt(default=200), default={})


class RelatedConfig(base.Config):
    """`related:` the other stories of the same language offered at the end of each article."""

    count = Count(default=3)  # at most this many (0: none)


class ListingsConfig(base.Config):
    """`listings:` topic, audience and series pages, and the language homes."""

    # Articles per listing page (and on a language home); page 2 is at `<listing>/page/2/`.
    page_size = PositiveInt(default=10)


class FeedsConfig(base.Config):
    """`feeds:` RSS 2.0 per language, topic and audience."""

    enabled = c.Type(bool, default=True)
    length = c.Type(int, default=20)  # items per feed, newest first
    # Besides the description, put each article's whole HTML (absolute links) in its item.
    full_content = c.Type(bool, default=False)


class ShareConfig(base.Config):
    """Share metadata and share buttons (`share:` in the hub plugin's options)."""

    enabled = c.Type(bool, default=True)
    # utm_campaign of every URL the share buttons hand to a network, so HR can measure shares.
    utm_campaign = c.Type(str, default="career-hub")


class CardsConfig(base.Config):
    """Social cards drawn for articles without an `image` (`cards:` in the hub plugin's options)."""

    enabled = c.Type(bool, default=True)
    # Relative to the project root (the folder of mkdocs.yml); cards are reused while unchanged.
    cache_dir = c.Type(str, default=".cache/hub-cards")


class ImagesConfig(base.Config):
    """`images:` responsive variants of every picture (article images, cards, body images) and size limits."""

    enabled = c.Type(bool, default=True)
    # Relative to the project root (the folder of mkdocs.yml); variants are reused while unchanged.
    cache_dir = c.Type(str, default=".cache/hub-images")
    # Widths of the variants in pixels, never wider than the original.
    widths = c.ListOfItems(PositiveInt(default=480), default=[480, 960, 1440])
    # A picture heavier or wider than this is a content error (checked even when `enabled` is false).
    max_megabytes = c.Type((int, float), default=5)
    max_width = PositiveInt(default=6000)

    def limits(self) -> ImageLimits:
        """The size limits as the loader checks them."""
        return ImageLimits(max_bytes=round(float(self.max_megabytes) * 1_000_000), max_width=int(self.max_width))


class ReportConfig(base.Config):
    """The editors' coverage report (`hub report` and the `<lang>/report/` pages)."""

    # Publish the report as a page per language (kept out of search and the sitemap).
    page = c.Type(bool, default=True)
    # An article is stale when neither `updated` nor `date` is within this many days.
    stale_days = c.Type(int, default=365)


class SearchConfig(base.Config):
    """`search:` per-language search with Pagefind, indexed while the pages are rendered."""

    enabled = c.Type(bool, default=True)
    # Pagefind holds a whole index in memory (about 175 KB per article): a language with more
    # searchable pages is split into bundles of equal size, searched together in the browser.
    pages_per_bundle = PositiveInt(default=1500)


class Colour(c.Type):
    """A colour as `#rrggbb` (what the brand's CSS custom properties and the contrast checks need)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value).strip()
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
            raise ValidationError(f"{text!r} is not a colour like '#0b5d57' (# and six hex digits)")
        return text.lower()


class HeroConfig(base.Config):
    """One language's home hero: headline, intro and an optional picture with its alt text."""

    headline = c.Type(str)
    intro = c.Type(str, default="")
    picture = c.Optional(c.Type(str))  # a PNG, JPEG or WebP file, relative to docs_dir
    picture_alt = c.Type(str, default="")  # "" only for a purely decorative picture


class BrandConfig(base.Config):
    """`brand:` the company's colours, logo, favicon, share image, X account and home heroes."""

    # Primary: header, links, buttons (white text on it, and it as text on white, pass WCAG AA).
    primary = Colour(default="#0b5d57")
    # Accent: hover and focus states, the featured story's label (passes WCAG AA as text on white).
    accent = Colour(default="#b3261e")
    logo = c.Optional(c.Type(str))  # an SVG (or PNG) in docs_dir; becomes Material's theme.logo
    favicon = c.Optional(c.Type(str))  # in docs_dir; becomes Material's theme.favicon
    twitter_site = c.Optional(c.Type(str))  # the company's X account, e.g. "@example" (twitter:site)
    # The og:image/twitter:image of pages that are not articles (homes, listings, the chooser).
    share_image = c.Optional(c.Type(str))  # in docs_dir, ideally 1200×630 PNG or JPEG
    share_image_alt = c.DictOfItems(c.Type(str), default={})  # language → alt text
    hero = c.DictOfItems(c.SubConfig(HeroConfig), default={})  # language → that home's hero


class HubConfig(base.Config):
    """Options of the `hub` plugin."""

    # The hub's languages; each is a folder of docs_dir and has a locale file of UI strings.
    languages = c.ListOfItems(c.Type(str), default=["en", "tr"])
    # The language of `/` (x-default) and of pages outside a language folder.
    default_language = c.Type(str, default="en")
    taxonomy = c.Type(str, default="taxonomy.yml")
    # "Today" is the current day here (unless HUB_TODAY=YYYY-MM-DD is set): an article dated later is
    # scheduled, left out of the published site until its day.
    time_zone = TimeZone(default=DEFAULT_TIME_ZONE)
    # Front-matter fields accepted besides the hub's own (e.g. Material's `hide`).
    extra_fields = c.ListOfItems(c.Type(str), default=[])
    # Build into a staging folder and swap it in only when the build succeeds.
    keep_last_good_site = c.Type(bool, default=True)
    feeds = c.SubConfig(FeedsConfig)
    listings = c.SubConfig(ListingsConfig)
    share = c.SubConfig(ShareConfig)
    cards = c.SubConfig(CardsConfig)
    images = c.SubConfig(ImagesConfig)
    report = c.SubConfig(ReportConfig)
    # Per-language search (Pagefind); replaces Material's `search` plugin.
    search = c.SubConfig(SearchConfig)
    reading = c.SubConfig(ReadingConfig)
    related = c.SubConfig(RelatedConfig)
    # The call to action of articles whose audiences have none of their own (none by default).
    cta = CallToActionOption()
    # The company's look: colours, logo, favicon, share image and home heroes.
    brand = c.SubConfig(BrandConfig)
