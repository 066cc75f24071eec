"""Responsive images: resized variants of every picture the hub shows, drawn offline and cached.

For every article `image`, every social card and every image in an article body, `ImageSet` plans
variants 480, 960 and 1440 pixels wide (configurable; never wider than the original, whose own
width is the largest variant when it is narrower than the biggest configured one) in WebP and in
the original format (PNG stays PNG, JPEG stays JPEG; a GIF or an animated picture is left as it
is). A social card gets WebP variants only: the card itself is its fallback. A variant is named by
a digest of the source bytes, the layout version and its width, so it is drawn once and reused by
every later build while the source is unchanged; the missing ones are drawn in one batch by
`drawing.draw` (on all cores). Same source, same bytes: no timestamps, no metadata, EXIF
orientation applied to the pixels.

Pages then ask `ImageSet.pictures` (src_uri of the image → `pictures.Picture`) how to show a picture.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from PIL import Image

from .cards import HEIGHT as CARD_HEIGHT
from .cards import WIDTH as CARD_WIDTH
from .cards import CardFile, cache_names
from .imagecheck import PictureHeaders, orientation, read_record, write_record
from .pictures import Picture, Source, Variant

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from .model import Hub

# Bump when the resizing or encoding below changes: every cached variant is then drawn again.
LAYOUT_VERSION = 2
# The record of the pictures' digests in the cache folder (see `SourceDigests`).
DIGESTS_FILE = "digests.json"
# Where variants are served (see `variant_url`).
VARIANTS_FOLDER = "assets/hub-images"

# Pillow format → (file extension, MIME type) of the formats the hub draws variants in.
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
# Formats shown as they are, without variants (a GIF may be animated; WebP cannot replace it).
AS_IS = {"GIF": "image/gif"}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
WEBP_LOSSLESS_EFFORT = 20  # lossless WebP's `quality` is effort, not fidelity: 20 is quick and near the best size


def variant_url(key: str, width: int, extension: str) -> str:
    """The site path of one variant — the one URL format of this module.

    A flat folder of content-addressed names (not `<folder>/<stem>-<width>w.<ext>` beside the image):
    `a.png` and `a.jpg` in one folder cannot collide, a writer's own `team-480w.jpg` cannot be
    overwritten, the same picture used by two articles (a translation) is one set of files, a
    changed picture gets new URLs (no stale copy in a browser or CDN cache) while an unchanged one
    keeps its URLs across builds, and the URL is the same with or without `use_directory_urls`.
    """
    return f"{VARIANTS_FOLDER}/{key}-{width}w.{extension}"


def variant_widths(width: int, widths: Iterable[int]) -> tuple[int, ...]:
    """The widths to draw for an original `width` pixels wide: never wider than it, and the original's
    own width when it is narrower than the biggest configured width."""
    wanted = sorted(set(widths))
    chosen = {w for w in wanted if w <= width}
    if wanted and width < wanted[-1]:
        chosen.add(width)
    return tuple(sorted(chosen))


@dataclass(frozen=True, slots=True)
class Output:
    """One variant file: where it goes in the cache, its size and its format."""

    path: Path
    width: int
    height: int
    format: str  # Pillow format name: WEBP, PNG or JPEG


# EXIF orientation → the turn or flip that makes the picture upright (as `ImageOps.exif_transpose`).
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}


def prepared(image: Image.Image) -> Image.Image:
    """The picture upright (EXIF orientation applied) in RGB or RGBA, without any metadata."""
    if (turn := UPRIGHT.get(orientation(image))) is not None:
        image = image.transpose(turn)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    image = image.convert(mode)
    image.info.clear()  # no EXIF, XMP, ICC or comments in what is written: same source, same bytes
    return image


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    # reducing_gap: a fast box reduction first, then Lanczos (same result on every machine).
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image: Image.Image, outputs: Sequence[Output], widest: tuple[int, int],
           palette: bool = False) -> list[tuple[Path, bytes]]:
    """Each output resized from `image` (already `prepared`) and encoded deterministically.

    Every variant is resized from the picture's widest variant (`widest`: its size), itself resized
    from the original: a third of the work of resizing each from a large original, and the same
    pixels whichever variants happen to be missing. `palette`: the source was a palette PNG (a social
    card, a diagram): its variants are palette pictures too, in lossless WebP and in PNG.
    """
    files = []
    base = _resized(image, widest)
    resized: dict[int, Image.Image] = {}
    for output in outputs:
        if output.width not in resized:
            resized[output.width] = _resized(base, (output.width, output.height))
        picture = resized[output.width]
        buffer = io.BytesIO()
        if palette and output.format != "JPEG":
            picture = picture.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        if output.format == "WEBP" and palette:
            # Flat colours and text (a social card, a diagram): a palette in lossless WebP is about half
            # the bytes of lossy WebP, exact, and three times quicker to encode.
            picture.save(buffer, format="WEBP", lossless=True, quality=WEBP_LOSSLESS_EFFORT, method=1)
        elif output.format == "WEBP":
            picture.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
        elif output.format == "JPEG":
            picture.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True,
                                        progressive=True)
        else:
            picture.save(buffer, format="PNG", optimize=False)
        files.append((output.path, buffer.getvalue()))
    return files


@dataclass(frozen=True, slots=True)
class VariantJob:
    """The missing variants of one picture file (a `drawing.Job`: picklable, drawn in any process)."""

    source: Path
    outputs: tuple[Output, ...]
    widest: tuple[int, int]  # the size of the picture's widest variant, which the others are resized from
    palette: bool = False

    def draw(self, memo: dict[object, object]) -> list[tuple[Path, bytes]]:
        """The variants' files and bytes, from one decoding of the source."""
        with Image.open(self.source) as image:
            return encode(prepared(image), self.outputs, self.widest, self.palette)


