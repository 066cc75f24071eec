"""Both languages in one build: page language, Turkish UI, switcher, hreflang, sitemap, chooser, 404."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import material
import pytest
from conftest import Site, article, front_matter
from lxml import etree

from hub_plugins.i18n import load_catalog

SITE_URL = "https://hub.example.org/"
MATERIAL_EN = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def bilingual(hub) -> Site:
    """A hub with one translated pair (different file names), one article per language without a
    translation, a page pair outside the articles, and a page kept out of the sitemap."""
    hub.write("en/articles/joining-us.md", article(
        "Joining us", date="2013-02-13", updated="2014-05-02", translation_key="join",
        body="Some text.\n\n## Hiring Process\n\nMore.\n"))
    hub.write("tr/articles/bize-katilin.md", article(
        "Bize katılın", date="2013-02-13", translation_key="join",
        body="Metin.\n\n## İşe Alım Süreci\n\nDaha fazla.\n\n## ŞIĞ Çağrı\n\n    kod örneği\n\nSon.\n"))
    hub.write("en/articles/only-english.md", article("Only in English", date="2015-06-01"))
    hub.write("tr/articles/sadece-turkce.md", article("Sadece Türkçe", date="2016-07-01"))
    hub.write("en/guides/index.md", front_matter(title="Guides") + "\n# Guides\n\nAll guides.\n")
    hub.write("tr/guides/index.md", front_matter(title="Rehberler") + "\n# Rehberler\n\nTüm rehberler.\n")
    hub.write("tr/guides/yerel/index.md", front_matter(title="Yerel") + "\n# Yerel\n\nYalnızca Türkçe.\n")
    hub.write("en/report.md", front_matter(title="Coverage", hub_noindex=True) + "\n# Coverage\n")
    # Material features that bring more UI strings: back-to-top, footer links, copy buttons.
    hub.config["theme"]["features"] = ["navigation.tabs", "navigation.top", "navigation.footer",
                                       "content.code.copy"]
    return hub.build()


def material_english_strings() -> set[str]:
    """Every reader-visible string of Material's English table."""
    pairs = re.findall(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)"', MATERIAL_EN.read_text(encoding="utf-8"), re.M)
    technical = {"language", "direction", "search.config.lang", "search.config.pipeline",
                 "search.config.separator"}
    return {text for key, text in pairs if key not in technical and len(text) > 2}


def visible_strings(page) -> set[str]:
    """Texts and UI attributes of a page, outside elements that declare another language."""
    found: set[str] = set()
    for element in page.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "template"):
            continue
        if element.xpath("ancestor-or-self::*[@lang][1]/@lang") != ["tr"]:
            continue
        for attr in ("aria-label", "title", "placeholder", "alt", "data-none", "data-one", "data-other"):
            if element.get(attr):
                found.add(element.get(attr).strip())
        for text in (element.text, element.tail):
            if text and text.strip():
                found.add(text.strip())
    return found


def alternates(page) -> dict[str, str]:
    """hreflang → href of the page's <link rel="alternate" hreflang> tags."""
    links = page.xpath("//head/link[@rel='alternate'][@hreflang]")
    result = {link.get("hreflang"): link.get("href") for link in links}
    assert len(result) == len(links), "an hreflang is given twice"
    return result


def switcher(site: Site, url: str) -> list[tuple[str, str, str]]:
    """(hreflang, absolute target URL, translated flag) of the header switcher of a page."""
    page = site.html(url)
    base = SITE_URL + url
    return [(a.get("hreflang"), urljoin(base, a.get("href")), a.get("data-hub-translated"))
            for a in page.xpath("//header//nav[contains(@class,'hub-lang')]//a")]


def test_every_page_has_the_language_of_its_folder(hub) -> None:
    site = bilingual(hub)
    pages = {"": "en", "en/": "en", "tr/": "tr", "en/articles/joining-us/": "en",
             "tr/articles/bize-katilin/": "tr", "tr/guides/": "tr", "en/guides/": "en"}
    assert len(pages) == 7
    for url, lang in pages.items():
        assert site.html(url).get("lang") == lang, url


@pytest.mark.parametrize("url", ["tr/", "tr/articles/bize-katilin/", "tr/articles/sadece-turkce/",
                                 "tr/guides/", "tr/404.html"])
def test_turkish_pages_show_no_english_ui_string(hub, url: str) -> None:
    site = bilingual(hub)
    page = site.html(url)
    english = material_english_strings() | {
        text for key, text in load_catalog(("en", "tr")).strings["en"].items() if len(text) > 2}
    shown = visible_strings(page)
    assert len(shown) > 10
    assert sorted(shown & english) == []
    # Material's strings for its scripts (copy buttons, search) are Turkish too.
    translations = json.loads(page.xpath("string(//script[@id='__config'])"))["translations"]
    assert len(translations) >= 9
    assert translations["clipboard.copy"] == "Panoya kopyala"
    assert sorted(set(translations.values()) & english) == []


