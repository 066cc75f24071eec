"""Per-language search: run Pagefind on the built site (offline, from the `pagefind_bin` wheel).

Pagefind writes one index per `<html lang>` (Turkish with a Snowball stemmer) and the browser
downloads only the chunks a query needs, instead of Material's single search_index.json holding
every word of every page. Only content marked `data-pagefind-body` is indexed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

BUNDLE_DIR = "pagefind"


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the pinned `pagefind_bin` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise PluginError("hub: search needs the 'pagefind_bin' package — install requirements.lock, "
                          "or set 'search: {enabled: false}' under the hub plugin in mkdocs.yml") from None
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise PluginError(f"hub: the Pagefind binary is missing ({error}) — "
                          "reinstall 'pagefind_bin'") from None


def index_site(site_dir: str) -> None:
    """Index the HTML of `site_dir` into `<site_dir>/pagefind/`; a failure is one clear build error."""
    command = [str(pagefind_executable()), "--site", site_dir, "--output-subdir", BUNDLE_DIR, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(f"hub: Pagefind could not index the site: {error}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PluginError("hub: Pagefind could not index the site: " + (detail[-1] if detail else
                          f"exit status {done.returncode}"))
    _sort_entry(Path(site_dir, BUNDLE_DIR, "pagefind-entry.json"))


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order; sort them (reproducible builds)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    entry.write_text(text, encoding="utf-8")
