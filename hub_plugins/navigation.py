"""One navigation per language: a Turkish page shows the Turkish tabs and sidebar, not both languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from mkdocs.structure import StructureItem


def _languages(item: StructureItem, languages: tuple[str, ...]) -> set[str]:
    """The languages of the pages inside a nav item ('' for a page outside every language folder)."""
    if isinstance(item, Page):
        first = item.file.src_uri.split("/", 1)[0]
        return {first if first in languages else ""}
    if isinstance(item, Section):
        return set().union(*(_languages(child, languages) for child in item.children))
    return set()  # a link belongs to every language


def per_language(nav: Navigation, languages: tuple[str, ...]) -> dict[str, Navigation]:
    """A navigation for each language: its own items only, its home as the homepage.

    The original items are reused (not copied) so MkDocs' `active` flags still reach the templates;
    a language's single top-level section (MkDocs makes one per language folder) is unwrapped.
    """
    result = {}
    for lang in languages:
        items = [item for item in nav.items if _languages(item, languages) <= {lang}]
        if len(items) == 1 and isinstance(items[0], Section):
            items = list(items[0].children)
        pages = [page for page in nav.pages if page.file.src_uri.startswith(f"{lang}/")]
        localized = Navigation(items, pages)
        localized.homepage = next((p for p in pages if p.file.src_uri == f"{lang}/index.md"), nav.homepage)
        # rel=prev/next (and Material's footer links) stay within the language.
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        result[lang] = localized
    return result
