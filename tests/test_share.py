"""Share metadata, social cards and share buttons, checked on real builds with lxml, json and Pillow."""

from __future__ import annotations

import gzip
import json
import logging
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Hub, Site, article, front_matter, serve
from fontTools.ttLib import TTFont
from lxml import html
from mkdocs.exceptions import Abort
from PIL import Image, ImageFont

from hub_plugins.cards import LINE_SPACING, TEXT_FONT, TITLE_FONT, layout_title

SITE = "https://hub.example.org/"
XSS = '"><script>alert(1)</script> & "x"'
XSS_DESCRIPTION = "Desc </script><img src=x onerror=alert(2)> & 'q'"


def meta(page: html.HtmlElement, name: str) -> list[str]:
    """Every content of <meta property=name> or <meta name=name>, in document order."""
    return page.xpath("//head/meta[@property=$n or @name=$n]/@content", n=name)


def one(page: html.HtmlElement, name: str) -> str:
    """The content of the single meta tag `name`."""
    values = meta(page, name)
    assert len(values) == 1, (name, values)
    return values[0]


def json_ld(page: html.HtmlElement) -> list[dict]:
    """Every JSON-LD block of the page, parsed."""
    return [json.loads(text) for text in page.xpath("//script[@type='application/ld+json']/text()")]


def site_file(site: Site, absolute_url: str) -> Path:
    """The built file behind an absolute URL of the site."""
    assert absolute_url.startswith(SITE), absolute_url
    return site.site_dir / absolute_url[len(SITE):]


def pair(hub: Hub, **fields) -> None:
    """An English article and its Turkish translation."""
    hub.write("en/articles/hiring-day.md", article(
        "Hiring day", translation_key="hiring-day", description="How our hiring day works.",
        topics=["recruitment", "employer-brand"], date="2024-03-01", updated="2024-04-02",
        author="editorial-team", **fields))
    hub.write("tr/articles/ise-alim-gunu.md", article(
        "İşe Alım Günü: Çağrı ve Şölen", translation_key="hiring-day",
        description="İşe alım günümüz nasıl işliyor?", topics=["recruitment"], date="2024-03-05"))


