"""Content checks of pictures, run by the loader on each article it reads (so `hub check` and the build agree).

Every image of an article body needs alt text — or an explicit `alt=""` for a decorative picture
(`![](x.png){ alt="" }` with attr_list, or `<img src="x.png" alt="">`) — and a local picture, in
the body or the front-matter `image`, must stay under the size limits (default 5 MB and 6,000
pixels wide). The body is scanned as text, line by line, skipping code blocks, code spans and
HTML comments: no Markdown conversion, so messages get their exact lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .errors import Problem

if TYPE_CHECKING:
    from PIL import Image

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*([-*+]|\d+[.)])[ \t]+")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->")
# ![alt](src "title"){ attrs } and ![alt][ref]{ attrs }; alt may hold escaped brackets.
_INLINE = re.compile(r"!\[(?P<alt>(?:\\.|[^\[\]\\])*)\]\(\s*(?P<src><[^>]*>|[^)\s]+)"
                     r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)(?P<attrs>\{[^}\n]*\})?")
_REFERENCE = re.compile(r"!\[(?P<alt>(?:\\.|[^\[\]\\])*)\]\[(?P<ref>[^\]]*)\](?P<attrs>\{[^}\n]*\})?")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<src><[^>]*>|\S+)")
_HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ATTR_LIST_ALT = re.compile(r"""(?:^|[\s{:])alt\s*=\s*(?:"[^"]*"|'[^']*'|[^\s}]+)""")


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """The largest picture a writer may publish (`images:` options of the hub plugin)."""

    max_bytes: int = 5_000_000
    max_width: int = 6000


@dataclass(frozen=True, slots=True)
class Header:
    """What a picture file's header says (no pixel decoded): its stored size, format and EXIF orientation."""

    width: int  # as stored; `displayed` applies the orientation
    height: int
    format: str  # Pillow's format name: JPEG, PNG, WEBP, GIF …
    orientation: int  # EXIF orientation, 1: upright
    animated: bool
    palette: bool  # a palette picture (mode P): flat colours

    @property
    def displayed(self) -> tuple[int, int]:
        """Width and height as shown: a quarter turn (orientation 5–8) swaps them."""
        return (self.height, self.width) if self.orientation in (5, 6, 7, 8) else (self.width, self.height)


HEADERS_FILE = "headers.json"  # the record of picture headers, in the image cache


class PictureHeaders:
    """Picture headers, each file read once per version (its size and modification time).

    Validation (size limits, the share image) and the variants' plan all ask about the same pictures;
    `mkdocs serve` keeps one of these for the whole process (`preview.PreviewCache`), so a rebuild opens
    no picture that did not change. With a `record` file (in the image cache), what was read is kept for
    the next build or `hub check` too, trusted while a file's size and time are those recorded (as the
    pictures' digests are, `images.SourceDigests`): a hub with a picture in every third article opens
    over a thousand pictures otherwise, each time.
    """

    def __init__(self, record: Path | None = None) -> None:
        self.record = record
        self._found: dict[str, tuple[int, int, Header | None]] = {}
        self._known: dict[str, list] = read_record(record) if record is not None else {}

    def read(self, path: Path) -> Header | None:
        """The header of a picture file; None if Pillow cannot read it (not a picture, or damaged)."""
        info = path.stat()
        key = str(path)
        found = self._found.get(key)
        if found is not None and found[:2] == (info.st_size, info.st_mtime_ns):
            return found[2]
        header = _recorded(self._known.get(key), info.st_size, info.st_mtime_ns)
        if header is False:
            header = _read_header(path)
        self._found[key] = (info.st_size, info.st_mtime_ns, header)
        return header

    def save(self) -> None:
        """Write the record of the pictures read through this object, when it changed."""
        if self.record is None:
            return
        seen = {key: [size, mtime, None if header is None else list(astuple(header))]
                for key, (size, mtime, header) in self._found.items()}
        if seen != self._known:
            write_record(self.record, seen)
            self._known = seen


