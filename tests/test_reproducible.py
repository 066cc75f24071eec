"""Publishing: two builds of one commit are byte-identical, and a build needs no network."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import article
from sample_project import copy_project, mkdocs_build

SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
HUB_TODAY = "2024-06-03"  # the build's "today": what is due, and the coverage report's day
SCHEDULED = article("Scheduled zebra", date="2024-06-10", topics=["recruitment"])  # due a week later
SITE_URL = "https://owner.github.io/career-hub/"
# Any HTTP(S) client that honours proxies hits a closed port.
CLOSED = "http://127.0.0.1:9"
OFFLINE = {"HTTP_PROXY": CLOSED, "HTTPS_PROXY": CLOSED, "ALL_PROXY": CLOSED, "NO_PROXY": "",
           "http_proxy": CLOSED, "https_proxy": CLOSED, "all_proxy": CLOSED, "no_proxy": ""}


def tree_digests(site_dir: Path) -> dict[str, str]:
    """Every file of a built site (relative path → sha256 of its bytes)."""
    return {path.relative_to(site_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def test_two_builds_of_one_commit_in_different_folders_are_byte_identical(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "one" / "project")
    second = copy_project(tmp_path / "elsewhere" / "career-hub-copy")
    # Different hash seeds shake out any output that depends on set or dict-of-hash ordering.
    for project, seed in ((first, "1"), (second, "4242")):
        (project / "content/en/articles/scheduled-zebra.md").write_text(SCHEDULED, encoding="utf-8")
        result = mkdocs_build(project, {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "HUB_TODAY": HUB_TODAY,
                                        "SITE_URL": SITE_URL, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr

    one, two = tree_digests(first / "site"), tree_digests(second / "site")
    assert len(one) >= 20
    for required in ("sitemap.xml", "sitemap.xml.gz", "pagefind/tr/pagefind.js", "en/index.html",
                     "tr/articles/12-adimda-ikcilar-icin-sosyal-medya-2/index.html"):
        assert required in one
    assert sorted(one) == sorted(two), "the two builds wrote different files"
    assert [name for name in one if one[name] != two[name]] == [], "files whose bytes differ"
    assert not [name for name in one if "scheduled-zebra" in name]  # not due on HUB_TODAY
    report = (first / "site/en/report/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-06-03">' in report  # the report's today is HUB_TODAY, not the clock
    # No build-machine path leaks into the output.
    for project in (first, second):
        leaks = [name for name in one if str(project).encode() in (project / "site" / name).read_bytes()]
        assert leaks == []


def test_the_sitemap_carries_content_dates_and_no_clock(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", extra_articles=False)
    result = mkdocs_build(project, {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    with gzip.open(project / "site" / "sitemap.xml.gz") as archive:
        assert archive.read() == (project / "site" / "sitemap.xml").read_bytes()
    header = (project / "site" / "sitemap.xml.gz").read_bytes()
    # The hub's sitemap writer leaves the gzip header's MTIME empty: no clock, no build date.
    assert int.from_bytes(header[4:8], "little") == 0
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert len(lastmods) >= 2
    assert set(lastmods) <= {"2013-01-16", "2013-02-06"}  # the seed articles' own dates


def _network_namespace_works() -> bool:
    """True when `unshare -n` can give a process a network namespace with no way out."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0


def test_the_build_succeeds_without_a_network(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # Proxies on a closed port; where the kernel allows (root, outside a locked-down container), the
    # build also runs in a network namespace with no interface but a downed loopback.
    prefix = ("unshare", "-n") if _network_namespace_works() else ()
    result = mkdocs_build(project, {**OFFLINE, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITE_URL": SITE_URL},
                          prefix=prefix)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "tr" / "articles" / "yeni-mezun-programi" / "index.html").is_file()
    assert "WARNING" not in result.stderr


def test_the_offline_check_would_catch_a_network_request() -> None:
    """Each way the build above is kept offline really stops a download (the namespace where it is used)."""
    probe = "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/', timeout=5)"
    ways: list[tuple[tuple[str, ...], dict[str, str]]] = [((), OFFLINE)]
    if _network_namespace_works():
        ways.append((("unshare", "-n"), {}))  # the namespace alone, without the proxies
    for prefix, env in ways:
        result = subprocess.run([*prefix, sys.executable, "-c", probe], capture_output=True, text=True,
                                env={**os.environ, **env}, timeout=60, check=False)
        assert result.returncode != 0, prefix
        assert "URLError" in result.stderr or "OSError" in result.stderr, result.stderr[-500:]
