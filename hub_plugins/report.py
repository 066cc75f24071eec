"""The coverage report: who we write for, what about, in which language — and where we are silent.

Pure data computed from the `Hub`; `hub report` renders it as a terminal table or JSON and the
plugin renders it as the editors' page `<lang>/report/`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cta import audiences_without_cta

MONTHS_SHOWN = 24  # articles per month: this many months, ending with today's

if TYPE_CHECKING:
    from .model import Article, Hub


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as the report names it: its file, language, title and page (the route table has its URL)."""

    path: str
    lang: str
    title: str
    src_uri: str

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        """The reference to `article`."""
        return cls(article.source_path, article.lang, article.title, article.src_uri)


@dataclass(frozen=True, slots=True)
class TranslationGap:
    """A translation_key that some languages have and others lack."""

    key: str
    present: tuple[ArticleRef, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeriesGap:
    """A series in one language with parts not (yet) written."""

    series: str
    lang: str
    total: int
    written: tuple[int, ...]
    missing: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StaleArticle:
    """An article with no `updated` or `date` within the configured number of days."""

    article: ArticleRef
    modified: dt.date
    age_days: int


@dataclass(frozen=True, slots=True)
class ScheduledArticle:
    """An article dated after the report's today: published on the first build on or after `day`."""

    article: ArticleRef
    day: dt.date


@dataclass(frozen=True, slots=True)
class EmptyListing:
    """A taxonomy key (audience, topic or series) with no article in a language."""

    kind: str  # "audiences", "topics" or "series"
    key: str
    lang: str


@dataclass(frozen=True, slots=True)
class Coverage:
    """The whole report. Counts are keyed (lang, audience, topic); keys keep the taxonomy's order."""

    today: dt.date
    stale_days: int
    languages: tuple[str, ...]
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    counts: Mapping[tuple[str, str, str], int]
    articles_per_language: Mapping[str, int]
    audience_counts: Mapping[tuple[str, str], int]  # (lang, audience) → articles
    topic_counts: Mapping[tuple[str, str], int]  # (lang, topic) → articles
    empty_cells: tuple[tuple[str, str, str], ...]
    translation_gaps: tuple[TranslationGap, ...]
    untranslated: tuple[ArticleRef, ...]
    series_gaps: tuple[SeriesGap, ...]
    stale: tuple[StaleArticle, ...]
    empty_listings: tuple[EmptyListing, ...]
    drafts: tuple[ArticleRef, ...]
    scheduled: tuple[ScheduledArticle, ...] = ()  # soonest first
    months: tuple[dt.date, ...] = ()  # the first day of each of the last MONTHS_SHOWN months, oldest first
    per_month: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)  # (lang, month) → articles
    audiences_without_cta: tuple[str, ...] = ()  # no `cta` of their own in taxonomy.yml
    default_cta: bool = False  # mkdocs.yml gives a default CTA, which those audiences then show

    def count(self, lang: str, audience: str, topic: str) -> int:
        """Articles in `lang` for `audience` about `topic`."""
        return self.counts.get((lang, audience, topic), 0)

    def empty_cells_in(self, lang: str) -> tuple[tuple[str, str], ...]:
        """The (audience, topic) pairs with no article in `lang`."""
        return tuple((a, t) for cell_lang, a, t in self.empty_cells if cell_lang == lang)

    def as_dict(self, url_of: Callable[[str], str]) -> dict[str, object]:
        """The report as plain JSON-ready data; `url_of` gives an article's URL from its src_uri."""

        def ref(r: ArticleRef) -> dict[str, str]:
            return {"path": r.path, "lang": r.lang, "title": r.title, "url": url_of(r.src_uri)}

        return {
            "today": self.today.isoformat(), "stale_days": self.stale_days,
            "languages": list(self.languages), "audiences": list(self.audiences), "topics": list(self.topics),
            "articles": dict(self.articles_per_language),
            "by_audience": {lang: {a: self.audience_counts[(lang, a)] for a in self.audiences}
                            for lang in self.languages},
            "by_topic": {lang: {t: self.topic_counts[(lang, t)] for t in self.topics}
                         for lang in self.languages},
            "matrix": {lang: {a: {t: self.count(lang, a, t) for t in self.topics} for a in self.audiences}
                       for lang in self.languages},
            "empty_cells": [{"lang": lang, "audience": a, "topic": t} for lang, a, t in self.empty_cells],
            "translation_gaps": [{"key": g.key, "present": [ref(r) for r in g.present],
                                  "missing": list(g.missing)} for g in self.translation_gaps],
            "untranslated": [ref(r) for r in self.untranslated],
            "series_gaps": [{"series": g.series, "lang": g.lang, "total": g.total, "written": list(g.written),
                             "missing": list(g.missing)} for g in self.series_gaps],
            "stale": [{**ref(s.article), "modified": s.modified.isoformat(), "age_days": s.age_days}
                      for s in self.stale],
            "empty_listings": [{"kind": e.kind, "key": e.key, "lang": e.lang} for e in self.empty_listings],
            "drafts": [ref(r) for r in self.drafts],
            "scheduled": [{**ref(s.article), "day": s.day.isoformat()} for s in self.scheduled],
            "per_month": {lang: {m.strftime("%Y-%m"): self.per_month.get((lang, m), 0) for m in self.months}
                          for lang in self.languages},
            "audiences_without_cta": list(self.audiences_without_cta),
            "default_cta": self.default_cta,
        }


