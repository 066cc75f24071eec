"""Share metadata: Open Graph, Twitter and JSON-LD tags, share images and share buttons.

`prepare()` runs once per build, right after the content is validated: it takes each article's
`image` as `validate` checked it (pixel size read once) and draws or reuses a social card for each
article without one.
`SharePages.for_page()` then turns one page into a frozen `ShareMeta` that the partials
`hub/head-share.html` and `hub/share-buttons.html` render with autoescape (and `tojson`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from .article_images import ImageFile
from .cards import CardMaker, CardText
from .escaping import plain
from .i18n import LOCALES
from .images import card_key
from .pictures import Picture
from .routes import beside, page_dest
from .views import ArticlePictures, author_url, photo_url

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from .images import ImageSet
    from .model import Article, Author, Hub
    from .routes import RouteTable
    from .views import PageStrings

@dataclass(frozen=True, slots=True)
class ShareImage:
    """An image as the share tags give it: absolute URL, size, type and alternative text."""

    url: str
    width: int
    height: int
    mime: str
    alt: str


@dataclass(frozen=True, slots=True)
class ShareLink:
    """One share button: the network (also its utm_source), its label and the URL it opens."""

    network: str
    label: str
    href: str
    icon: str


@dataclass(frozen=True, slots=True)
class ShareMeta:
    """Everything the share partials print for one page."""

    kind: str  # og:type: "article" or "website"
    title: str
    description: str
    url: str
    site_name: str
    locale: str
    alternate_locales: tuple[str, ...]
    image: ShareImage | None
    published: str | None
    modified: str | None
    tags: tuple[str, ...]
    json_ld: Mapping[str, Any] | None
    links: tuple[ShareLink, ...]
    twitter_site: str | None = None  # the company's X account (twitter:site)

    @property
    def twitter_card(self) -> str:
        """A large preview when there is an image, else the small one."""
        return "summary_large_image" if self.image else "summary"


@dataclass(frozen=True, slots=True)
class Network:
    """A share target: where it opens and which query it takes."""

    key: str
    endpoint: str
    icon: str  # a Material icon path (material/templates/.icons/<icon>.svg)


NETWORKS = (
    Network("linkedin", "https://www.linkedin.com/sharing/share-offsite/", "fontawesome/brands/linkedin"),
    Network("x", "https://x.com/intent/post", "fontawesome/brands/x-twitter"),
    Network("facebook", "https://www.facebook.com/sharer/sharer.php", "fontawesome/brands/facebook"),
    Network("whatsapp", "https://wa.me/", "fontawesome/brands/whatsapp"),
    Network("email", "mailto:", "fontawesome/solid/envelope"),
)
COPY = Network("copy", "", "fontawesome/solid/link")


CARD_NAME = "card.png"


def card_path(routes: RouteTable, article: Article) -> str:
    """The stable site path of an article's social card, next to the article's page."""
    return routes.beside(article.src_uri, CARD_NAME)


def planned_card_path(article: Article, use_directory_urls: bool) -> str:
    """Where an article's card will be, asked before the build places the files (validation)."""
    return beside(page_dest(article.src_uri, use_directory_urls), CARD_NAME)


def prepare(hub: Hub, images: Mapping[str, ImageFile], site_name: str,
            cards: CardMaker | None) -> Mapping[str, ImageFile]:
    """The share image of every article by src_uri: the writer's (checked by `validate`), else a card."""
    found: dict[str, ImageFile] = {}
    for article in hub.articles:
        if article.image:
            found[article.src_uri] = images[article.src_uri]
        elif cards is not None:
            label = hub.taxonomy.topics[article.topics[0]].label(article.lang)
            path = cards.card(CardText(article.title, label, site_name))
            found[article.src_uri] = ImageFile(None, 1200, 630, "image/png", path, card=True)
    return MappingProxyType(found)


def author_json_ld(author: Author, lang: str, image_url: str | None = None,
                   page_url: str | None = None) -> dict[str, Any]:
    """An author as schema.org sees it: a Person (with jobTitle) or, for a team, an Organization."""
    data: dict[str, Any] = {"@type": "Organization" if author.organization else "Person", "name": author.name}
    role = author.role(lang)
    if role and not author.organization:  # jobTitle is a property of Person only
        data["jobTitle"] = role
    if image_url:
        data["image"] = image_url
    if page_url:
        data["url"] = page_url
    return data


def article_pictures(hub: Hub, images: Mapping[str, ImageFile], routes: RouteTable,
                     variants: ImageSet | None) -> Mapping[str, ArticlePictures]:
    """Each article's card and header picture, by src_uri: its share image (the writer's `image`, else the
    social card) with its responsive variants when the hub draws them.

    The one place that decides which file an article shows. Alt text is empty: the picture sits beside
    (card) or under (header) the title it would only repeat.
    """
    found = {}
    for src_uri, image in images.items():
        if src_uri not in routes.routes:
            continue  # not in this build
        picture = variants.picture(image.src_uri or card_key(src_uri), "") if variants is not None else None
        if picture is None or image.card:  # no variants, or a card's WebP variants: the file itself falls back
            url = routes.file_url(image.src_uri) if image.src_uri else card_path(routes, hub.by_src_uri[src_uri])
            sources = picture.sources if picture is not None else ()
            picture = Picture(url or "", image.width, image.height, "", sources)
        found[src_uri] = ArticlePictures(card=picture, header=None if image.card else picture)
    return MappingProxyType(found)


@functools.lru_cache(maxsize=32)
def _utm(network: str, campaign: str) -> str:
    return urlencode((("utm_source", network), ("utm_medium", "social"), ("utm_campaign", campaign)), quote_via=quote)


