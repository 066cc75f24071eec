"""The brand and the visual layer on built sites: colours, heroes, story cards, featured stories, share
images of every page, and the markup fixes the validators asked for (parsed with lxml and json)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Hub, article
from lxml import html
from mkdocs.exceptions import Abort
from PIL import Image

from hub_plugins.brand import AA_TEXT, BrandError, contrast, palette

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>\n'


def png(width: int, height: int) -> bytes:
    """A small PNG of that size."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#0b5d57").save(buffer, "PNG")
    return buffer.getvalue()


def branded(hub: Hub, **brand: Any) -> dict:
    """Write the brand files into the hub and return its `brand:` options (overridden by `brand`)."""
    hub.write("assets/brand/logo.svg", LOGO)
    hub.write("assets/brand/share.png", png(1200, 630))
    hub.write("assets/brand/hero-en.png", png(960, 600))
    options = {"primary": "#0b5d57", "accent": "#b3261e", "logo": "assets/brand/logo.svg",
               "favicon": "assets/brand/logo.svg", "twitter_site": "@examplecareers",
               "share_image": "assets/brand/share.png",
               "share_image_alt": {"en": "Our team at work", "tr": "Ekibimiz iş başında"},
               "hero": {"en": {"headline": "Work with people who care", "intro": "Stories from our teams.",
                               "picture": "assets/brand/hero-en.png", "picture_alt": "Six colleagues at a table"},
                        "tr": {"headline": "Önemseyen insanlarla çalışın"}}}
    options.update(brand)
    return {"plugins": [{"hub": {"brand": options}}]}


def meta(page: html.HtmlElement, name: str) -> list[str]:
    return page.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")


# --- colours -------------------------------------------------------------------------------------

def test_contrast_ratios_follow_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


def test_shipped_brand_passes_wcag_aa_where_the_theme_uses_its_colours() -> None:
    options = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    (hub_options,) = [p["hub"] for p in options["plugins"] if isinstance(p, dict) and "hub" in p]
    brand = hub_options["brand"]
    colours = palette(brand["primary"], brand["accent"])
    assert contrast(colours.primary, "#ffffff") >= AA_TEXT  # white header text, buttons; links on white
    assert contrast(colours.accent, "#ffffff") >= AA_TEXT  # hover, focus and labels on white
    assert contrast(colours.primary_dark, "#ffffff") >= AA_TEXT  # titles
    assert contrast(colours.primary_dark, colours.tint) >= AA_TEXT  # the hero's headline on its tint


def test_a_brand_colour_that_fails_aa_is_refused_with_the_ratio() -> None:
    with pytest.raises(BrandError, match=r"brand.primary '#ffcc00' gives 1\.\d:1 contrast .* needs 4.5:1"):
        palette("#ffcc00", "#b3261e")


def test_brand_colours_become_custom_properties_in_one_inline_style(hub: Hub) -> None:
    site = hub.build(**branded(hub))
    page = site.html("en/")
    styles = [s.text for s in page.xpath("//head/style") if s.text and "--md-primary-fg-color" in s.text]
    assert len(styles) == 1
    properties = dict(re.findall(r"(--[\w-]+):([^;]+);", styles[0]))
    assert properties["--md-primary-fg-color"] == "#0b5d57"
    assert properties["--md-accent-fg-color"] == "#b3261e"
    assert properties["--md-typeset-a-color"] == "#0b5d57"
    # Material's own settings: the logo in the header, the favicon in the tab.
    assert page.xpath("//header//a[contains(@class,'md-logo')]/img/@src") == ["../assets/brand/logo.svg"]
    assert page.xpath("//link[@rel='icon']/@href") == ["../assets/brand/logo.svg"]


@pytest.mark.parametrize(("brand", "message"), [
    ({"primary": "red"}, "'red' is not a colour like '#0b5d57'"),
    ({"logo": "assets/brand/missing.svg"}, "brand.logo: 'assets/brand/missing.svg' not found in docs_dir"),
    ({"twitter_site": "examplecareers"}, "brand.twitter_site: 'examplecareers' is not an X account"),
    ({"share_image_alt": {"en": "Our team"}}, "brand.share_image_alt: no alt text in 'tr'"),
    ({"hero": {"de": {"headline": "Hallo"}}}, "brand.hero: 'de' is not a language of the hub"),
    ({"hero": {"en": {"headline": "Hi", "picture": "en/index.md"}}}, "brand.hero.en.picture: 'en/index.md' is not"),
])
def test_bad_brand_options_fail_the_build_with_one_clear_line(
        hub: Hub, caplog: pytest.LogCaptureFixture, brand: dict, message: str) -> None:
    with pytest.raises(Abort):
        hub.build(**branded(hub, **brand))
    assert message in caplog.text
    assert "Traceback" not in caplog.text


# --- featured stories and cards ------------------------------------------------------------------

