"""Reading time: the words of an article's body and the minutes they take, counted once when it is read.

Words are counted in the Markdown body, text and code alike (a code sample takes reading too); what
only the Markdown sees is left out: link and image targets, HTML tags and punctuation such as `##`,
`-` or `|`. A word is a run of letters or digits, joined by an apostrophe or hyphen
("İK’cılar", "well-being" are one word each).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

# Words per minute when mkdocs.yml says nothing for a language (`reading: {words_per_minute: …}`).
WORDS_PER_MINUTE = {"en": 200, "tr": 180}
FALLBACK_WORDS_PER_MINUTE = 200

_NOT_READ = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<[^>\n]+>|https?://\S+")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def count_words(markdown: str) -> int:
    """The words a reader reads in `markdown`."""
    return sum(1 for _ in _WORD.finditer(_NOT_READ.sub(" ", markdown)))


def words_per_minute(given: Mapping[str, int], languages: tuple[str, ...]) -> dict[str, int]:
    """Words per minute of each language: mkdocs.yml's value, else the hub's default for it."""
    return {lang: given.get(lang, WORDS_PER_MINUTE.get(lang, FALLBACK_WORDS_PER_MINUTE)) for lang in languages}


def reading_minutes(words: int, per_minute: int) -> int:
    """Minutes to read `words`, rounded up, never 0 (a page of a few words is still "1 min read")."""
    return max(1, math.ceil(words / per_minute))
