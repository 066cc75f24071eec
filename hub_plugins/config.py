"""The `hub` plugin's options in mkdocs.yml, checked by MkDocs' own config machinery."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ReportConfig(base.Config):
    """The editors' coverage report (`hub report` and the `<lang>/report/` pages)."""

    # Publish the report as a page per language (kept out of search and the sitemap).
    page = c.Type(bool, default=True)
    # An article is stale when neither `updated` nor `date` is within this many days.
    stale_days = c.Type(int, default=365)


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
    report = c.SubConfig(ReportConfig)
