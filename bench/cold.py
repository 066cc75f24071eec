#!/usr/bin/env python3
"""Cold builds: what drawing social cards and image variants adds to a build with empty caches.

    ./run bench-cold   (or: .venv/bin/python bench/cold.py [--size 1000] [--runs 2])

On the corpus of bench/run.py (with `--pictures`: one article in three has generated pictures), it
times a warm build, then cold builds (the card and image caches emptied first) drawing in this
process (`HUB_DRAWING_WORKERS=1`, as before the pool) and on every core, and reads from each
build's log how many cards and variants it drew. It prints the extra time of a cold build over a
warm one, ms per card and per variant, per core, and checks that a warm build draws nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # bench/run.py, beside this script

from hub_plugins.drawing import available_cores

DRAWN = re.compile(r"(social cards|images): (\d+) drawn")
DRAWING = re.compile(r"drawing: (\d+) files in ([\d.]+) s")


def timed_build(project: Path, workers: int | None) -> dict[str, float]:
    """One `mkdocs build` in a fresh process: wall seconds and what the hub's log says it drew."""
    env = bench.child_env()
    if workers is not None:
        env["HUB_DRAWING_WORKERS"] = str(workers)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"build failed in {project}:\n{done.stderr[-3000:]}")
    found = {"wall": wall, "social cards": 0.0, "images": 0.0, "files": 0.0, "drawing": 0.0}
    for kind, count in DRAWN.findall(done.stderr):
        found[kind] = float(count)
    if match := DRAWING.search(done.stderr):
        found["files"], found["drawing"] = float(match[1]), float(match[2])
    return found


def cold(project: Path, workers: int | None) -> dict[str, float]:
    """A build with the card and image caches emptied first."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    return timed_build(project, workers)


def per_file(workers: int, cards: int = 120, pictures: int = 24) -> tuple[float, float, float]:
    """ms per card, per card variant and per photo variant (wall time of a batch / files), on `workers` processes."""
    import tempfile

    from pictures import SIZE, draw_picture

    from hub_plugins.cards import HEIGHT, WIDTH, CardMaker, CardText
    from hub_plugins.drawing import draw
    from hub_plugins.images import ImageSet

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        maker = CardMaker(root / "cards")
        paths = [maker.card(CardText(f"Kariyer yolculuğunda {i}. adım: İşe alım ve gelişim", "İşe alım", "Career Hub"))
                 for i in range(cards)]
        card_batch = draw([maker.jobs()], workers)
        card_variants = ImageSet(root / "card-variants", (480, 960, 1440))
        for i, path in enumerate(paths):
            card_variants.add_card(f"c{i}", path, WIDTH, HEIGHT)
        card_variant_batch = draw(card_variants.stages(), workers)
        images = ImageSet(root / "images", (480, 960, 1440))
        for i in range(pictures):
            path = root / f"p{i}.jpg"
            draw_picture(f"p{i}", SIZE).save(path, format="JPEG", quality=85)
            images.add_file(path.name, path)
        variant_batch = draw(images.stages(), workers)
    return tuple(1000 * batch.seconds / batch.files for batch in (card_batch, card_variant_batch, variant_batch))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="articles per language (default 1000)")
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind (default 2; medians)")
    parser.add_argument("--pictures", action="store_true", help="the corpus with generated pictures")
    args = parser.parse_args()
    bench.PICTURES = args.pictures
    project = bench.setup(args.size).hub
    cores = available_cores()
    timed_build(project, None)  # fills the caches
    rows: dict[str, list[dict[str, float]]] = {"warm": [], "cold, 1 process": [], f"cold, {cores} cores": []}
    for _ in range(args.runs):
        rows["warm"].append(timed_build(project, None))
        rows["cold, 1 process"].append(cold(project, 1))
        rows[f"cold, {cores} cores"].append(cold(project, None))
        timed_build(project, None)  # caches warm again for the next warm build
    warm = statistics.median(r["wall"] for r in rows["warm"])
    print(f"# Cold builds at {args.size:,} articles per language{' with pictures' if args.pictures else ''}"
          f" — {cores} cores, load average {os.getloadavg()[0]:.1f}\n")
    print("| build | wall s | extra over warm s | cards drawn | variants drawn | drawing s | ms per file "
          "| ms per file per core |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in rows.items():
        wall = statistics.median(r["wall"] for r in runs)
        drawing = statistics.median(r["drawing"] for r in runs)
        files = runs[0]["files"]
        workers = 1 if "1 process" in name or name == "warm" else cores
        ms = 1000 * drawing / files if files else 0.0
        print(f"| {name} | {wall:.2f} | {wall - warm:+.2f} | {runs[0]['social cards']:.0f} "
              f"| {runs[0]['images']:.0f} | {drawing:.2f} | {ms:.1f} | {ms * workers:.1f} |")
    drawn = [r["social cards"] + r["images"] for r in rows["warm"]]
    print(f"\nwarm builds drew {drawn} files (must be all 0)\n")
    print("| drawn on | ms per card | per core | ms per card variant (WebP) | per core "
          "| ms per photo variant | per core |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for workers in (1, cores):
        card, card_variant, variant = per_file(workers)
        print(f"| {workers} process{'es' if workers > 1 else ''} | {card:.1f} | {card * workers:.1f} "
              f"| {card_variant:.1f} | {card_variant * workers:.1f} | {variant:.1f} | {variant * workers:.1f} |")


if __name__ == "__main__":
    main()
