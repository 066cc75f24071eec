#!/usr/bin/env python3
"""Benchmark the full hub (every feature on) against plain Material on the same synthetic corpus.

    ./run bench [--sizes 100 1000 3000] [--runs 5] [--write]

For each size (articles per language) it generates a corpus with bench/make_corpus.py,
sets up two projects on the same docs (the hub: the repository's mkdocs.yml, overrides/ and
taxonomy with every hub feature switched on; the baseline: plain Material, `search`, articles in
`not_in_nav`), then times `python -m mkdocs build -q` in a fresh process for each build,
alternating hub and baseline. It prints medians, hub/baseline ratios, growth exponents, peak RSS,
the share of hub build time by phase (a sampling profiler in one extra build), a rebuild with
nothing changed, `python -m hub_plugins check`, the instant preview (bench/preview.py: a `mkdocs
serve` rebuild after an edit at 1,000 articles per language), and checks the targets of
docs/performance.md.
`--write` also saves the report as bench/results/YYYY-MM-DD.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import preview as preview_bench  # bench/preview.py, beside this script

if TYPE_CHECKING:
    from types import FrameType

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO / "bench" / "make_corpus.py"  # the project's own deterministic corpus generator
WORK = REPO / "bench" / "corpora"
RESULTS = REPO / "bench" / "results"
LANGUAGES = ("en", "tr")
CHECK_SIZE = 1000  # `check` is timed on the 1,000-per-language corpus: 2,000 articles

# The targets of the issue, as ratios measured in one run (see docs/performance.md).
TARGET_RATIO, TARGET_RATIO_SIZE = 1.25, 1000
TARGET_EXPONENT, TARGET_EXPONENT_SIZES = 1.05, (1000, 3000)
TARGET_RSS = 1.5
TARGET_CARDS_SHARE = 0.01  # a rebuild with nothing changed: cards ≤ 1% of it (only cache look-ups)
TARGET_CHECK_SHARE = 0.10


# ---------------------------------------------------------------------------------------------
# Phase profiler: a timer signal samples the main thread's stack every 2 ms of wall time. It costs
# a few per cent, needs nothing from the plugin, and attributes time to modules written after this
# script (listings, feeds, cards, search …) by their module names.

# hub_plugins modules → phase. Unknown hub modules show up as "hub: <module>".
HUB_PHASES = {"loader": "content model", "model": "content model", "taxonomy": "content model",
              "frontmatter": "content model", "errors": "content model",
              "listings": "listings", "feeds": "feeds", "cards": "cards", "share": "share tags",
              "search": "search index", "pagefind": "search index", "staging": "writing",
              "drawing": "cards", "images": "images", "imagecheck": "content model", "bodypictures": "Markdown"}
WRITERS = ("write_file", "copy_file", "clean_directory")  # mkdocs.utils functions that write site_dir
PHASE_ORDER = ("startup (imports, config)", "content model", "Markdown", "listings", "feeds", "cards",
               "share tags", "search index", "page templates", "writing", "MkDocs: other")


def phase_of_frame(filename: str, func: str) -> str | None:
    """The phase a single stack frame stands for, or None when it does not decide."""
    path = filename.replace("\\", "/")
    # Putting a file into site_dir is writing, whoever does it: MkDocs' File.copy_file or a subclass
    # of it (the hub hard-links cached social cards; drawing and looking them up stays "cards").
    if func == "copy_file" and ("/hub_plugins/" in path or path.endswith("/mkdocs/structure/files.py")):
        return "writing"
    if "/hub_plugins/" in path:
        module = path.split("/hub_plugins/", 1)[1].split("/", 1)[0].removesuffix(".py")
        # plugin.py dispatches events to build.py, which calls the modules that do the work: look further in.
        return None if module in ("plugin", "build", "__init__") else HUB_PHASES.get(module, f"hub: {module}")
    if "importlib._bootstrap" in path or "/mkdocs/config/" in path:
        return "startup (imports, config)"
    if "/mkdocs/contrib/search/" in path or "/material/plugins/search/" in path or "pagefind" in path:
        return "search index"
    if (path.endswith("/mkdocs/structure/pages.py") and func == "render") or \
            (path.endswith("/markdown/core.py") and func == "convert"):
        return "Markdown"
    if "/jinja2/" in path and func == "render":
        return "page templates"
    if path.endswith("/mkdocs/utils/__init__.py") and func in WRITERS:
        return "writing"
    return None


def classify(frame: FrameType | None) -> str:
    """The phase of a stack: the outermost frame that decides (a listing that renders a template is
    listing time; a template that calls a hub helper is template time)."""
    stack = []
    while frame is not None:
        stack.append(frame)
        frame = frame.f_back
    for outer in reversed(stack):
        phase = phase_of_frame(outer.f_code.co_filename, outer.f_code.co_name)
        if phase:
            return phase
    return "MkDocs: other"


def profile_child(project: Path, out: Path, interval: float = 0.002) -> None:
    """Run one `mkdocs build -q` in this process under the sampler; write phase seconds as JSON."""
    seconds: Counter[str] = Counter()
    last = [time.perf_counter()]

    def sample(_signum: int, frame: FrameType | None) -> None:
        # A wall-clock timer signal, handled between two bytecodes of the main thread: `frame` is
        # the Python code running (or waiting on I/O or a C call) when the timer fired. A sampling
        # thread would only get the GIL where the main thread lets go of it, over-counting I/O.
        now = time.perf_counter()
        seconds[classify(frame)] += now - last[0]
        last[0] = now

    start = time.perf_counter()
    signal.signal(signal.SIGALRM, sample)
    signal.setitimer(signal.ITIMER_REAL, interval, interval)
    os.chdir(project)
    try:
        from mkdocs.__main__ import cli  # imported under the sampler: startup is part of a build

        cli.main(["build", "-q"], prog_name="mkdocs", standalone_mode=False)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
    out.write_text(json.dumps({"total": time.perf_counter() - start, "phases": dict(seconds)}))


# ---------------------------------------------------------------------------------------------
# Projects: one corpus, a hub project and a baseline project on the same docs.

@dataclass
class Project:
    """The two projects of one corpus size."""

    size: int
    root: Path
    hub: Path
    baseline: Path
    features: list[str] = field(default_factory=list)
    other_plugins: list[str] = field(default_factory=list)


def log(message: str) -> None:
    """Progress on stderr; the report goes to stdout."""
    print(message, file=sys.stderr, flush=True)


PICTURES = False  # --pictures: one article in three gets generated pictures (bench/pictures.py)


def corpus(size: int) -> Path:
    """The corpus of `size` articles per language, generated once and reused (it is deterministic)."""
    folder = WORK / (f"corpus-{size}-pictures" if PICTURES else f"corpus-{size}")
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    log(f"generating corpus: {size} articles per language")
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(folder), "--per-lang", str(size)],
                   check=True, stdout=subprocess.DEVNULL)
    if PICTURES:
        from pictures import add_pictures  # bench/pictures.py, beside this script

        log(f"adding pictures: {add_pictures(folder)}")
    (folder / ".complete").touch()
    return folder


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a tree of read-only inputs as hard links (fast, and builds never write to them)."""
    def link(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)
    shutil.copytree(src, dst, copy_function=link)


