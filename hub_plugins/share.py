"""Share metadata: Open Graph, Twitter and JSON-LD tags, share images and share buttons.

`prepare()` runs once per build, right after the model is read: it checks every article `image`
(reading its pixel size once) and draws or reuses a social card for each article without one.
`SharePages.for_page()` then turns one page into a frozen `ShareMeta` that the partials
`hub/head-share.html` and `hub/share-buttons.html` render with autoescape (and `tojson`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit

from PIL import Image, UnidentifiedImageError

from .cards import CardMaker, CardText
from .errors import ContentError, Problem
from .escaping import plain
from .i18n import LOCALES
from .pictures import Picture
from .views import ArticlePictures

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from .loader import Source
    from .model import Article, Hub
    from .views import PageStrings

# What social networks show: anything else (SVG, TIFF, …) would give a broken preview.
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An article's share image: its site-relative URL, pixel size and type; `source` is on disk."""

    path: str
    width: int
    height: int
    mime: str
    source: Path
    card: bool  # drawn by the hub (True) or given by the writer (False)


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


def card_uri(article: Article) -> str:
    """The stable site path of an article's social card."""
    return f"{article.lang}/articles/{article.slug}/card.png"


def read_image(article: Article, source: Source, problems: list[Problem]) -> ImageFile | None:
    """The writer's `image` of an article, checked to be a publishable picture, with its pixel size."""
    assert article.image is not None
    line = article.field_lines.get("image", 1)
    folder = posixpath.dirname(article.src_uri)
    site_path = posixpath.normpath(posixpath.join(folder, article.image))
    path = source.docs_dir / site_path
    if site_path.startswith("../") or posixpath.isabs(article.image):
        problems.append(Problem(article.source_path, line, "image", f"{article.image!r} is outside "
                                f"{source.shown(source.docs_dir)}/, so it would not be published",
                                "put the image in the content folder, e.g. next to the article"))
        return None
    try:
        # Only the header is read: the size and format are all the tags need.
        with Image.open(path) as image:
            width, height, kind = image.width, image.height, image.format
    except (OSError, UnidentifiedImageError):
        problems.append(Problem(article.source_path, line, "image", f"{article.image!r} is not an image "
                                "that can be read", "use a PNG or JPEG file, ideally 1200×630 pixels"))
        return None
    if kind not in IMAGE_TYPES:
        problems.append(Problem(article.source_path, line, "image", f"{article.image!r} is a {kind} "
                                "image, which social networks do not show",
                                "use a PNG, JPEG, GIF or WebP file, ideally 1200×630 pixels"))
        return None
    return ImageFile(site_path, width, height, IMAGE_TYPES[kind], path, card=False)


def prepare(hub: Hub, source: Source, site_name: str, cards: CardMaker | None) -> Mapping[str, ImageFile]:
    """The share image of every article (writer's image or card), by src_uri; all image problems at once."""
    problems: list[Problem] = []
    images: dict[str, ImageFile] = {}
    for article in hub.articles:
        if article.image:
            if found := read_image(article, source, problems):
                images[article.src_uri] = found
        elif cards is not None:
            label = hub.taxonomy.topics[article.topics[0]].label(article.lang)
            path = cards.card(CardText(article.title, label, site_name))
            images[article.src_uri] = ImageFile(card_uri(article), 1200, 630, "image/png", path, card=True)
    if problems:
        raise ContentError(problems)
    return MappingProxyType(images)


def article_pictures(images: Mapping[str, ImageFile]) -> Mapping[str, ArticlePictures]:
    """Each article's card and header picture, by src_uri: its share image (the writer's `image`, else
    the social card) as a single file with no variants.

    The one place that decides which file an article shows: the responsive variants replace it here.
    Alt text is empty: the picture sits beside (card) or under (header) the title it would only repeat.
    """
    found = {}
    for src_uri, image in images.items():
        picture = Picture(image.path, image.width, image.height, "")
        found[src_uri] = ArticlePictures(card=picture, header=None if image.card else picture)
    return MappingProxyType(found)


def tracked(url: str, network: str, campaign: str) -> str:
    """`url` with the UTM parameters that tell HR which network a visit came from."""
    parts = urlsplit(url)
    utm = urlencode((("utm_source", network), ("utm_medium", "social"), ("utm_campaign", campaign)), quote_via=quote)
    return urlunsplit(parts._replace(query=f"{parts.query}&{utm}" if parts.query else utm))


