"""`/sitemap.xml` from the model and the built pages, with hreflang alternates (replaces MkDocs' own).

MkDocs' sitemap has no alternates and dates every page with the build clock. This one lists every
built page except those marked `hub_noindex`, dates articles by their content (`updated`, else
`date`) and leaves `lastmod` out where the content has no date, so two builds give the same bytes.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jinja2 import Environment

    from .languages import Languages, Version

TEMPLATE = "hub/sitemap.xml.html"  # .html: MkDocs would otherwise publish the template as a static file


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One `<url>` of the sitemap."""

    loc: str
    lastmod: str | None
    alternates: tuple[Version, ...]


def entries(pages: Iterable[str], languages: Languages) -> list[SitemapEntry]:
    """Sitemap entries for the built pages (by `src_uri`), in URL order."""
    result = []
    routes = languages.routes
    for src_uri in pages:
        article = languages.hub.by_src_uri.get(src_uri)
        lastmod = article.modified.date().isoformat() if article else None
        result.append(SitemapEntry(routes.absolute(routes.url(src_uri)), lastmod, languages.of(src_uri).alternates))
    return sorted(result, key=lambda e: e.loc)


def write(site_dir: str, env: Environment, sitemap: list[SitemapEntry]) -> None:
    """Write sitemap.xml and its gzip twin (no timestamp in the gzip header: reproducible)."""
    xml = env.get_template(TEMPLATE).render(entries=sitemap).encode("utf-8")
    target = Path(site_dir, "sitemap.xml")
    target.write_bytes(xml)
    with target.with_suffix(".xml.gz").open("wb") as raw, \
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(xml)
