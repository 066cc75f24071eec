"""Deterministic pictures for a generated bench corpus: one article in three gets a header image.

    python bench/pictures.py CORPUS_DIR [--every 3]

Each picture is ~1600×900, drawn with Pillow from gradients and shapes seeded by the article's
path (the same corpus always gets the same bytes); JPEG and PNG alternate. The article's
front-matter gets `image: images/<slug>.<ext>`, and every second pictured article also shows a
smaller body picture with alt text, so the body-image pipeline is measured too. Run once on a
corpus made by make_corpus.py (bench/run.py does it with `--pictures`).
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = (1600, 900)
BODY_SIZE = (1200, 800)


def draw_picture(seed: str, size: tuple[int, int]) -> Image.Image:
    """A photo-like picture: a two-colour gradient, soft shapes and fine noise, all from `seed`."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    width, height = size
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    mask = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(40, 260)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    # Grain, as in a photograph: encoders have real detail to keep (a flat picture would flatter them).
    noise = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(image, noise, 0.12)


def add_pictures(corpus: Path, every: int = 3) -> int:
    """Give one article in `every` of each language a header picture (and half of those a body one)."""
    count = 0
    for lang_dir in sorted(p for p in corpus.iterdir() if (p / "articles").is_dir()):
        articles = lang_dir / "articles"
        for index, path in enumerate(sorted(articles.glob("*.md"))):
            if index % every:
                continue
            kind, ext = ("JPEG", "jpg") if (index // every) % 2 == 0 else ("PNG", "png")
            folder = articles / "images"
            folder.mkdir(exist_ok=True)
            name = f"{path.stem}.{ext}"
            save = {"quality": 85} if kind == "JPEG" else {}
            draw_picture(f"{lang_dir.name}/{path.stem}", SIZE).save(folder / name, format=kind, **save)
            text = path.read_text(encoding="utf-8")
            end = text.index("\n---", 3)  # the closing fence of the front-matter
            text = f"{text[:end]}\nimage: images/{name}{text[end:]}"
            if (index // every) % 2 == 0:
                body = f"{path.stem}-body.jpg"
                draw_picture(f"{lang_dir.name}/{path.stem}/body", BODY_SIZE).save(folder / body, format="JPEG",
                                                                                quality=85)
                text = text.rstrip("\n") + f"\n\n![A picture of the team at work](images/{body})\n"
                count += 1
            path.write_text(text, encoding="utf-8")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--every", type=int, default=3, help="one article in N gets pictures (default 3)")
    args = parser.parse_args()
    print(f"{add_pictures(args.corpus, args.every)} pictures added")


if __name__ == "__main__":
    main()
