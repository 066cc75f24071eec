#!/usr/bin/env python3
"""Instant preview: a `mkdocs serve` rebuild after a writer saves one article, against a full build.

    ./run bench --sizes 1000        (part of the report), or: .venv/bin/python bench/preview.py [--size 1000]

On the hub project of bench/run.py, one fresh process does what `mkdocs serve` does (one plugin
instance, a fresh config for every build, `build(config, serve_url=…)`): a first, full build; full
builds again with the preview's cache emptied; then rounds of saving one article with an edited
paragraph, then with an edited title, each followed by a rebuild. It times each build (wall and CPU
seconds, in the process: no interpreter start-up) until the rebuilt pages are written, and apart
from that the time until the search index of the changed bundle is in place (Pagefind runs in the
background after the pages are served). The edited article is restored at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TARGET = 0.10  # a rebuild after a body or title edit ≤ 0.1 × a full build (issue 17)
SERVE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class PreviewResult:
    """Seconds (wall, CPU) of each kind of build, and what the rebuilds rendered."""

    size: int
    first: tuple[float, float]
    full: list[tuple[float, float]]
    body: list[tuple[float, float]]
    title: list[tuple[float, float]]
    search: list[float]  # after a body edit: until the new search index is in place
    rendered: dict[str, int]  # pages rendered by the last rebuild of each kind
    pages: int

    def median(self, kind: str, index: int = 0) -> float:
        return statistics.median(run[index] for run in getattr(self, kind))

    def ratio(self, kind: str, index: int = 0) -> float:
        return self.median(kind, index) / self.median("full", index)


def child(project: Path, runs: int, out: Path) -> None:
    """The measurement itself, in this (fresh) process: what `mkdocs serve` does, timed."""
    os.chdir(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def config() -> Any:
        loaded = load_config("mkdocs.yml", site_dir=site_dir)
        loaded.site_url = SERVE_URL
        return loaded

    def timed(loaded: Any = None) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        build(loaded or config(), serve_url=SERVE_URL)
        return time.perf_counter() - wall, time.process_time() - cpu

    first_config = config()
    plugin = first_config.plugins["hub"]
    plugin.on_startup(command="serve", dirty=False)
    articles = sorted(Path("content/en/articles").glob("*.md"))
    target = articles[len(articles) // 2]
    original = target.read_text(encoding="utf-8")
    result: dict[str, Any] = {"full": [], "body": [], "title": [], "search": [], "rendered": {}}
    try:
        result["first"] = timed(first_config)
        plugin.preview.wait()
        for _ in range(runs):
            plugin.preview.clear()  # a full build, with the process and compiled templates warm
            result["full"].append(timed())
            plugin.preview.wait()
        timed()  # the preview's first rebuild fills its cache of conversions and page records
        result["pages"] = plugin.preview.report.pages
        for run in range(runs):
            with target.open("a", encoding="utf-8") as file:
                file.write(f"\nA paragraph written in round {run}.\n")
            result["body"].append(timed())
            result["rendered"]["body"] = len(plugin.preview.report.rendered)
            started = time.perf_counter()
            plugin.preview.wait()
            result["search"].append(result["body"][-1][0] + time.perf_counter() - started)
            text = target.read_text(encoding="utf-8")
            suffix = f" ({run})"
            target.write_text(re.sub(r'^title: "?(.*?)"?$', lambda m, s=suffix: f'title: "{m.group(1)}{s}"', text,
                                     count=1, flags=re.MULTILINE), encoding="utf-8")
            result["title"].append(timed())
            result["rendered"]["title"] = len(plugin.preview.report.rendered)
            plugin.preview.wait()
    finally:
        target.write_text(original, encoding="utf-8")
        plugin.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)  # as `mkdocs serve` removes its temporary site
    out.write_text(json.dumps(result))


def measure(project: Path, size: int, runs: int) -> PreviewResult:
    """Run `child` in a fresh process on the hub project of one corpus size."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "preview.json"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("SITE_URL", None)
        completed = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(project),
                                    "--runs", str(runs), "--out", str(out)], env=env, capture_output=True, text=True)
        if completed.returncode:
            raise RuntimeError(f"preview measurement failed:\n{completed.stderr[-3000:]}")
        data = json.loads(out.read_text())
    return PreviewResult(size, tuple(data["first"]), [tuple(r) for r in data["full"]],
                         [tuple(r) for r in data["body"]], [tuple(r) for r in data["title"]], data["search"],
                         data["rendered"], data["pages"])


def report_lines(result: PreviewResult) -> list[str]:
    """The report's section on the preview, as Markdown lines."""
    lines = ["## Instant preview (`mkdocs serve` rebuild after saving one article)", "",
             f"{result.size:,} articles per language, {result.pages:,} pages; one process doing what `mkdocs serve` "
             "does; medians. A full build here is a serve-mode build in the same process with the preview's cache "
             "emptied (no interpreter start-up: the `mkdocs build` times above are longer). *Ratio* is the "
             "rebuild's time over the full build's.", "",
             "| build | wall s | CPU s | ratio (wall) | ratio (CPU) | pages rendered |",
             "|---|---:|---:|---:|---:|---:|",
             f"| first build of `mkdocs serve` | {result.first[0]:.2f} | {result.first[1]:.2f} | | "
             f"| {result.pages:,} |",
             f"| full build | {result.median('full'):.2f} | {result.median('full', 1):.2f} | 1 | 1 "
             f"| {result.pages:,} |"]
    for kind, label in (("body", "after editing a paragraph"), ("title", "after editing the title")):
        lines.append(f"| {label} | {result.median(kind):.2f} | {result.median(kind, 1):.2f} "
                     f"| **{result.ratio(kind):.3f}** | {result.ratio(kind, 1):.3f} | {result.rendered[kind]} |")
    lines += ["", f"After a paragraph edit, the new search index is in place {statistics.median(result.search):.2f} s "
              "after the save (Pagefind runs in the background once the pages are served).", ""]
    return lines


def target_line(result: PreviewResult) -> str:
    """The report's target row."""
    worst = max(result.ratio("body"), result.ratio("title"))
    mark = "**met**" if worst <= TARGET else "**missed**"
    return f"| preview rebuild ≤ {TARGET}× a full build (body or title edit, wall) | {worst:.3f}× | {mark} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="articles per language (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of each kind of build (default 3)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs, args.out)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run as bench  # bench/run.py, beside this script

    project = bench.setup(args.size)
    bench.build(project.hub, "hub build (warm-up: cards)")
    result = measure(project.hub, args.size, args.runs)
    print("\n".join([*report_lines(result), "| target | measured | |", "|---|---:|---|", target_line(result)]))


if __name__ == "__main__":
    main()
