"""Body images as responsive pictures, in the Markdown pipeline: each page's tree once, no HTML reparsed.

A Python-Markdown treeprocessor that runs after MkDocs' own `relpath` one (which has already
checked the writer's link and made it relative to the page): every `<img>` whose file has variants
becomes the markup of `hub/picture.html` — a `<source type sizes srcset>` per file type, then the
`<img src width height alt loading="lazy" decoding="async">` — with URLs relative to the page
exactly as MkDocs writes them (with or without `use_directory_urls`). Remote images, and local ones
the hub has no variants of, are left as they are.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Mapping
from urllib.parse import unquote, urljoin, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils import get_relative_url

from .pictures import Picture

# The body column: the whole screen on a phone, at most about 46rem beside the table of contents.
BODY_SIZES = "(min-width: 76.25em) 46rem, 100vw"
# After MkDocs' relpath (0) and extract_title (1): the writer's link is validated and page-relative.
PRIORITY = -10


def resolve(page_url: str, relative: str) -> str | None:
    """The site path (unquoted, no leading slash) an image URL relative to a page points to; None if remote."""
    parts = urlsplit(relative)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(urljoin("/" + page_url, parts.path).lstrip("/"))


class PicturesTreeprocessor(Treeprocessor):
    """Replaces each known `<img>` of one page with a `<picture>`."""

    def __init__(self, md: Markdown, pictures: Mapping[str, Picture], page_url: str, sizes: str) -> None:
        super().__init__(md)
        self.pictures, self.page_url, self.sizes = pictures, page_url, sizes

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            if parent.tag == "picture":
                continue  # written by hand (md_in_html): the writer's own markup
            for index, child in enumerate(parent):
                if child.tag == "img" and (found := self._picture(child)) is not None:
                    parent[index] = found

    def _picture(self, img: etree.Element) -> etree.Element | None:
        target = resolve(self.page_url, img.get("src", ""))
        found = self.pictures.get(target) if target is not None else None
        if found is None:
            return None
        picture = etree.Element("picture")
        picture.tail, img.tail = img.tail, None
        for source in found.sources:
            srcset = ", ".join(f"{self._url(v.url)} {v.width}w" for v in source.variants)
            etree.SubElement(picture, "source", {"type": source.mime, "sizes": self.sizes, "srcset": srcset})
        width, height = found.width, found.height
        if img.get("width") or img.get("height"):  # the writer's size wins; the other side keeps the ratio
            given_w, given_h = img.get("width", ""), img.get("height", "")
            if given_w.isdigit() and not given_h:
                width, height = int(given_w), max(1, round(int(given_w) * found.height / found.width))
            elif given_h.isdigit() and not given_w:
                width, height = max(1, round(int(given_h) * found.width / found.height)), int(given_h)
            elif given_w.isdigit() and given_h.isdigit():
                width, height = int(given_w), int(given_h)
        attributes = {"src": self._url(found.url), "width": str(width), "height": str(height),
                      "alt": img.get("alt", "")}
        # The writer's other attributes (class, title …) stay; loading and decoding are the hub's.
        attributes.update({k: v for k, v in img.attrib.items() if k not in (*attributes, "loading", "decoding")})
        attributes.update(loading="lazy", decoding="async")
        etree.SubElement(picture, "img", attributes)
        return picture

    def _url(self, site_path: str) -> str:
        return get_relative_url(site_path, self.page_url)


class PicturesExtension(Extension):
    """Registered once per build in `mkdocs.yml`'s Markdown extensions by the plugin (`on_config`).

    MkDocs makes a Markdown instance per page; `current` tells it which page it converts (the plugin
    sets it in `on_page_markdown`, right before MkDocs converts that page).
    """

    def __init__(self, pictures: Mapping[str, Picture], sizes: str = BODY_SIZES) -> None:
        super().__init__()
        self._pictures, self.sizes = pictures, sizes
        self.current: str | None = None  # the URL of the page being converted

    def extendMarkdown(self, md: Markdown) -> None:
        if self.current is not None:
            md.treeprocessors.register(PicturesTreeprocessor(md, self._pictures, self.current, self.sizes),
                                       "hub_pictures", PRIORITY)
