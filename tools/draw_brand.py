"""Draw the shipped hub's brand pictures with Pillow: deterministic, offline, no stock photos.

    .venv/bin/python tools/draw_brand.py          # writes content/assets/brand/

Writes each language's home hero (people at work under a city skyline, in the brand's colours), the
1200×630 share image of pages that are not articles, and the logo and favicon (SVG, hand-written
below). Run it again after changing the colours; the same inputs always give the same files.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "assets" / "brand"
FONT = ROOT / "hub_plugins" / "fonts" / "OpenSans-Bold.ttf"

# The brand of the shipped hub (mkdocs.yml repeats the first two under `brand:`).
PRIMARY = "#0b5d57"  # deep teal
ACCENT = "#b3261e"  # brick red
SUN = "#f2b705"
SAND = "#f6efe3"
TINT = "#e7f0ef"
SKIN = ("#8d5524", "#c68642", "#e0ac69", "#f1c27d", "#ffdbac")
CLOTHES = (PRIMARY, ACCENT, "#3b3b98", "#2d6a4f", "#6d597a")
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliasing support

LOGO = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Career Hub">
<rect width="48" height="48" rx="12" fill="{PRIMARY}"/>
<circle cx="17" cy="17" r="6" fill="#fff"/><circle cx="31" cy="17" r="6" fill="{SUN}"/>
<path d="M7 39c0-7 4.5-12 10-12s10 5 10 12z" fill="#fff"/><path d="M21 39c0-7 4.5-12 10-12s10 5 10 12z" fill="{SUN}"/>
</svg>
"""


def person(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, n: int) -> None:
    """A person seen from the waist up: head and shoulders, in one of the skin and clothes colours."""
    s = size * SCALE
    x, y = x * SCALE, y * SCALE
    draw.ellipse((x - s * 0.9, y + s * 1.1, x + s * 0.9, y + s * 3.2), fill=CLOTHES[n % len(CLOTHES)])
    draw.ellipse((x - s * 0.5, y, x + s * 0.5, y + s), fill=SKIN[(n * 2 + 1) % len(SKIN)])


def skyline(draw: ImageDraw.ImageDraw, width: int, base: int, domes: bool) -> None:
    """Office towers (and, for Istanbul, domes and a minaret) on the horizon."""
    towers = ((40, 150, 70), (130, 220, 90), (240, 120, 60), (320, 260, 80), (430, 170, 70), (520, 300, 110),
              (650, 200, 80), (750, 140, 60), (830, 240, 90), (940, 180, 70), (1030, 280, 100), (1150, 160, 80))
    for x, h, w in towers:
        if x > width:
            break
        draw.rectangle((x * SCALE, (base - h) * SCALE, (x + w) * SCALE, base * SCALE), fill="#cfe0de")
        for row in range(base - h + 20, base - 10, 28):
            for col in range(x + 12, x + w - 12, 22):
                draw.rectangle((col * SCALE, row * SCALE, (col + 8) * SCALE, (row + 12) * SCALE), fill=TINT)
    if domes:
        for cx, r in ((300, 70), (700, 90)):
            draw.pieslice(((cx - r) * SCALE, (base - r) * SCALE, (cx + r) * SCALE, (base + r) * SCALE), 180, 360,
                          fill="#b9d3d0")
        draw.rectangle((812 * SCALE, (base - 230) * SCALE, 826 * SCALE, base * SCALE), fill="#b9d3d0")
        draw.polygon(((812 * SCALE, (base - 230) * SCALE), (826 * SCALE, (base - 230) * SCALE),
                      (819 * SCALE, (base - 270) * SCALE)), fill="#b9d3d0")


def scene(width: int, height: int, domes: bool) -> Image.Image:
    """People around a table under a skyline and a sun: the hub's picture of working here."""
    image = Image.new("RGB", (width * SCALE, height * SCALE), SAND)
    draw = ImageDraw.Draw(image)
    draw.ellipse(((width - 260) * SCALE, 40 * SCALE, (width - 120) * SCALE, 180 * SCALE), fill=SUN)
    base = int(height * 0.62)
    skyline(draw, width, base, domes)
    draw.rectangle((0, base * SCALE, width * SCALE, height * SCALE), fill=TINT)
    table_top = int(height * 0.78)
    seats = range(width // 2 - 330, width // 2 + 331, 132) if width > 900 else range(90, width - 60, 120)
    for n, x in enumerate(seats):
        person(draw, x, table_top - 150, 52, n + (3 if domes else 0))
    draw.rounded_rectangle((40 * SCALE, table_top * SCALE, (width - 40) * SCALE, (table_top + 34) * SCALE),
                           radius=14 * SCALE, fill=PRIMARY)
    for x in range(width // 2 - 300, width // 2 + 301, 150):  # laptops and cups on the table
        draw.rounded_rectangle(((x - 34) * SCALE, (table_top - 40) * SCALE, (x + 34) * SCALE, table_top * SCALE),
                               radius=6 * SCALE, fill="#ffffff")
        draw.ellipse(((x + 46) * SCALE, (table_top - 18) * SCALE, (x + 62) * SCALE, table_top * SCALE), fill=ACCENT)
    return image.resize((width, height), Image.LANCZOS)


def share_image(title: str, subtitle: str) -> Image.Image:
    """The 1200×630 share image of homes, listings and the chooser: the scene with the hub's name on it."""
    image = scene(1200, 630, domes=False)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, 760, 300), radius=24, fill=PRIMARY)
    draw.text((100, 95), title, font=ImageFont.truetype(str(FONT), 76), fill="#ffffff")
    draw.text((100, 200), subtitle, font=ImageFont.truetype(str(FONT), 38), fill=SUN)
    return image


def save_png(image: Image.Image, path: Path, colours: int = 64) -> None:
    """A small PNG: flat illustrations need few colours; no timestamps, so the bytes never change."""
    image.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def main() -> None:
    """Write every brand file of the shipped hub."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "logo.svg").write_text(LOGO, encoding="utf-8")
    (OUT / "favicon.svg").write_text(LOGO, encoding="utf-8")
    save_png(scene(960, 600, domes=False), OUT / "hero-en.png")
    save_png(scene(960, 600, domes=True), OUT / "hero-tr.png")
    save_png(share_image("Career Hub", "Careers, talent and our people"), OUT / "share.png")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
