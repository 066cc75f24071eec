"""Article images (`image:` in the front-matter): checked to be publishable pictures, with their pixel size.

A content check, whether or not share tags are on: `validate` reads each image's header once, and
the share tags reuse what it found.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .loader import Source
    from .model import Article

# What social networks show: anything else (SVG, TIFF, …) would give a broken preview.
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An article's share image: where it is in docs_dir (a writer's image), pixel size, type; `source` on disk.

    A card has no place in docs_dir: it is served beside its article (`share.card_path`).
    """

    src_uri: str | None  # the writer's image file in docs_dir; None for a card
    width: int
    height: int
    mime: str
    source: Path
    card: bool  # drawn by the hub (True) or given by the writer (False)


def read_image(article: Article, source: Source, problems: list[Problem]) -> ImageFile | None:
    """The writer's `image` of an article, checked to be a publishable picture, with its pixel size."""
    assert article.image is not None
    line = article.field_lines.get("image", 1)
    folder = posixpath.dirname(article.src_uri)
    site_path = posixpath.normpath(posixpath.join(folder, article.image))
    path = source.docs_dir / site_path
    if site_path.startswith("../") or posixpath.isabs(article.image):
        problems.append(Problem(article.source_path, line, "image", f"{article.image!r} is outside "
                                f"{source.shown(source.docs_dir)}/, so it would not be published",
                                "put the image in the content folder, e.g. next to the article"))
        return None
    # Only the header is read: the size and format are all the tags need.
    header = source.headers.read(path) if path.is_file() else None
    if header is None:
        problems.append(Problem(article.source_path, line, "image", f"{article.image!r} is not an image "
                                "that can be read", "use a PNG or JPEG file, ideally 1200×630 pixels"))
        return None
    width, height, kind = header.width, header.height, header.format
    if kind not in IMAGE_TYPES:
        problems.append(Problem(article.source_path, line, "image", f"{article.image!r} is a {kind} "
                                "image, which social networks do not show",
                                "use a PNG, JPEG, GIF or WebP file, ideally 1200×630 pixels"))
        return None
    return ImageFile(site_path, width, height, IMAGE_TYPES[kind], path, card=False)
