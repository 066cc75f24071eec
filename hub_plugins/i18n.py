"""Language helpers: the hub's string catalog, Turkish-aware slugs, casing, dates and sort order.

Python's str.lower/upper are not Turkish-aware ("İ".lower() is "i̇" with U+0307, "ı".upper() is "I"
but "i".upper() should be "İ" in Turkish), so every slug, label and heading the hub makes goes
through these functions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources

import yaml
from babel.dates import format_date as babel_format_date

# Turkish letters (and the circumflex vowels of loanwords) to ASCII, applied *before* lowercasing.
_TRANSLIT = str.maketrans({"ı": "i", "İ": "i", "ş": "s", "Ş": "s", "ğ": "g", "Ğ": "g", "ç": "c", "Ç": "c",
                           "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "â": "a", "Â": "a", "î": "i", "Î": "i",
                           "û": "u", "Û": "u"})

LOCALES = {"en": "en_US", "tr": "tr_TR"}  # Babel locales and og:locale values


def slugify(text: str, separator: str = "-") -> str:
    """ASCII slug for URLs and anchors: 'İşe Alım' → 'ise-alim', 'ŞIĞ' → 'sig', never a stray U+0307."""
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", separator, text).strip(separator)


def markdown_slugify(value: str, separator: str) -> str:
    """Python-Markdown `toc.slugify` replacement (its default drops 'ı': 'Çıkan' → 'ckan')."""
    return slugify(value, separator)


def lower(text: str, lang: str) -> str:
    """Lowercase with Turkish rules in Turkish (I → ı, İ → i)."""
    if lang == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def upper(text: str, lang: str) -> str:
    """Uppercase with Turkish rules in Turkish (i → İ, ı → I)."""
    if lang == "tr":
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


_TR_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_TR_ORDER = {letter: index for index, letter in enumerate(_TR_ALPHABET)}


def sort_key(text: str, lang: str) -> tuple:
    """Alphabetical sort key: in Turkish ç after c, ğ after g, ı before i, ö after o, ş after s, ü after u."""
    folded = lower(text, lang)
    if lang != "tr":
        return tuple(unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()), folded
    # Letters outside the alphabet (q, w, x, digits, punctuation) sort by code point after the letters.
    return tuple((0, _TR_ORDER[c]) if c in _TR_ORDER else (1, ord(c)) for c in folded), folded


def format_date(moment: dt.date | dt.datetime, lang: str, form: str = "long") -> str:
    """A date as readers of `lang` write it: '13 Şubat 2013', 'February 13, 2013'.

    `form` is a Babel format name or pattern, e.g. "MMM y" for a month: 'Şub 2013', 'Feb 2013'.
    """
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return _format_day(day, form, LOCALES.get(lang, lang))


@lru_cache(maxsize=8192)
def _format_day(day: dt.date, form: str, locale: str) -> str:
    """Babel takes about 0.1 ms per date; a site shows each of a few thousand days on many pages."""
    return babel_format_date(day, format=form, locale=locale)


class Catalog:
    """The hub's UI strings per language, from `locales/<lang>.yml`; every language has every key."""

    def __init__(self, strings: Mapping[str, Mapping[str, str]]) -> None:
        self.strings = strings

    def t(self, lang: str, key: str, **values: object) -> str:
        """The string `key` in `lang`, with `{name}` placeholders filled in."""
        text = self.strings[lang][key]
        return text.format(**values) if values else text

    def missing(self) -> list[tuple[str, str]]:
        """(language, key) pairs that one language has and another lacks."""
        every = set().union(*(set(s) for s in self.strings.values()))
        return sorted((lang, key) for lang, strings in self.strings.items() for key in every - set(strings))


@cache
def _read_locale(lang: str) -> Mapping[str, str]:
    text = resources.files("hub_plugins").joinpath("locales", f"{lang}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def load_catalog(languages: tuple[str, ...]) -> Catalog:
    """The catalog of the hub's languages; a language without a locale file raises FileNotFoundError."""
    return Catalog({lang: _read_locale(lang) for lang in languages})
