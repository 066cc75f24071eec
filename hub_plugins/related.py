"""Related stories: for every article, a few other articles of its language worth reading next.

Ranking: each shared topic scores TOPIC_WEIGHT, each shared audience AUDIENCE_WEIGHT, the same series
SERIES_WEIGHT; an article sharing nothing is not related. Ties go to the newer article, then to the
smaller slug (then src_uri), so the choice is the same from build to build.

Computed once per build in time linear in the number of articles, without comparing every pair:
articles with the same topics, audiences and series (a *signature*) score alike against any other
article, so each language's articles are grouped by signature (the number of signatures is bounded by
the taxonomy, not by the article count), each group kept in tie-break order. Each signature is scored
once against each group, and the best groups' heads are merged into one ranking per signature; an
article takes its signature's ranking, itself left out.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Article, Hub, Taxonomy

TOPIC_WEIGHT = 3  # what it is about matters most
AUDIENCE_WEIGHT = 2  # then who it is for
SERIES_WEIGHT = 1  # the series' own steps (previous/next part) already link its parts


@dataclass(frozen=True, slots=True)
class Signature:
    """What an article's relatedness depends on: its topics and audiences (as bit sets) and its series."""

    topics: int  # bit i: the i-th topic of the taxonomy
    audiences: int
    series: str | None



class Signer:
    """Gives articles their signatures: one bit per topic and per audience key of the taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.topics = {key: 1 << i for i, key in enumerate(taxonomy.topics)}
        self.audiences = {key: 1 << i for i, key in enumerate(taxonomy.audiences)}

    def __call__(self, article: Article) -> Signature:
        return Signature(sum(self.topics[key] for key in article.topics),
                         sum(self.audiences[key] for key in article.audiences), article.series)


def score(one: Signature, other: Signature) -> int:
    """How related two articles with these signatures are (0: not at all)."""
    return (TOPIC_WEIGHT * (one.topics & other.topics).bit_count()
            + AUDIENCE_WEIGHT * (one.audiences & other.audiences).bit_count()
            + (SERIES_WEIGHT if one.series is not None and one.series == other.series else 0))


def tie_break(article: Article) -> tuple[float, str, str]:
    """Order among equal scores: newest first, then slug, then src_uri (unique)."""
    return (-article.published.timestamp(), article.slug, article.src_uri)


def _ranking(signature: Signature, groups: Mapping[Signature, list[Article]], length: int) -> list[Article]:
    """The first `length` articles of all groups for `signature`: best score first, then tie-break order."""
    by_score: dict[int, list[list[Article]]] = defaultdict(list)
    for other, members in groups.items():
        if (points := score(signature, other)) > 0:
            by_score[points].append(members)
    ranking: list[Article] = []
    for points in sorted(by_score, reverse=True):
        # Each group is in tie-break order already: a lazy merge takes only the heads it needs.
        merged: Iterator[Article] = heapq.merge(*by_score[points], key=tie_break)
        ranking += itertools.islice(merged, length - len(ranking))
        if len(ranking) >= length:
            break
    return ranking


def related_articles(hub: Hub, count: int) -> Mapping[str, tuple[Article, ...]]:
    """Up to `count` related articles of the same language for every article, by src_uri."""
    result: dict[str, tuple[Article, ...]] = {}
    signature_of = Signer(hub.taxonomy)
    for lang in hub.languages:
        articles = hub.by_lang.get(lang, ())
        groups: dict[Signature, list[Article]] = defaultdict(list)
        signatures = {}
        for article in articles:
            signatures[article.src_uri] = signature = signature_of(article)
            groups[signature].append(article)
        for members in groups.values():
            members.sort(key=tie_break)
        # One more than asked: an article's own signature group includes the article itself.
        rankings = {signature: _ranking(signature, groups, count + 1) if count else [] for signature in groups}
        for article in articles:
            ranking = rankings[signatures[article.src_uri]]
            result[article.src_uri] = tuple(other for other in ranking if other is not article)[:count]
    return MappingProxyType(result)
