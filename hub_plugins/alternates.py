"""Language versions of every page: hreflang alternates, the language switcher and the sitemap.

Articles pair by `translation_key` (their file names may differ); every other page pairs with the
page at the same path in the other language's folder (`tr/topics/x/` ↔ `en/topics/x/`). Built once
per build from the model and the files, then looked up per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.files import Files

    from .model import Hub

@dataclass(frozen=True, slots=True)
class Version:
    """One language version of a page: its language, its site-relative URL and its absolute URL."""

    lang: str
    url: str  # site-relative, no leading slash ('' is the root)
    href: str  # absolute, from site_url


@dataclass(frozen=True, slots=True)
class SwitchTarget:
    """Where the switcher sends a reader who wants `lang`; `translated` is False for a fallback page."""

    lang: str
    url: str
    translated: bool


@dataclass(frozen=True, slots=True)
class PageLanguages:
    """A page's language, its versions (itself included), its x-default and its switcher targets."""

    lang: str
    versions: tuple[Version, ...]
    x_default: Version | None
    switch: tuple[SwitchTarget, ...]

    @property
    def alternates(self) -> tuple[Version, ...]:
        """The hreflang set: every version plus x-default, empty for a page with no translation."""
        if len(self.versions) < 2 or self.x_default is None:
            return ()
        return (*self.versions, Version("x-default", self.x_default.url, self.x_default.href))


class LanguageMap:
    """Language versions of every page of one build."""

    def __init__(self, hub: Hub, files: Files, site_url: str, default_language: str) -> None:
        self.hub = hub
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.default = default_language
        self.languages = hub.languages
        self.url_of: dict[str, str] = {}  # src_uri → site-relative URL
        self.by_path: dict[tuple[str, str], str] = {}  # (lang, path inside the language folder) → src_uri
        for file in files.documentation_pages():
            self.url_of[file.src_uri] = "" if file.url in ("./", ".") else file.url
            lang, _, rest = file.src_uri.partition("/")
            if lang in self.languages and rest:
                self.by_path[(lang, rest)] = file.src_uri

    def version(self, lang: str, url: str) -> Version:
        """A version with its absolute URL."""
        return Version(lang, url, self.site_url + url)

    def home(self, lang: str) -> str:
        """Site-relative URL of a language's home."""
        return self.url_of.get(f"{lang}/index.md", f"{lang}/")

    def of(self, src_uri: str, lang: str) -> PageLanguages:
        """The language versions of the page built from `src_uri` (written in `lang`)."""
        if src_uri == "index.md":  # the language chooser: the x-default of the language homes
            root = self.version("x-default", "")
            homes = tuple(self.version(code, self.home(code)) for code in self.languages)
            return PageLanguages(self.default, homes, root, ())
        versions = self._versions(src_uri, lang)
        by_lang = {v.lang: v for v in versions}
        if src_uri == f"{lang}/index.md":
            x_default: Version | None = self.version("x-default", "")
        else:
            x_default = by_lang.get(self.default) or (versions[0] if versions else None)
        switch = tuple(
            SwitchTarget(code, by_lang[code].url, True) if code in by_lang
            else SwitchTarget(code, self.nearest(code, src_uri), False)
            for code in self.languages if code != lang)
        return PageLanguages(lang, versions, x_default, switch)

    def nearest(self, lang: str, src_uri: str) -> str:
        """The nearest page of `lang` above the same path (tr/topics/x/page/3/ → en/topics/x/), or home."""
        _, _, rest = src_uri.partition("/")
        folders = rest.split("/")[:-1]
        while folders:
            if (src := self.by_path.get((lang, "/".join([*folders, "index.md"])))) is not None:
                return self.url_of[src]
            folders.pop()
        return self.home(lang)

    def _versions(self, src_uri: str, lang: str) -> tuple[Version, ...]:
        """Every language version of a page, itself included, in the hub's language order."""
        article = self.hub.by_src_uri.get(src_uri)
        if article is not None:
            return tuple(self.version(code, self.url_of.get(a.src_uri, a.url))
                         for code, a in self.hub.translations(article).items())
        page_lang, _, rest = src_uri.partition("/")
        if page_lang != lang or not rest:
            return (self.version(lang, self.url_of[src_uri]),) if src_uri in self.url_of else ()
        return tuple(self.version(code, self.url_of[self.by_path[(code, rest)]])
                     for code in self.languages if (code, rest) in self.by_path)
