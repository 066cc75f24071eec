"""What a phone downloads for its first search: Pagefind (the hub) vs Material's search_index.json.

    .venv/bin/python bench/search_payload.py [--per-lang 1000] [--query adaylar] [--lang tr]

Builds one synthetic corpus (bench/make_corpus.py) twice — with the hub's Pagefind search
and with Material's `search` plugin — then loads a page of `--lang` in headless Chromium, types the
query into the header search and counts every byte fetched from the moment the box is focused
until results show. Sizes are reported raw and gzip-compressed (what a compressing server sends).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = REPO / "bench" / "make_corpus.py"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def make_project(root: Path, per_lang: int, material_search: bool) -> Path:
    """A hub project with the synthetic corpus; Material's search plugin instead of Pagefind if asked."""
    corpus = root / "corpus"
    if not corpus.exists():
        command = [sys.executable, str(CORPUS_SCRIPT), "--out", str(corpus), "--per-lang", str(per_lang)]
        subprocess.run(command, check=True, capture_output=True)
    project = root / ("material" if material_search else "pagefind")
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "content", project / "content", ignore=shutil.ignore_patterns("articles"))
    for lang in ("en", "tr"):
        shutil.copytree(corpus / lang / "articles", project / "content" / lang / "articles")
    taxonomy_file = project / "content" / "taxonomy.yml"
    taxonomy = yaml.safe_load(taxonomy_file.read_text(encoding="utf-8"))
    authors = yaml.safe_load((corpus / "authors.yml").read_text(encoding="utf-8"))["authors"]
    taxonomy["authors"].update(authors)
    taxonomy_file.write_text(yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config["site_url"] = "https://careers.example.com/"
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["watch"] = [str(REPO / "overrides")]  # mkdocs.yml's `overrides` is relative to the repository
    config["plugins"] = ([{"search": {"lang": ["en", "tr"]}}, {"hub": {"search": {"enabled": False}}}]
                         if material_search else ["hub"])
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project


def build(project: Path) -> Path:
    """`mkdocs build` the project; returns its site folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "-q"], cwd=project, env=env, check=True)
    return project / "site"


def sizes(data: bytes) -> tuple[int, int]:
    """(raw, gzip) byte counts; files that are already compressed do not shrink further."""
    return len(data), min(len(data), len(gzip.compress(data, 9)))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free local port; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_query(browser, base: str, lang: str, query: str) -> tuple[list[tuple[str, int, int]], int]:
    """Files a phone fetches for its first search on the `lang` home (cold cache): (path, raw, gzip)
    each — the hub's search script loaded with the page, then everything after the box is focused —
    and the number of results shown."""
    fetched: list[tuple[str, int, int]] = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    with page.expect_response(lambda r: r.url.endswith("assets/hub/search.js")) as script:
        page.goto(f"{base}{lang}/", wait_until="networkidle")
    fetched.append(("assets/hub/search.js (with the page)", *sizes(script.value.body())))

    def record(response) -> None:
        if response.ok:
            fetched.append((response.url.removeprefix(base).split("?")[0], *sizes(response.body())))

    page.on("response", record)
    page.click(".hub-search__input")
    page.keyboard.type(query)
    page.wait_for_function("q => document.querySelector('[data-hub-search]').dataset.query === q", arg=query)
    page.wait_for_load_state("networkidle")
    count = page.locator(".hub-search__result").count()
    context.close()
    return fetched, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=1000)
    parser.add_argument("--queries", nargs="*", default=["tr:adaylar", "tr:mentorluk", "tr:çalışanlar",
                                                          "tr:işveren", "en:candidates", "en:mentoring"])
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "corpora" / "search")
    parser.add_argument("--verbose", action="store_true", help="list every file of every query")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    material_site = build(make_project(args.work, args.per_lang, material_search=True))
    index = material_site / "search" / "search_index.json"
    material_raw, material_gz = sizes(index.read_bytes())
    material = json.loads(index.read_bytes())
    entries = len(material["docs"])
    # The alternative considered: Material's search with its index split per language.
    split = {lang: sizes(json.dumps({**material, "docs": [d for d in material["docs"]
                                                          if d["location"].startswith(f"{lang}/")]},
                                    ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
             for lang in ("en", "tr")}
    pagefind_site = build(make_project(args.work, args.per_lang, material_search=False))
    bundle_raw = sum(f.stat().st_size for f in (pagefind_site / "pagefind").rglob("*") if f.is_file())

    print(f"corpus: {args.per_lang} articles per language")
    print(f"Material search_index.json (both languages, {entries} entries, fetched whole before any "
          f"result): {material_raw:,} B raw, {material_gz:,} B gzip")
    for lang, (raw, gz) in split.items():
        print(f"  Material index split per language, {lang} part: {raw:,} B raw, {gz:,} B gzip "
              f"(ratio {raw / material_raw:.3f} raw, {gz / material_gz:.3f} gzip)")
    print(f"{'first query':<24} {'files':>5} {'raw B':>9} {'gzip B':>9} {'raw ratio':>9} "
          f"{'gzip ratio':>10} shown")
    worst = 0.0
    with serve(pagefind_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for spec in args.queries:
            lang, _, query = spec.partition(":")
            fetched, count = first_query(browser, base, lang, query)
            raw, gz = sum(f[1] for f in fetched), sum(f[2] for f in fetched)
            worst = max(worst, gz / material_gz)
            print(f"/{lang}/ {query!r:<18} {len(fetched):>5} {raw:>9,} {gz:>9,} {raw / material_raw:>9.3f} "
                  f"{gz / material_gz:>10.3f} {count}")
            if args.verbose:
                for path, file_raw, file_gz in fetched:
                    print(f"    {path:<56} {file_raw:>9,} {file_gz:>9,}")
        browser.close()
    print(f"worst gzip ratio: {worst:.3f}")
    print(f"(the whole Pagefind bundle on disk, every language and UI: {bundle_raw:,} B — "
          "never fetched whole)")


if __name__ == "__main__":
    main()