def _node(data: Any) -> yaml.Node:
    """A YAML node for plain data."""
    return yaml.SafeDumper(None).represent_data(data)


def _get(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in mapping.value if k.value == key), None)


def _set(mapping: yaml.MappingNode, key: str, value: yaml.Node) -> None:
    for i, (k, _v) in enumerate(mapping.value):
        if k.value == key:
            mapping.value[i] = (k, value)
            return
    mapping.value.append((_node(key), value))


def _drop(mapping: yaml.MappingNode, key: str) -> None:
    mapping.value[:] = [(k, v) for k, v in mapping.value if k.value != key]


def _plugin_name(entry: yaml.Node) -> str:
    return entry.value if isinstance(entry, yaml.ScalarNode) else entry.value[0][0].value


def hub_feature_sections() -> list[str]:
    """Every section of the hub's config that can be switched on (a SubConfig with `enabled`)."""
    from mkdocs.config import config_options as c

    from hub_plugins.config import HubConfig

    return [name for name, option in HubConfig._schema
            if isinstance(option, c.SubConfig) and "enabled" in dict(option.config_class._schema)]


def _hub_entry(entry: yaml.Node, sections: list[str]) -> yaml.Node:
    """The `hub` plugin entry with `enabled: true` in every feature section (other settings kept)."""
    if isinstance(entry, yaml.ScalarNode):
        entry = _node({"hub": {}})
    settings = entry.value[0][1]
    if not isinstance(settings, yaml.MappingNode):
        settings = _node({})
        entry.value[0] = (entry.value[0][0], settings)
    for name in sections:
        section = _get(settings, name)
        if not isinstance(section, yaml.MappingNode):
            section = _node({})
            _set(settings, name, section)
        _set(section, "enabled", _node(True))
    return entry


