"""Budgets of the built hub as a candidate's phone gets it, served the way GitHub Pages serves it
(gzip, cache headers): bytes on first load and layout shift in Chromium, Lighthouse scores, and the
Nu HTML Checker on every page. Lighthouse and vnu are the versions pinned in tools/package-lock.json
(`./run test` installs them)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, serve
from playwright.sync_api import Browser
from sample_project import PAIR, copy_project, mkdocs_build

from .conftest import SCREENSHOTS, SOURCE_DATE_EPOCH

pytestmark = pytest.mark.browser

PHONE = {"width": 412, "height": 823}
BUDGET_BYTES = 400_000
TOOLS = REPO / "tools" / "node_modules"
LIGHTHOUSE = TOOLS / "lighthouse" / "cli" / "index.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_PAGES = ("en/", "tr/", PAIR["en"], PAIR["tr"], "en/topics/social-media/")
MINIMUM_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


@dataclass(frozen=True)
class PagesSite:
    """The hub built for its own origin and served like GitHub Pages."""

    root: str
    site_dir: Path


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PagesSite]:
    """The repository's hub with the test articles, built with SITE_URL at the server's origin."""
    project = copy_project(tmp_path_factory.mktemp("budgets") / "project")
    site_dir = project / "site"
    site_dir.mkdir()
    with serve(site_dir, like_pages=True) as root:
        result = mkdocs_build(project, {"SITE_URL": root, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
        assert result.returncode == 0, result.stderr
        yield PagesSite(root, site_dir)


def first_load(browser: Browser, url: str) -> tuple[int, float, list[str]]:
    """Bytes transferred (encoded, as served) by a first visit at phone size, its CLS and what it fetched."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2.625, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url, wait_until="networkidle")
    shift = page.evaluate("""() => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
          .observe({type: "layout-shift", buffered: true});
        setTimeout(() => done(total), 600);
    })""")
    context.close()
    return sum(sizes.values()), float(shift), sorted(urls[i] for i in sizes)


@pytest.mark.parametrize("page_url", ["en/", "tr/", PAIR["en"], PAIR["tr"]])
def test_home_and_article_stay_within_the_phone_budget_without_layout_shift(
        browser: Browser, pages_site: PagesSite, page_url: str) -> None:
    transferred, shift, fetched = first_load(browser, pages_site.root + page_url)
    assert len(fetched) >= 5  # the page, Material's CSS and JS, the hub's CSS, pictures
    if page_url.count("/") == 1:  # a home opens with its hero picture
        assert any(u.endswith((".png", ".webp", ".jpg")) for u in fetched), "no picture on the first screen"
    assert transferred <= BUDGET_BYTES, f"{page_url}: {transferred:,} bytes: {fetched}"
    assert shift == 0, f"{page_url}: cumulative layout shift {shift}"


def test_served_like_github_pages(pages_site: PagesSite) -> None:
    import urllib.request

    request = urllib.request.Request(pages_site.root + "en/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "max-age=600"
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        etag = response.headers["ETag"]
    again = urllib.request.Request(pages_site.root + "en/", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(again)
    assert not_modified.value.code == 304


def lighthouse(url: str) -> dict[str, int]:
    """One Lighthouse run (mobile preset, simulated throttling) on Debian's Chromium: category scores."""
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run the tests with `./run test` (npm ci --prefix tools)")
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         "--only-categories=performance,accessibility,best-practices,seo",
         "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    return {key: round(category["score"] * 100) for key, category in report["categories"].items()}


@pytest.mark.slow
@pytest.mark.parametrize("page_url", LIGHTHOUSE_PAGES)
def test_lighthouse_scores_median_of_three(pages_site: PagesSite, page_url: str) -> None:
    runs = [lighthouse(pages_site.root + page_url) for _ in range(3)]
    median = {key: statistics.median(run[key] for run in runs) for key in MINIMUM_SCORES}
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    with (SCREENSHOTS.parent / "lighthouse.txt").open("a", encoding="utf-8") as log:
        log.write(f"{page_url}: median {median} runs {runs} load {os.getloadavg()[0]:.2f}\n")
    for key, minimum in MINIMUM_SCORES.items():
        assert median[key] >= minimum, f"{page_url}: {key} {median[key]} < {minimum} (runs: {runs})"


def vnu_errors(paths: list[Path], root: Path) -> set[tuple[str, str]]:
    """The Nu HTML Checker's errors on those files: (file relative to root, message)."""
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run the tests with `./run test` (npm ci --prefix tools)")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, paths)],
                            capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return {(Path(m["url"].removeprefix("file:")).relative_to(root).as_posix(), m["message"]) for m in messages}


@pytest.fixture(scope="module")
def plain_material_errors(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """What the Nu HTML Checker reports on a plain Material site (no hub): Material's own markup."""
    project = tmp_path_factory.mktemp("plain-material")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n\nText.\n\n## Part\n\nMore.\n", encoding="utf-8")
    (project / "docs" / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Plain\nsite_url: https://plain.example.org/\n"
                                        "theme: {name: material, font: false}\n", encoding="utf-8")
    result = mkdocs_build(project, {})
    assert result.returncode == 0, result.stderr
    pages = sorted((project / "site").glob("**/*.html"))
    errors = {message for _path, message in vnu_errors(pages, project / "site")}
    assert errors, "a plain Material site is expected to have checker errors of its own (autocomplete)"
    return errors


@pytest.mark.slow
def test_nu_html_checker_finds_no_error_of_the_hubs_own(pages_site: PagesSite,
                                                        plain_material_errors: set[str]) -> None:
    pages = sorted(p for p in pages_site.site_dir.glob("**/*.html") if "pagefind" not in p.parts)
    assert len(pages) >= 30
    errors = vnu_errors(pages, pages_site.site_dir)
    ours = sorted((path, message) for path, message in errors if message not in plain_material_errors)
    assert ours == []