@dataclass(frozen=True, slots=True)
class Original:
    """What the header of a picture file says: its displayed size and format, and whether it moves."""

    width: int
    height: int
    format: str
    animated: bool = False
    palette: bool = False


def read_original(path: Path, headers: PictureHeaders | None = None) -> Original | None:
    """The header of an image file (pixels are not decoded), or None if Pillow cannot read it."""
    header = (headers or PictureHeaders()).read(path)
    if header is None:
        return None
    width, height = header.displayed
    return Original(width, height, header.format, header.animated, header.palette)


class SourceDigests:
    """The SHA-256 of each picture file, remembered with its size and modification time.

    Variants are named by their source's digest, and hashing every picture of a large hub on every
    build costs seconds (2 GB at 3,000 articles per language with a picture in one article of three).
    A file whose size and modification time (in nanoseconds) are those recorded is not read again, as
    `make`, rsync and git's index trust them; any other file is hashed. A fresh checkout (new times)
    hashes everything once. The record lives in the image cache, so the Pages workflow keeps it too.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[str, list] = read_record(path)
        self._seen: dict[str, list] = {}

    def of(self, path: Path) -> str:
        """The hex SHA-256 of a file's bytes."""
        info = path.stat()
        key = str(path.resolve())
        found = self._known.get(key)
        if isinstance(found, list) and found[:2] == [info.st_size, info.st_mtime_ns] and len(found) == 3:
            digest = found[2]
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._seen[key] = [info.st_size, info.st_mtime_ns, digest]
        return digest

    def save(self) -> None:
        """Write the record of this build's pictures when it changed (pictures gone are forgotten)."""
        if self._seen != self._known:
            write_record(self.path, self._seen)
            self._known = dict(self._seen)


@dataclass(frozen=True, slots=True)
class VariantFile:
    """A variant in the site: its site path and the cached file it is linked from."""

    url: str
    cached: Path