REUSE = False  # --reuse: measure the projects of an earlier run (warm caches) instead of fresh ones
NOT_MEASURED: dict[str, Any] = {"wall": math.nan, "total": math.nan, "phases": {}}  # a cold build skipped


def setup(size: int) -> Project:
    """Fresh hub and baseline projects for one size (the corpus is reused; caches start empty)."""
    source = corpus(size)
    root = WORK / f"n{size}"
    marker = root / "projects.json"  # which corpus the projects were made from, and their features
    if REUSE and marker.is_file():
        made = json.loads(marker.read_text(encoding="utf-8"))
        if made.get("corpus") == source.name:
            log(f"[{size}/lang] reusing the projects of an earlier run (warm caches; no cold build)")
            return Project(size, root, root / "hub", root / "baseline", made["features"], made["other_plugins"])
    shutil.rmtree(root, ignore_errors=True)
    project = Project(size, root, root / "hub", root / "baseline")

    # The repository's mkdocs.yml, edited as a YAML node tree so tags like !ENV survive as written.
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.compose(text, Loader=yaml.SafeLoader)
    docs_name = getattr(_get(config, "docs_dir"), "value", "docs")
    theme = _get(config, "theme")
    custom_dir = _get(theme, "custom_dir") if isinstance(theme, yaml.MappingNode) else None

    # Content: the repository's docs without its articles, plus the corpus; taxonomy + corpus authors.
    docs = project.hub / "content"
    shutil.copytree(REPO / docs_name, docs,
                    ignore=lambda folder, names: ["articles"] if Path(folder).name in LANGUAGES else [])
    for lang in LANGUAGES:
        _link_tree(source / lang / "articles", docs / lang / "articles")
    taxonomy = yaml.safe_load((docs / "taxonomy.yml").read_text(encoding="utf-8"))
    authors = yaml.safe_load((source / "authors.yml").read_text(encoding="utf-8"))["authors"]
    taxonomy["authors"] = {**(taxonomy.get("authors") or {}), **authors}
    (docs / "taxonomy.yml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    if custom_dir is not None:
        shutil.copytree(REPO / custom_dir.value, project.hub / custom_dir.value)

    plugins = _get(config, "plugins")
    entries = list(plugins.value) if isinstance(plugins, yaml.SequenceNode) else []
    search = next((e for e in entries if _plugin_name(e) == "search"), _node("search"))
    project.features = hub_feature_sections()
    project.other_plugins = [_plugin_name(e) for e in entries if _plugin_name(e) != "hub"]

    # The hub: the repository's config as it is, with every feature section switched on.
    hub_config = yaml.compose(text, Loader=yaml.SafeLoader)
    entries = list(_get(hub_config, "plugins").value) if entries else []
    _set(hub_config, "docs_dir", _node("content"))
    _set(hub_config, "site_dir", _node("site"))
    _set(hub_config, "plugins", yaml.SequenceNode("tag:yaml.org,2002:seq", [
        _hub_entry(e, project.features) if _plugin_name(e) == "hub" else e for e in entries]))
    (project.hub / "mkdocs.yml").write_text(yaml.serialize(hub_config, allow_unicode=True), encoding="utf-8")

    # The baseline: the same site settings and Markdown extensions on plain Material, same docs.
    base_config = yaml.compose(text, Loader=yaml.SafeLoader)
    _set(base_config, "docs_dir", _node("../hub/content"))
    _set(base_config, "site_dir", _node("site"))
    _set(base_config, "strict", _node(False))
    base_theme = _get(base_config, "theme")
    if isinstance(base_theme, yaml.MappingNode):
        _drop(base_theme, "custom_dir")
    else:
        _set(base_config, "theme", _node({"name": "material"}))
    for key in ("hooks", "extra_css", "extra_javascript", "nav", "watch"):
        _drop(base_config, key)
    _set(base_config, "plugins", yaml.SequenceNode("tag:yaml.org,2002:seq", [search]))
    _set(base_config, "not_in_nav", _node("".join(f"/{lang}/articles/\n" for lang in LANGUAGES)))
    project.baseline.mkdir(parents=True)
    (project.baseline / "mkdocs.yml").write_text(yaml.serialize(base_config, allow_unicode=True),
                                                 encoding="utf-8")
    marker.write_text(json.dumps({"corpus": source.name, "features": project.features,
                                  "other_plugins": project.other_plugins}), encoding="utf-8")
    return project


# ---------------------------------------------------------------------------------------------
# Measuring

@dataclass(frozen=True)
class Run:
    """One build in a fresh process: wall and CPU seconds, peak RSS in MiB."""

    wall: float
    cpu: float
    rss_mb: float


def child_env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)  # the config's own default: every run builds the same site
    return env


