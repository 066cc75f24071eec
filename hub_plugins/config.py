"""The `hub` plugin's options in mkdocs.yml, checked by MkDocs' own config machinery."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    """`search:` per-language search with Pagefind, run on the built site."""

    enabled = c.Type(bool, default=True)


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
    # Per-language search (Pagefind); replaces Material's `search` plugin.
    search = c.SubConfig(SearchConfig)
