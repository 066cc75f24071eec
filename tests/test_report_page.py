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
    monkeypatch.setenv("HUB_TODAY", "2024-06-01")
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
    assert not site.exists("search/search_index.json")  # the hub's Pagefind search only, as the real site
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
    site = hub.build(plugins=[{"hub": {"report": {"page": False}}}])
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
def test_bad_hub_today_fails_the_build_clearly(hub: Hub, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HUB_TODAY", "soon")
    with pytest.raises(Abort):
        hub.build()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == ["hub: HUB_TODAY='soon' is not a day in YYYY-MM-DD form — set it like HUB_TODAY=2026-12-07, "
                      "or unset it to use today in Europe/Istanbul"]


# --- the report as pictures: inline SVG charts, parsed ------------------------------------------------

def chart(page, kind: str, lang: str | None = None):
    """The one inline SVG chart of `kind` (and language) on a report page."""
    lang_test = f" and @data-lang='{lang}'" if lang else ""
    found = page.xpath(f"//*[local-name()='svg' and @data-chart='{kind}'{lang_test}]")
    assert len(found) == 1
    return found[0]


def test_heat_map_shades_cells_and_marks_empty_ones(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_TODAY", "2024-06-01")
    seed(hub)
    hub.write("tr/articles/d.md", article("Dört", audience=["students"], topics=["recruitment"], date="2024-05-20"))
    page = hub.build().html("tr/report/")
    heat = chart(page, "heat", "tr")
    assert heat.get("role") == "img"
    labelled_by = heat.get("aria-labelledby").split()
    assert [page.xpath(f"string(//*[@id='{i}'])") != "" for i in labelled_by] == [True, True]
    assert page.xpath(f"string(//figcaption[@id='{labelled_by[0]}'])").startswith("TR yazılar, hedef kitleye")
    cells = heat.xpath(".//*[local-name()='g' and contains(@class, 'hub-heat__cell')]")
    assert len(cells) == 4 * 5
    by_pair = {(c.getparent().get("data-audience"), c.get("data-topic")): c for c in cells}
    shade = {pair: c.get("class").split()[-1] for pair, c in by_pair.items()}
    assert shade[("students", "recruitment")] == "hub-heat--4"  # the busiest cell (2 articles)
    assert shade[("hr-community", "social-media")] == "hub-heat--2"  # half of it
    zero = [pair for pair, cls in shade.items() if cls == "hub-heat--0"]
    assert len(zero) == 18 and ("employees", "recruitment") in zero
    assert all(by_pair[pair].get("data-count") == "0" for pair in zero)
    assert by_pair[("employees", "recruitment")].xpath("string(*[local-name()='text'])") == "0"
    # The chart says what the table says, cell for cell.
    table = page.xpath("//table[@data-hub-report='matrix' and @data-lang='tr']")[0]
    for row in table.xpath("tbody/tr"):
        for td in row.xpath("td[@data-topic]"):
            assert by_pair[(row.get("data-key"), td.get("data-topic"))].get("data-count") == td.get("data-count")
    assert page.xpath("//article[contains(@class,'hub-report')]//script") == []
    assert not [h for h in heat.xpath(".//@href") if h.startswith(("http", "//"))]


def test_month_bars_cover_the_last_24_months(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_TODAY", "2024-06-01")
    seed(hub)  # en: 2024-05-01; tr: 2022-01-01 (older than 24 months) and 2024-02-01
    hub.write("en/articles/b.md", article("Beta", date="2024-05-31"))
    hub.write("en/articles/c.md", article("Gamma", date="2022-07-15"))  # the oldest month shown
    page = hub.build().html("en/report/")
    bars = chart(page, "months", "en").xpath(".//*[local-name()='g' and @data-month]")
    months = [b.get("data-month") for b in bars]
    assert len(bars) == 24 and months[0] == "2022-07" and months[-1] == "2024-06"
    counts = {b.get("data-month"): int(b.get("data-count")) for b in bars}
    assert counts["2024-05"] == 2 and counts["2022-07"] == 1 and sum(counts.values()) == 3
    heights = {b.get("data-month"): int(b.get("data-height")) for b in bars}
    assert heights["2024-05"] == 120 and heights["2022-07"] == 60  # one scale: the busiest month is full
    silent = [b.get("data-month") for b in bars if "hub-months__month--silent" in b.get("class")]
    assert len(silent) == 22 and "2024-06" in silent
    drawn = [b for b in bars if b.xpath("*[local-name()='rect' and @class='hub-months__bar']")]
    assert len(drawn) == 2
    tr_bars = chart(page, "months", "tr").xpath(".//*[local-name()='g' and @data-month]")
    assert [int(b.get("data-count")) for b in tr_bars if b.get("data-month") == "2024-02"] == [1]
    # The table equivalent holds the same 24 months, labelled in the page's language.
    rows = page.xpath("//table[@data-hub-report='months' and @data-lang='en']/tbody/tr")
    assert len(rows) == 24
    assert rows[-2].xpath("string(th)") == "May 2024" and rows[-2].xpath("string(td)") == "2"
    assert "3 articles in 24 months; 22 months without an article" in page.xpath(
        "string(//p[@id='months-summary-en'])")


def test_translation_gaps_chart_per_language(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_TODAY", "2024-06-01")
    seed(hub)  # a: en+tr pair; c: tr without translation_key
    hub.write("en/articles/w.md", article("Waiting", translation_key="w"))
    page = hub.build().html("tr/report/")
    svg = chart(page, "translations")
    parts = {(g.get("data-lang"), r.get("data-part")): int(r.get("data-count"))
             for g in svg.xpath("*[local-name()='g']") for r in g.xpath("*[local-name()='rect']")}
    assert parts == {("tr", "translated"): 1, ("tr", "no-key"): 1, ("en", "translated"): 1, ("en", "waiting"): 1}
    assert [g.get("data-lang") for g in svg.xpath("*[local-name()='g']")] == ["tr", "en"]
    widths = {(r.getparent().get("data-lang"), r.get("data-part")): int(r.get("width"))
              for r in svg.xpath(".//*[local-name()='rect']")}
    assert widths[("en", "translated")] + widths[("en", "waiting")] == 300  # the longest bar is full
    rows = {tr.get("data-lang"): tr.xpath("td/@data-count")
            for tr in page.xpath("//table[@data-hub-report='translations']/tbody/tr")}
    assert rows == {"tr": ["1", "0", "1", "1"], "en": ["1", "1", "0", "0"]}