def run_process(args: list[str], cwd: Path, what: str) -> Run:
    """Run `args` in a fresh process; wall time around it, CPU and peak RSS from wait4()."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"{what} failed (exit {process.returncode}) in {cwd}:\n{text}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def build(project_dir: Path, what: str) -> Run:
    """One `python -m mkdocs build -q` in a fresh process."""
    return run_process([sys.executable, "-m", "mkdocs", "build", "-q"], project_dir, what)


def profiled_build(project_dir: Path, what: str) -> dict[str, Any]:
    """One hub build in a fresh process under the phase sampler."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "phases.json"
        run = run_process([sys.executable, str(Path(__file__).resolve()), "--profile-child", str(project_dir),
                           "--profile-out", str(out)], project_dir, what)
        data = json.loads(out.read_text())
    data["wall"] = run.wall
    return data


@dataclass
class SizeResult:
    """Everything measured on one corpus size."""

    size: int
    pages: int
    hub: list[Run]
    baseline: list[Run]
    cold: dict[str, Any]
    rebuild: dict[str, Any]
    features: list[str]
    other_plugins: list[str]
    check: list[Run] | None = None
    check_note: str = ""

    def median(self, which: str, attr: str = "wall") -> float:
        return statistics.median(getattr(r, attr) for r in getattr(self, which))

    @property
    def ratio(self) -> float:
        return self.median("hub") / self.median("baseline")


def measure_check(project: Project, runs: int) -> tuple[list[Run] | None, str]:
    """`python -m hub_plugins check` on this project, or a note saying why it was skipped."""
    args = [sys.executable, "-m", "hub_plugins", "check"]
    try:
        return [run_process(args, project.hub, "hub check") for _ in range(runs)], ""
    except RuntimeError as error:
        if "No module named hub_plugins.__main__" in str(error) or "is a package and cannot be" in str(error):
            return None, "skipped: this build has no `python -m hub_plugins check` yet"
        return None, "skipped: `python -m hub_plugins check` failed: " + str(error).splitlines()[-1]