def test_turkish_article_uses_turkish_material_strings(hub) -> None:
    site = bilingual(hub)
    page = site.html("tr/articles/bize-katilin/")
    assert page.xpath("normalize-space(//button[contains(@class,'md-top')])") == "Başa dön"
    guides = site.html("tr/guides/")  # a hand-written page with a next page in its language's nav
    assert guides.xpath("//nav[contains(@class,'md-footer__inner')]/@aria-label") == ["Altbilgi"]
    # Footer links and rel=next stay within the language.
    assert guides.xpath("normalize-space(//a[contains(@class,'md-footer__link--next')]//span)") == "Sonraki"
    assert guides.xpath("//link[@rel='next']/@href") == ["yerel/"]
    assert guides.xpath("//link[@rel='prev']") == []
    assert page.xpath("normalize-space(//a[@class='md-skip'])") == "Ana içeriğe geç"
    assert page.xpath("//nav[contains(@class,'md-nav--secondary')]/@aria-label") == ["İçindekiler"]
    assert page.xpath("//header[@data-md-component='header']/nav/@aria-label") == ["Üst bilgi"]
    assert page.xpath("//input[@id='hub-search-input']/@placeholder") == ["Ara"]
    assert page.xpath("string(//span[@class='hub-article__published']/time)") == "13 Şubat 2013"
    assert page.xpath("//body/@dir") == ["ltr"]


def test_turkish_headings_get_transliterated_anchors(hub) -> None:
    page = bilingual(hub).html("tr/articles/bize-katilin/")
    ids = page.xpath("//article//h2/@id")
    assert ids == ["ise-alim-sureci", "sig-cagri"]
    assert all("\u0307" not in i and i.isascii() for i in ids)


def test_switcher_goes_to_the_translation_else_the_other_home(hub) -> None:
    site = bilingual(hub)
    en_article, tr_article = SITE_URL + "en/articles/joining-us/", SITE_URL + "tr/articles/bize-katilin/"
    assert switcher(site, "tr/articles/bize-katilin/") == [("en", en_article, "true")]
    assert switcher(site, "en/articles/joining-us/") == [("tr", tr_article, "true")]
    assert switcher(site, "tr/articles/sadece-turkce/") == [("en", SITE_URL + "en/", "false")]
    assert switcher(site, "en/articles/only-english/") == [("tr", SITE_URL + "tr/", "false")]
    assert switcher(site, "tr/") == [("en", SITE_URL + "en/", "true")]
    assert switcher(site, "en/guides/") == [("tr", SITE_URL + "tr/guides/", "true")]
    # A page with no counterpart leads to the nearest page above it in the other language.
    assert switcher(site, "tr/guides/yerel/") == [("en", SITE_URL + "en/guides/", "false")]
    assert site.html("en/").xpath("normalize-space(//nav[contains(@class,'hub-lang')]//a)") == "Türkçe"
    link = site.html("tr/articles/bize-katilin/").xpath("//nav[contains(@class,'hub-lang')]//a")[0]
    assert link.xpath("span[@lang]/@lang") == ["en"]
    assert link.get("title") == "Bu sayfayı İngilizce okuyun"
    assert link.xpath("normalize-space(.)") == "English"


def test_hreflang_lists_every_version_and_x_default_absolute(hub) -> None:
    site = bilingual(hub)
    pair = {"en": SITE_URL + "en/articles/joining-us/", "tr": SITE_URL + "tr/articles/bize-katilin/",
            "x-default": SITE_URL + "en/articles/joining-us/"}
    assert alternates(site.html("tr/articles/bize-katilin/")) == pair
    assert alternates(site.html("en/articles/joining-us/")) == pair
    homes = {"en": SITE_URL + "en/", "tr": SITE_URL + "tr/", "x-default": SITE_URL}
    assert alternates(site.html("tr/")) == homes
    assert alternates(site.html("en/")) == homes
    assert alternates(site.html("")) == homes
    guides = {"en": SITE_URL + "en/guides/", "tr": SITE_URL + "tr/guides/",
              "x-default": SITE_URL + "en/guides/"}
    assert alternates(site.html("tr/guides/")) == guides
    # A page without a translation claims no alternates.
    assert alternates(site.html("tr/articles/sadece-turkce/")) == {}


