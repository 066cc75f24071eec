"""What a candidate does on the hub, in real Chromium: switch language, search, share.

The header's language switcher and search box and the article's share links are part of the hub:
a page that loses one fails its test.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sample_project import PAIR, TURKISH_QUERY

from .conftest import ServedHub, Visit
from .site_pages import LANGUAGES

pytestmark = pytest.mark.browser

OTHER = {"en": "tr", "tr": "en"}
UNTRANSLATED = {"en": "en/articles/why-social-media-matters-for-hr/",
                "tr": "tr/articles/12-adimda-ikcilar-icin-sosyal-medya-2/"}
# Where each share link may point, and the utm_source values that name that network.
NETWORKS = {
    "linkedin": (re.compile(r"^https://(www\.)?linkedin\.com/"), {"linkedin"}),
    "x": (re.compile(r"^https://(x|twitter)\.com/"), {"x", "twitter"}),
    "facebook": (re.compile(r"^https://(www\.)?facebook\.com/"), {"facebook"}),
    "whatsapp": (re.compile(r"^https://(wa\.me|api\.whatsapp\.com)/"), {"whatsapp"}),
    "email": (re.compile(r"^mailto:"), {"email", "e-mail", "mail"}),
}

def _switch_language(visit: Visit, lang: str) -> None:
    """Tap (phone) or click (desktop) the header's link to the other language."""
    links = visit.page.locator(f"header a[hreflang='{OTHER[lang]}']")
    assert links.count() >= 1, f"no language switcher in the header (a link with hreflang={OTHER[lang]!r})"
    if visit.viewport == "phone":
        links.first.tap()
    else:
        links.first.click()


@pytest.mark.parametrize(("lang", "start", "expected"), [
    *((lang, PAIR[lang], PAIR[OTHER[lang]]) for lang in LANGUAGES),
    *((lang, UNTRANSLATED[lang], f"{OTHER[lang]}/") for lang in LANGUAGES),
    *((lang, f"{lang}/", f"{OTHER[lang]}/") for lang in LANGUAGES),
], ids=["en-translated", "tr-translated", "en-untranslated", "tr-untranslated", "en-home", "tr-home"])
def test_language_switcher_reaches_the_translation_or_the_other_home(
        visit: Visit, served_hub: ServedHub, lang: str, start: str, expected: str) -> None:
    page = visit.open(start)
    _switch_language(visit, lang)
    page.wait_for_url(served_hub.url(expected))
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == OTHER[lang]
    visit.assert_clean()


def test_search_finds_a_turkish_word_by_its_stem_on_a_turkish_page(
        visit: Visit, served_hub: ServedHub) -> None:
    query, expected = TURKISH_QUERY
    page = visit.open("tr/")
    visit.open_search(query)
    results = page.locator(".hub-search__link")
    results.first.wait_for(timeout=10_000)
    hrefs = [page.evaluate("a => a.href", handle) for handle in results.element_handles()]
    assert len(hrefs) >= 1
    assert any(href.split("#")[0] == served_hub.url(expected) for href in hrefs), hrefs
    assert all(href.startswith(served_hub.url("tr/")) for href in hrefs), hrefs
    visit.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_share_links_carry_the_article_url_with_campaign_tags(
        visit: Visit, served_hub: ServedHub, lang: str) -> None:
    page = visit.open(PAIR[lang])
    hrefs = [page.evaluate("a => a.getAttribute('href')", a)
             for a in page.locator("article a").element_handles()]
    found = {name: [h for h in hrefs if pattern.match(h)] for name, (pattern, _) in NETWORKS.items()}
    assert [name for name, links in found.items() if not links] == [], "networks without a share link"

    article_url = served_hub.url(PAIR[lang])
    for name, links in found.items():
        shared = _shared_urls(links[0])
        assert len(shared) >= 1, f"{name}: no article URL in {links[0]}"
        url = urlsplit(shared[0])
        assert f"{url.scheme}://{url.netloc}{url.path}" == article_url, f"{name}: {shared[0]}"
        tags = parse_qs(url.query)
        assert tags.get("utm_source", [""])[0] in NETWORKS[name][1], f"{name}: {shared[0]}"
        assert tags.get("utm_medium") == ["social"], f"{name}: {shared[0]}"
        assert tags.get("utm_campaign", [""])[0], f"{name}: {shared[0]}"
    visit.assert_clean()  # plain links: showing them loads nothing from the networks


def _shared_urls(href: str) -> list[str]:
    """The URLs a share link hands to the network, decoded from its query (or mailto body)."""
    query = urlsplit(href).query
    values = [value for values in parse_qs(query).values() for value in values]
    if not values and href.startswith("mailto:"):
        values = [unquote(href)]
    return [match for value in values for match in re.findall(r"https?://[^\s\"'<>]+", value)]