class ImageSet:
    """One build's pictures: the variants of every picture the hub shows, reused or queued for drawing."""

    def __init__(self, cache_dir: Path, widths: Sequence[int], headers: PictureHeaders | None = None) -> None:
        self.cache_dir = cache_dir
        self.headers = headers or PictureHeaders()  # shared with validation: each header read once
        self.widths = tuple(sorted(set(widths)))
        self.drawn = 0  # variant files queued for drawing in this build (none when nothing changed)
        self.reused = 0  # variant files found in the cache
        self._pictures: dict[str, Picture] = {}
        self._files: dict[str, VariantFile] = {}  # by site path: a picture used twice is one set
        self._jobs: list[VariantJob] = []
        self._card_jobs: list[VariantJob] = []
        self._cached: frozenset[str] | None = None  # names in the cache folder, listed once per build
        self._digests = SourceDigests(cache_dir / DIGESTS_FILE)

    @property
    def pictures(self) -> Mapping[str, Picture]:
        """Every planned picture by the docs-relative src_uri of its file (cards: `card_key`); alt ''."""
        return MappingProxyType(self._pictures)

    def picture(self, src_uri: str, alt: str) -> Picture | None:
        """The picture of a file with its alt text, or None when the hub has no variants of it."""
        found = self._pictures.get(src_uri)
        return replace(found, alt=alt) if found is not None else None

    def add_file(self, src_uri: str, path: Path) -> Picture | None:
        """Plan the variants of a picture file of docs_dir; None if it is not a picture Pillow reads."""
        if src_uri in self._pictures:
            return self._pictures[src_uri]
        original = read_original(path, self.headers)
        if original is None:
            return None
        if original.format in AS_IS or original.animated or original.format not in FORMATS:
            if original.format not in AS_IS and not original.animated:
                return None  # a format browsers may not show (TIFF, BMP …): left alone
            found = Picture(src_uri, original.width, original.height, "")
            self._pictures[src_uri] = found
            return found
        return self._plan(src_uri, path, self._digests.of(path), original, self._jobs)

    def add_card(self, uri: str, path: Path, width: int, height: int) -> Picture:
        """Plan the WebP variants of a social card (named by its digest; drawn in the same batch, before these).

        Only WebP: the card itself (PNG, in the site beside its article for `og:image`) is the fallback in
        the original format, so smaller PNG copies would be drawn and served for no browser. The returned
        picture's `url` is the widest WebP until `share.article_pictures` points it at the card.
        """
        if uri in self._pictures:
            return self._pictures[uri]
        return self._plan(uri, path, path.stem, Original(width, height, "PNG", palette=True), self._card_jobs,
                          ("WEBP",))

    def _plan(self, src_uri: str, path: Path, digest: str, original: Original, jobs: list[VariantJob],
              types: Sequence[str] = ()) -> Picture:
        key = hashlib.sha256(json.dumps([LAYOUT_VERSION, digest]).encode()).hexdigest()[:20]
        types = types or ["WEBP"] + ([original.format] if original.format != "WEBP" else [])
        sources, missing = [], []
        for kind in types:
            extension, mime = FORMATS[kind]
            variants = []
            for width in variant_widths(original.width, self.widths):
                height = max(1, round(original.height * width / original.width))
                url = variant_url(key, width, extension)
                cached = self.cache_dir / url.rsplit("/", 1)[1]
                if url not in self._files:
                    self._files[url] = VariantFile(url, cached)
                    if cached.name in self._cache_names():
                        self.reused += 1
                    else:
                        missing.append(Output(cached, width, height, kind))
                variants.append(Variant(url, width))
            sources.append(Source(mime, tuple(variants)))
        if missing:
            widest = sources[0].variants[-1].width
            size = (widest, max(1, round(original.height * widest / original.width)))
            jobs.append(VariantJob(path, tuple(missing), size, original.palette))
            self.drawn += len(missing)
        fallback = sources[-1].variants[-1]  # the largest variant in the original format (a card: WebP)
        height = max(1, round(original.height * fallback.width / original.width))
        found = Picture(fallback.url, fallback.width, height, "", tuple(sources))
        self._pictures[src_uri] = found
        return found

    def _cache_names(self) -> frozenset[str]:
        if self._cached is None:
            self._cached = cache_names(self.cache_dir)
        return self._cached

    def save(self) -> None:
        """Keep the digests of this build's pictures for the next build (see `SourceDigests`)."""
        self._digests.save()

    def stages(self, cards: Sequence[object] = ()) -> list[list]:
        """The drawing stages of this build: the cards, then every variant (cards' variants read the cards)."""
        return [[*cards, *self._jobs], self._card_jobs]

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """Put every variant into the site, hard-linked from the cache."""
        for variant in self._files.values():
            files.append(CardFile.generated(config, variant.url, abs_src_path=str(variant.cached)))


def image_src_uri(article_src_uri: str, image: str) -> str:
    """The docs-relative path of a picture written in an article (front-matter `image` or body)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(article_src_uri), image))


def card_key(article_src_uri: str) -> str:
    """The key of an article's social card among the pictures (a card has no file in docs_dir)."""
    return f"{article_src_uri}#card"


def plan(images: ImageSet, hub: Hub, docs_dir: Path, cards: Mapping[str, Path]) -> None:
    """Plan the variants of every picture of the hub's articles: `image`, body pictures and social cards.

    `cards`: article src_uri → its card file in the card cache (the picture's key is `card_key`).
    """
    for article in hub.articles:
        if article.image:
            uri = image_src_uri(article.src_uri, article.image)
            images.add_file(uri, docs_dir / uri)
        for uri in article.body_images:
            images.add_file(uri, docs_dir / uri)
        if (card := cards.get(article.src_uri)) is not None:
            images.add_card(card_key(article.src_uri), card, CARD_WIDTH, CARD_HEIGHT)