def test_sitemap_lists_pages_with_alternates_and_content_dates(hub) -> None:
    site = bilingual(hub)
    tree = etree.parse(str(site.path("sitemap.xml")))
    entries = tree.xpath("//s:url", namespaces=SITEMAP_NS)
    urls = {u.findtext("s:loc", namespaces=SITEMAP_NS): u for u in entries}
    assert len(entries) == len(urls)
    expected = ["", "en/", "en/articles/joining-us/", "en/articles/only-english/", "en/guides/", "tr/",
                "tr/articles/bize-katilin/", "tr/articles/sadece-turkce/", "tr/guides/", "tr/guides/yerel/"]
    listings = sorted(u for u in urls if re.search(r"/(topics|audiences|series)/", u))
    # Every content page and every listing page; hub_noindex pages (the editors' reports) are left out.
    assert sorted(urls) == sorted([SITE_URL + u for u in expected] + listings)
    assert SITE_URL + "tr/topics/recruitment/" in listings and SITE_URL + "en/audiences/" in listings
    assert not [u for u in urls if "report" in u]
    joining = urls[SITE_URL + "en/articles/joining-us/"]
    assert joining.findtext("s:lastmod", namespaces=SITEMAP_NS) == "2014-05-02"
    links = {x.get("hreflang"): x.get("href") for x in joining.xpath("x:link", namespaces=SITEMAP_NS)}
    assert links == alternates(site.html("en/articles/joining-us/"))
    assert len(links) == 3
    untranslated = urls[SITE_URL + "tr/articles/sadece-turkce/"]
    assert untranslated.findtext("s:lastmod", namespaces=SITEMAP_NS) == "2016-07-01"
    assert untranslated.xpath("x:link", namespaces=SITEMAP_NS) == []
    assert urls[SITE_URL + "tr/"].find("s:lastmod", namespaces=SITEMAP_NS) is None  # no date in the content
    assert gzip.decompress(site.path("sitemap.xml.gz").read_bytes()) == site.path("sitemap.xml").read_bytes()


def test_sitemap_is_reproducible(hub) -> None:
    first = bilingual(hub)
    sitemap, packed = first.path("sitemap.xml").read_bytes(), first.path("sitemap.xml.gz").read_bytes()
    second = hub.build()
    assert second.path("sitemap.xml").read_bytes() == sitemap
    assert second.path("sitemap.xml.gz").read_bytes() == packed


def test_root_is_a_language_chooser_without_javascript(hub) -> None:
    page = bilingual(hub).html("")
    links = page.xpath("//ul[@class='hub-chooser']//a")
    assert [(a.get("href"), a.get("hreflang")) for a in links] == [("en/", "en"), ("tr/", "tr")]
    assert [li.get("lang") for li in page.xpath("//ul[@class='hub-chooser']/li")] == ["en", "tr"]
    assert page.xpath("normalize-space(//li[@lang='tr']//a)") == "Türkçe devam edin"
    assert page.xpath("//nav[contains(@class,'md-tabs')]//a") == []  # no language's tabs on the chooser


def test_404_pages_per_language_and_a_bilingual_root(hub) -> None:
    site = bilingual(hub)
    tr = site.html("tr/404.html")
    assert tr.get("lang") == "tr"
    assert tr.xpath("normalize-space(//article//h1)") == "Sayfa bulunamadı"
    assert tr.xpath("//div[@class='hub-not-found']//a/@href") == ["/tr/"]
    en = site.html("en/404.html")
    assert en.xpath("normalize-space(//article//h1)") == "Page not found"
    root = site.html("404.html")
    sections = root.xpath("//div[@class='hub-not-found']")
    assert [s.get("lang") for s in sections] == ["en", "tr"]
    assert sections[1].xpath("normalize-space(.//h2)") == "Sayfa bulunamadı"


def test_navigation_shows_only_the_page_language(hub) -> None:
    site = bilingual(hub)
    tr_links = site.html("tr/articles/bize-katilin/").xpath(
        "//nav[contains(@class,'md-tabs')]//a/@href | //nav[contains(@class,'md-nav--primary')]//a/@href")
    resolved = {urljoin(SITE_URL + "tr/articles/bize-katilin/", h) for h in tr_links}
    assert SITE_URL + "tr/guides/" in resolved
    assert [u for u in resolved if u.startswith(SITE_URL + "en/")] == []


def test_material_language_script_is_kept_from_alternate_links(hub) -> None:
    # Material fetches sitemap.xml beside every <link rel=alternate> and hijacks clicks below them;
    # the guard must come before Material's bundle.
    page = bilingual(hub).html("tr/articles/bize-katilin/")
    scripts = [s.text or "" for s in page.xpath("//script")]
    guard = next(i for i, s in enumerate(scripts) if 'link[rel=alternate]' in s)
    bundle = next(i for i, s in enumerate(page.xpath("//script")) if "bundle" in (s.get("src") or ""))
    assert guard < bundle