def share_links(url: str, title: str, description: str, campaign: str,
                t: PageStrings) -> tuple[ShareLink, ...]:
    """The share buttons of an article; every shared URL carries its network's UTM parameters."""
    links = []
    for network in NETWORKS:
        target = tracked(url, network.key, campaign)
        query = {
            "linkedin": {"url": target},
            "x": {"url": target, "text": title},
            "facebook": {"u": target},
            "whatsapp": {"text": f"{title} {target}"},
            "email": {"subject": title, "body": f"{description}\n\n{target}"},
        }[network.key]
        # %20 rather than '+': mail clients do not read '+' as a space.
        href = f"{network.endpoint}?{urlencode(query, quote_via=quote)}"
        links.append(ShareLink(network.key, t(f"share_{network.key}"), href, network.icon))
    links.append(ShareLink(COPY.key, t("share_copy"), tracked(url, COPY.key, campaign), COPY.icon))
    return tuple(links)


@dataclass(frozen=True, slots=True)
class SharePages:
    """One build's share data: what `for_page` needs besides the page itself."""

    hub: Hub
    images: Mapping[str, ImageFile]
    site_name: str
    site_url: str
    campaign: str
    page_uris: frozenset[str]  # every page's src_uri, to find a listing's other-language twin
    # The brand (brand.Brand): the share image of pages that are not articles, per language (alt text
    # in that language), the company's X account and the absolute URL of its logo.
    site_images: Mapping[str, ShareImage] = field(default_factory=dict)
    twitter_site: str | None = None
    logo_url: str | None = None

    @classmethod
    def of(cls, hub: Hub, images: Mapping[str, ImageFile], config: MkDocsConfig, files: Files,
           campaign: str, *, site_images: Mapping[str, ShareImage] = MappingProxyType({}),
           twitter_site: str | None = None, logo_url: str | None = None) -> SharePages:
        """The share data of one build, once every page file is known."""
        return cls(hub, images, config.site_name, config.site_url or "", campaign,
                   frozenset(f.src_uri for f in files.documentation_pages()), site_images, twitter_site,
                   logo_url)

    def for_page(self, page: Page, article: Article | None, lang: str, t: PageStrings) -> ShareMeta:
        """The share tags of `page` (an article's in full, a listing's or home's as fits)."""
        url = page.canonical_url or urljoin(self.site_url, page.url)
        if article is not None:
            return self._article(article, url, t)
        title = plain(page.meta.get("title")) or (self.site_name if page.is_homepage else plain(page.title))
        # The hub's tagline is in the page's language; site_description has one language only.
        description = plain(page.meta.get("description")) or t("site_tagline")
        # A page in a language folder has a twin when the other folder has the same path; a page
        # outside them (the language chooser at /) serves every language.
        in_folder = page.file.src_uri.startswith(f"{lang}/")
        rest = page.file.src_uri.split("/", 1)[1] if in_folder else ""
        others = tuple(LOCALES.get(other, other) for other in self.hub.languages
                       if other != lang and (not in_folder or f"{other}/{rest}" in self.page_uris))
        return ShareMeta("website", title, description, url, self.site_name, LOCALES.get(lang, lang), others,
                         self.site_images.get(lang), None, None, (), None, (), self.twitter_site)

    def _article(self, article: Article, url: str, t: PageStrings) -> ShareMeta:
        lang = article.lang
        found = self.images.get(article.src_uri)
        image = ShareImage(urljoin(self.site_url, found.path), found.width, found.height, found.mime,
                           article.title) if found else None
        others = tuple(LOCALES.get(other, other) for other in self.hub.translations(article) if other != lang)
        tags = tuple(self.hub.taxonomy.topics[key].label(lang) for key in article.topics)
        published, modified = article.published.isoformat(), article.modified.isoformat()
        author = self.hub.taxonomy.authors.get(article.author) if article.author else None
        publisher: dict[str, Any] = {"@type": "Organization", "name": self.site_name, "url": self.site_url}
        if self.logo_url:  # Google's article guidelines ask for the publisher's logo
            publisher["logo"] = {"@type": "ImageObject", "url": self.logo_url}
        json_ld = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": article.title,
            "description": article.description,
            "datePublished": published,
            "dateModified": modified,
            "inLanguage": lang,
            "author": {"@type": "Person", "name": author.name} if author else publisher,
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
