"""Browser fixtures: one hub built per session, served on 127.0.0.1, visited by headless Chromium.

The hub is the repository's own content plus a few test articles (a translation pair and more
parts of the seed series), built with `mkdocs build --strict` in a subprocess like CI does. It is
served under a sub-path (`/hub/`), as GitHub Pages serves a project site, with `SITE_URL` set to
that address, so absolute links (canonical, hreflang, feeds) point at the origin under test just
as they point at the Pages origin in production.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from conftest import REPO
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response
from sample_project import PAIR, copy_project, mkdocs_build

from .site_pages import SitePage, crawl, pick

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BASE_PATH = "/hub/"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
SOURCE_DATE_EPOCH = "1700000000"

class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under BASE_PATH only; everything else is a 404, as on Pages."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(BASE_PATH):])

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: failed requests are reported by the browser tests themselves."""


@dataclass(frozen=True)
class ServedHub:
    """The built hub as the browser sees it."""

    root: str  # e.g. http://127.0.0.1:41234/hub/
    origin: str  # e.g. http://127.0.0.1:41234
    site_dir: Path
    pages: list[SitePage]

    def url(self, page_url: str) -> str:
        """Absolute URL of a site-relative page URL."""
        return self.root + page_url

    def page(self, lang: str, kind: str) -> SitePage:
        """The page a test visits for that language and kind (the hub builds every kind in every language)."""
        prefer = {"article": PAIR[lang], "home": f"{lang}/", "listing": f"{lang}/topics/social-media/"}[kind]
        found = pick(self.pages, lang, kind, prefer)
        assert found is not None, f"no {kind} page in {lang} is reachable from the homes"
        return found


@pytest.fixture(scope="session")
def served_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedHub]:
    """Build the hub once per session and serve it on a free port of 127.0.0.1."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    site_dir = project / "site"
    site_dir.mkdir()
    handler = functools.partial(_SubPathHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    result = mkdocs_build(project, {"SITE_URL": origin + BASE_PATH, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    assert result.returncode == 0, f"the test hub does not build:\n{result.stderr}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedHub(origin + BASE_PATH, origin, site_dir, crawl(site_dir))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Visit:
    """One browser tab on the served hub, recording everything that could go wrong."""

    page: Page
    hub: ServedHub
    viewport: str  # "phone" (touch) or "desktop"
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("request", self._on_request)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} at {message.location.get('url')}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def forget(self) -> None:
        """Start recording afresh (before the next page of a crawl)."""
        for record in (self.requests, self.console_errors, self.page_errors, self.failed):
            record.clear()

    def open(self, page_url: str) -> Page:
        """Load a site page and wait until the network is idle (Material loads its search index late)."""
        response = self.page.goto(self.hub.url(page_url), wait_until="networkidle")
        assert response is not None and response.status == 200, f"{page_url}: {response and response.status}"
        return self.page

    def foreign_requests(self) -> list[str]:
        """Requests to any origin but the hub's own (data: and blob: URLs never leave the page)."""
        return [url for url in self.requests
                if not url.startswith(self.hub.origin + "/") and not url.startswith(("data:", "blob:"))]

    def assert_clean(self) -> None:
        """No request left the hub's origin, nothing failed to load, no error was logged."""
        assert len(self.requests) >= 1
        assert self.foreign_requests() == [], "requests to other origins"
        assert self.failed == [], "failed requests"
        assert self.page_errors == [], "uncaught JavaScript errors"
        assert self.console_errors == [], "console errors"

    def axe_violations(self, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
        """axe-core's violations of those impacts on the current page, one line each."""
        self.page.add_script_tag(path=str(AXE_JS))
        results = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"])
                for v in results["violations"] if v["impact"] in impacts]

    def open_search(self, query: str) -> None:
        """Tap the header search (Pagefind, in the page's language) and type; the page must have one."""
        field = self.page.locator("#hub-search-input")
        assert field.count() == 1, "no search box in the header (#hub-search-input)"
        field.click()
        field.press_sequentially(query, delay=20)

    def screenshot(self, name: str) -> Path:
        """A full-page screenshot in test-artifacts/screenshots/ for a person to look at."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """Each browser test that asks for it runs at a phone and at a desktop size."""
    return request.param


@pytest.fixture
def visit(browser: Browser, served_hub: ServedHub, viewport: str) -> Iterator[Visit]:
    """A fresh browser context (no shared cache or storage) at the test's viewport."""
    is_phone = viewport == "phone"
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=is_phone, has_touch=is_phone,
                                  device_scale_factor=2 if is_phone else 1, locale="en-US")
    yield Visit(context.new_page(), served_hub, viewport)
    context.close()