def tracked(url: str, network: str, campaign: str) -> str:
    """`url` with the UTM parameters that tell HR which network a visit came from."""
    utm = _utm(network, campaign)
    if url.startswith(("https://", "http://")) and "?" not in url and "#" not in url:
        return f"{url}?{utm}"  # a canonical URL (the common case): what urlunsplit would give
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=f"{parts.query}&{utm}" if parts.query else utm))


def _query(*pairs: tuple[str, str]) -> str:
    """`urlencode(pairs, quote_via=quote)`: %20 rather than '+', since mail clients do not read '+' as a space."""
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs)


def share_links(url: str, title: str, description: str, campaign: str,
                t: PageStrings) -> tuple[ShareLink, ...]:
    """The share buttons of an article; every shared URL carries its network's UTM parameters."""
    links = []
    for network in NETWORKS:
        target = tracked(url, network.key, campaign)
        pairs = {
            "linkedin": (("url", target),),
            "x": (("url", target), ("text", title)),
            "facebook": (("u", target),),
            "whatsapp": (("text", f"{title} {target}"),),
            "email": (("subject", title), ("body", f"{description}\n\n{target}")),
        }[network.key]
        href = f"{network.endpoint}?{_query(*pairs)}"
        links.append(ShareLink(network.key, t(f"share_{network.key}"), href, network.icon))
    links.append(ShareLink(COPY.key, t("share_copy"), tracked(url, COPY.key, campaign), COPY.icon))
    return tuple(links)


@dataclass(frozen=True, slots=True)
class SharePages:
    """One build's share data: what `for_page` needs besides the page itself."""

    hub: Hub
    routes: RouteTable
    images: Mapping[str, ImageFile]
    site_name: str
    campaign: str
    # The brand (brand.Brand): the share image of pages that are not articles, per language (alt text
    # in that language), the company's X account and the absolute URL of its logo.
    site_images: Mapping[str, ShareImage] = field(default_factory=dict)
    twitter_site: str | None = None
    logo_url: str | None = None

    def image_url(self, article: Article) -> str | None:
        """Site-relative URL of an article's share image (its own image, else its card), if it has one."""
        found = self.images.get(article.src_uri)
        if found is None:
            return None
        return self.routes.file_url(found.src_uri) if found.src_uri else card_path(self.routes, article)

    def author(self, key: str, lang: str) -> dict[str, Any]:
        """An author's JSON-LD in `lang`, with their photo and page (in `lang`) as absolute URLs when they exist."""
        author = self.hub.taxonomy.authors[key]
        image, page = photo_url(self.routes, author), author_url(self.routes, lang, key)
        return author_json_ld(author, lang, image_url=self.routes.absolute(image) if image is not None else None,
                              page_url=self.routes.absolute(page) if page is not None else None)

    def for_page(self, page: Page, article: Article | None, lang: str, t: PageStrings) -> ShareMeta:
        """The share tags of `page` (an article's in full, a listing's or home's as fits)."""
        src_uri = page.file.src_uri
        url = self.routes.absolute(self.routes.url(src_uri))
        if article is not None:
            return self._article(article, url, t)
        title = plain(page.meta.get("title")) or (self.site_name if page.is_homepage else plain(page.title))
        # The hub's tagline is in the page's language; site_description has one language only.
        description = plain(page.meta.get("description")) or t("site_tagline")
        others = tuple(LOCALES.get(other, other) for other in self.routes.versions(src_uri) if other != lang)
        json_ld = None
        route = self.routes.get(src_uri)
        if route is not None and route.listing is not None and route.listing.kind == "author" \
                and route.listing.key is not None:  # an author's page is the profile of that person or team
            json_ld = {"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "inLanguage": lang,
                       "mainEntity": self.author(route.listing.key, lang)}
        return ShareMeta("website", title, description, url, self.site_name, LOCALES.get(lang, lang), others,
                         self.site_images.get(lang), None, None, (), json_ld, (), self.twitter_site)

    def _article(self, article: Article, url: str, t: PageStrings) -> ShareMeta:
        lang = article.lang
        found, image_url = self.images.get(article.src_uri), self.image_url(article)
        image = ShareImage(self.routes.absolute(image_url), found.width, found.height, found.mime,
                           article.title) if found and image_url else None
        others = tuple(LOCALES.get(other, other) for other in self.hub.translations(article) if other != lang)
        tags = tuple(self.hub.taxonomy.topics[key].label(lang) for key in article.topics)
        published, modified = article.published.isoformat(), article.modified.isoformat()
        publisher: dict[str, Any] = {"@type": "Organization", "name": self.site_name, "url": self.routes.absolute("")}
        if self.logo_url:  # Google's article guidelines ask for the publisher's logo
            publisher["logo"] = {"@type": "ImageObject", "url": self.logo_url}
        # Every author, in front-matter order; without one the publisher stands in.
        authors = [self.author(key, lang) for key in article.authors] or [publisher]
        json_ld = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": article.title,
            "description": article.description,
            "datePublished": published,
            "dateModified": modified,
            "inLanguage": lang,
            "author": authors,
            "publisher": publisher,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "keywords": list(tags),
        }
        if image:
            json_ld["image"] = {"@type": "ImageObject", "url": image.url, "width": image.width,
                                "height": image.height}
        links = share_links(url, article.title, article.description, self.campaign, t)
        return ShareMeta("article", article.title, article.description, url, self.site_name,
                         LOCALES.get(lang, lang), others, image, published, modified, tags,
                         json_ld, links, self.twitter_site)
