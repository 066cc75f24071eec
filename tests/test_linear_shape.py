"""The hub's work grows linearly with the number of articles: counted, not timed.

Two builds of the same kind of site, with 50 and with 200 articles, run under cProfile, which
counts every function call exactly. Per article, no hub function, template render or subprocess
may be called markedly more often in the bigger build; each page's Markdown is converted once;
an article page does not get bigger when the site does (no sidebar or listing of all articles).
bench/run.py measures the time; this test guards the shape cheaply and deterministically.
"""

from __future__ import annotations

import cProfile
import pstats
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Hub, article
from lxml import html

AUDIENCES = ["students", "professionals", "employees", "hr-community"]
TOPICS = ["recruitment", "talent-development", "career-management", "employer-brand", "social-media"]
SMALL, LARGE = 50, 200
# Per-article call rates may grow by log(200)/log(50) ≈ 1.35 (an n·log n sort); quadratic work grows 4×.
RATE_GROWTH = 1.4
WATCHED_PAGE = "en/articles/article-0001/"


def body(i: int, lang: str) -> str:
    """A short article body with the Markdown an article usually has."""
    words = "İşe alım süreci" if lang == "tr" else "The hiring process"
    return (f"{words} {i} starts with a plan.\n\n## {words} {i}\n\n- one\n- two\n- three\n\n"
            f"See [the survey](https://example.com/{i}) for **more**.\n\n## Next steps\n\nMore text.\n")


def write_articles(hub: Hub, count: int) -> None:
    """`count` articles over both languages; article i is the same in every build."""
    for i in range(1, count // 2 + 1):
        for lang in ("en", "tr"):
            fields = {"date": f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                      "audience": [AUDIENCES[i % 4]], "topics": [TOPICS[i % 5], TOPICS[(i + 2) % 5]]}
            if i % 5 < 3:  # 60% of the articles exist in both languages
                fields["translation_key"] = f"pair-{i:04d}"
            hub.write(f"{lang}/articles/article-{i:04d}.md",
                      article(f"Article {i} ({lang})", body=body(i, lang), **fields))


@dataclass
class Measured:
    """Call counts of one build and what it wrote."""

    articles: int
    calls: dict[tuple[str, int, str], int]
    html_pages: int
    text_bytes: int
    page: html.HtmlElement
    page_bytes: int
    subprocesses: int  # started from any thread (cProfile sees only the main one; Pagefind runs beside it)

    def count(self, file_part: str, name: str) -> int:
        """Calls of functions called `name` in files whose path contains `file_part`."""
        return sum(n for (file, _line, func), n in self.calls.items() if file_part in file and func == name)


def measured_build(tmp_path: Path, count: int) -> Measured:
    """Build a site of `count` articles under cProfile."""
    hub = Hub(tmp_path / f"n{count}")
    write_articles(hub, count)
    # One article per listing page, so that both sizes paginate with full pager windows: pagers then
    # grow with the site like the listings they belong to (a pager's window of numbers is bounded).
    config = hub.load(plugins=[{"hub": {"listings": {"page_size": 1}}}])
    started = []
    original = subprocess.Popen.__init__

    def counting(self, *args, **kwargs) -> None:
        started.append(args[0] if args else kwargs.get("args"))
        original(self, *args, **kwargs)

    profile = cProfile.Profile()
    subprocess.Popen.__init__ = counting
    profile.enable()
    try:
        site = hub.build(config)
    finally:
        profile.disable()
        subprocess.Popen.__init__ = original
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    calls = {(file.replace("\\", "/"), line, func): total
             for (file, line, func), (_primitive, total, *_times) in stats.items()}
    html_files = [p for p in site.site_dir.rglob("*.html") if p.name != "404.html"]
    text_files = [p for ext in ("html", "xml", "json") for p in site.site_dir.rglob(f"*.{ext}")]
    return Measured(count, calls, len(html_files), sum(p.stat().st_size for p in text_files),
                    site.html(WATCHED_PAGE), site.path(WATCHED_PAGE).stat().st_size, len(started))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Measured, Measured]:
    tmp = tmp_path_factory.mktemp("shape")
    return measured_build(tmp, SMALL), measured_build(tmp, LARGE)


def test_each_article_is_read_and_checked_once_per_build(builds: tuple[Measured, Measured]) -> None:
    for build in builds:
        assert build.count("/hub_plugins/loader.py", "check_article") == build.articles
        assert build.count("/hub_plugins/loader.py", "read_content") == 1
        assert build.count("/hub_plugins/validate.py", "validate") == 1
        assert build.count("/hub_plugins/links.py", "scan") == build.articles + 2  # and the two homes


def test_each_page_is_converted_from_markdown_once(builds: tuple[Measured, Measured]) -> None:
    assert builds[1].html_pages >= LARGE  # the articles are all there (and the counts below mean something)
    extra = [b.count("/markdown/core.py", "convert") - b.html_pages for b in builds]
    # Whatever is converted besides the pages (e.g. taxonomy descriptions) must not grow with the site.
    assert extra[1] <= extra[0], f"conversions beyond one per page: {extra} ({SMALL}/{LARGE} articles)"


def test_no_hub_function_template_or_subprocess_does_more_than_linear_work(
        builds: tuple[Measured, Measured]) -> None:
    small, large = builds
    # Hub functions and template renders called at least once per article in the bigger build.
    watched = {key for key, n in large.calls.items() if n >= large.articles
               and ("/hub_plugins/" in key[0] or (key[2] == "render" and "/jinja2/" in key[0]))}
    assert any(key[2] == "check_article" for key in watched)  # the filter keeps the per-article functions
    growing = {}
    for key in watched:
        before, after = small.calls.get(key, 0), large.calls[key]
        if after / large.articles > RATE_GROWTH * before / small.articles:
            growing[f"{key[0].rsplit('/', 2)[-1]}:{key[1]} {key[2]}"] = (before, after)
    assert not growing, f"calls per article grow with the site ({SMALL} → {LARGE} articles): {growing}"
    popen = [b.subprocesses for b in builds]
    assert popen[0] >= 2  # Pagefind, once per language (the count below means something)
    assert popen[1] <= popen[0], f"subprocesses per build grow with the site: {popen}"


def test_an_article_page_does_not_grow_with_the_site(builds: tuple[Measured, Measured]) -> None:
    small, large = builds
    titles = [b.page.xpath("string(//article//h1)") for b in builds]
    assert titles == ["Article 1 (en)", "Article 1 (en)"]
    links = [len(b.page.xpath("//a")) for b in builds]
    assert links[0] > 0
    assert links[1] == links[0], f"links on {WATCHED_PAGE}: {links} with {SMALL}/{LARGE} articles"
    assert abs(large.page_bytes - small.page_bytes) <= 0.03 * small.page_bytes, \
        f"{WATCHED_PAGE} is {small.page_bytes} bytes with {SMALL} articles, {large.page_bytes} with {LARGE}"


def test_output_per_article_does_not_grow_with_the_site(builds: tuple[Measured, Measured]) -> None:
    per_article = [b.text_bytes / b.articles for b in builds]
    assert per_article[0] > 0
    assert per_article[1] <= 1.1 * per_article[0], f"HTML/XML/JSON bytes per article: {per_article}"
