"""Social cards: a 1200×630 PNG with an article's title, topic and the site name, drawn offline.

Material's social plugin downloads Google Fonts at build time and draws non-Latin text as boxes.
Here the font ships with the package (Open Sans, Apache-2.0, every Turkish letter), the layout
engine is Pillow's basic one (same pixels on every machine, with or without libraqm), and a card is
cached under a digest of everything drawn, so an unchanged card is never drawn twice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from mkdocs.structure.files import File
from PIL import Image, ImageDraw, ImageFont

from .staging import link

FONT_DIR = Path(__file__).parent / "fonts"
TITLE_FONT = FONT_DIR / "OpenSans-Bold.ttf"
TEXT_FONT = FONT_DIR / "OpenSans-Regular.ttf"
WIDTH, HEIGHT = 1200, 630
# Bump when the drawing below changes: every cached card is then drawn again.
LAYOUT_VERSION = 2

BACKGROUND = (30, 42, 120)
TITLE_COLOUR = (255, 255, 255)
LABEL_COLOUR = (255, 213, 79)
SITE_COLOUR = (220, 225, 255)
MARGIN = 80
TITLE_TOP, TITLE_BOTTOM = 160, 500  # the box the title must fit in
TITLE_SIZES = range(76, 39, -4)  # largest first; below the last, long titles are shortened at a word
SMALLEST_SIZE = 20  # a single word wider than the box shrinks the type down to this
LINE_SPACING = 1.22


@dataclass(frozen=True, slots=True)
class CardText:
    """Everything written on a card, already in the page's language."""

    title: str
    label: str  # the article's first topic
    site_name: str


TEXT_FIELDS = tuple(field.name for field in fields(CardText))


def cache_names(folder: Path) -> frozenset[str]:
    """The files of a cache folder, listed once per build: a stat per card or variant costs more (thousands)."""
    try:
        return frozenset(os.listdir(folder))
    except FileNotFoundError:
        return frozenset()


class Fonts:
    """The card fonts at each size, loaded once per drawing process (or chunk of jobs)."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[Path, int], ImageFont.FreeTypeFont] = {}

    def __call__(self, path: Path, size: int) -> ImageFont.FreeTypeFont:
        key = (path, size)
        if key not in self._fonts:
            # The basic layout engine draws the same pixels whether or not libraqm is installed.
            self._fonts[key] = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
        return self._fonts[key]


def draw_card(text: CardText, fonts: Fonts) -> Image.Image:
    """The card as a palette image: flat colours and anti-aliased text need few colours, and a
    palette PNG is a third of the size and quicker to write than an RGB one."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=LABEL_COLOUR)
    label_font = fonts(TEXT_FONT, 36)
    label = fit_line(text.label, label_font, WIDTH - 2 * MARGIN)
    draw.text((MARGIN, 72), label, font=label_font, fill=LABEL_COLOUR)
    size, lines = layout_title(text.title, lambda s: fonts(TITLE_FONT, s), WIDTH - 2 * MARGIN,
                               TITLE_BOTTOM - TITLE_TOP)
    title_font = fonts(TITLE_FONT, size)
    for number, line in enumerate(lines):
        draw.text((MARGIN, TITLE_TOP + number * round(size * LINE_SPACING)), line, font=title_font,
                  fill=TITLE_COLOUR)
    site_font = fonts(TITLE_FONT, 34)
    site = fit_line(text.site_name, site_font, WIDTH - 2 * MARGIN)
    draw.text((MARGIN, HEIGHT - 100), site, font=site_font, fill=SITE_COLOUR)
    return image.quantize(colors=48, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def card_png(text: CardText, fonts: Fonts) -> bytes:
    """The card's PNG bytes: no text chunks, no timestamp, so the same card gives the same bytes."""
    buffer = io.BytesIO()
    draw_card(text, fonts).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class CardJob:
    """A card to draw into the cache (a `drawing.Job`: picklable, drawn in any process)."""

    text: CardText
    target: Path

    def draw(self, memo: dict[object, object]) -> list[tuple[Path, bytes]]:
        """The card's file and bytes; the fonts are shared by the jobs of one chunk."""
        fonts = memo.get(Fonts)
        if not isinstance(fonts, Fonts):
            fonts = memo[Fonts] = Fonts()
        return [(self.target, card_png(self.text, fonts))]


class CardMaker:
    """Collects the cards of a build: cached ones are reused, missing ones are queued for one batch.

    `card()` only names the file (a digest of everything drawn on it); the plugin then draws every
    queued card at once with `drawing.draw` (on all cores), before any page needs the files.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.drawn = 0  # cards drawn in this build (a rebuild of an unchanged site draws none)
        self.reused = 0
        self.seconds = 0.0  # time spent collecting cards in this build (digests and cache look-ups)
        self.pending: dict[Path, CardJob] = {}  # missing cards, by their file in the cache
        self._names: frozenset[str] | None = None
        self._fonts = Fonts()
        # The fonts are part of what is drawn: a new font file means new cards.
        fonts = hashlib.sha256()
        for path in (TITLE_FONT, TEXT_FONT):
            fonts.update(path.read_bytes())
        self._fonts_digest = fonts.hexdigest()

    def digest(self, text: CardText) -> str:
        """A hash of everything that decides the card's pixels."""
        # The fields as `dataclasses.asdict` gives them (same digests), without its deep copy.
        fields = {name: getattr(text, name) for name in TEXT_FIELDS}
        inputs = [LAYOUT_VERSION, self._fonts_digest, WIDTH, HEIGHT, fields]
        return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode()).hexdigest()

    def card(self, text: CardText) -> Path:
        """The PNG file of the card for `text` in the cache; queued for drawing when it is not there yet."""
        started = time.perf_counter()
        name = f"{self.digest(text)[:40]}.png"
        path = self.cache_dir / name
        if path in self.pending:
            pass  # the same card twice (same title, topic and site): drawn once
        elif name in self._cached():
            self.reused += 1
        else:
            self.pending[path] = CardJob(text, path)
            self.drawn += 1
        self.seconds += time.perf_counter() - started
        return path

    def _cached(self) -> frozenset[str]:
        if self._names is None:
            self._names = cache_names(self.cache_dir)
        return self._names

    def jobs(self) -> list[CardJob]:
        """The missing cards, in a stable order."""
        return [self.pending[path] for path in sorted(self.pending)]

    def draw(self, text: CardText) -> Image.Image:
        """The card for `text`, drawn in this process."""
        return draw_card(text, self._fonts)


