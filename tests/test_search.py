"""Per-language search with Pagefind: the index on disk, and a candidate searching in headless Chromium."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Site, article, front_matter, serve
from mkdocs.exceptions import Abort

from hub_plugins import search

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def search_site(hub) -> Site:
    """Two Turkish articles (one about 'aday', written only in the singular), their English
    counterparts, and an English article that mentions the Turkish word."""
    hub.write("tr/articles/aday-deneyimi.md", article(
        "Aday deneyimi nasıl ölçülür?", translation_key="cx",
        body="Her aday başvurudan işe başlangıca kadar bir deneyim yaşar.\n"))
    hub.write("tr/articles/calisan-deneyimi.md", article(
        "Çalışan deneyimi", body="Her çalışan, işe başladığı ilk günden değerlidir. İzmir ofisimiz.\n"))
    hub.write("tr/articles/kariyer-gorusmeleri.md", article(
        "Kariyer görüşmeleri", body="Mentorluk ve gelişim üzerine verimli konuşmalar.\n"))
    hub.write("en/articles/candidate-experience.md", article(
        "How to measure candidate experience", translation_key="cx",
        body="Candidates remember how they were treated from application to the first day.\n"))
    hub.write("en/articles/turkish-words.md", article(
        "A word from Istanbul", body="In Turkish, a candidate is an aday; many are adaylar.\n"))
    return hub.build()


def indexed(site: Site) -> dict[str, dict[str, str]]:
    """What the Pagefind bundles hold, read back from disk: bundle folder → {result URL: title}."""
    found: dict[str, dict[str, str]] = {}
    for fragment in sorted((site.site_dir / "pagefind").glob("*/fragment/*.pf_fragment")):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found.setdefault(fragment.parent.parent.name, {})[record["url"]] = record["meta"]["title"]
    return found


def test_pagefind_indexes_each_language_apart(hub) -> None:
    hub.write("tr/rehberler/index.md", front_matter(title="Rehberler") + "\n# Rehberler\n\nAday rehberi.\n")
    hub.write("tr/rapor.md", front_matter(title="Rapor", hub_noindex=True) + "\n# Rapor\n\nAday sayıları.\n")
    site = search_site(hub)
    entries = {lang: json.loads(site.path(f"pagefind/{lang}/pagefind-entry.json").read_text(encoding="utf-8"))
               for lang in ("en", "tr")}
    assert {lang: sorted(entry["languages"]) for lang, entry in entries.items()} == {"en": ["en"], "tr": ["tr"]}
    # Articles and hand-written pages; no chooser, homes, listings, 404s or hub_noindex pages.
    assert indexed(site) == {
        "en": {"/en/articles/candidate-experience/": "How to measure candidate experience",
               "/en/articles/turkish-words/": "A word from Istanbul"},
        "tr": {"/tr/articles/aday-deneyimi/": "Aday deneyimi nasıl ölçülür?",
               "/tr/articles/calisan-deneyimi/": "Çalışan deneyimi",
               "/tr/articles/kariyer-gorusmeleri/": "Kariyer görüşmeleri",
               "/tr/rehberler/": "Rehberler"}}
    # Each page's search box names its language's bundle.
    assert site.html("tr/rehberler/").xpath("//@data-bundles") == ["../../pagefind/tr/pagefind.js"]
    assert site.html("en/").xpath("//@data-bundles") == ["../pagefind/en/pagefind.js"]  # homes search too
    assert site.html("").xpath("//@data-bundles") == []  # the language chooser belongs to no language
    assert site.html("en/articles/turkish-words/").xpath("//@data-bundles") == ["../../../pagefind/en/pagefind.js"]


def test_pagefind_reads_the_article_not_the_theme(hub) -> None:
    hub.write("en/articles/plain.md", article("Plain words", body="Mentoring matters.\n\n# A heading of the body\n"))
    site = hub.build()
    fragment = next((site.site_dir / "pagefind/en/fragment").glob("*.pf_fragment"))
    record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
    assert record["meta"]["title"] == "Plain words"  # the front-matter title leads, whatever the body has
    assert "Mentoring matters." in record["content"]
    for chrome in ("Share", "LinkedIn", "Skip to content", "Topics"):  # buttons, nav, chips: not indexed
        assert chrome not in record["content"], chrome


def test_titles_with_markup_characters_are_indexed_as_text(hub) -> None:
    hostile = '"><script>alert(1)</script> & Q&A'
    hub.write("en/articles/hostile.md", article(hostile))
    hub.write("en/guide.md", front_matter(title=hostile) + "\nGuide text.\n")  # no <h1>: the title is shown
    titles = indexed(hub.build())["en"]
    assert titles == {"/en/articles/hostile/": hostile, "/en/guide/": hostile}


def test_a_large_language_is_split_into_bundles(hub) -> None:
    for number in range(5):
        hub.write(f"tr/articles/aday-{number}.md", article(f"Aday {number}", date=f"2020-01-0{number + 1}"))
    hub.write("en/articles/one.md", article("One"))
    site = hub.build(plugins=[{"hub": {"search": {"pages_per_bundle": 2}}}])
    bundles = indexed(site)
    # Five Turkish pages, at most two per bundle: three bundles of two, two and one page.
    assert sorted(bundles) == ["en", "tr", "tr-2", "tr-3"]
    assert [len(bundles[name]) for name in ("tr", "tr-2", "tr-3")] == [2, 2, 1]
    assert sorted(url for name in ("tr", "tr-2", "tr-3") for url in bundles[name]) == [
        f"/tr/articles/aday-{n}/" for n in range(5)]
    assert site.html("tr/articles/aday-0/").xpath("//@data-bundles") == [
        "../../../pagefind/tr/pagefind.js ../../../pagefind/tr-2/pagefind.js ../../../pagefind/tr-3/pagefind.js"]
    assert site.html("en/articles/one/").xpath("//@data-bundles") == ["../../../pagefind/en/pagefind.js"]


def test_search_can_be_switched_off(hub) -> None:
    hub.write("tr/articles/aday-deneyimi.md", article("Aday deneyimi"))
    assert hub.build(plugins=["hub"]).exists("pagefind/tr/pagefind.js")  # on by default
    site = hub.build(plugins=[{"hub": {"search": {"enabled": False}}}])
    assert site.exists("tr/articles/aday-deneyimi/")
    assert not site.exists("pagefind")
    page = site.html("tr/articles/aday-deneyimi/")
    assert page.xpath("//*[@data-hub-search]") == []  # no search box that would load a missing index
    assert not [href for href in page.xpath("//link/@href") if "search.css" in href]


def test_a_build_failing_while_pagefind_runs_leaves_nothing_behind(hub) -> None:
    hub.write("tr/articles/aday-deneyimi.md", article("Aday deneyimi"))
    good = hub.build()
    before = sorted(p.relative_to(good.site_dir) for p in good.site_dir.rglob("*"))
    scratch = hub.root / search.SCRATCH_DIR  # where the search documents are written
    assert [p.name.startswith(search.IDLE) for p in scratch.iterdir()] == [True]  # kept for the next build
    # A theme or hook error while pages are rendered, after indexing started in the background.
    hook = hub.root / "failing_hook.py"
    hook.write_text("import os\n"
                    "def on_post_page(output, page, config):\n"
                    "    if page.file.src_uri.startswith('tr/articles/'):\n"
                    f"        in_use = len(os.listdir({str(scratch)!r}))\n"
                    "        raise RuntimeError(f'rendering failed with {in_use} scratch folder')\n"
                    "    return output\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="rendering failed with 1 scratch folder"):
        hub.build(hooks=[str(hook)])
    assert list(scratch.iterdir()) == []
    assert sorted(p.relative_to(good.site_dir) for p in good.site_dir.rglob("*")) == before


def test_a_later_build_removes_the_scratch_folder_of_a_killed_build(hub) -> None:
    hub.write("tr/articles/aday-deneyimi.md", article("Aday deneyimi"))
    hub.write("en/articles/candidate.md", article("Candidate experience"))
    # The build stops for good once every page is rendered, with Pagefind started and its documents
    # written, before the hub's post_build (priority -100) would wait for it and remove them.
    hook = hub.root / "stalling_hook.py"
    hook.write_text("import time\n"
                    "def on_post_build(config):\n"
                    "    time.sleep(120)\n", encoding="utf-8")
    hub.load(hooks=[str(hook)])
    scratch = hub.root / search.SCRATCH_DIR
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=hub.root, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        deadline = time.monotonic() + 120
        # Both documents written (the thread writes them one by one before Pagefind starts).
        while len(list(scratch.glob(f"{build.pid}-*/*/*/articles/*/index.html"))) < 2 and build.poll() is None:
            assert time.monotonic() < deadline, "the build never wrote its search documents"
            time.sleep(0.02)
        assert build.poll() is None, build.stderr.read() if build.stderr else ""
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # as the OOM killer or a CI timeout would: no clean-up runs
        build.wait()
        if build.stderr:
            build.stderr.close()
    (leftover,) = scratch.iterdir()
    assert leftover.name.startswith(f"{build.pid}-") and len(list(leftover.rglob("*.html"))) == 2

    # A folder of a build that is still running (any live process) is not touched.
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        running = scratch / f"{live.pid}-concurrent"
        (running / "tr").mkdir(parents=True)
        site = hub.build()
        assert site.exists("pagefind/tr/pagefind.js")
        assert leftover not in set(scratch.iterdir())
        assert running in set(scratch.iterdir())
    finally:
        live.kill()
        live.wait()
    # Once its owner is gone, the next build removes that one too: only the last build's documents stay.
    hub.build()
    (idle,) = scratch.iterdir()
    assert idle.name.startswith(search.IDLE)
    assert sorted(p.relative_to(idle).as_posix() for p in idle.rglob("*.html")) == [
        "en/en/articles/candidate/index.html", "tr/tr/articles/aday-deneyimi/index.html"]


def test_a_rebuild_writes_only_the_changed_search_documents(hub) -> None:
    hub.write("tr/articles/aday-deneyimi.md", article("Aday deneyimi", body="Adaylar.\n"))
    hub.write("tr/articles/mentorluk.md", article("Mentorluk", body="Mentorluk üzerine.\n"))
    hub.write("tr/articles/silinecek.md", article("Silinecek", body="Bu yazı silinecek.\n"))
    hub.write("tr/articles/taslak.md", article("Gizli taslak", draft=True))
    hub.build()
    scratch = hub.root / search.SCRATCH_DIR

    def documents() -> dict[str, tuple[int, bytes]]:
        (idle,) = scratch.iterdir()
        return {p.relative_to(idle).as_posix().removeprefix("tr/tr/articles/").removesuffix("/index.html"):
                (p.stat().st_mtime_ns, p.read_bytes()) for p in idle.rglob("*.html") if "/tr/" in p.as_posix()}

    before = documents()
    assert sorted(before) == ["aday-deneyimi", "mentorluk", "silinecek"]  # a draft is not published
    hub.write("tr/articles/aday-deneyimi.md", article("Aday deneyimi", body="Adaylar ve mülakatlar.\n"))
    (hub.docs / "tr/articles/silinecek.md").unlink()
    site = hub.build()  # publishes: no draft

    after = documents()
    assert sorted(after) == ["aday-deneyimi", "mentorluk"]  # the deleted page is gone
    assert after["mentorluk"] == before["mentorluk"]  # unchanged: not written again
    assert b"m\xc3\xbclakatlar" in after["aday-deneyimi"][1]
    assert sorted(indexed(site)["tr"]) == ["/tr/articles/aday-deneyimi/", "/tr/articles/mentorluk/"]


def test_a_pagefind_failure_fails_the_build_and_keeps_the_site(hub, monkeypatch, caplog) -> None:
    hub.write("tr/articles/aday-deneyimi.md", article("Aday deneyimi"))
    good = hub.build()
    before = sorted(p.relative_to(good.site_dir) for p in good.site_dir.rglob("*"))
    monkeypatch.setattr(search, "pagefind_executable", lambda: Path(shutil.which("false") or "/bin/false"))
    with pytest.raises(Abort):
        hub.build()
    assert "hub: Pagefind could not index the site: exit status 1" in caplog.text
    assert sorted(p.relative_to(good.site_dir) for p in good.site_dir.rglob("*")) == before


def test_pagefind_output_is_reproducible(hub) -> None:
    site = search_site(hub)
    first = {p.relative_to(site.site_dir): p.read_bytes() for p in (site.site_dir / "pagefind").rglob("*")
             if p.is_file()}
    again = hub.build()
    second = {p.relative_to(again.site_dir): p.read_bytes() for p in (again.site_dir / "pagefind").rglob("*")
              if p.is_file()}
    assert len(first) > 20
    assert first == second


# --- in a real browser -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium(browser) -> object:
    """The session's headless Chromium (tests/conftest.py)."""
    return browser


