"""The editors' coverage report published as `<lang>/report/`: localized, out of search and nav."""

from __future__ import annotations

import gzip
import json
import logging

import pytest
from conftest import Hub, article
from mkdocs.exceptions import Abort


def seed(hub: Hub) -> None:
    """Three articles: a translated pair and a Turkish series part."""
    hub.write("en/articles/a.md", article("Alpha", audience=["students"],
                                          topics=["recruitment", "social-media"], translation_key="a",
                                          date="2024-05-01"))
    hub.write("tr/articles/a.md", article("Alfa", audience=["students"], topics=["recruitment"],
                                          translation_key="a", date="2022-01-01"))
    hub.write("tr/articles/c.md", article("Çağrı", audience=["hr-community"], topics=["social-media"],
                                          series="ik-icin-sosyal-medya", series_part=2, date="2024-02-01"))


def test_report_pages_in_both_languages(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01
    seed(hub)
    site = hub.build()
    tr = site.html("tr/report/")
    assert tr.get("lang") == "tr"
    assert tr.xpath("string(//div[contains(@class,'hub-report')]/h1)") == "Kapsam raporu"
    assert tr.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    tables = tr.xpath("//table[@data-hub-report='matrix']")
    assert [t.get("data-lang") for t in tables] == ["tr", "en"]  # the page's language first
    turkish = tables[0]
    assert turkish.xpath("thead//th/text()") == [
        "Hedef kitle", "İşe alım", "Yetenek gelişimi", "Kariyer yönetimi", "İşveren markası", "Sosyal medya",
        "Toplam"]
    rows = turkish.xpath("tbody/tr")
    assert len(rows) == 4
    assert rows[0].xpath("string(th)") == "Öğrenciler ve yeni mezunlar"
    assert rows[0].xpath("td/@data-count") == ["1", "0", "0", "0", "0", "1"]
    assert rows[3].xpath("td/@data-count") == ["0", "0", "0", "0", "1", "1"]
    assert len(turkish.xpath(".//td[@class='hub-report__empty']")) == 18
    assert tr.xpath("string(//time[@datetime='2024-06-01'])").startswith("1 Haziran 2024 itibarıyla")
    stale = tr.xpath("//section[@class='hub-report__stale']//li")
    assert len(stale) == 1
    assert "content/tr/articles/a.md" in stale[0].text_content()
    assert stale[0].xpath("string(time)") == "1 Ocak 2022"
    series = tr.xpath("//section[@class='hub-report__series']//li[@data-lang='tr']")
    assert len(series) == 1
    assert "1, 3, 4. bölüm eksik (4 bölümden)" in " ".join(series[0].text_content().split())

    en = site.html("en/report/")
    assert en.get("lang") == "en"
    assert en.xpath("string(//div[contains(@class,'hub-report')]/h1)") == "Coverage report"
    headers = en.xpath("//table[@data-lang='en']/thead//th/text()")
    assert headers[1] == "Recruitment"
    untranslated = en.xpath("//ul[@class='hub-report__untranslated']/li/a")
    assert len(untranslated) == 1
    assert untranslated[0].get("href") == "../../tr/articles/c/"


def test_report_page_is_out_of_search_and_nav(hub: Hub) -> None:
    seed(hub)
    site = hub.build()
    # Material's search index, when that plugin is configured (the Pagefind feature reads hub_noindex).
    if site.exists("search/search_index.json"):
        index = json.loads(site.path("search/search_index.json").read_text(encoding="utf-8"))
        locations = [doc["location"] for doc in index["docs"]]
        assert any(loc.startswith("en/articles/a/") for loc in locations)
        assert not [loc for loc in locations if "report/" in loc]
    report = site.html("en/report/")
    assert report.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    # Pagefind's bundle of the language holds the articles, not the report (hub_noindex).
    fragments = (site.site_dir / "pagefind").glob("en*/fragment/*.pf_fragment")
    urls = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"] for f in fragments]
    assert "/en/articles/a/" in urls
    assert not [url for url in urls if "report" in url]
    home = site.html("en/")
    assert home.xpath("//nav//a[contains(@href, 'report')]") == []


def test_report_page_can_be_turned_off(hub: Hub) -> None:
    seed(hub)
    site = hub.build(plugins=["search", {"hub": {"report": {"page": False}}}])
    assert site.exists("en/articles/a/")
    assert not site.exists("en/report/") and not site.exists("tr/report/")


def test_report_page_escapes_titles(hub: Hub) -> None:
    hub.write("en/articles/x.md", article('"><script>alert(1)</script>', date="2001-01-01"))
    site = hub.build()
    page = site.html("en/report/")
    assert page.xpath("//script[contains(., 'alert(1)')]") == []
    links = page.xpath("//ul[@class='hub-report__untranslated']/li/a")
    assert [a.text for a in links] == ['"><script>alert(1)</script>']


@pytest.mark.allow_warnings
def test_bad_source_date_epoch_fails_the_build_clearly(hub: Hub, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(Abort):
        hub.build()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == ["hub: SOURCE_DATE_EPOCH='soon' is not a whole number of seconds"]
