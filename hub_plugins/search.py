"""Per-language search: Pagefind indexes each language's pages while MkDocs renders the site.

Pagefind writes one index per `<html lang>` (Turkish with a Snowball stemmer) and the browser
downloads only the chunks a query needs, instead of Material's single search_index.json holding
every word of every page.

Three choices keep it cheap:

- Pagefind gets one small HTML document per searchable page — its title and the HTML MkDocs
  converted from its Markdown — instead of every themed page of the site (listings, homes and the
  theme's navigation are not searched, so there is no point in making Pagefind parse them).
- Every page's Markdown is converted before MkDocs renders any template (`on_env`), so the
  documents are written then and Pagefind runs in a background thread, on another core, while
  MkDocs renders and writes the pages. `on_post_build` only waits for it.
- Pagefind holds a whole index in memory (about 175 KB per article). A language with more than
  `pages_per_bundle` searchable pages is split into several bundles of equal size; the browser
  searches a language's bundles together (Pagefind's `mergeIndex`, hub/search.js).

The documents live in the project's `.cache/hub-search/`: a build works in a folder named by its
process id (`<pid>-<random>/`), starting from the documents the last finished build left idle
(`idle-<random>/`) and writing only those that changed, so a rebuild makes few disk writes. A
failed build removes its folder; a build killed outright (SIGKILL, the OOM killer, a CI timeout)
cannot, so every build first removes the folders whose process is gone.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from .routes import ARTICLE, PAGE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from mkdocs.structure.files import Files

    from .model import Hub
    from .routes import RouteTable

BUNDLE_DIR = "pagefind"
TEMPLATE = "hub/search-page.html"  # one searchable page as Pagefind reads it
EXCLUDE = ".headerlink"  # the ¶ permalinks Markdown's toc extension puts in every heading
TIMEOUT = 600  # seconds for one bundle; Pagefind indexes thousands of pages a second
# One indexing thread: Pagefind runs beside MkDocs, which renders on one core, so it should take the
# other core and no more (it also spends less CPU time in all than with a thread per core).
PAGEFIND_ENV = {"RAYON_NUM_THREADS": "1"}
# Where the documents are written, relative to the project root: beside the card cache, in a folder
# of the project rather than a fixed OS path, so that a later build of the project finds the folders
# of dead builds (and a crash leaks no RAM disk space until reboot).
SCRATCH_DIR = ".cache/hub-search"
IDLE = "idle-"  # a finished build's documents, for the next build to claim


@dataclass(frozen=True)
class SearchPage:
    """What the search index holds of one page."""

    path: str  # the page's output file, relative to site_dir (Pagefind derives the result URL from it)
    lang: str
    title: str
    content: str  # the HTML MkDocs converted from the page's Markdown
    article: bool  # articles always lead with their front-matter title as the heading


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: a share of one language's searchable pages."""

    name: str  # folder under pagefind/: the language, then `<lang>-2`, `<lang>-3`, …
    lang: str
    pages: tuple[SearchPage, ...]

    @property
    def script(self) -> str:
        """The bundle's pagefind.js, relative to the site root."""
        return f"{BUNDLE_DIR}/{self.name}/pagefind.js"


def searchable_pages(files: Files, hub: Hub, routes: RouteTable) -> list[SearchPage]:
    """Articles and hand-written pages of each language; not listings, homes, reports, the chooser or `hub_noindex`."""
    found = []
    for file in files.documentation_pages():
        page, route = file.page, routes.get(file.src_uri)
        if page is None or page.content is None or route is None or route.lang is None:
            continue  # left out of this build (a draft), or outside every language (the chooser)
        if route.kind not in (ARTICLE, PAGE) or page.meta.get("hub_noindex"):
            continue  # a listing or home: nothing of its own to find (its text is other pages' summaries)
        article = hub.by_src_uri.get(file.src_uri)
        title = article.title if article else (page.title or file.name)
        # Not str(title): a page title may be escaped Markup already (escaping.py), the template escapes the rest.
        found.append(SearchPage(file.dest_uri, route.lang, title, page.content, article is not None))
    return found


def plan_bundles(pages: Iterable[SearchPage], pages_per_bundle: int) -> dict[str, tuple[Bundle, ...]]:
    """Each language's pages, in URL order, split into as few bundles of equal size as the limit allows."""
    by_lang: dict[str, list[SearchPage]] = {}
    for page in pages:
        by_lang.setdefault(page.lang, []).append(page)
    plan = {}
    for lang, found in sorted(by_lang.items()):
        found.sort(key=lambda page: page.path)
        count = math.ceil(len(found) / pages_per_bundle)
        size = math.ceil(len(found) / count)
        plan[lang] = tuple(Bundle(lang if n == 0 else f"{lang}-{n + 1}", lang, tuple(found[n * size:(n + 1) * size]))
                           for n in range(count))
    return plan


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the pinned `pagefind_bin` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise PluginError("hub: search needs the 'pagefind_bin' package — install the hub with `pip install .`, "
                          "or set 'search: {enabled: false}' under the hub plugin in mkdocs.yml") from None
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise PluginError(f"hub: the Pagefind binary is missing ({error}) — "
                          "reinstall 'pagefind_bin'") from None