def wrap(words: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str] | None:
    """Words in lines no wider than `width`, breaking only between words; None if a word is too wide."""
    lines: list[str] = []
    for word in words:
        if font.getlength(word) > width:
            return None
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def layout_title(title: str, font_of: Callable[[int], ImageFont.FreeTypeFont], width: int,
                 height: int) -> tuple[int, list[str]]:
    """The largest type size at which the whole title fits the box, and its lines.

    A title too long even at the smallest size keeps as many whole words as fit, then '…'.
    """
    words = title.split()
    for size in TITLE_SIZES:
        lines = wrap(words, font_of(size), width)
        if lines is not None and len(lines) * round(size * LINE_SPACING) <= height:
            return size, lines
    size = TITLE_SIZES[-1]
    # A word wider than the box (a long URL, a compound word) shrinks the type further.
    while size > SMALLEST_SIZE and wrap(words, font_of(size), width) is None:
        size -= 2
    font = font_of(size)
    room = max(1, height // round(size * LINE_SPACING))
    kept = list(words)
    while kept:
        lines = wrap([*kept[:-1], kept[-1] + "…"], font, width) if len(kept) < len(words) else \
            wrap(kept, font, width)
        if lines is not None and len(lines) <= room:
            return size, lines
        kept.pop()
    return size, ["…"]


def fit_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` on one line: whole words that fit, with '…' when some had to go."""
    words = text.split()
    if font.getlength(text) <= width:
        return text
    while len(words) > 1:
        words.pop()
        shortened = " ".join(words) + "…"
        if font.getlength(shortened) <= width:
            return shortened
    return words[0] if words else ""


class CardFile(File):
    """A card in the built site, hard-linked to its file in the card cache instead of copied.

    A cached card never changes (its name is a digest of what it shows), so the site can share it:
    a build then writes no card bytes, only directory entries. Falls back to a copy where links
    are impossible (the site on another filesystem, as with `mkdocs serve`'s temporary folder).
    """

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        if not link(self.abs_src_path, self.abs_dest_path):
            super().copy_file(dirty)
