"""What a phone downloads for its first search: Pagefind (the hub) vs Material's search_index.json.

    .venv/bin/python bench/search_payload.py [--per-lang 1000] [--query adaylar] [--lang tr]

Builds one synthetic corpus (../shared/bench/make_corpus.py) twice — with the hub's Pagefind search
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
# The shared folder sits beside the repository (or beside the folder of worktrees).
SHARED = next((d for d in (REPO.parent / "shared", REPO.parent.parent / "shared") if d.is_dir()), REPO.parent)
CORPUS_SCRIPT = SHARED / "bench" / "make_corpus.py"
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


def first_query(site: Path, lang: str, query: str) -> tuple[list[tuple[str, int, int]], int]:
    """Files fetched by a first search on the `lang` home: (path, raw, gzip) each, and the result count."""
    from playwright.sync_api import sync_playwright

    fetched: list[tuple[str, int, int]] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        with page.expect_response(lambda r: r.url.endswith("assets/hub/search.js")) as script:
            page.goto(f"{base}{lang}/", wait_until="networkidle")
        fetched.append(("assets/hub/search.js (with the page)", *sizes(script.value.body())))

        def record(response) -> None:
            if response.ok:
                fetched.append((response.url.removeprefix(base), *sizes(response.body())))

        page.on("response", record)
        page.focus(".hub-search__input")
        page.keyboard.type(query)
        page.wait_for_selector(".hub-search__result", timeout=30_000)
        page.wait_for_load_state("networkidle")
        count = page.locator(".hub-search__result").count()
        browser.close()
    return fetched, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=1000)
    parser.add_argument("--query", default="adaylar")
    parser.add_argument("--lang", default="tr")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "corpora" / "search")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    material_site = build(make_project(args.work, args.per_lang, material_search=True))
    index = material_site / "search" / "search_index.json"
    material_raw, material_gz = sizes(index.read_bytes())
    pages_in_index = len(json.loads(index.read_bytes())["docs"])

    pagefind_site = build(make_project(args.work, args.per_lang, material_search=False))
    fetched, count = first_query(pagefind_site, args.lang, args.query)
    total_raw = sum(raw for _, raw, _ in fetched)
    total_gz = sum(gz for _, _, gz in fetched)
    bundle_raw = sum(f.stat().st_size for f in (pagefind_site / "pagefind").rglob("*") if f.is_file())

    print(f"corpus: {args.per_lang} articles per language; query {args.query!r} on /{args.lang}/ "
          f"→ {count} results shown")
    print(f"Material search_index.json: {material_raw:>10,} B raw {material_gz:>10,} B gzip "
          f"({pages_in_index} entries, both languages, downloaded whole before the first result)")
    print("Pagefind first query: the hub's search script, then every file fetched after focusing the box:")
    for path, raw, gz in fetched:
        print(f"  {path:<58} {raw:>9,} B raw {gz:>9,} B gzip")
    print(f"  {'total':<58} {total_raw:>9,} B raw {total_gz:>9,} B gzip")
    print(f"ratio (Pagefind / Material index): raw {total_raw / material_raw:.3f}, "
          f"gzip {total_gz / material_gz:.3f}")
    print(f"(whole Pagefind bundle on disk, all languages and UIs: {bundle_raw:,} B — "
          "never downloaded whole)")


if __name__ == "__main__":
    main()