class SearchIndexer:
    """One build's search index: documents written up front, Pagefind run in a background thread."""

    def __init__(self, bundles: Mapping[str, tuple[Bundle, ...]], site_dir: str, scratch_root: Path) -> None:
        self.bundles = bundles
        self.output = Path(site_dir, BUNDLE_DIR)
        self.scratch_root = scratch_root  # the project's SCRATCH_DIR
        self._executable = pagefind_executable()
        self._work: Path | None = None
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._cancelled = False
        self._error: str | None = None

    def scripts(self, lang: str) -> tuple[str, ...]:
        """The pagefind.js of each bundle of a language (the first one is the primary index)."""
        return tuple(bundle.script for bundle in self.bundles.get(lang, ()))

    def start(self, render: Callable[[SearchPage], str]) -> None:
        """Render every document now (templates are not thread-safe to share), then index in the background."""
        documents = [(bundle, page.path, render(page).encode()) for bundles in self.bundles.values()
                     for bundle in bundles for page in bundle.pages]
        self._work = claim_scratch(self.scratch_root)
        self._thread = threading.Thread(target=self._index, args=(documents,), name="hub-search", daemon=True)
        self._thread.start()

    def finish(self) -> None:
        """Wait for Pagefind; a failure is one clear build error."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            self._remove_scratch()
            raise PluginError(f"hub: Pagefind could not index the site: {self._error}")
        if self._work is not None:
            release_scratch(self._work)
            self._work = None

    def cancel(self) -> None:
        """Stop indexing (the build failed, or a new build starts) and remove the scratch folder."""
        with self._lock:
            self._cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        if self._thread is not None:
            self._thread.join()
        self._remove_scratch()

    def _remove_scratch(self) -> None:
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def _index(self, documents: list[tuple[Bundle, str, bytes]]) -> None:
        assert self._work is not None
        try:
            sync_documents(self._work, {f"{bundle.name}/{path}": html for bundle, path, html in documents})
            for bundles in self.bundles.values():
                for bundle in bundles:
                    if not self._run(bundle):
                        return
        except Exception as error:  # whatever stops the thread must fail the build in finish()
            self._error = f"{type(error).__name__}: {error}"

    def _run(self, bundle: Bundle) -> bool:
        """Index one bundle; False when cancelled or failed."""
        assert self._work is not None
        output = self.output / bundle.name
        command = [str(self._executable), "--site", str(self._work / bundle.name), "--output-path", str(output),
                   "--exclude-selectors", EXCLUDE, "--silent"]
        with self._lock:
            if self._cancelled:
                return False
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                             env={**os.environ, **PAGEFIND_ENV})
        _lower_priority(self._process.pid)
        try:
            out, _ = self._process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._error = f"no answer from Pagefind in {TIMEOUT} s"
            return False
        if self._cancelled:
            return False
        if self._process.returncode != 0:
            detail = out.strip().splitlines()
            self._error = detail[-1] if detail else f"exit status {self._process.returncode}"
            return False
        _sort_entry(output / "pagefind-entry.json")
        return True


def claim_scratch(root: Path, idle: bool = True) -> Path:
    """This build's scratch folder under root: the idle documents of the last build if any (and `idle`), else
    a new folder."""
    root.mkdir(parents=True, exist_ok=True)
    remove_abandoned(root)
    for idle_folder in sorted(root.glob(IDLE + "*")) if idle else ():
        mine = _owned_name(root)
        with contextlib.suppress(OSError):  # a concurrent build claimed it first: renaming is atomic
            idle_folder.rename(mine)
            return mine
    mine = _owned_name(root)
    mine.mkdir()
    return mine


def release_scratch(work: Path) -> None:
    """Leave a finished build's documents idle for the next build; one idle folder is enough."""
    for other in work.parent.glob(IDLE + "*"):  # left by a concurrent build
        _remove(other)
    work.rename(work.with_name(IDLE + secrets.token_hex(4)))


def remove_abandoned(root: Path) -> list[Path]:
    """Remove the scratch folders under root whose owner process is gone; never one of a live build."""
    removed = []
    for entry in sorted(root.iterdir()):
        owner = entry.name.split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def sync_documents(work: Path, documents: Mapping[str, bytes]) -> int:
    """Make work hold exactly these documents (relative path → bytes), writing only the changed ones; how many."""
    for folder, _, names in os.walk(work):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.relpath(path, work).replace(os.sep, "/") not in documents:
                os.unlink(path)  # a page gone since the last build (its empty folder is harmless)
    written = 0
    for relative, html in documents.items():
        target = work / relative
        with contextlib.suppress(FileNotFoundError):
            if target.read_bytes() == html:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)
        written += 1
    return written


def _owned_name(root: Path) -> Path:
    """A new folder name under root that says which process owns it."""
    # The owner's pid leads the name: a later build tells a dead build's folder from a live one's.
    return root / f"{os.getpid()}-{secrets.token_hex(4)}"


def _remove(folder: Path) -> None:
    """Remove a folder that another build might claim: take it first (by renaming it), then delete it."""
    taken = _owned_name(folder.parent)
    try:
        folder.rename(taken)
    except OSError:
        return  # claimed by another build in the meantime
    shutil.rmtree(taken, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (a reused id keeps a dead build's folder one build longer)."""
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _lower_priority(pid: int) -> None:
    """MkDocs renders on one core; Pagefind gets what is left rather than slowing the build down."""
    with contextlib.suppress(AttributeError, OSError):  # not on this platform, or Pagefind already finished
        os.setpriority(os.PRIO_PROCESS, pid, 10)


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order; sort them (reproducible builds)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    entry.write_text(text, encoding="utf-8")