def test_article_pages_carry_every_share_tag_in_their_language(hub: Hub) -> None:
    pair(hub)
    site = hub.build()
    en = site.html("en/articles/hiring-day/")
    url = SITE + "en/articles/hiring-day/"
    assert en.xpath("string(//head/title)") == "Hiring day - Test Hub"
    assert en.xpath("//head/meta[@name='description']/@content") == ["How our hiring day works."]
    assert en.xpath("//head/link[@rel='canonical']/@href") == [url]
    expected = {"og:type": "article", "og:title": "Hiring day", "og:description": "How our hiring day works.",
                "og:url": url, "og:site_name": "Test Hub", "og:locale": "en_US",
                "og:locale:alternate": "tr_TR", "og:image:width": "1200", "og:image:height": "630",
                "og:image:alt": "Hiring day", "og:image:type": "image/png",
                "article:published_time": "2024-03-01T00:00:00+00:00",
                "article:modified_time": "2024-04-02T00:00:00+00:00",
                "twitter:card": "summary_large_image", "twitter:title": "Hiring day",
                "twitter:description": "How our hiring day works."}
    for name, value in expected.items():
        assert one(en, name) == value, name
    assert meta(en, "article:tag") == ["Recruitment", "Employer brand"]
    image = one(en, "og:image")
    assert image == one(en, "twitter:image") == SITE + "en/articles/hiring-day/card.png"

    blocks = json_ld(en)
    assert len(blocks) == 1
    post = blocks[0]
    assert post["@type"] == "BlogPosting" and post["@context"] == "https://schema.org"
    assert post["headline"] == "Hiring day"
    assert post["description"] == "How our hiring day works."
    assert post["datePublished"] == "2024-03-01T00:00:00+00:00"
    assert post["dateModified"] == "2024-04-02T00:00:00+00:00"
    assert post["inLanguage"] == "en"
    # The shipped editorial team is `type: organization`: an Organization, without a jobTitle.
    assert post["author"] == [{"@type": "Organization", "name": "Career Hub",
                               "url": SITE + "en/authors/editorial-team/"}]
    assert post["publisher"]["name"] == "Test Hub" and post["publisher"]["url"] == SITE
    assert post["image"]["url"] == image and (post["image"]["width"], post["image"]["height"]) == (1200, 630)
    assert post["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}

    tr = site.html("tr/articles/ise-alim-gunu/")
    title = "İşe Alım Günü: Çağrı ve Şölen"
    assert tr.xpath("string(//head/title)") == f"{title} - Test Hub"
    assert one(tr, "og:title") == one(tr, "twitter:title") == title
    assert one(tr, "og:description") == "İşe alım günümüz nasıl işliyor?"
    assert one(tr, "og:locale") == "tr_TR"
    assert meta(tr, "og:locale:alternate") == ["en_US"]
    assert meta(tr, "article:tag") == ["İşe alım"]
    assert one(tr, "article:modified_time") == "2024-03-05T00:00:00+00:00"  # no `updated`: the date
    (post,) = json_ld(tr)
    assert post["headline"] == title and post["inLanguage"] == "tr"
    # No author key: the publisher stands in as the author.
    assert post["author"] == [{"@type": "Organization", "name": "Test Hub", "url": SITE}]


def test_an_article_without_translation_has_no_alternate_locale(hub: Hub) -> None:
    hub.write("en/articles/solo.md", article("Solo"))
    page = hub.build().html("en/articles/solo/")
    assert one(page, "og:locale") == "en_US"
    assert meta(page, "og:locale:alternate") == []


def test_homes_carry_the_website_subset(hub: Hub) -> None:
    hub.write("en/articles/solo.md", article("Solo"))
    site = hub.build()
    for lang, other in (("en", "tr_TR"), ("tr", "en_US")):
        home = site.html(f"{lang}/")
        assert one(home, "og:type") == "website"
        assert one(home, "og:url") == f"{SITE}{lang}/"
        assert one(home, "og:site_name") == "Test Hub"
        assert one(home, "og:title") == ("Welcome" if lang == "en" else "Hoş geldiniz")
        assert one(home, "og:description") == ("Careers, talent and our people" if lang == "en"
                                               else "Kariyer, yetenek ve insanlarımız")
        assert one(home, "og:locale:alternate") == other
        assert one(home, "twitter:card") == "summary"
        assert meta(home, "article:published_time") == meta(home, "og:image") == []
        assert json_ld(home) == []
        assert home.xpath("//aside[@class='hub-share']") == []
    chooser = site.html("")
    assert one(chooser, "og:title") == "Test Hub" and one(chooser, "og:url") == SITE
    assert one(chooser, "og:locale") == "en_US" and one(chooser, "og:locale:alternate") == "tr_TR"


def test_other_pages_have_an_alternate_locale_only_when_their_twin_exists(hub: Hub) -> None:
    hub.write("tr/articles/bir.md", article("Bir", date="2024-01-01"))
    hub.write("tr/articles/iki.md", article("İki", date="2024-01-02"))
    site = hub.build(plugins=[{"hub": {"listings": {"page_size": 1}}}])
    listing = site.html("tr/topics/")
    assert (one(listing, "og:type"), one(listing, "og:locale")) == ("website", "tr_TR")
    assert one(listing, "og:title") == listing.xpath("string(//article//h1)").strip()
    assert meta(listing, "og:locale:alternate") == ["en_US"]
    second = site.html("tr/topics/recruitment/page/2/")  # English has one page of recruitment only
    assert one(second, "og:url") == SITE + "tr/topics/recruitment/page/2/"
    assert meta(second, "og:locale:alternate") == []


def test_social_card_is_a_1200x630_png_without_metadata_and_reproducible(hub: Hub, tmp_path: Path) -> None:
    pair(hub)
    site = hub.build()
    cards = []
    for url in ("en/articles/hiring-day/", "tr/articles/ise-alim-gunu/"):
        card = site_file(site, one(site.html(url), "og:image"))
        with Image.open(card) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
            # Many colours: text was really drawn on it, not a blank rectangle.
            assert len(image.convert("RGB").getcolors(maxcolors=100_000) or ()) > 20
        cards.append(card.read_bytes())
    assert cards[0] != cards[1]
    for data in cards:
        assert png_chunks(data) & {b"tEXt", b"zTXt", b"iTXt", b"tIME"} == set()

    # Another project with its own empty cache draws the very same bytes.
    again = Hub(tmp_path / "again")
    pair(again)
    second = again.build()
    card = site_file(second, one(second.html("tr/articles/ise-alim-gunu/"), "og:image"))
    assert card.read_bytes() == cards[1]


def test_card_titles_shrink_to_fit_and_break_only_between_words() -> None:
    def font_of(size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(TITLE_FONT), size, layout_engine=ImageFont.Layout.BASIC)

    width, height = 1040, 340
    short_size, short = layout_title("İşe Alım", font_of, width, height)
    assert short == ["İşe Alım"]
    title = "Şirket İçi Kariyer Hareketliliği: Deneyimli Profesyoneller İçin Uygulamalı Rehber ve Öneriler"
    size, lines = layout_title(title, font_of, width, height)
    assert size < short_size and len(lines) >= 2
    assert " ".join(lines) == title  # everything shown, nothing cut
    assert all(font_of(size).getlength(line) <= width for line in lines)

    endless = " ".join(["Çağrışım"] * 80)
    size, lines = layout_title(endless, font_of, width, height)
    assert lines[-1].endswith("Çağrışım…")
    assert {word.rstrip("…") for line in lines for word in line.split()} == {"Çağrışım"}
    assert len(lines) * round(size * LINE_SPACING) <= height


def png_chunks(data: bytes) -> set[bytes]:
    """The chunk types of a PNG file."""
    found, offset = set(), 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        found.add(kind)
        offset += 12 + length
    return found


def test_cards_are_linked_from_the_cache_not_copied(hub: Hub) -> None:
    hub.write("en/articles/solo.md", article("Solo"))
    site = hub.build()
    (cached,) = (hub.root / ".cache" / "hub-cards").glob("*.png")
    card = site.path("en/articles/solo/card.png")
    assert card.samefile(cached)  # one file on disk: no card bytes written by a build
    hub.build()  # a rebuild links it again (the old site is replaced)
    assert card.samefile(cached) and card.read_bytes() == cached.read_bytes()


def test_unchanged_cards_are_not_drawn_again(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    pair(hub)
    hub.write("en/articles/solo.md", article("Solo"))
    config = hub.load()
    hub.build(config)
    plugin = config.plugins["hub"]
    assert (plugin.build.cards.drawn, plugin.build.cards.reused) == (3, 0)
    cache = sorted((hub.root / ".cache" / "hub-cards").glob("*.png"))
    assert len(cache) == 3

    # A rebuild with the same plugin instance (as `mkdocs serve` does) draws nothing.
    caplog.clear()
    hub.build(config)
    assert (plugin.build.cards.drawn, plugin.build.cards.reused) == (0, 3)
    assert "social cards: 0 drawn, 3 reused from the cache in " in caplog.text

    # A fresh process (a new config) reuses the cache too; a changed title is the one card drawn.
    hub.write("en/articles/solo.md", article("Solo, renamed"))
    config = hub.load()
    hub.build(config)
    assert (config.plugins["hub"].build.cards.drawn, config.plugins["hub"].build.cards.reused) == (1, 2)


def test_an_article_image_is_used_with_its_real_size(hub: Hub) -> None:
    folder = hub.docs / "en" / "articles" / "images"
    folder.mkdir(parents=True)
    Image.new("RGB", (800, 420), (10, 20, 30)).save(folder / "cover.jpg", format="JPEG")
    hub.write("en/articles/with-image.md", article("With image", image="images/cover.jpg"))
    config = hub.load()
    site = hub.build(config)
    page = site.html("en/articles/with-image/")
    assert one(page, "og:image") == SITE + "en/articles/images/cover.jpg"
    assert (one(page, "og:image:width"), one(page, "og:image:height")) == ("800", "420")
    assert one(page, "og:image:type") == "image/jpeg"
    assert one(page, "twitter:card") == "summary_large_image"
    (post,) = json_ld(page)
    assert (post["image"]["width"], post["image"]["height"]) == (800, 420)
    assert site_file(site, one(page, "og:image")).is_file()
    assert not site.exists("en/articles/with-image/card.png")
    assert config.plugins["hub"].build.cards.drawn == 0


@pytest.mark.parametrize(("name", "data", "message"), [
    ("cover.png", b"not really a picture", "'images/cover.png' is not an image that can be read"),
    ("cover.bmp", None, "'images/cover.bmp' is a BMP image, which social networks do not show"),
])
def test_an_unusable_article_image_is_a_located_error(hub: Hub, caplog: pytest.LogCaptureFixture, name: str,
                                                       data: bytes | None, message: str) -> None:
    folder = hub.docs / "en" / "articles" / "images"
    folder.mkdir(parents=True)
    if data is None:
        Image.new("RGB", (10, 10)).save(folder / name, format="BMP")
    else:
        (folder / name).write_bytes(data)
    source = hub.write("en/articles/bad-image.md", article("Bad image", image=f"images/{name}"))
    line = source.read_text(encoding="utf-8").split("\n").index(f"image: images/{name}") + 1
    with pytest.raises(Abort):
        hub.build()
    assert f"content/en/articles/bad-image.md:{line}: image: {message}" in caplog.text


def test_an_article_image_outside_the_content_folder_is_a_located_error(
        hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    Image.new("RGB", (10, 10)).save(hub.root / "outside.png")
    hub.write("en/articles/outside.md", article("Outside", image="../../../outside.png"))
    with pytest.raises(Abort):
        hub.build()
    assert "content/en/articles/outside.md" in caplog.text
    assert "image: '../../../outside.png' is outside content/, so it would not be published" in caplog.text


def test_bundled_fonts_have_every_turkish_letter_and_a_license() -> None:
    for path in (TITLE_FONT, TEXT_FONT):
        cmap = TTFont(path).getBestCmap()
        missing = [letter for letter in "çğıİöşüÇĞÖŞÜâîû’" if ord(letter) not in cmap]
        assert missing == [], (path.name, missing)
    license_text = (TITLE_FONT.parent / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0" in license_text


def test_a_hostile_title_is_plain_text_everywhere(hub: Hub) -> None:
    hub.write("en/articles/hostile.md", article(XSS, description=XSS_DESCRIPTION))
    site = hub.build()
    raw = site.path("en/articles/hostile/").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw
    for url in ("en/articles/hostile/", "en/"):
        page = site.html(url)
        scripts = page.xpath("//script")
        assert len(scripts) > 0
        code = [s for s in scripts if s.get("type") != "application/ld+json"]
        assert [s for s in code if "alert" in (s.text or "")] == []
        assert page.xpath("//img[@onerror]") == []
    page = site.html("en/articles/hostile/")
    assert page.xpath("string(//head/title)") == f"{XSS} - Test Hub"
    assert page.xpath("//head/meta[@name='description']/@content") == [XSS_DESCRIPTION]
    for name in ("og:title", "twitter:title", "og:image:alt", "twitter:image:alt"):
        assert one(page, name) == XSS, name
    for name in ("og:description", "twitter:description"):
        assert one(page, name) == XSS_DESCRIPTION, name
    assert page.xpath("string(//article//h1)") == XSS
    assert page.xpath("normalize-space(//*[@data-md-component='header-topic'])") == " ".join(XSS.split())
    (post,) = json_ld(page)
    assert post["headline"] == XSS and post["description"] == XSS_DESCRIPTION
    x_link = page.xpath("//a[contains(@class,'hub-share__link--x')]/@href")
    assert len(x_link) == 1 and parse_qs(urlsplit(x_link[0]).query)["text"] == [XSS]
    # The home's story cards show it as text too (it is the newest, so the featured story).
    assert site.html("en/").xpath("//*[contains(@class,'hub-card__title')]/a/text()") == [XSS]

    # The hub's search (Pagefind) shows a result's title with textContent: the index holds it as text.
    fragments = list((site.site_dir / "pagefind/en/fragment").glob("*.pf_fragment"))
    titles = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["meta"]["title"]
              for f in fragments]
    assert titles == [XSS]


def test_a_hostile_page_title_is_plain_text_in_nav_tabs_and_footer(hub: Hub) -> None:
    hub.write("en/index.md", front_matter(title=XSS, description=XSS_DESCRIPTION) + "\nHello.\n")
    hub.config["theme"]["features"] = ["navigation.tabs"]
    site = hub.build()
    for url in ("tr/", "en/topics/", "en/audiences/students/"):  # pages whose nav and tabs may name it
        page = site.html(url)
        assert page.xpath("//script[contains(., 'alert')] | //img[@onerror]") == [], url
    home = site.html("en/")
    header = home.xpath("normalize-space(//*[@data-md-component='header-topic'])")
    assert header == " ".join(XSS.split())
    assert one(home, "og:title") == XSS and one(home, "og:description") == XSS_DESCRIPTION
    assert home.xpath("//head/meta[@name='description']/@content") == [XSS_DESCRIPTION]
    assert home.xpath("//script[contains(., 'alert')] | //img[@onerror]") == []


def test_share_urls_without_directory_urls(hub: Hub) -> None:
    hub.write("en/articles/solo.md", article("Solo"))
    hub.config["use_directory_urls"] = False
    site = hub.build()
    page = html.fromstring((site.site_dir / "en/articles/solo.html").read_bytes())
    assert one(page, "og:url") == SITE + "en/articles/solo.html"
    assert site_file(site, one(page, "og:image")).is_file()
    link = share_links(page)["linkedin"].get("href")
    shared = parse_qs(urlsplit(link).query)["url"][0]
    assert shared.startswith(SITE + "en/articles/solo.html?utm_source=linkedin")


def share_links(page: html.HtmlElement) -> dict[str, str]:
    """The share bar's links by network (from the class hub-share__link--<network>)."""
    links = page.xpath("//aside[@class='hub-share']//a[contains(@class, 'hub-share__link')]")
    return {a.get("class").split("--")[1]: a for a in links}


def test_share_buttons_open_each_network_with_the_tracked_url(hub: Hub) -> None:
    pair(hub)
    hub.config["plugins"] = [{"hub": {"share": {"utm_campaign": "spring 2024&more"}}}]
    site = hub.build()
    url = SITE + "tr/articles/ise-alim-gunu/"
    page = site.html("tr/articles/ise-alim-gunu/")
    links = share_links(page)
    assert sorted(links) == ["copy", "email", "facebook", "linkedin", "whatsapp", "x"]

    def tracked(shared: str, network: str) -> None:
        parts = urlsplit(shared)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == url
        assert parse_qs(parts.query) == {"utm_source": [network], "utm_medium": ["social"],
                                         "utm_campaign": ["spring 2024&more"]}

    hosts = {"linkedin": ("www.linkedin.com", "/sharing/share-offsite/", "url"),
             "x": ("x.com", "/intent/post", "url"),
             "facebook": ("www.facebook.com", "/sharer/sharer.php", "u")}
    for network, (host, path, param) in hosts.items():
        href = urlsplit(links[network].get("href"))
        assert (href.scheme, href.netloc, href.path) == ("https", host, path)
        assert "%3A%2F%2F" in href.query  # the shared URL is percent-encoded, not pasted raw
        tracked(parse_qs(href.query)[param][0], network)
        assert links[network].get("target") == "_blank" and "noopener" in links[network].get("rel")
    assert parse_qs(urlsplit(links["x"].get("href")).query)["text"] == ["İşe Alım Günü: Çağrı ve Şölen"]

    whatsapp = urlsplit(links["whatsapp"].get("href"))
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/")
    text = parse_qs(whatsapp.query)["text"][0]
    assert text.startswith("İşe Alım Günü: Çağrı ve Şölen ")
    tracked(text.rsplit(" ", 1)[1], "whatsapp")

    email = urlsplit(links["email"].get("href"))
    assert email.scheme == "mailto" and "+" not in email.query
    fields = parse_qs(email.query)
    assert fields["subject"] == ["İşe Alım Günü: Çağrı ve Şölen"]
    tracked(fields["body"][0].rsplit("\n", 1)[1], "email")

    tracked(links["copy"].get("href"), "copy")
    assert links["copy"].get("data-hub-copy") is not None

    labels = {network: a.get("aria-label") for network, a in links.items()}
    assert labels == {"linkedin": "LinkedIn'de paylaş", "x": "X'te paylaş", "facebook": "Facebook'ta paylaş",
                      "whatsapp": "WhatsApp ile gönder", "email": "E-postayla gönder",
                      "copy": "Bağlantıyı kopyala"}
    english = share_links(site.html("en/articles/hiring-day/"))
    assert english["linkedin"].get("aria-label") == "Share on LinkedIn"

    # Icons are inline SVG; every script and stylesheet comes from the hub itself.
    assert len(page.xpath("//aside[@class='hub-share']//svg")) == 6
    assert page.xpath("//aside[@class='hub-share']//img") == []
    sources = page.xpath("//script/@src | //link[@rel='stylesheet']/@href")
    assert "../../../assets/javascripts/hub-share.js" in sources
    assert [s for s in sources if urlsplit(s).netloc] == []
    assert site.exists("assets/javascripts/hub-share.js") and site.exists("assets/stylesheets/hub-share.css")


def test_share_features_can_be_switched_off(hub: Hub) -> None:
    hub.write("en/articles/solo.md", article("Solo"))
    hub.config["plugins"] = [{"hub": {"cards": {"enabled": False}}}]
    site = hub.build()
    page = site.html("en/articles/solo/")
    assert one(page, "og:type") == "article"
    assert meta(page, "og:image") == [] and one(page, "twitter:card") == "summary"
    assert "image" not in json_ld(page)[0]
    assert not site.exists("en/articles/solo/card.png")
    assert not (hub.root / ".cache" / "hub-cards").exists()

    hub.config["plugins"] = [{"hub": {"share": {"enabled": False}}}]
    page = hub.build().html("en/articles/solo/")
    assert meta(page, "og:type") == [] and json_ld(page) == []
    assert page.xpath("//aside[@class='hub-share']") == []


def test_share_tags_need_a_site_url(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.config.pop("site_url")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        hub.build()
    assert "share tags need absolute URLs: add 'site_url: https://" in caplog.text


@pytest.mark.browser
def test_copy_link_copies_the_tracked_url_in_chromium(hub: Hub, browser) -> None:
    """In Chromium the copy button copies the tracked URL and says so, without leaving the page."""
    pair(hub)
    site = hub.build()
    with serve(site.site_dir) as base:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        page.goto(base + "tr/articles/ise-alim-gunu/")
        page.click("a.hub-share__link--copy")
        page.wait_for_function("document.querySelector('.hub-share__status').textContent !== ''")
        assert page.text_content(".hub-share__status") == "Bağlantı panoya kopyalandı."
        copied = page.evaluate("navigator.clipboard.readText()")
        assert page.url == base + "tr/articles/ise-alim-gunu/"
        context.close()
    assert urlsplit(copied).path == "/tr/articles/ise-alim-gunu/"
    assert parse_qs(urlsplit(copied).query)["utm_source"] == ["copy"]
    assert outside == []