def coverage(hub: Hub, today: dt.date, stale_days: int = 365, scheduled: Iterable[Article] = (),
             default_cta: bool = False) -> Coverage:
    """Compute the coverage report of `hub` as of `today`.

    Scheduled articles are listed from `hub` (the preview keeps them) and from `scheduled` (the ones a
    caller left out of the counts); they count only when they are in `hub`. `default_cta`: mkdocs.yml
    gives a default call to action.
    """
    tx, languages = hub.taxonomy, hub.languages
    audiences, topics = tuple(tx.audiences), tuple(tx.topics)
    counts: dict[tuple[str, str, str], int] = {}
    for article in hub.articles:
        for audience in article.audiences:
            for topic in article.topics:
                cell = (article.lang, audience, topic)
                counts[cell] = counts.get(cell, 0) + 1
    empty_cells = tuple((lang, a, t) for lang in languages for a in audiences for t in topics
                        if (lang, a, t) not in counts)
    gaps = []
    for key, versions in sorted(hub.by_translation_key.items()):
        missing = tuple(lang for lang in languages if lang not in versions)
        if missing:
            gaps.append(TranslationGap(key, tuple(ArticleRef.of(versions[lang]) for lang in languages
                                                  if lang in versions), missing))
    untranslated = tuple(ArticleRef.of(a) for a in _by_path(hub.articles) if not a.translation_key)
    series_gaps = []
    for series in tx.series:
        for lang in languages:
            total = hub.series_length(lang, series)
            written = tuple(a.series_part for a in hub.in_series(lang, series) if a.series_part)
            missing = tuple(n for n in range(1, total + 1) if n not in written)
            if missing:
                series_gaps.append(SeriesGap(series, lang, total, written, missing))
    stale = []
    for article in _by_path(hub.articles):
        modified = article.modified.date()
        age = (today - modified).days
        if age > stale_days:
            stale.append(StaleArticle(ArticleRef.of(article), modified, age))
    stale.sort(key=lambda s: (-s.age_days, s.article.path))
    kinds = (("audiences", audiences, hub.in_audience), ("topics", topics, hub.in_topic),
             ("series", tuple(tx.series), hub.in_series))
    empty_listings = tuple(EmptyListing(kind, key, lang) for lang in languages
                           for kind, keys, articles_of in kinds for key in keys if not articles_of(lang, key))
    return Coverage(
        today=today, stale_days=stale_days, languages=languages, audiences=audiences, topics=topics,
        counts=counts, articles_per_language={lang: len(hub.by_lang.get(lang, ())) for lang in languages},
        audience_counts={(lang, a): len(hub.in_audience(lang, a)) for lang in languages for a in audiences},
        topic_counts={(lang, t): len(hub.in_topic(lang, t)) for lang in languages for t in topics},
        empty_cells=empty_cells, translation_gaps=tuple(gaps), untranslated=untranslated,
        series_gaps=tuple(series_gaps), stale=tuple(stale), empty_listings=empty_listings,
        drafts=tuple(ArticleRef.of(a) for a in _by_path(hub.articles) if a.draft),
        scheduled=_scheduled((*hub.articles, *scheduled)),
        **_per_month(hub, today),
        audiences_without_cta=audiences_without_cta(tx), default_cta=default_cta,
    )


def _per_month(hub: Hub, today: dt.date) -> dict:
    """The last MONTHS_SHOWN months up to today's, and the articles of each language published in each."""
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS_SHOWN):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    shown = set(months)
    per_month: dict[tuple[str, dt.date], int] = {}
    for article in hub.articles:
        first = article.published.date().replace(day=1)
        if first in shown:
            per_month[(article.lang, first)] = per_month.get((article.lang, first), 0) + 1
    return {"months": tuple(reversed(months)), "per_month": per_month}


def _scheduled(articles: Iterable[Article]) -> tuple[ScheduledArticle, ...]:
    """The scheduled articles among `articles`, once each, soonest first, then in file order."""
    unique = {a.src_uri: a for a in articles if a.scheduled_for is not None}
    return tuple(ScheduledArticle(ArticleRef.of(a), a.scheduled_for) for a in
                 sorted(unique.values(), key=lambda a: (a.scheduled_for, a.source_path)) if a.scheduled_for)


def _by_path(articles: tuple[Article, ...]) -> list[Article]:
    """Articles in file order, so the report reads like the content folder."""
    return sorted(articles, key=lambda a: a.source_path)
