"""Calls to action: where a reader goes to apply, checked once and tagged so that HR can measure it.

An audience of `taxonomy.yml` may carry `cta: {label: {en: …, tr: …}, url: https://…}`, and the hub's
options may give a default one (`cta:` in mkdocs.yml). Both are checked by `check_cta`. An article shows
the CTA of the first of its audiences that has one, else the default; an audience listing shows its
audience's CTA, else the default. Every link carries UTM tags (`with_utm`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from .errors import did_you_mean
from .i18n import slugify
from .model import CallToAction

if TYPE_CHECKING:
    from .model import Article, Taxonomy

CTA_FIELDS = ("label", "url")
CTA_EXAMPLE = "cta: {label: {en: See our open positions, tr: Açık pozisyonlarımızı görün}, url: https://…}"
URL_FIX = "write the full address with https://, e.g. https://careers.example.com/jobs?level=student"
# The tags the hub sets; a URL's own values for them are replaced, any other parameter is kept as written.
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
UTM_MEDIUM = "cta"


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong in a CTA block: the path below `cta` (e.g. ('label', 'tr')), what and the fix."""

    path: tuple[str, ...]
    message: str
    fix: str


def unknown_field(name: str, allowed: tuple[str, ...]) -> tuple[str, str]:
    """Message and fix for a field that is not one of `allowed` (a did-you-mean when one is close)."""
    guess = did_you_mean(name, allowed)
    return "unknown field", f"did you mean {guess!r}?" if guess else f"use only: {', '.join(allowed)}"


def is_web_url(url: str) -> bool:
    """Whether `url` is an absolute http(s) address with a host (and nothing a browser would misread)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)


def check_cta(value: Any, languages: tuple[str, ...]) -> tuple[CallToAction | None, list[Issue]]:
    """A CTA block checked for the hub's languages: the CallToAction, or None and every issue found."""
    if not isinstance(value, Mapping):
        return None, [Issue((), "must be a mapping with 'label' and 'url'", f"write {CTA_EXAMPLE}")]
    issues = [Issue((str(name),), *unknown_field(str(name), CTA_FIELDS)) for name in value
              if name not in CTA_FIELDS]
    # A misspelt field's did-you-mean says all: the field it meant is not reported missing as well.
    misspelt = {did_you_mean(str(name), CTA_FIELDS) for name in value if name not in CTA_FIELDS}
    url, labels = value.get("url"), value.get("label")
    if url is None:
        if "url" not in misspelt:
            issues.append(Issue(("url",), "missing", URL_FIX))
    elif not isinstance(url, str) or not is_web_url(url.strip()):
        issues.append(Issue(("url",), f"{url!r} is not an absolute http(s) address", URL_FIX))
    texts: dict[str, str] = {}
    if isinstance(labels, Mapping):
        for lang in labels:
            if lang not in languages:
                issues.append(Issue(("label", str(lang)), *unknown_field(str(lang), languages)))
        for lang in languages:
            text = labels.get(lang)
            if isinstance(text, str) and text.strip():
                texts[lang] = " ".join(text.split())
            else:
                issues.append(Issue(("label", lang), "missing or empty" if text is None else "must be text",
                                    f"write the link text in {lang!r} (in quotes if it contains ': ')"))
    elif labels is not None or "label" not in misspelt:
        what = "missing" if labels is None else "must give the link text per language"
        issues.append(Issue(("label",), what, f"write label: {{{', '.join(f'{lang}: …' for lang in languages)}}}"))
    if issues:
        return None, issues
    assert isinstance(url, str)
    return CallToAction(dict(texts), url.strip()), []


def hub_name(site_name: str) -> str:
    """The hub as `utm_source` names it: a slug of the site name ('Career Hub' → 'career-hub')."""
    return slugify(site_name) or "hub"


def with_utm(url: str, source: str, campaign: str, content: str) -> str:
    """`url` with the CTA's UTM tags; its other parameters and fragment are kept as written."""
    parts = urlsplit(url)
    kept = [piece for piece in parts.query.split("&")
            if piece and unquote_plus(piece.split("=", 1)[0]) not in UTM_KEYS]
    tags = (("utm_source", source), ("utm_medium", UTM_MEDIUM), ("utm_campaign", campaign),
            ("utm_content", content))
    kept += [f"{key}={quote(value, safe='')}" for key, value in tags]
    return urlunsplit(parts._replace(query="&".join(kept)))


@dataclass(frozen=True, slots=True)
class CtaLink:
    """A call to action as a page shows it: the label in the page's language and the tagged URL."""

    label: str
    url: str
    audience: str  # utm_campaign: the audience the CTA speaks to
    default: bool  # True when it is the hub's default CTA (the audience has none of its own)


@dataclass(frozen=True, slots=True)
class CallsToAction:
    """One build's calls to action: the audiences' own (from the taxonomy) and the hub's default."""

    taxonomy: Taxonomy
    default: CallToAction | None
    source: str  # utm_source: hub_name(site_name)

    def for_article(self, article: Article) -> CtaLink | None:
        """The CTA after an article: its first audience that has one, else the default, else None."""
        for key in article.audiences:
            if (own := self.taxonomy.audiences[key].cta) is not None:
                return self._link(own, article.lang, key, article.slug, default=False)
        if self.default is None or not article.audiences:
            return None
        return self._link(self.default, article.lang, article.audiences[0], article.slug, default=True)

    def for_audience(self, lang: str, key: str) -> CtaLink | None:
        """The CTA near the top of an audience listing: the audience's own, else the default, else None."""
        own = self.taxonomy.audiences[key].cta
        chosen = own or self.default
        return self._link(chosen, lang, key, key, default=own is None) if chosen is not None else None

    def for_page(self, article: Article | None, lang: str, audience: str | None) -> CtaLink | None:
        """The CTA of a page: an article's, an audience listing's (`audience` is its key), else None."""
        if article is not None:
            return self.for_article(article)
        return self.for_audience(lang, audience) if audience is not None else None

    def _link(self, cta: CallToAction, lang: str, audience: str, content: str, default: bool) -> CtaLink:
        return CtaLink(cta.label(lang), with_utm(cta.url, self.source, audience, content), audience, default)


def audiences_without_cta(taxonomy: Taxonomy) -> tuple[str, ...]:
    """The audience keys that have no CTA of their own, in the taxonomy's order."""
    return tuple(key for key, term in taxonomy.audiences.items() if term.cta is None)