def read_record(path: Path) -> dict[str, list]:
    """A record of file facts kept in a cache (JSON: path → [size, mtime_ns, …]); empty if missing or damaged."""
    with contextlib.suppress(OSError, ValueError):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            return loaded
    return {}


def write_record(path: Path, record: dict[str, list]) -> None:
    """Replace a record whole (a reader never sees half of one); a cache that cannot be written is skipped."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)


def _recorded(entry: object, size: int, mtime: int) -> Header | bool | None:
    """The header a record holds for this file version; False when it holds none (or a damaged one)."""
    if not isinstance(entry, list) or len(entry) != 3 or entry[:2] != [size, mtime]:
        return False
    fields = entry[2]
    if fields is None:
        return None
    if not isinstance(fields, list) or len(fields) != len(_HEADER_TYPES) or \
            any(type(value) is not kind for value, kind in zip(fields, _HEADER_TYPES, strict=False)):
        return False
    return Header(*fields)


_HEADER_TYPES = (int, int, str, int, bool, bool)  # Header's fields, as JSON keeps them


def _read_header(path: Path) -> Header | None:
    # Imported here: `hub check` on articles without pictures never loads Pillow.
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return Header(image.width, image.height, image.format or "", orientation(image),
                          bool(getattr(image, "is_animated", False)), image.mode == "P")
    except (OSError, UnidentifiedImageError, SyntaxError):
        return None


def orientation(image: Image.Image) -> int:
    """The EXIF orientation of an opened picture (1: upright), read from its header only.

    For a PNG, Pillow's `getexif()` decodes every pixel to look for an eXIf chunk after the image
    data (26 ms for a 1600×900 photo: seconds per build for a few hundred pictures). The PNG
    specification puts eXIf before the image data, where Pillow has read it into `info` already.
    Drawing (`images.prepared`) uses the same answer, so a picture's planned and drawn sizes agree.
    """
    from PIL import Image

    if image.format == "PNG":
        raw = image.info.get("exif")
        if not raw:
            return 1
        exif = Image.Exif()
        exif.load(raw)
        return int(exif.get(0x0112, 1))
    return int(image.getexif().get(0x0112, 1))


@dataclass(frozen=True, slots=True)
class BodyImage:
    """An image written in an article body: its source as written, alt text and line in the body."""

    src: str
    alt: str | None  # None: no alt text given at all
    line: int  # 0-based line within the body
    html: bool  # written as an <img> tag rather than ![…](…)


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """The body's lines that are not code, with code spans and comments blanked (0-based numbers)."""
    fence: str | None = None
    in_list = previous_blank = True
    in_comment = False
    for number, line in enumerate(body.split("\n")):
        if fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) <= {fence[0]}:
                fence = None
            continue
        if match := _FENCE.match(line):
            fence = match[1]
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if indented and previous_blank and not in_list and not blank:
            continue  # an indented code block (inside a list, indentation is the item's)
        if _LIST_ITEM.match(line):
            in_list = True
        elif not blank and not indented:
            in_list = False
        previous_blank = blank
        if in_comment:
            end = line.find("-->")
            if end < 0:
                continue
            line, in_comment = " " * (end + 3) + line[end + 3:], False
        line = _COMMENT.sub(lambda m: " " * len(m[0]), line)
        if (start := line.find("<!--")) >= 0:
            line, in_comment = line[:start], True
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)


def _html_alt(attrs: str) -> tuple[str | None, str | None]:
    """The src and alt of an <img> tag's attribute text."""
    found = {m[1].lower(): next((v for v in m.groups()[1:] if v is not None), "") for m in _HTML_ATTR.finditer(attrs)}
    return found.get("src"), found.get("alt")


def _alt(alt: str, attrs: str | None) -> str | None:
    """The alt text of a Markdown image: the brackets, or an explicit alt in its attr_list."""
    if attrs and _ATTR_LIST_ALT.search(attrs):
        return alt.strip() or ""  # `{ alt="" }`: decorative, said explicitly
    return alt.strip() or None