def test_featured_must_be_true_or_false(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/x.md", article("X", featured="yes"))
    with pytest.raises(Abort):
        hub.build()
    assert re.search(r"content/en/articles/x.md:\d+: featured: 'yes' is not true or false — write featured: true",
                     caplog.text)


def test_home_puts_the_newest_featured_story_first_then_a_grid_of_cards(hub: Hub) -> None:
    for day, featured in ((1, True), (2, True), (3, False), (4, None)):
        hub.write(f"en/articles/s{day}.md", article(f"Story {day}", date=f"2024-01-0{day}", featured=featured))
    hub.write("en/articles/pictured.md", article("Pictured", date="2023-12-01", image="cover.png"))
    hub.write("en/articles/cover.png", png(800, 400))
    site = hub.build(**branded(hub))
    home = site.html("en/")
    assert home.xpath("//section[@class='hub-featured']//li/@data-hub-article") == ["en/articles/s2.md"]
    cards = home.xpath("//section[@class='hub-latest']//li[contains(@class,'hub-card')]")
    assert [c.get("data-hub-article") for c in cards] == ["en/articles/s4.md", "en/articles/s3.md",
                                                          "en/articles/s1.md", "en/articles/pictured.md"]
    for card in cards:  # a picture with its box reserved, title, date, audience
        (img,) = card.xpath(".//picture//img")  # libxml2 does not know <source> is empty: img may sit inside
        assert int(img.get("width")) > 0 and int(img.get("height")) > 0
        assert img.get("loading") == "lazy" and img.get("decoding") == "async"
        assert card.xpath("string(.//time/@datetime)")
        assert card.xpath(".//li[contains(@class,'hub-chip--audience')]/a/text()") == ["Students and new graduates"]
    # the writer's image on the card (its own width is its largest variant); the social card for the others
    (src,) = cards[3].xpath(".//img/@src")
    assert src.startswith("../assets/hub-images/") and src.endswith("-800w.png")
    assert cards[3].xpath(".//img/@width") == ["800"]
    (src,) = cards[0].xpath(".//img/@src")
    assert src == "articles/s4/card.png"  # the social card itself, with its WebP variants before it
    assert [s.get("type") for s in cards[0].xpath(".//source")] == ["image/webp"]
    assert "-1200w.webp 1200w" in cards[0].xpath("string(.//source/@srcset)")
    # the featured card's picture is not the first screen's when a hero picture is there
    assert home.xpath("//section[@class='hub-featured']//img/@loading") == ["lazy"]
    # Turkish home without hero picture: its featured story's picture loads at once
    assert site.html("tr/").xpath("//section[@class='hub-featured']//img/@fetchpriority") == []


def test_home_hero_is_the_h1_with_an_eager_high_priority_picture(hub: Hub) -> None:
    hub.write("en/index.md", "---\ntitle: Welcome\n---\n\nOur own words under the hero.\n")
    site = hub.build(**branded(hub))
    home = site.html("en/")
    assert [h.text_content() for h in home.xpath("//h1")] == ["Work with people who care"]
    assert home.xpath("string(//header[contains(@class,'hub-hero')]/div/p)") == "Stories from our teams."
    (img,) = home.xpath("//header[contains(@class,'hub-hero')]//img")
    # the hero picture's largest variant in its own format (960 px: never wider than the original)
    assert re.fullmatch(r"\.\./assets/hub-images/[0-9a-f]{20}-960w\.png", img.get("src"))
    assert (img.get("width"), img.get("height")) == ("960", "600")
    assert home.xpath("//header[contains(@class,'hub-hero')]//source[@type='image/webp']/@srcset")
    assert (img.get("loading"), img.get("fetchpriority"), img.get("alt")) == ("eager", "high",
                                                                             "Six colleagues at a table")
    assert "Our own words under the hero." in home.xpath("string(//article)")
    # a hero without picture: headline only
    tr = site.html("tr/")
    assert [h.text_content() for h in tr.xpath("//h1")] == ["Önemseyen insanlarla çalışın"]
    assert tr.xpath("//header[contains(@class,'hub-hero')]//img") == []


def test_listings_show_the_same_cards_and_no_sidebars(hub: Hub) -> None:
    for n in (1, 2):
        hub.write(f"en/articles/a{n}.md", article(f"A{n}", date=f"2024-02-0{n}"))
    site = hub.build(**branded(hub))
    page = site.html("en/topics/recruitment/")
    cards = page.xpath("//ol[contains(@class,'hub-cards')]/li[contains(@class,'hub-card')]")
    assert len(cards) == 2
    assert [c.xpath("string(.//h2/a)") for c in cards] == ["A2", "A1"]
    assert [c.xpath("string(.//img/@loading)") for c in cards] == ["eager", "lazy"]
    # Material draws no navigation sidebar on wide screens (hidden) and no table of contents
    for url in ("en/topics/recruitment/", "en/", "en/articles/a1/"):
        sidebar = site.html(url).xpath("//div[@data-md-type='navigation']")
        assert len(sidebar) == 1 and sidebar[0].get("hidden") is not None, url
    assert page.xpath("//div[@data-md-type='toc']/@hidden") != []
    assert site.html("en/articles/a1/").xpath("//div[@data-md-type='toc']/@hidden") == []


def test_article_shows_the_writers_picture_as_its_header_but_never_the_card(hub: Hub) -> None:
    hub.write("en/articles/pictured.md", article("Pictured", image="cover.png"))
    hub.write("en/articles/cover.png", png(800, 400))
    hub.write("en/articles/plain.md", article("Plain"))
    site = hub.build()
    page = site.html("en/articles/pictured/")
    (img,) = page.xpath("//header[@class='hub-article__header']//picture//img")
    # its largest variant in its own format (800 px: never wider than the original)
    assert img.get("src").endswith("-800w.png") and (img.get("width"), img.get("height")) == ("800", "400")
    assert (img.get("loading"), img.get("fetchpriority")) == ("eager", "high")
    assert site.html("en/articles/plain/").xpath("//header[@class='hub-article__header']//img") == []


# --- share metadata of every page ----------------------------------------------------------------

def test_homes_listings_and_chooser_carry_the_brand_share_image_in_their_language(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A"))
    site = hub.build(**branded(hub))
    for url, alt in (("en/", "Our team at work"), ("tr/", "Ekibimiz iş başında"),
                     ("en/topics/recruitment/", "Our team at work"), ("", "Our team at work")):
        page = site.html(url)
        assert meta(page, "og:image") == ["https://hub.example.org/assets/brand/share.png"], url
        assert meta(page, "og:image:width") == ["1200"] and meta(page, "og:image:height") == ["630"]
        assert meta(page, "og:image:alt") == [alt] and meta(page, "twitter:image:alt") == [alt]
        assert meta(page, "twitter:image") == ["https://hub.example.org/assets/brand/share.png"]
        assert meta(page, "twitter:card") == ["summary_large_image"]
        assert meta(page, "twitter:site") == ["@examplecareers"], url
    article_page = site.html("en/articles/a/")
    assert meta(article_page, "og:image") == ["https://hub.example.org/en/articles/a/card.png"]
    assert meta(article_page, "twitter:site") == ["@examplecareers"]
    (post,) = [json.loads(s) for s in article_page.xpath("//script[@type='application/ld+json']/text()")]
    assert post["publisher"]["logo"] == {"@type": "ImageObject",
                                         "url": "https://hub.example.org/assets/brand/logo.svg"}


def test_without_a_brand_share_image_or_account_no_such_tags(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A"))
    site = hub.build()
    assert meta(site.html("en/"), "og:image") == [] and meta(site.html("en/"), "twitter:site") == []
    (post,) = [json.loads(s) for s in site.html("en/articles/a/").xpath("//script[@type='application/ld+json']/text()")]
    assert "logo" not in post["publisher"]


# --- validators' findings ------------------------------------------------------------------------

SECTIONING = "ancestor::article[not(contains(@class,'md-content__inner'))] | ancestor::section"


def test_every_form_control_is_named_and_no_h1_sits_in_nested_sectioning(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A", body="## One\n\nText.\n\n## Two\n\nMore.\n"))
    site = hub.build(**branded(hub))
    pages = ("", "en/", "tr/", "en/topics/recruitment/", "en/articles/a/", "en/404.html", "404.html",
             "en/report/")
    for url in pages:
        page = site.html(url)
        ids = set(page.xpath("//@id"))
        # Material's hidden search toggle keeps a name although the hub replaces Material's search
        assert page.xpath("//label[@for='__search']"), url
        for control in page.xpath("//input[not(@type='hidden')]"):
            named = control.get("aria-label") or page.xpath(f"//label[@for='{control.get('id')}']")
            assert named, f"{url}: unnamed input {control.get('id')}"
        for label in page.xpath("//label[@for]"):
            assert label.get("for") in ids, f"{url}: label for a missing control {label.get('for')}"
        h1s = page.xpath("//h1")
        assert len(h1s) == 1, url
        assert h1s[0].xpath(SECTIONING) == [], f"{url}: h1 inside a nested article or section"


def test_brand_pictures_of_the_shipped_hub_are_small_and_the_share_image_is_1200_by_630() -> None:
    brand = REPO / "content" / "assets" / "brand"
    with Image.open(brand / "share.png") as image:
        assert image.size == (1200, 630)
    for name in ("hero-en.png", "hero-tr.png"):
        assert (brand / name).stat().st_size < 40_000, name
    assert Path(brand / "logo.svg").read_text(encoding="utf-8").startswith("<svg")