def measure(sizes: list[int], runs: int) -> list[SizeResult]:
    """Set up every size; cold builds; rounds of alternating timed builds; profiled rebuilds; `check`."""
    projects = [setup(size) for size in sizes]
    colds = []
    for project in projects:
        log(f"[{project.size}/lang] projects in {project.root}; hub features on: "
            f"{', '.join(project.features) or '-'}")
        if REUSE and (project.hub / "site").is_dir():  # caches warm already: no cold build to measure
            colds.append(NOT_MEASURED)
            build(project.hub, "hub build (warm-up)")
        else:
            colds.append(profiled_build(project.hub, "hub build (cold)"))
            log(f"[{project.size}/lang] first hub build (cold caches, profiled): {colds[-1]['wall']:.1f}s")
        build(project.baseline, "baseline build (warm-up)")
    sides = ("hub", "baseline")
    timed: dict[tuple[int, str], list[Run]] = {(p.size, side): [] for p in projects for side in sides}
    for i in range(runs):
        # Each round builds every size, hub and baseline in ABBA order: a drift in the machine's load
        # hits both sides, and all sizes, alike (the growth exponent compares sizes).
        for project in projects:
            order = (("hub", project.hub), ("baseline", project.baseline))
            for side, folder in order if i % 2 == 0 else order[::-1]:
                run = build(folder, f"{side} build")
                timed[(project.size, side)].append(run)
                log(f"[{project.size}/lang] run {i + 1}/{runs} {side:8s} {run.wall:6.2f}s wall "
                    f"{run.cpu:6.2f}s cpu {run.rss_mb:5.0f} MiB")
    results = []
    for project, cold in zip(projects, colds, strict=True):
        rebuild = profiled_build(project.hub, "hub rebuild")
        log(f"[{project.size}/lang] rebuild with nothing changed (profiled): {rebuild['wall']:.1f}s")
        pages = sum(1 for _ in (project.hub / "site").rglob("*.html"))
        result = SizeResult(project.size, pages, *(timed[(project.size, side)] for side in sides),
                            cold, rebuild, project.features, project.other_plugins)
        if project.size == CHECK_SIZE:
            result.check, result.check_note = measure_check(project, max(3, min(runs, 5)))
        results.append(result)
    return results


# ---------------------------------------------------------------------------------------------
# Report

