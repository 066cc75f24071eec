"""RSS 2.0 feeds per language, topic, audience and author, read from the content model.

The feeds are planned once per build from the `Hub` (which feeds exist, their localized titles,
which page owns which), and written in `on_post_build`, when the article HTML collected in
`on_page_content` can fill full-content items. Nothing in a feed comes from the clock or from git:
`lastBuildDate` is the newest item's date, so rebuilding unchanged content writes the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import jinja2
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    import datetime as dt

    from .config import FeedsConfig
    from .model import Article, Hub
    from .routes import RouteTable
    from .views import PageStrings

FEED_TEMPLATE = "hub/feed.xml.html"
FEED_NAME = "feed.xml"  # beside the page that owns the feed: /<lang>/feed.xml, /<lang>/topics/<key>/feed.xml
# Attributes whose relative URLs must become absolute for a feed reader (MkDocs writes them relative),
# looked for inside real start tags only: `<a href="x">` shown in a code block is `&lt;a href="x"&gt;`.
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_URL_ATTRIBUTE = re.compile(r"""\b(href|src)=(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
# A <picture>'s <source srcset="a.webp 480w, b.webp 960w">: each candidate's URL is relative too.
_SRCSET = re.compile(r"""\bsrcset=(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
# The toc extension's "¶" anchors after each heading mean nothing outside the page.
_HEADERLINK = re.compile(r"""<a class="headerlink"[^>]*>.*?</a>""", re.DOTALL)
# Characters XML 1.0 forbids (a pasted control character would make the whole feed unreadable).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed as a page links it: template var `hub_feed`, with `.url` site-relative and `.title`."""

    url: str
    title: str


@dataclass(frozen=True, slots=True)
class FeedSource:
    """One planned feed: its file, localized channel texts, the page that owns it and its articles."""

    path: str  # site-relative: tr/topics/recruitment/feed.xml
    lang: str
    title: str
    description: str
    page: str  # src_uri of the owning page: tr/topics/recruitment/index.md
    articles: tuple[Article, ...]  # newest first, no drafts or scheduled, at most `length`

    @property
    def link(self) -> FeedLink:
        """How pages link this feed."""
        return FeedLink(self.path, self.title)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One `<item>`: every value ready to print, URLs absolute, dates in RFC 822 with offset."""

    title: str
    link: str
    guid: str
    pub_date: str
    description: str
    categories: tuple[str, ...]
    author: str | None
    content: str | None  # the article's HTML with absolute URLs, when `full_content` is on


@dataclass(frozen=True, slots=True)
class Feed:
    """One `<channel>`, as the template prints it."""

    title: str
    link: str
    self_link: str
    description: str
    language: str
    last_build_date: str | None  # None for a feed with no items: there is no content date to give
    items: tuple[FeedItem, ...]


def check_config(options: FeedsConfig) -> None:
    """Fail the build with one line when feeds are on but cannot be built as configured."""
    if options.enabled and options.length < 1:
        raise PluginError(f"hub: feeds.length must be at least 1 (it is {options.length}) — set the "
                          "number of newest articles each feed lists, e.g. 'feeds: {length: 20}'")


def rfc822(moment: dt.datetime) -> str:
    """An RSS date: 'Wed, 06 Feb 2013 00:00:00 +0000', keeping the article's own UTC offset."""
    return format_datetime(moment)


def absolute_html(html: str, page_url: str) -> str:
    """Article HTML for a feed reader: links and image sources made absolute, heading anchors dropped."""
    def absolute(attribute: re.Match[str]) -> str:
        return f"{attribute[1]}={attribute[2]}{urljoin(page_url, attribute[3].strip())}{attribute[2]}"

    def absolute_set(attribute: re.Match[str]) -> str:
        candidates = (part.strip().split(" ", 1) for part in attribute[2].split(",") if part.strip())
        urls = ", ".join(" ".join([urljoin(page_url, first), *rest]) for first, *rest in candidates)
        return f"srcset={attribute[1]}{urls}{attribute[1]}"

    html = _HEADERLINK.sub("", html)
    return _START_TAG.sub(lambda tag: _SRCSET.sub(absolute_set, _URL_ATTRIBUTE.sub(absolute, tag[0])), html)


def plan_sources(hub: Hub, routes: RouteTable, strings: Callable[[str], PageStrings], site_name: str,
                 length: int) -> list[FeedSource]:
    """Every feed of the hub: one per language, one per topic and audience key in every language, and one per
    author page (an author with an article in that language)."""
    sources = []
    for lang in hub.languages:
        t = strings(lang)
        home = f"{lang}/index.md"
        sources.append(FeedSource(routes.beside(home, FEED_NAME), lang, t("feed_title_home", site=site_name),
                                  t("feed_description_home", site=site_name), home,
                                  _newest(hub.by_lang.get(lang, ()), length)))
        for kind, terms, members in (("topic", hub.taxonomy.topics, hub.in_topic),
                                     ("audience", hub.taxonomy.audiences, hub.in_audience)):
            for key, term in terms.items():
                page = routes.listing_src_uri(lang, kind, key)
                assert page is not None  # every taxonomy key has a listing in every language
                title = t(f"feed_title_{kind}s", site=site_name, label=term.label(lang))
                sources.append(FeedSource(routes.beside(page, FEED_NAME), lang, title, term.description(lang), page,
                                          _newest(members(lang, key), length)))
        for key, author in hub.taxonomy.authors.items():
            if (page := routes.listing_src_uri(lang, "author", key)) is None:
                continue  # no article in this language, so no page to own a feed
            title = t("feed_title_authors", site=site_name, label=author.name)
            description = author.bio(lang) or t("author_intro", name=author.name)
            sources.append(FeedSource(routes.beside(page, FEED_NAME), lang, title, description, page,
                                      _newest(hub.written_by(lang, key), length)))
    return sources


def _newest(articles: Iterable[Article], length: int) -> tuple[Article, ...]:
    """The first `length` published articles (the model's lists are newest first already)."""
    return tuple(a for a in articles if not a.preview_only)[:length]


@dataclass(slots=True)
class FeedSet:
    """One build's feeds: planned from the model, linked from their pages, then written once."""

    hub: Hub
    routes: RouteTable
    sources: tuple[FeedSource, ...]
    full_content: bool
    by_page: dict[str, FeedSource] = field(init=False)  # owning page's src_uri → feed
    listed: frozenset[str] = field(init=False)  # src_uris of the articles some feed lists
    html_by_src_uri: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.by_page = {source.page: source for source in self.sources}
        self.listed = frozenset(a.src_uri for source in self.sources for a in source.articles)

    @classmethod
    def plan(cls, hub: Hub, routes: RouteTable, strings: Callable[[str], PageStrings], site_name: str,
             options: FeedsConfig) -> FeedSet:
        """Plan every feed of this build from the model and the routes (once, before any page is rendered)."""
        return cls(hub, routes, tuple(plan_sources(hub, routes, strings, site_name, options.length)),
                   options.full_content)

    def link_for(self, src_uri: str) -> FeedLink | None:
        """The feed a page links: its language's for an article or home, its listing's for every page of one."""
        route = self.routes.get(src_uri)
        if route is None:
            return None
        if route.kind == "article":
            owner: str | None = f"{route.lang}/index.md"
        elif route.listing is not None:  # page N of a listing links the feed of page 1
            spec = route.listing
            owner = self.routes.listing_src_uri(spec.lang, spec.kind, spec.key) if spec.kind != "home" else src_uri
        else:
            owner = src_uri
        source = self.by_page.get(owner) if owner else None
        return source.link if source else None

    def collect(self, article: Article | None, html: str) -> None:
        """Keep an article's rendered HTML for full-content items (MkDocs converted it once already)."""
        # Only the articles a feed lists: with `length: 20` that is a few dozen, however big the hub.
        if self.full_content and article is not None and article.src_uri in self.listed:
            page_url = self.routes.absolute(self.routes.article(article))
            self.html_by_src_uri[article.src_uri] = absolute_html(html, page_url)

    def feeds(self) -> list[tuple[str, Feed]]:
        """Every feed with its site-relative path, ready to render."""
        return [(source.path, self._feed(source)) for source in self.sources]

    def _feed(self, source: FeedSource) -> Feed:
        items = tuple(self._item(article) for article in source.articles)
        # SPEC: lastBuildDate is the newest item's date (never the clock), so unchanged content
        # rebuilds to the same bytes.
        newest = max((a.published for a in source.articles), default=None)
        return Feed(title=source.title, link=self.routes.absolute(self.routes.url(source.page)),
                    self_link=self.routes.absolute(source.path), description=source.description,
                    language=source.lang, last_build_date=rfc822(newest) if newest else None, items=items)

    def _item(self, article: Article) -> FeedItem:
        taxonomy, link = self.hub.taxonomy, self.routes.absolute(self.routes.article(article))
        return FeedItem(
            title=article.title, link=link, guid=link, pub_date=rfc822(article.published),
            description=article.description,
            categories=tuple(taxonomy.topics[key].label(article.lang) for key in article.topics),
            author=", ".join(taxonomy.authors[key].name for key in article.authors) or None,
            content=self.html_by_src_uri.get(article.src_uri) if self.full_content else None,
        )

    def write(self, site_dir: str, template_dirs: Iterable[str]) -> int:
        """Render every feed into the site being built; returns how many were written."""
        env = template_environment(template_dirs)
        template = env.get_template(FEED_TEMPLATE)
        written = 0
        for path, feed in self.feeds():
            target = Path(site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(template.render(feed=feed).encode("utf-8"))
            written += 1
        return written


def xml_safe(value: object) -> object:
    """Drop the characters XML 1.0 forbids from every printed string (escaping cannot make them valid)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def template_environment(template_dirs: Iterable[str]) -> jinja2.Environment:
    """The feeds' own Jinja environment: autoescaping (MkDocs' is not), over the overridable theme dirs."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(list(template_dirs)), autoescape=True,
                              undefined=jinja2.StrictUndefined, finalize=xml_safe, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
