"""What templates see: small read-only views of the content model, per page and language.

Templates receive data only (labels already localized, dates already formatted); the markup
stays in the templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Catalog, format_date
from .model import Article, Hub
from .pictures import Picture


@dataclass(frozen=True, slots=True)
class ArticlePictures:
    """An article's pictures: its story-card thumbnail and, when the writer gave an `image`, its header."""

    card: Picture | None
    header: Picture | None  # the writer's image only, never the generated social card


@dataclass(frozen=True, slots=True)
class Label:
    """A taxonomy key with its label in the page's language, and the URL of its listing page."""

    key: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class SeriesPart:
    """One slot of a series: a written part (with its URL) or a gap."""

    number: int
    title: str | None
    url: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class SeriesView:
    """An article's place in its series, in the article's language."""

    key: str
    title: str
    part: int
    total: int
    url: str
    parts: tuple[SeriesPart, ...]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as a page, summary or feed item shows it in its own language."""

    article: Article
    lang: str
    title: str
    description: str
    url: str
    published_iso: str
    published_text: str
    updated_iso: str | None
    updated_text: str | None
    author_name: str | None
    audiences: tuple[Label, ...]
    topics: tuple[Label, ...]
    series: SeriesView | None
    draft: bool
    pictures: ArticlePictures | None = None
    featured: bool = False


def term_url(lang: str, kind: str, key: str) -> str:
    """Site-relative URL of a topic or audience listing page."""
    return f"{lang}/{kind}/{key}/"


def article_view(hub: Hub, article: Article, with_series: bool = True,
                 pictures: ArticlePictures | None = None) -> ArticleView:
    """Everything a template needs to show `article`, localized to its language."""
    lang, tx = article.lang, hub.taxonomy
    series = None
    if with_series and article.series and article.series_part:
        total = hub.series_length(lang, article.series)
        written = {a.series_part: a for a in hub.in_series(lang, article.series)}
        parts = tuple(SeriesPart(n, written[n].title if n in written else None,
                                 written[n].url if n in written else None, n == article.series_part)
                      for n in range(1, total + 1))
        series = SeriesView(article.series, tx.series[article.series].titles[lang], article.series_part, total,
                            f"{lang}/series/{article.series}/", parts)
    return ArticleView(
        article=article, lang=lang, title=article.title, description=article.description, url=article.url,
        published_iso=article.published.isoformat(), published_text=format_date(article.published, lang),
        updated_iso=article.updated.isoformat() if article.updated else None,
        updated_text=format_date(article.updated, lang) if article.updated else None,
        author_name=tx.authors[article.author].name if article.author else None,
        audiences=tuple(Label(k, tx.audiences[k].label(lang), term_url(lang, "audiences", k))
                        for k in article.audiences),
        topics=tuple(Label(k, tx.topics[k].label(lang), term_url(lang, "topics", k)) for k in article.topics),
        series=series, draft=article.draft, pictures=pictures, featured=article.featured,
    )


@dataclass(frozen=True, slots=True)
class PageStrings:
    """The hub's UI strings bound to one language: `t('key', name=…)` in templates."""

    catalog: Catalog
    lang: str

    def __call__(self, key: str, **values: object) -> str:
        return self.catalog.t(self.lang, key, **values)
