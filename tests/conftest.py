"""Fixtures that build real tiny hubs in tmp_path with real MkDocs and parse what they write."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, launched quietly: no sandbox (containers), no GPU, no calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
# The project's own deterministic corpus generator (the benchmark's too).
MAKE_CORPUS = REPO / "bench" / "make_corpus.py"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def front_matter(**fields: Any) -> str:
    """Front-matter text for the given fields (None values are left out)."""
    data = {k: v for k, v in fields.items() if v is not None}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return "---\n" + text + "---\n"


def article(title: str = "An article", *, body: str = "Some text.\n", **fields: Any) -> str:
    """A valid article source; any field can be overridden (None removes it)."""
    defaults: dict[str, Any] = {"title": title, "description": f"About {title}.", "date": "2024-03-01",
                                "audience": ["students"], "topics": ["recruitment"]}
    defaults.update(fields)
    return front_matter(**defaults) + "\n" + body


@dataclass
class Site:
    """A built hub: its project folder, output folder and parsed pages."""

    root: Path
    site_dir: Path

    def path(self, url: str) -> Path:
        """The file behind a site URL ('tr/articles/x/' → tr/articles/x/index.html)."""
        target = self.site_dir / url.lstrip("/")
        return target / "index.html" if url.endswith("/") or url == "" else target

    def html(self, url: str) -> html.HtmlElement:
        """A built page parsed with lxml."""
        return html.fromstring(self.path(url).read_bytes())

    def exists(self, url: str) -> bool:
        return self.path(url).exists()


class Hub:
    """A hub project in a temporary folder: write content, then build it like `mkdocs build`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs = root / "content"
        self.docs.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "content" / "taxonomy.yml", self.docs / "taxonomy.yml")
        for lang, title in (("en", "Welcome"), ("tr", "Hoş geldiniz")):
            self.write(f"{lang}/index.md", front_matter(title=title) + f"\n# {title}\n")
        self.config: dict[str, Any] = {
            "site_name": "Test Hub", "site_url": "https://hub.example.org/", "docs_dir": "content",
            "site_dir": "site", "use_directory_urls": True,
            "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "language": "en",
                      "font": False},
            "extra": {"generator": False},
            "markdown_extensions": [{"toc": {"permalink": True}}, "tables", "attr_list", "md_in_html"],
            "plugins": ["hub"],  # as the shipped mkdocs.yml: the hub's Pagefind search, not Material's
        }

    def write(self, rel: str, text: str | bytes) -> Path:
        """Write a file under content/."""
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def taxonomy(self) -> dict[str, Any]:
        return yaml.safe_load((self.docs / "taxonomy.yml").read_text(encoding="utf-8"))

    def set_taxonomy(self, data: dict[str, Any]) -> None:
        (self.docs / "taxonomy.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def load(self, **overrides: Any):
        """The MkDocs config of this project, as `mkdocs build` would load it."""
        data = {**self.config, **overrides}
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return load_config(str(config_file))

    def build(self, config=None, **overrides: Any) -> Site:
        """Run a real build as `mkdocs build` does (startup event, build, shutdown); returns the site."""
        config = config or self.load(**overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return Site(self.root, self.root / "site")


@pytest.fixture
def hub(tmp_path: Path) -> Hub:
    return Hub(tmp_path / "project")


@pytest.fixture(autouse=True)
def fail_on_unexpected_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A test that makes MkDocs log a warning fails, unless it says it expects warnings."""
    caplog.set_level(logging.INFO, logger="mkdocs")
    yield
    if request.node.get_closest_marker("allow_warnings"):
        return
    warnings = [r.getMessage() for r in caplog.get_records("call")
                if r.levelno == logging.WARNING and r.name.startswith("mkdocs")]
    assert not warnings, f"unexpected warnings: {warnings}"


Build = Callable[..., Site]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright driver for the whole session (a second sync driver in one thread cannot start)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    """Debian's Chromium, headless (installed by `./run test`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the tests with `./run test`, which installs Debian's "
                    "chromium, or set HUB_CHROMIUM to a Chromium binary")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


# What GitHub Pages compresses (text types); pictures and fonts are sent as they are.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/rss+xml")


class PagesHandler(_QuietHandler):
    """Serves files the way GitHub Pages does: gzip for text types, `Cache-Control: max-age=600`, an ETag
    and Last-Modified, 304 for a matching If-None-Match (a plain `http.server` sends none of these, and
    Lighthouse then blames the server rather than the pages)."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        mime = self.guess_type(str(path))
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{len(body):x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        packed = mime.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
        if packed:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", mime + ("; charset=utf-8" if mime.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        if packed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path, like_pages: bool = False) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1 (`like_pages`: as GitHub Pages serves it); yields its
    base URL."""
    handler = functools.partial(PagesHandler if like_pages else _QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
