"""What templates see: small read-only views of the content model, per page and language.

Templates receive data only (labels already localized, dates already formatted); the markup
stays in the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .i18n import Catalog, format_date
from .pictures import Picture

if TYPE_CHECKING:
    from .model import Article, Author, Hub
    from .routes import RouteTable


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
class SeriesStep:
    """The previous or next published part of a series: its number, title and URL."""

    number: int
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SeriesView:
    """An article's place in its series, in the article's language ("part N of M", the steps either side)."""

    key: str
    title: str
    part: int
    total: int
    url: str
    parts: tuple[SeriesPart, ...]
    previous: SeriesStep | None = None  # the nearest published part before this one (gaps skipped)
    next: SeriesStep | None = None  # the nearest published part after this one


@dataclass(frozen=True, slots=True)
class Byline:
    """One author of an article as pages name them: name, role in the page's language, team or person."""

    key: str
    name: str
    role: str | None
    organization: bool
    url: str | None = None  # the author's page in the article's language, from the route table


@dataclass(frozen=True, slots=True)
class AuthorView:
    """The head of an author's page in one language: name, role, bio, photo, and whether it is a team."""

    key: str
    name: str
    role: str | None
    bio: str | None
    organization: bool
    photo_url: str | None  # site-relative URL of the photo file of this build, None without a photo
    url: str | None  # the author's page in this language


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as a page, summary or feed item shows it in its own language."""

    article: Article
    lang: str
    title: str
    description: str
    url: str
    home_url: str  # the home of the article's language (breadcrumbs)
    published_iso: str
    published_text: str
    updated_iso: str | None
    updated_text: str | None
    authors: tuple[Byline, ...]
    reading_minutes: int
    audiences: tuple[Label, ...]
    topics: tuple[Label, ...]
    series: SeriesView | None
    draft: bool
    scheduled_iso: str | None  # the day a scheduled article becomes due (shown only in the preview)
    scheduled_text: str | None
    pictures: ArticlePictures | None = None
    featured: bool = False


def series_view(hub: Hub, routes: RouteTable, article: Article) -> SeriesView | None:
    """Where `article` stands in its series: every slot, and the published parts before and after it."""
    if not (article.series and article.series_part):
        return None
    lang, current = article.lang, article.series_part
    total = hub.series_length(lang, article.series)
    written = {a.series_part: a for a in hub.in_series(lang, article.series) if a.series_part}
    parts = tuple(SeriesPart(n, written[n].title if n in written else None,
                             routes.article(written[n]) if n in written else None, n == current)
                  for n in range(1, total + 1))
    # A draft or scheduled part (shown in the preview) is not published: the steps skip it as the build would.
    published = [n for n in sorted(written) if not written[n].preview_only]
    before = [n for n in published if n < current]
    after = [n for n in published if n > current]
    return SeriesView(article.series, hub.taxonomy.series[article.series].titles[lang], current, total,
                      routes.listing(lang, "series", article.series), parts,
                      previous=_step(routes, written[before[-1]]) if before else None,
                      next=_step(routes, written[after[0]]) if after else None)


def _step(routes: RouteTable, part: Article) -> SeriesStep:
    assert part.series_part is not None
    return SeriesStep(part.series_part, part.title, routes.article(part))


def author_url(routes: RouteTable, lang: str, key: str) -> str | None:
    """Site-relative URL of an author's page in `lang`, None when the build has none (no article in `lang`)."""
    page = routes.listing_src_uri(lang, "author", key)
    return None if page is None else routes.url(page)


def photo_url(routes: RouteTable, author: Author) -> str | None:
    """Site-relative URL of an author's photo: the file MkDocs publishes from docs_dir, if it is in the build."""
    return routes.file_url(author.photo) if author.photo else None


def author_view(hub: Hub, routes: RouteTable, key: str, lang: str) -> AuthorView:
    """An author as their page in `lang` shows them."""
    author = hub.taxonomy.authors[key]
    return AuthorView(key, author.name, author.role(lang), author.bio(lang), author.organization,
                      photo_url(routes, author), author_url(routes, lang, key))


def bylines(hub: Hub, routes: RouteTable, article: Article) -> tuple[Byline, ...]:
    """The authors of `article`, in front-matter order, named in its language and linked to their pages."""
    authors, lang = hub.taxonomy.authors, article.lang
    return tuple(Byline(key, authors[key].name, authors[key].role(lang), authors[key].organization,
                        author_url(routes, lang, key))
                 for key in article.authors)


def article_view(hub: Hub, routes: RouteTable, article: Article, with_series: bool = True,
                 pictures: ArticlePictures | None = None) -> ArticleView:
    """Everything a template needs to show `article`, localized to its language."""
    lang, tx = article.lang, hub.taxonomy
    series = series_view(hub, routes, article) if with_series else None
    return ArticleView(
        article=article, lang=lang, title=article.title, description=article.description,
        url=routes.article(article), home_url=routes.home(lang),
        published_iso=article.published.isoformat(), published_text=format_date(article.published, lang),
        updated_iso=article.updated.isoformat() if article.updated else None,
        updated_text=format_date(article.updated, lang) if article.updated else None,
        authors=bylines(hub, routes, article), reading_minutes=article.reading_minutes,
        audiences=tuple(Label(k, tx.audiences[k].label(lang), routes.listing(lang, "audience", k))
                        for k in article.audiences),
        topics=tuple(Label(k, tx.topics[k].label(lang), routes.listing(lang, "topic", k)) for k in article.topics),
        series=series, draft=article.draft, pictures=pictures, featured=article.featured,
        scheduled_iso=article.scheduled_for.isoformat() if article.scheduled_for else None,
        scheduled_text=format_date(article.scheduled_for, lang) if article.scheduled_for else None,
    )


def related_views(hub: Hub, routes: RouteTable, related: tuple[Article, ...],
                  made: dict[str, ArticleView]) -> tuple[ArticleView, ...]:
    """The related stories at the end of an article, as summaries (title, URL, date, reading time, audiences).

    `made`: the summaries of this build by src_uri; each is made once however many articles show it
    (a localized date costs more than the rest of the view).
    """
    found = []
    for other in related:
        if (view := made.get(other.src_uri)) is None:
            view = made[other.src_uri] = article_view(hub, routes, other, with_series=False)
        found.append(view)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class PageStrings:
    """The hub's UI strings bound to one language: `t('key', name=…)` in templates."""

    catalog: Catalog
    lang: str

    def __call__(self, key: str, **values: object) -> str:
        return self.catalog.t(self.lang, key, **values)