def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """Growth exponent between two sizes: 1.0 is linear, 2.0 quadratic."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def _versions() -> str:
    from importlib.metadata import version

    names = ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "PyYAML")
    return ", ".join(f"{n} {version(n)}" for n in names)


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", "hub_plugins", "overrides", "mkdocs.yml", "content")
    return commit + (" + uncommitted changes" if changed else "")


def _phases(data: dict[str, Any]) -> dict[str, float]:
    return {name: seconds / data["total"] for name, seconds in data["phases"].items()}


def _seconds(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


def _yes(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def report(results: list[SizeResult], args: argparse.Namespace, preview: Any = None) -> str:
    """The whole report as Markdown."""
    by_size = {r.size: r for r in results}
    first = results[0]
    lines = [f"# Benchmark: full hub vs plain Material — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", ""]
    lines += [f"- Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f} at the end (shared machine: read the ratios, "
              "not the absolute times)",
              f"- Python {platform.python_version()}; {_versions()}; commit {_commit()}",
              f"- Command: `./run bench --sizes {' '.join(map(str, args.sizes))} --runs {args.runs}"
              f"{' --pictures' if args.pictures else ''}{' --reuse' if args.reuse else ''}"
              f"{' --write' if args.write else ''}`",
              f"- Hub: the repository's mkdocs.yml, overrides/ and taxonomy (+ corpus authors); feature "
              f"sections switched on: {', '.join(first.features) or 'none'}; other plugins: "
              f"{', '.join(first.other_plugins) or 'none'}",
              "- Baseline: the same config and docs on plain Material (no custom_dir, no hub), `search` "
              "plugin, articles in `not_in_nav`",
              f"- Each build is `python -m mkdocs build -q` in a fresh process; {args.runs} runs of each, "
              "alternating hub and baseline (ABBA), every size in each round; medians. Times after the "
              "first build, so caches (social cards) are warm; the first, cold build is shown apart.", ""]

    lines += ["## Build time", "",
              "| articles/lang | HTML pages | hub s | baseline s | **hub/baseline** | CPU ratio "
              "| hub ms/article | baseline ms/article | first hub build (cold, profiled) s |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        hub, base = r.median("hub"), r.median("baseline")
        cpu_ratio = r.median("hub", "cpu") / r.median("baseline", "cpu")
        per_article = 1000 / (2 * r.size)
        lines.append(f"| {r.size:,} | {r.pages:,} | {hub:.2f} | {base:.2f} | **{r.ratio:.2f}** "
                     f"| {cpu_ratio:.2f} | {hub * per_article:.2f} | {base * per_article:.2f} "
                     f"| {_seconds(r.cold['wall'])} |")
    lines.append("")
    lines.append("ms/article = median wall time of the whole process / (2 × articles per language).")
    lines.append("")

    if len(results) > 1:
        lines += ["## Growth exponent", "", "log(t2/t1) / log(n2/n1) of the median wall times: 1.0 is "
                  "linear, and a fixed start-up cost pulls it below 1 at small sizes.", "",
                  "The CPU-time exponents are a cross-check less sensitive to other processes.", "",
                  "| from → to (articles/lang) | **hub** | baseline | hub, CPU time | baseline, CPU time |",
                  "|---|---:|---:|---:|---:|"]
        for a, b in itertools.pairwise(results):
            cells = [exponent(a.median(side, attr), b.median(side, attr), a.size, b.size)
                     for attr in ("wall", "cpu") for side in ("hub", "baseline")]
            lines.append(f"| {a.size:,} → {b.size:,} | **{cells[0]:.3f}** | {cells[1]:.3f} | {cells[2]:.3f} "
                         f"| {cells[3]:.3f} |")
        lines.append("")

    lines += ["## Peak memory", "", "Peak RSS of the build process (wait4 rusage, median of the runs).", "",
              "| articles/lang | hub MiB | baseline MiB | **ratio** |", "|---:|---:|---:|---:|"]
    for r in results:
        hub, base = r.median("hub", "rss_mb"), r.median("baseline", "rss_mb")
        lines.append(f"| {r.size:,} | {hub:.0f} | {base:.0f} | **{hub / base:.2f}** |")
    lines.append("")

    lines += ["## Where the hub's build time goes", "",
              "Share of one hub build's wall time by phase, from a sampling profiler (bench/run.py "
              "`--profile-child`: the main thread's stack every 2 ms, attributed to the outermost frame "
              "that names a phase). *Cold* is the first build of a fresh project (empty caches); *rebuild* "
              "is a build with nothing changed.", ""]
    columns = " | ".join(f"{r.size:,}/lang cold | {r.size:,}/lang rebuild" for r in results)
    lines += [f"| phase | {columns} |", "|---|" + "---:|" * (2 * len(results))]
    names = list(PHASE_ORDER)
    names += sorted({n for r in results for d in (r.cold, r.rebuild) for n in d["phases"]} - set(names))
    for name in names:
        cells = []
        for r in results:
            for data in (r.cold, r.rebuild):
                share = _phases(data).get(name)
                cells.append(f"{100 * share:.1f}%" if share else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| *profiled build, s* | " + " | ".join(
        f"{_seconds(r.cold['total'])} | {r.rebuild['total']:.2f}" for r in results) + " |")
    lines.append("")

    ratio_result = by_size.get(TARGET_RATIO_SIZE)
    n1, n2 = TARGET_EXPONENT_SIZES
    exp = (exponent(by_size[n1].median("hub"), by_size[n2].median("hub"), n1, n2)
           if n1 in by_size and n2 in by_size else None)
    rss = max(r.median("hub", "rss_mb") / r.median("baseline", "rss_mb") for r in results)
    cards = [(r, r.rebuild["phases"].get("cards", 0.0) / r.rebuild["total"]) for r in results]
    has_cards = any("cards" in d["phases"] for r in results for d in (r.cold, r.rebuild))
    card_share = max(share for _r, share in cards)
    check_result = by_size.get(CHECK_SIZE)
    lines += ["## Rebuild and `check`", ""]
    for r in results:
        cards_ms = 1000 * r.rebuild["phases"].get("cards", 0.0)
        lines.append(f"- {r.size:,}/lang: rebuild with nothing changed {r.rebuild['wall']:.2f} s, of which "
                     f"social cards {cards_ms:.0f} ms"
                     + ("" if has_cards else " (no social cards module in this build)"))
    check_share = None
    if check_result and check_result.check:
        check_s = statistics.median(run.wall for run in check_result.check)
        check_share = check_s / check_result.median("hub")
        lines.append(f"- `python -m hub_plugins check` on {2 * CHECK_SIZE:,} articles: {check_s:.2f} s "
                     f"median = {100 * check_share:.1f}% of a hub build ({check_result.median('hub'):.2f} s)")
    elif check_result:
        lines.append(f"- `python -m hub_plugins check` on {2 * CHECK_SIZE:,} articles: "
                     f"{check_result.check_note}")
    else:
        lines.append(f"- `check` is timed on the {CHECK_SIZE:,}/lang corpus, which was not among the sizes")
    lines.append("")

    if preview is not None:
        lines += preview_bench.report_lines(preview)
    lines += ["## Targets", "", "| target | measured | |", "|---|---:|---|"]
    missing = "not measured | n/a |"
    lines.append(f"| hub ≤ {TARGET_RATIO}× baseline at {TARGET_RATIO_SIZE:,}/lang | "
                 + (f"{ratio_result.ratio:.2f}× | {_yes(ratio_result.ratio <= TARGET_RATIO)} |"
                    if ratio_result else missing))
    lines.append(f"| growth exponent ≤ {TARGET_EXPONENT} from {n1:,} to {n2:,}/lang | "
                 + (f"{exp:.3f} | {_yes(exp <= TARGET_EXPONENT)} |" if exp is not None else missing))
    lines.append(f"| peak RSS ≤ {TARGET_RSS}× baseline (worst size) | {rss:.2f}× "
                 f"| {_yes(rss <= TARGET_RSS)} |")
    lines.append(f"| rebuild with nothing changed: social cards ≤ {100 * TARGET_CARDS_SHARE:.0f}% of it | "
                 + (f"{100 * card_share:.2f}% | {_yes(card_share <= TARGET_CARDS_SHARE)} |" if has_cards
                    else "no cards in this build | n/a |"))
    lines.append(f"| `check` on {2 * CHECK_SIZE:,} articles < {100 * TARGET_CHECK_SHARE:.0f}% of a build | "
                 + (f"{100 * check_share:.1f}% | {_yes(check_share < TARGET_CHECK_SHARE)} |"
                    if check_share is not None else missing))
    if preview is not None:
        lines.append(preview_bench.target_line(preview))
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000],
                        help="articles per language, one corpus each (default: 100 1000 3000)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed builds of each project per size (default 5)")
    parser.add_argument("--write", action="store_true", help="also write bench/results/YYYY-MM-DD.md")
    parser.add_argument("--pictures", action="store_true",
                        help="corpora with generated pictures for one article in three (bench/pictures.py)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the projects an earlier run left in bench/corpora (warm caches, no cold "
                             "build) instead of fresh ones: a cold build with pictures at 3,000/lang takes ~30 min")
    parser.add_argument("--profile-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile_child:
        profile_child(args.profile_child, args.profile_out)
        return
    args.sizes = sorted(set(args.sizes))
    global PICTURES, REUSE
    PICTURES, REUSE = args.pictures, args.reuse
    try:
        results = measure(args.sizes, args.runs)
        preview = None
        if TARGET_RATIO_SIZE in args.sizes:  # the instant preview, on the project measured above
            log(f"[{TARGET_RATIO_SIZE}/lang] instant preview: serve rebuilds after an edit")
            preview = preview_bench.measure(WORK / f"n{TARGET_RATIO_SIZE}" / "hub", TARGET_RATIO_SIZE,
                                            max(3, min(args.runs, 5)))
    except RuntimeError as error:  # a build that fails is a finding, not a traceback
        raise SystemExit(f"bench: {error}") from None
    text = report(results, args, preview)
    print(text)
    if args.write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        target = RESULTS / f"{dt.datetime.now(dt.UTC):%Y-%m-%d}.md"
        target.write_text(text, encoding="utf-8")
        log(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
