"""The `hub` plugin's options in mkdocs.yml, checked by MkDocs' own config machinery."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


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
    share = c.SubConfig(ShareConfig)
    cards = c.SubConfig(CardsConfig)
