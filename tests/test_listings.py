"""Topic, audience and series listings, language homes and the per-language navigation, on built sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Hub, Site, article
from lxml import etree
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import Abort

EN_EMPTY = "There are no articles in English here yet."
ENTRY = "//ol[contains(@class,'hub-list')]/li"


def with_page_size(size: int) -> dict:
    return {"plugins": [{"hub": {"listings": {"page_size": size}}}]}


def entry_sources(site: Site, url: str) -> list[str]:
    """The articles listed on a page, in order, by their source path."""
    return site.html(url).xpath(f"{ENTRY}/@data-hub-article")


def write_dated(hub: Hub, lang: str, count: int, topic: str = "recruitment",
                audience: str = "students") -> None:
    """`count` articles in `lang`, the n-th published on day n of 2024-01."""
    for n in range(1, count + 1):
        hub.write(f"{lang}/articles/{lang}-{topic}-{n:02d}.md",
                  article(f"{lang} {topic} {n}", date=f"2024-01-{n:02d}", topics=[topic],
                          audience=[audience]))


def test_topic_listing_is_newest_first_and_in_its_language_only(hub: Hub) -> None:
    write_dated(hub, "en", 3)
    write_dated(hub, "tr", 2)
    hub.write("en/articles/other.md", article("Other", topics=["social-media"]))
    site = hub.build()

    assert entry_sources(site, "en/topics/recruitment/") == [
        "en/articles/en-recruitment-03.md", "en/articles/en-recruitment-02.md",
        "en/articles/en-recruitment-01.md"]
    assert entry_sources(site, "tr/topics/recruitment/") == [
        "tr/articles/tr-recruitment-02.md", "tr/articles/tr-recruitment-01.md"]
    page = site.html("en/topics/recruitment/")
    first = page.xpath(ENTRY)[0]
    assert first.xpath("string(.//h2/a)") == "en recruitment 3"
    assert first.xpath(".//h2/a/@href") == ["../../articles/en-recruitment-03/"]
    assert first.xpath(".//time/@datetime") == ["2024-01-03T00:00:00+00:00"]
    assert first.xpath("string(.//time)") == "January 3, 2024"
    assert first.xpath("string(.//p[@class='hub-list__description'])") == "About en recruitment 3."
    chip = ".//li[contains(@class,'hub-chip--{}')]/a/@href"
    assert first.xpath(chip.format("audience")) == ["../../audiences/students/"]
    assert first.xpath(chip.format("topic")) == ["./"]
    assert page.xpath("string(//h1)") == "Recruitment"
    assert page.xpath("//meta[@name='description']/@content") == [
        "Finding, attracting and hiring the right people, and the candidate experience along the way."]
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://hub.example.org/en/topics/recruitment/"]
    assert page.xpath("string(//p[@class='hub-listing__count'])") == "3 articles"
    assert entry_sources(site, "en/audiences/students/")[0] == "en/articles/other.md"
    assert len(entry_sources(site, "en/audiences/students/")) == 4
    # no listing page of one language shows an article of another
    pages = sorted(site.site_dir.glob("*/**/index.html"))
    listed = {lang: [src for p in pages if p.relative_to(site.site_dir).parts[0] == lang
                     and p.relative_to(site.site_dir).parts[1] != "articles"
                     for src in site.html(p.parent.relative_to(site.site_dir).as_posix() + "/")
                     .xpath(f"{ENTRY}/@data-hub-article")]
              for lang in ("en", "tr")}
    assert len(listed["en"]) == 4 + 3 + 4 + 1  # home, recruitment, students, social-media
    assert all(src.startswith("en/") for src in listed["en"])
    assert len(listed["tr"]) == 2 + 2 + 2  # home, recruitment, students
    assert all(src.startswith("tr/") for src in listed["tr"])


def test_exactly_one_page_of_articles_has_no_pager(hub: Hub) -> None:
    write_dated(hub, "en", 3)
    site = hub.build(**with_page_size(3))
    page = site.html("en/topics/recruitment/")
    assert len(page.xpath(ENTRY)) == 3
    assert page.xpath("//nav[@class='hub-pager']") == []
    assert page.xpath("//link[@rel='next' or @rel='prev']") == []
    assert not site.exists("en/topics/recruitment/page/2/")


def test_one_article_more_than_a_page_makes_a_second_page(hub: Hub) -> None:
    write_dated(hub, "en", 4)
    site = hub.build(**with_page_size(3))
    first = site.html("en/topics/recruitment/")
    assert len(first.xpath(ENTRY)) == 3
    assert first.xpath("//head/link[@rel='next']/@href") == ["page/2/"]
    assert first.xpath("//head/link[@rel='prev']") == []
    assert first.xpath("//nav[@class='hub-pager']//a[@rel='next']/@href") == ["page/2/"]
    assert first.xpath("string(//p[@class='hub-pager__position'])") == "Page 1 of 2"

    second = site.html("en/topics/recruitment/page/2/")
    assert entry_sources(site, "en/topics/recruitment/page/2/") == ["en/articles/en-recruitment-01.md"]
    assert second.xpath("//head/link[@rel='prev']/@href") == ["../../"]
    assert second.xpath("//head/link[@rel='next']") == []
    assert second.xpath("//nav[@class='hub-pager']//a[@rel='prev']/@href") == ["../../"]
    assert second.xpath("string(//title)") == "Recruitment (page 2 of 2) - Test Hub"
    assert second.xpath("//link[@rel='canonical']/@href") == [
        "https://hub.example.org/en/topics/recruitment/page/2/"]
    assert second.xpath("string(//p[@class='hub-listing__count'])") == "4 articles"
    assert not site.exists("en/topics/recruitment/page/3/")
    sitemap = etree.parse(str(site.path("sitemap.xml")))
    urls = sitemap.xpath("//sm:loc/text()", namespaces={"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert "https://hub.example.org/en/topics/recruitment/page/2/" in urls
    assert "https://hub.example.org/tr/audiences/students/" in urls


def test_pager_shows_a_window_of_page_numbers(hub: Hub) -> None:
    write_dated(hub, "en", 20)
    site = hub.build(**with_page_size(2))
    page = site.html("en/topics/recruitment/page/5/")
    numbers = [" ".join(li.text_content().split()) for li in page.xpath("//li[@class='hub-pager__page']")]
    assert numbers == ["1", "…", "3", "4", "5", "6", "7", "…", "10"]
    assert page.xpath("//li[@class='hub-pager__page']/span[@aria-current='page']/text()") == ["5"]
    assert site.exists("en/topics/recruitment/page/10/")
    assert not site.exists("en/topics/recruitment/page/11/")


def test_a_key_without_articles_has_a_localized_empty_page(hub: Hub) -> None:
    write_dated(hub, "en", 1, topic="talent-development")
    site = hub.build()
    tr = site.html("tr/topics/talent-development/")
    assert tr.get("lang") == "tr"
    assert tr.xpath(ENTRY) == []
    assert tr.xpath("string(//p[@class='hub-empty'])").startswith("Burada henüz Türkçe yazı yok.")
    assert tr.xpath("string(//h1)") == "Yetenek gelişimi"
    en = site.html("en/audiences/employees/")
    assert en.xpath("string(//p[@class='hub-empty'])").startswith(EN_EMPTY)
    assert len(entry_sources(site, "en/topics/talent-development/")) == 1


def test_index_pages_count_articles_and_sort_turkish_labels_in_turkish_order(hub: Hub) -> None:
    write_dated(hub, "tr", 2, topic="social-media", audience="hr-community")
    write_dated(hub, "tr", 1, topic="recruitment", audience="students")
    write_dated(hub, "en", 1, topic="social-media", audience="students")
    site = hub.build()
    audiences = site.html("tr/audiences/")
    labels = audiences.xpath("//li[@class='hub-terms__item']//a/text()")
    assert labels == ["Çalışanlarımız", "Deneyimli profesyoneller", "İK topluluğu",
                      "Öğrenciler ve yeni mezunlar"]
    assert labels != sorted(labels)  # code-point order would put Ç, İ and Ö after the ASCII letters
    counts = {li.get("data-key"): li.xpath("string(.//span[@class='hub-terms__count'])")
              for li in audiences.xpath("//li[@class='hub-terms__item']")}
    assert counts == {"employees": "0 yazı", "professionals": "0 yazı", "hr-community": "2 yazı",
                      "students": "1 yazı"}
    topics = site.html("tr/topics/")
    assert len(topics.xpath("//li[@class='hub-terms__item']")) == 5
    assert topics.xpath("//li[@data-key='social-media']//a/@href") == ["social-media/"]
    assert topics.xpath("string(//li[@data-key='social-media']//p)").startswith("Sosyal ağları")
    en_topics = site.html("en/topics/")
    count = "string(//li[@data-key='{}']//span[@class='hub-terms__count'])"
    assert en_topics.xpath(count.format("social-media")) == "1 article"
    assert en_topics.xpath(count.format("recruitment")) == "0 articles"


def test_series_page_lists_parts_in_order_with_gaps(hub: Hub) -> None:
    for part, day in ((3, "01"), (1, "02")):
        hub.write(f"tr/articles/dizi-{part}.md", article(f"Dizi {part}", date=f"2024-02-{day}",
                                                       series="ik-icin-sosyal-medya", series_part=part))
    site = hub.build()
    page = site.html("tr/series/ik-icin-sosyal-medya/")
    slots = page.xpath("//ol[contains(@class,'hub-series__slots')]/li")
    assert [li.get("data-part") for li in slots] == ["1", "2", "3", "4"]
    assert [li.xpath("string(.//h2/a)") for li in slots] == ["Dizi 1", "", "Dizi 3", ""]
    assert [li.xpath("string(.//p[contains(@class,'hub-series__position')])") for li in slots] == [
        "Bölüm 1 / 4", "Bölüm 2 / 4", "Bölüm 3 / 4", "Bölüm 4 / 4"]
    assert [li.xpath("string(.//p[@class='hub-series__gap'])") for li in slots] == [
        "", "henüz yayımlanmadı", "", "henüz yayımlanmadı"]
    assert page.xpath("string(//p[@class='hub-series__progress'])") == "4 bölümden 2 tanesi yayımlandı"
    assert page.xpath("string(//h1)") == "12 Adımda İK’cılar İçin Sosyal Medya"
    en = site.html("en/series/ik-icin-sosyal-medya/")
    assert len(en.xpath("//li[contains(@class,'hub-series__slot--gap')]")) == 4
    assert en.xpath("string(//p[@class='hub-empty'])").startswith(EN_EMPTY)
    # the article links to its series page
    part = site.html("tr/articles/dizi-3/")
    assert part.xpath("//p[@class='hub-series__position']/a/@href") == ["../../series/ik-icin-sosyal-medya/"]


def test_article_chips_and_breadcrumbs_link_to_listing_pages_that_exist(hub: Hub) -> None:
    hub.write("tr/articles/yazi.md", article("Yazı", audience=["students", "employees"],
                                             topics=["employer-brand", "recruitment"]))
    site = hub.build()
    page = site.html("tr/articles/yazi/")
    chips = page.xpath("//li[contains(@class,'hub-chip')]/a")
    assert [a.text for a in chips] == ["Öğrenciler ve yeni mezunlar", "Çalışanlarımız", "İşveren markası",
                                       "İşe alım"]
    base = site.path("tr/articles/yazi/").parent
    for link in chips:
        target = (base / link.get("href") / "index.html").resolve()
        assert target.is_file(), link.get("href")
        assert link.text in html_text(target)
    crumbs = page.xpath("//nav[@class='hub-breadcrumbs']//li")
    assert [" ".join(li.text_content().split()) for li in crumbs] == ["Ana sayfa", "İşveren markası", "Yazı"]
    assert page.xpath("//nav[@class='hub-breadcrumbs']//a/@href") == ["../../",
                                                                      "../../topics/employer-brand/"]
    assert page.xpath("//nav[@class='hub-breadcrumbs']/@aria-label") == ["Buradasınız"]


def html_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_language_home_shows_intro_latest_topics_audiences_and_series(hub: Hub) -> None:
    write_dated(hub, "tr", 4, topic="social-media")
    hub.write("tr/articles/dizi.md", article("Dizi", date="2023-01-01", series="ik-icin-sosyal-medya",
                                             series_part=2))
    write_dated(hub, "en", 1)
    site = hub.build(**with_page_size(3))
    home = site.html("tr/")
    assert home.xpath("string(//article//h1)").startswith("Hoş geldiniz")
    # No article is featured: the newest is the featured story, then the next ones (a page's worth in all).
    featured = home.xpath("//section[@class='hub-featured']" + ENTRY.replace("//ol", "/ol"))
    assert [li.xpath("string(.//h3/a)") for li in featured] == ["tr social-media 4"]
    latest = home.xpath("//section[@class='hub-latest']" + ENTRY.replace("//ol", "/ol"))
    assert [li.xpath("string(.//h3/a)") for li in latest] == ["tr social-media 3", "tr social-media 2"]
    topics = home.xpath("//section[@class='hub-home__topics']//li[@class='hub-terms__item']")
    assert [li.get("data-key") for li in topics] == [
        "recruitment", "employer-brand", "career-management", "social-media", "talent-development"]
    assert home.xpath("string(//section[@class='hub-home__topics']//li[@data-key='recruitment']"
                      "//span[@class='hub-terms__count'])") == "1 yazı"
    assert home.xpath("string(//section[@class='hub-home__topics']//li[@data-key='social-media']"
                      "//span[@class='hub-terms__count'])") == "4 yazı"
    assert len(home.xpath("//section[@class='hub-home__audiences']//li[@class='hub-terms__item']")) == 4
    series = home.xpath("//section[@class='hub-home__series']//li[@class='hub-terms__item']")
    assert [li.xpath("string(.//a)") for li in series] == ["12 Adımda İK’cılar İçin Sosyal Medya"]
    assert series[0].xpath("string(.//span)") == "4 bölümden 1 tanesi yayımlandı"
    assert home.xpath("//section[@class='hub-home__topics']//p[@class='hub-more']/a/@href") == ["topics/"]
    # a series without parts in English is still shown (and its page exists), as not yet begun
    en_series = site.html("en/").xpath("//section[@class='hub-home__series']//li[@class='hub-terms__item']")
    assert [li.xpath("string(.//span)") for li in en_series] == ["0 of 4 parts published"]


def test_tabs_and_drawer_are_in_the_page_language_and_never_list_articles(hub: Hub) -> None:
    write_dated(hub, "tr", 2)
    site = hub.build(theme={**hub.config["theme"], "features": ["navigation.tabs"]})
    for url, labels in (("tr/topics/recruitment/", ["Ana sayfa", "Konular", "Hedef kitleler"]),
                        ("en/", ["Home", "Topics", "Audiences"]),
                        ("tr/articles/tr-recruitment-01/", ["Ana sayfa", "Konular", "Hedef kitleler"])):
        page = site.html(url)
        tabs = page.xpath("//nav[contains(@class,'md-tabs')]//a")
        assert [" ".join(a.text_content().split()) for a in tabs] == labels
        drawer = page.xpath("//nav[contains(@class,'md-nav--primary')]//a[@class!='md-nav__button md-logo']")
        assert [" ".join(a.text_content().split()) for a in drawer] == labels
        assert page.xpath("//nav[contains(@class,'md-nav--primary')]//a[contains(@href,'articles')]") == []
    page = site.html("tr/topics/recruitment/")
    active = page.xpath("//li[contains(@class,'md-tabs__item--active')]/@data-hub-nav")
    assert active == ["topics"]


def test_subscribe_link_shows_when_the_page_owns_a_feed(hub: Hub) -> None:
    write_dated(hub, "tr", 1)
    site = hub.build()
    assert site.html("en/").xpath("//p[@class='hub-subscribe']/a/@href") == ["feed.xml"]
    tr = site.html("tr/topics/recruitment/")
    assert tr.xpath("//p[@class='hub-subscribe']/a/@href") == ["feed.xml"]
    assert tr.xpath("string(//p[@class='hub-subscribe']/a)") == "Abone ol (RSS)"
    assert site.exists("tr/topics/recruitment/feed.xml")
    assert site.html("tr/topics/").xpath("//p[@class='hub-subscribe']") == []


@pytest.mark.allow_warnings
def test_a_hand_written_page_at_a_listing_url_is_a_located_error(hub: Hub,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/topics/index.md", "# Topics\n")
    with pytest.raises(Abort):
        hub.build()
    assert "content/en/topics/index.md:1: path: this path is a generated listing page" in caplog.text


def test_page_size_must_be_positive(hub: Hub) -> None:
    with pytest.raises((ValidationError, Abort)):
        hub.load(**with_page_size(0))


def test_a_language_without_a_home_page_gets_a_generated_one(hub: Hub) -> None:
    (hub.docs / "tr/index.md").unlink()
    write_dated(hub, "tr", 2)
    site = hub.build()
    home = site.html("tr/")
    assert home.get("lang") == "tr"
    assert home.xpath("string(//title)") == "Ana sayfa - Test Hub"
    assert len(home.xpath("//section[@class='hub-featured']//ol/li | //section[@class='hub-latest']//ol/li")) == 2


def test_each_listing_knows_its_counterparts_in_the_other_languages(hub: Hub) -> None:
    write_dated(hub, "tr", 3)
    write_dated(hub, "en", 1)
    config = hub.load(**with_page_size(2))
    hub.build(config)
    routes = config.plugins["hub"].build.routes
    assert routes.versions("tr/topics/recruitment/index.md") == {
        "en": "en/topics/recruitment/index.md", "tr": "tr/topics/recruitment/index.md"}
    assert routes.versions("tr/topics/recruitment/page/2/index.md") == {
        "tr": "tr/topics/recruitment/page/2/index.md"}  # English has one page only
    assert routes.versions("en/index.md") == {"en": "en/index.md", "tr": "tr/index.md"}
    assert routes.url("tr/topics/recruitment/page/2/index.md") == "tr/topics/recruitment/page/2/"
