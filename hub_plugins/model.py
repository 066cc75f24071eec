"""The content model: the taxonomy and every article, read once per build and indexed.

Pages, listings, feeds, share tags, the sitemap and the writers' report are all views of one `Hub`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class CallToAction:
    """Where a reader goes next to apply (e.g. open positions on the applicant-tracking site): a label per language."""

    labels: Mapping[str, str]
    url: str  # absolute http(s), as written: UTM tags are added where it is shown

    def label(self, lang: str) -> str:
        """The link text in `lang`."""
        return self.labels[lang]


@dataclass(frozen=True, slots=True)
class Term:
    """A taxonomy key (audience or topic) with its label and description per language."""

    key: str
    labels: Mapping[str, str]
    descriptions: Mapping[str, str]
    cta: CallToAction | None = None  # audiences only

    def label(self, lang: str) -> str:
        """The label in `lang`."""
        return self.labels[lang]

    def description(self, lang: str) -> str:
        """The description in `lang`."""
        return self.descriptions[lang]


@dataclass(frozen=True, slots=True)
class Author:
    """An author key: a person, or a team (`type: organization`), with optional role, bio and photo."""

    key: str
    name: str
    roles: Mapping[str, str] = field(default_factory=dict)  # language → job title; empty or every language
    bios: Mapping[str, str] = field(default_factory=dict)  # language → a few sentences; empty or every language
    photo: str | None = None  # relative to docs_dir (taxonomy.yml's folder), checked to be a readable image
    organization: bool = False  # a team or the company itself: schema.org Organization, not Person

    def role(self, lang: str) -> str | None:
        """The job title in `lang`, if the entry gives one."""
        return self.roles.get(lang)

    def bio(self, lang: str) -> str | None:
        """The bio in `lang`, if the entry gives one."""
        return self.bios.get(lang)


@dataclass(frozen=True, slots=True)
class Series:
    """A series of articles: a title per language and, when planned, the number of parts."""

    key: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    parts: int | None = None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The controlled vocabularies of `taxonomy.yml`, keys in the order they were written."""

    audiences: Mapping[str, Term]
    topics: Mapping[str, Term]
    authors: Mapping[str, Author]
    series: Mapping[str, Series]


