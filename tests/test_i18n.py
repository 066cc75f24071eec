"""Turkish done right: slugs, casing, collation, dates, and complete Turkish UI string tables."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import material
import pytest
from conftest import REPO
from mkdocs.exceptions import Abort

from hub_plugins import build as build_module
from hub_plugins import i18n
from hub_plugins.i18n import Catalog

MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
# Keys whose values are settings, not words a reader sees.
TECHNICAL_KEYS = {"language", "direction", "search.config.lang", "search.config.pipeline",
                  "search.config.separator"}


def material_table(path: Path) -> dict[str, str]:
    """The key → string table of one of Material's partials/languages/*.html files."""
    pattern = r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)"'
    pairs = re.findall(pattern, path.read_text(encoding="utf-8"), re.MULTILINE)
    return dict(pairs)


@pytest.mark.parametrize(("text", "slug"), [
    ("İstanbul", "istanbul"), ("ŞIĞ", "sig"), ("Çağrı", "cagri"), ("İşe Alım", "ise-alim"),
    ("Çıkan Ürünler", "cikan-urunler"), ("Öğrenci ve Yeni Mezunlar", "ogrenci-ve-yeni-mezunlar"),
    ("12 Adımda İK’cılar İçin Sosyal Medya (2)", "12-adimda-ikcilar-icin-sosyal-medya-2"),
    ("IŞIK ılık İĞNE", "isik-ilik-igne"),
])
def test_slugify_transliterates_turkish(text: str, slug: str) -> None:
    assert i18n.slugify(text) == slug
    assert "\u0307" not in i18n.slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i18n.slugify(text))


def test_markdown_slugify_keeps_dotless_i() -> None:
    # Python-Markdown's default drops 'ı' ('Çıkan' → 'ckan'); the hub's keeps it as 'i'.
    assert i18n.markdown_slugify("Çıkan Yollar", "-") == "cikan-yollar"
    assert i18n.markdown_slugify("İşe Alım", "_") == "ise_alim"


def test_turkish_casing() -> None:
    assert i18n.lower("İSTANBUL", "tr") == "istanbul"
    assert i18n.lower("ISPARTA", "tr") == "ısparta"
    assert "\u0307" not in i18n.lower("İŞE ALIM", "tr")
    assert i18n.upper("istanbul", "tr") == "İSTANBUL"
    assert i18n.upper("ılık", "tr") == "ILIK"
    assert i18n.upper("işe alım", "tr") == "İŞE ALIM"
    # English keeps English rules.
    assert i18n.lower("I", "en") == "i"
    assert i18n.upper("i", "en") == "I"


def test_turkish_alphabetical_order() -> None:
    words = ["şeker", "ürün", "çay", "İzmir", "ılık", "ocak", "sabun", "cam", "öğle", "uçak", "Ilgaz",
             "iğne", "göz", "ğ", "hamur", "dağ", "zeytin", "vazo"]
    ordered = sorted(words, key=lambda w: i18n.sort_key(w, "tr"))
    assert len(ordered) == len(words)
    assert ordered == ["cam", "çay", "dağ", "göz", "ğ", "hamur", "Ilgaz", "ılık", "iğne", "İzmir", "ocak",
                       "öğle", "sabun", "şeker", "uçak", "ürün", "vazo", "zeytin"]
    # Code-point order (what sorted() alone gives) gets Turkish wrong.
    assert sorted(words) != ordered


def test_turkish_order_of_the_shipped_labels() -> None:
    labels = ["Öğrenciler ve yeni mezunlar", "Deneyimli profesyoneller", "Çalışanlarımız", "İK topluluğu",
              "İşe alım", "Yetenek gelişimi", "Kariyer yönetimi", "İşveren markası", "Sosyal medya"]
    assert sorted(labels, key=lambda w: i18n.sort_key(w, "tr")) == [
        "Çalışanlarımız", "Deneyimli profesyoneller", "İK topluluğu", "İşe alım", "İşveren markası",
        "Kariyer yönetimi", "Öğrenciler ve yeni mezunlar", "Sosyal medya", "Yetenek gelişimi"]


def test_dates_read_as_each_language_writes_them() -> None:
    day = dt.date(2013, 2, 13)
    assert i18n.format_date(day, "tr") == "13 Şubat 2013"
    assert i18n.format_date(dt.datetime(2013, 8, 1, 9, tzinfo=dt.UTC), "tr") == "1 Ağustos 2013"
    assert i18n.format_date(day, "en") == "February 13, 2013"


def test_hub_catalog_has_every_key_in_every_language() -> None:
    catalog = i18n.load_catalog(("en", "tr"))
    assert len(catalog.strings["en"]) >= 20
    assert catalog.missing() == []
    assert set(catalog.strings["en"]) == set(catalog.strings["tr"])
    # Turkish strings are translated, not copied.
    # (A pattern of placeholders and punctuation alone, like "{site}: {label}", has nothing to translate.)
    same = [key for key, text in catalog.strings["en"].items()
            if catalog.strings["tr"][key] == text and re.sub(r"\{\w+\}|\W", "", text)]
    assert same == [], same


def test_a_missing_turkish_string_fails_the_build(hub, monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    full = i18n.load_catalog(("en", "tr"))
    broken = Catalog({"en": dict(full.strings["en"]), "tr": {k: v for k, v in full.strings["tr"].items()
                                                               if k != "not_found_title"}})
    monkeypatch.setattr(build_module, "load_catalog", lambda languages: broken)
    with pytest.raises(Abort):
        hub.build()
    assert "UI strings missing: tr:not_found_title" in caplog.text


def test_material_turkish_table_is_complete_and_translated() -> None:
    english = material_table(MATERIAL_LANGUAGES / "en.html")
    turkish = material_table(REPO / "overrides" / "partials" / "languages" / "tr.html")
    assert len(english) >= 50
    assert sorted(set(english) - set(turkish)) == []
    untranslated = [key for key, text in english.items()
                    if key not in TECHNICAL_KEYS and turkish[key] == text]
    assert untranslated == []
    assert turkish["language"] == "tr"
    assert turkish["direction"] == "ltr"