class Visit:
    """A phone-sized page that records console errors, failed responses and requests to other origins."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                           has_touch=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        self.page.on("request", lambda r: r.url.startswith(("http:", "https:")) and not r.url.startswith(base)
                     and self.errors.append(f"off-origin {r.url}"))

    def open(self, url: str) -> None:
        self.page.goto(self.base + url, wait_until="networkidle")

    def search(self, query: str) -> list[str]:
        """Type a query into the header search like a reader; the result links (site-relative)."""
        self.page.click("#hub-search-input")
        self.page.fill("#hub-search-input", "")
        self.page.keyboard.type(query)
        self.page.wait_for_function("q => document.querySelector('[data-hub-search]').dataset.query === q",
                                    arg=query)
        self.page.wait_for_load_state("networkidle")
        return [h.removeprefix(self.base) for h in self.page.eval_on_selector_all(
            ".hub-search__link", "links => links.map(a => a.href)")]

    def close(self) -> None:
        self.context.close()


@pytest.mark.browser
def test_turkish_search_finds_turkish_articles_by_stem(hub, chromium) -> None:
    site = search_site(hub)
    with serve(site.site_dir) as base:
        visit = Visit(chromium, base)
        visit.open("tr/articles/kariyer-gorusmeleri/")
        assert visit.page.is_visible("#hub-search-input")
        results = visit.search("adaylar")
        assert len(results) == 1
        assert results == ["tr/articles/aday-deneyimi/"]
        assert visit.page.text_content(".hub-search__meta") == "1 yazı bulundu"
        assert visit.page.text_content(".hub-search__title") == "Aday deneyimi nasıl ölçülür?"
        assert visit.page.inner_html(".hub-search__excerpt").count("<mark>") >= 1
        # Turkish letters typed right after the tap (the box grows on a phone), found by stem.
        assert visit.search("çalışanlar") == ["tr/articles/calisan-deneyimi/"]
        assert visit.search("ÇALIŞAN") == ["tr/articles/calisan-deneyimi/"]  # Turkish casing: I → ı
        assert visit.search("izmir") == ["tr/articles/calisan-deneyimi/"]  # indexed from "İzmir"
        assert visit.search("yokbövlebirkelime") == []
        assert visit.page.text_content(".hub-search__meta") == "Eşleşen yazı bulunamadı"
        visit.page.click("#hub-search-input")
        visit.page.fill("#hub-search-input", "")
        visit.page.keyboard.type("adaylar")
        visit.page.wait_for_selector(".hub-search__link")
        visit.page.click(".hub-search__link")
        visit.page.wait_for_url(base + "tr/articles/aday-deneyimi/")
        visit.close()
        assert visit.errors == []


@pytest.mark.browser
def test_english_search_shows_english_results_only(hub, chromium) -> None:
    site = search_site(hub)
    with serve(site.site_dir) as base:
        visit = Visit(chromium, base)
        visit.open("en/")
        results = visit.search("candidates")
        assert len(results) == 2
        assert sorted(results) == ["en/articles/candidate-experience/", "en/articles/turkish-words/"]
        assert visit.page.text_content(".hub-search__meta") == "2 matching documents"
        # The Turkish article about 'aday' is never offered on an English page.
        assert all(r.startswith("en/") for r in visit.search("aday"))
        visit.close()
        assert visit.errors == []


@pytest.mark.browser
def test_switcher_takes_the_reader_to_the_translation(hub, chromium) -> None:
    site = search_site(hub)
    with serve(site.site_dir) as base:
        visit = Visit(chromium, base)
        visit.open("tr/articles/aday-deneyimi/")
        assert visit.page.evaluate("document.documentElement.lang") == "tr"
        visit.page.click(".hub-lang__link")
        visit.page.wait_for_url(base + "en/articles/candidate-experience/")
        assert visit.page.evaluate("document.documentElement.lang") == "en"
        visit.page.click(".hub-lang__link")
        visit.page.wait_for_url(base + "tr/articles/aday-deneyimi/")
        visit.open("tr/articles/kariyer-gorusmeleri/")  # no translation: the English home
        visit.page.click(".hub-lang__link")
        visit.page.wait_for_url(base + "en/")
        visit.page.wait_for_load_state("networkidle")
        visit.close()
        # Material's language script fetched no sitemap.xml beside the hreflang links (no 404s).
        assert visit.errors == []


@pytest.mark.browser
def test_language_chooser_works_without_javascript(hub, chromium) -> None:
    site = search_site(hub)
    with serve(site.site_dir) as base:
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base)
        page.click("li[lang=tr] a")
        page.wait_for_url(base + "tr/")
        assert page.locator("html").get_attribute("lang") == "tr"
        context.close()


@pytest.mark.browser
def test_results_come_in_steps_of_five_from_every_bundle(hub, chromium) -> None:
    for number in range(7):
        hub.write(f"tr/articles/aday-{number}.md", article(
            f"Aday rehberi {number}", date=f"2020-01-0{number + 1}", body="Her aday için bir rehber.\n"))
    # Seven Turkish pages in three bundles: the browser merges them, with the Turkish stemmer.
    site = hub.build(plugins=[{"hub": {"search": {"pages_per_bundle": 3}}}])
    assert sorted(p.name for p in (site.site_dir / "pagefind").iterdir()) == ["tr", "tr-2", "tr-3"]
    with serve(site.site_dir) as base:
        visit = Visit(chromium, base)
        visit.open("tr/")
        assert len(visit.search("adaylar")) == 5
        assert visit.page.text_content(".hub-search__meta") == "7 yazı bulundu"
        assert visit.page.text_content(".hub-search__more") == "Daha fazla sonuç göster"
        visit.page.click(".hub-search__more")
        visit.page.wait_for_function("document.querySelectorAll('.hub-search__result').length === 7")
        assert visit.page.is_hidden(".hub-search__more")
        links = visit.page.eval_on_selector_all(".hub-search__link", "links => links.map(a => a.href)")
        assert sorted(link.removeprefix(base) for link in links) == [
            f"tr/articles/aday-{n}/" for n in range(7)]
        visit.close()
        assert visit.errors == []