@dataclass(frozen=True, slots=True)
class Article:
    """One article, validated: everything a page, listing, feed or share tag needs to know."""

    src_uri: str  # relative to docs_dir: en/articles/slug.md
    source_path: str  # relative to the project root, for messages: content/en/articles/slug.md
    lang: str
    slug: str
    title: str
    description: str
    published: dt.datetime  # timezone-aware; a plain date means midnight UTC
    updated: dt.datetime | None
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    authors: tuple[str, ...] = ()  # author keys, in the order the front-matter gives them
    image: str | None = None
    translation_key: str | None = None
    series: str | None = None
    series_part: int | None = None
    draft: bool = False
    scheduled_for: dt.date | None = None  # dated after the build's today: like a draft until this day
    featured: bool = False  # the story its language home puts first (the newest featured one)
    # The body and what only it or the messages use are left out of the repr: the repr is the article's
    # summary data, what listings, homes and related stories show of it (the preview compares it).
    body: str = field(default="", repr=False)  # the Markdown after the front-matter
    body_line: int = field(default=1, repr=False)
    words: int = field(default=0, repr=False)  # words of the body, text and code alike (reading.count_words)
    reading_minutes: int = 1  # words ÷ the language's words per minute, rounded up, at least 1
    # front-matter field → line, for messages
    field_lines: Mapping[str, int] = field(default_factory=dict, repr=False)
    # Local pictures of the body, docs-relative (en/articles/img/team.jpg): the images module draws their variants.
    body_images: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """Site-relative URL, no leading slash: en/articles/slug/."""
        return f"{self.lang}/articles/{self.slug}/"

    @property
    def preview_only(self) -> bool:
        """Shown only in `mkdocs serve`: a draft, or scheduled for a later day."""
        return self.draft or self.scheduled_for is not None

    @property
    def modified(self) -> dt.datetime:
        """The last substantive change: `updated`, else the publication date."""
        return self.updated or self.published


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class Hub:
    """All articles of one build, indexed for every view. Lists are newest first unless said."""

    taxonomy: Taxonomy
    languages: tuple[str, ...]
    articles: tuple[Article, ...]
    by_src_uri: Mapping[str, Article]
    by_lang: Mapping[str, tuple[Article, ...]]
    by_topic: Mapping[tuple[str, str], tuple[Article, ...]]
    by_audience: Mapping[tuple[str, str], tuple[Article, ...]]
    by_series: Mapping[tuple[str, str], tuple[Article, ...]]  # in part order
    by_translation_key: Mapping[str, Mapping[str, Article]]
    by_author: Mapping[tuple[str, str], tuple[Article, ...]] = field(default_factory=dict)  # (lang, author key)

    @classmethod
    def build(cls, taxonomy: Taxonomy, languages: tuple[str, ...], articles: list[Article]) -> Hub:
        """Index `articles` once; every later lookup is a dict access."""
        ordered = tuple(sorted(articles, key=lambda a: (a.published, a.src_uri), reverse=True))
        by_lang: dict[str, list[Article]] = {lang: [] for lang in languages}
        by_topic: dict[tuple[str, str], list[Article]] = defaultdict(list)
        by_audience: dict[tuple[str, str], list[Article]] = defaultdict(list)
        by_series: dict[tuple[str, str], list[Article]] = defaultdict(list)
        by_key: dict[str, dict[str, Article]] = defaultdict(dict)
        by_author: dict[tuple[str, str], list[Article]] = defaultdict(list)
        for article in ordered:
            by_lang[article.lang].append(article)
            for topic in article.topics:
                by_topic[(article.lang, topic)].append(article)
            for audience in article.audiences:
                by_audience[(article.lang, audience)].append(article)
            if article.series:
                by_series[(article.lang, article.series)].append(article)
            if article.translation_key:
                by_key[article.translation_key][article.lang] = article
            for author in article.authors:
                by_author[(article.lang, author)].append(article)
        return cls(
            taxonomy=taxonomy,
            languages=languages,
            articles=ordered,
            by_src_uri=_frozen({a.src_uri: a for a in ordered}),
            by_lang=_frozen({k: tuple(v) for k, v in by_lang.items()}),
            by_topic=_frozen({k: tuple(v) for k, v in by_topic.items()}),
            by_audience=_frozen({k: tuple(v) for k, v in by_audience.items()}),
            by_series=_frozen({k: tuple(sorted(v, key=lambda a: a.series_part or 0))
                               for k, v in by_series.items()}),
            by_translation_key=_frozen({k: _frozen(v) for k, v in by_key.items()}),
            by_author=_frozen({k: tuple(v) for k, v in by_author.items()}),
        )

    def translations(self, article: Article) -> dict[str, Article]:
        """Every language version of `article`, itself included, in the hub's language order."""
        if not article.translation_key:
            return {article.lang: article}
        versions = self.by_translation_key[article.translation_key]
        return {lang: versions[lang] for lang in self.languages if lang in versions}

    def in_topic(self, lang: str, topic: str) -> tuple[Article, ...]:
        """Articles of `topic` in `lang`, newest first (empty when there are none)."""
        return self.by_topic.get((lang, topic), ())

    def in_audience(self, lang: str, audience: str) -> tuple[Article, ...]:
        """Articles for `audience` in `lang`, newest first (empty when there are none)."""
        return self.by_audience.get((lang, audience), ())

    def featured(self, lang: str) -> Article | None:
        """The story `lang`'s home puts first: the newest featured article, else the newest one."""
        articles = self.by_lang.get(lang, ())
        return next((a for a in articles if a.featured), articles[0] if articles else None)
    def written_by(self, lang: str, author: str) -> tuple[Article, ...]:
        """Articles `author` wrote (alone or with others) in `lang`, newest first (empty when there are none)."""
        return self.by_author.get((lang, author), ())

    def in_series(self, lang: str, series: str) -> tuple[Article, ...]:
        """Parts of `series` written in `lang`, in part order."""
        return self.by_series.get((lang, series), ())

    def series_length(self, lang: str, series: str) -> int:
        """How many parts the series has: the planned number, else the highest part written."""
        planned = self.taxonomy.series[series].parts
        written = max((a.series_part or 0 for a in self.in_series(lang, series)), default=0)
        return max(planned or 0, written)
