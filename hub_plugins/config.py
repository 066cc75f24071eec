"""The `hub` plugin's options in mkdocs.yml, checked by MkDocs' own config machinery."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .imagecheck import ImageLimits


class PositiveInt(c.Type):
    """An integer of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise ValidationError(f"must be 1 or more, not {number}")
        return number


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


class HubConfig(base.Config):
    """Options of the `hub` plugin."""

    # The hub's languages; each is a folder of docs_dir and has a locale file of UI strings.
    languages = c.ListOfItems(c.Type(str), default=["en", "tr"])
    # The language of `/` (x-default) and of pages outside a language folder.
    default_language = c.Type(str, default="en")
    taxonomy = c.Type(str, default="taxonomy.yml")
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