def find_images(body: str) -> list[BodyImage]:
    """Every image of a Markdown body outside code, in order of appearance."""
    if "![" not in body and "<img" not in body and "<IMG" not in body:
        return []  # most articles: no line-by-line scan
    lines = list(_prose_lines(body))
    definitions = {}
    for _number, line in lines:
        if match := _DEFINITION.match(line):
            definitions[" ".join(match["label"].lower().split())] = match["src"].strip("<>")
    found = []
    for number, line in lines:
        for match in _INLINE.finditer(line):
            found.append((match.start(), BodyImage(match["src"].strip("<>"), _alt(match["alt"], match["attrs"]),
                                                   number, False)))
        for match in _REFERENCE.finditer(line):
            label = " ".join((match["ref"] or match["alt"]).lower().split())
            if label in definitions:
                found.append((match.start(), BodyImage(definitions[label], _alt(match["alt"], match["attrs"]),
                                                       number, False)))
        for match in _HTML_IMG.finditer(line):
            src, alt = _html_alt(match["attrs"])
            if src is not None:
                found.append((match.start(), BodyImage(src, alt, number, True)))
    return [image for _start, image in sorted(found, key=lambda item: (item[1].line, item[0]))]


def local_path(src: str) -> str | None:
    """The relative path of a local image as written (unquoted), or None for a remote or absolute one."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def check_size(path: Path, shown: str, line: int, field: str, written: str, limits: ImageLimits,
               problems: list[Problem], headers: PictureHeaders | None = None) -> bool:
    """Report a picture heavier or wider than the limits; False if it is too big."""
    size = path.stat().st_size
    fix = (f"resize it to at most {limits.max_width:,} pixels wide (2,400 is plenty for a web page) and "
           "compress it, e.g. export as JPEG at quality 80")
    if size > limits.max_bytes:
        problems.append(Problem(shown, line, field, f"{written!r} is {size / 1e6:.1f} MB, over the limit of "
                                f"{limits.max_bytes / 1e6:g} MB", fix))
        return False
    header = (headers or PictureHeaders()).read(path)
    if header is None:
        return True  # not a picture Pillow reads (an SVG …): no width to check, no variants
    width = header.width
    if width > limits.max_width:
        problems.append(Problem(shown, line, field, f"{written!r} is {width:,} pixels wide, over the limit of "
                                f"{limits.max_width:,}", fix))
        return False
    return True


def check_body_images(body: str, body_line: int, article: Path, docs_dir: Path, shown: str,
                      limits: ImageLimits, problems: list[Problem],
                      headers: PictureHeaders | None = None) -> tuple[str, ...]:
    """Check every image of an article body; the docs-relative paths of its local pictures."""
    local: list[str] = []
    folder = article.parent
    for image in find_images(body):
        line = body_line + image.line
        if image.alt is None:
            if image.html:
                fix = (f'add alt="…" to the tag, <img src="{image.src}" alt="A team at work">, or alt="" '
                       "for a decorative picture")
            else:
                fix = (f"describe the picture in the brackets, ![A team at work]({image.src}), or write "
                       f'![]({image.src}){{ alt="" }} for a decorative picture')
            problems.append(Problem(shown, line, "image", f"{image.src!r} has no alt text", fix))
        relative = local_path(image.src)
        if relative is None:
            continue
        path = folder / relative
        try:
            inside = path.resolve().relative_to(docs_dir.resolve())
        except ValueError:
            continue  # outside the content folder: MkDocs reports the broken link
        if not path.is_file():
            continue  # the link check (validate.py, links.py) reports a missing file, like any broken link
        if check_size(path, shown, line, "image", image.src, limits, problems, headers):
            src_uri = posixpath.normpath(inside.as_posix())
            if src_uri not in local:
                local.append(src_uri)
    return tuple(local)
