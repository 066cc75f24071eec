"""Home, listing and article pages in both languages, at phone and desktop size, in real Chromium."""

from __future__ import annotations

import pytest

from .conftest import ServedHub, Visit
from .site_pages import KINDS, LANGUAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_renders_in_its_language_from_its_own_origin(
        visit: Visit, served_hub: ServedHub, viewport: str, lang: str, kind: str) -> None:
    target = served_hub.page(lang, kind)
    page = visit.open(target.url)

    assert page.locator("html").get_attribute("lang") == lang
    headings = page.locator("h1:visible")
    assert headings.count() >= 1
    assert headings.first.inner_text().strip()
    # Nothing sticks out sideways: a phone must never need horizontal scrolling.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the {viewport} viewport"
    visit.screenshot(f"{lang}-{kind}-{viewport}")
    visit.assert_clean()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_has_no_serious_accessibility_violations(
        visit: Visit, served_hub: ServedHub, lang: str, kind: str) -> None:
    visit.open(served_hub.page(lang, kind).url)
    assert visit.axe_violations() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_overlay_opened_has_no_serious_accessibility_violations(
        visit: Visit, served_hub: ServedHub, lang: str) -> None:
    page = visit.open(served_hub.page(lang, "article").url)
    visit.open_search("sosyal" if lang == "tr" else "social")
    page.locator(".hub-search__result").first.wait_for()
    assert visit.axe_violations() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_page_charts_read_on_a_phone_and_a_desktop(
        visit: Visit, served_hub: ServedHub, viewport: str, lang: str) -> None:
    page = visit.open(f"{lang}/report/")
    charts = page.locator("svg[data-chart][role=img]")
    assert charts.count() == 2 * 2 + 1  # heat map and months per language, translations once
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] >= 250 and box["height"] > 50  # drawn, not collapsed
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the report is {overflow}px wider than the {viewport} viewport"
    visit.screenshot(f"{lang}-report-{viewport}")
    visit.assert_clean()
    assert visit.axe_violations() == []
# The chooser belongs to no language: one screenshot of it per viewport.
@pytest.mark.parametrize(("lang", "kind"), [("en", "chooser"), *((lang, kind) for lang in LANGUAGES for kind in KINDS)])
def test_screenshots_of_the_visual_layer(visit: Visit, served_hub: ServedHub, viewport: str, lang: str,
                                         kind: str) -> None:
    """Full pages with every lazy picture loaded, for a person to look at (test-artifacts/screenshots/)."""
    page = visit.open("" if kind == "chooser" else served_hub.page(lang, kind).url)
    # A full-page screenshot scrolls nothing into view: load the lazy pictures now, and wait for them all.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=10_000)
    assert page.locator("picture img").count() >= (1 if kind != "article" else 0)
    name = f"visual-chooser-{viewport}" if kind == "chooser" else f"visual-{lang}-{kind}-{viewport}"
    visit.screenshot(name)
    visit.assert_clean()
