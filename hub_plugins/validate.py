"""The build's validation without the rendering: one entry point for `mkdocs build` and `hub check`.

`validate` reads the content once and reports every problem the build can find in it, all at once:
front-matter and taxonomy (the loader), article images, hand-written files where the hub generates a
page, and Markdown links and anchors between the files of the site. The plugin calls it in
`on_pre_build`, before MkDocs empties site_dir; `hub check` calls the same function with the same
options, so a writer who runs `check` never meets a new content error in CI.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from . import report_page
from .article_images import read_image
from .errors import ContentError, Problem
from .links import LinkChecker, LinkRules, Page, Scan, scan
from .listings import listing_specs
from .loader import read_content, read_text
from .share import planned_card_path
from .taxonomy import key_line

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from .article_images import ImageFile
    from .clock import Schedule
    from .config import HubConfig
    from .loader import Body, Content, ContentMemo, Source
    from .model import Article, Hub
    from .routes import ListingSpec

# MkDocs' own front-matter pattern (mkdocs/utils/meta.py), to know where a hand-written page's body starts.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
DRAFT = "a draft, which is not published"
EXCLUDED = "which MkDocs leaves out of the site (a dot file, templates/ or exclude_docs)"
TAXONOMY = "the taxonomy, which is not published"
CHOOSER = "index.md"  # the language chooser, generated when no root index.md is written


@dataclass(frozen=True, slots=True)
class Validated:
    """What clean content gives the build: the model, the writers' images and the listing pages."""

    hub: Hub  # drafts left out unless they were asked for
    articles: tuple[Article, ...]  # every article, drafts included (for counts)
    images: Mapping[str, ImageFile]  # each article `image`, checked and measured, by the article's src_uri
    listings: Mapping[str, ListingSpec]  # every listing page of the build, by src_uri (listings.listing_specs)


@dataclass(frozen=True, slots=True)
class _DocsFile:
    """A file of docs_dir, by src_uri, and whether MkDocs publishes it."""

    src_uri: str
    excluded: bool


def _docs_files(source: Source, rules: LinkRules) -> Iterator[_DocsFile]:
    """Every file of docs_dir, walked as MkDocs' get_files walks it (symlinks followed, sorted)."""
    for folder, dirnames, filenames in os.walk(source.docs_dir, followlinks=True):
        dirnames.sort()
        relative = os.path.relpath(folder, source.docs_dir)
        for name in sorted(filenames):
            src_uri = name if relative == "." else f"{Path(relative).as_posix()}/{name}"
            yield _DocsFile(src_uri, rules.excluded(src_uri))


def _hand_written(source: Source, src_uri: str, rules: LinkRules, problems: list[Problem]) -> Page | None:
    """A Markdown page written by hand (not an article), read once; None if it is not UTF-8."""
    shown = source.shown(source.docs_dir / src_uri)
    text = read_text(source.docs_dir / src_uri, shown, problems)
    if text is None:
        return None
    first_line = 1
    if (front := _FRONT_MATTER.match(text)) is not None:
        first_line += text.count("\n", 0, front.end())
        text = text[front.end():]
    return Page(src_uri, shown, scan(text, first_line, rules.attr_list))


def _collisions(source: Source, written: set[str], generated: Mapping[str, str]) -> Iterator[Problem]:
    """A file written by hand where the hub generates one: which of the two would MkDocs publish?"""
    for src_uri in sorted(written & set(generated)):
        yield Problem(source.shown(source.docs_dir / src_uri), 1, "path",
                      f"this path is a generated {generated[src_uri]}",
                      "rename or move the file: the hub writes this page itself")


def validate(source: Source, options: HubConfig, rules: LinkRules, include_drafts: bool = False,
             schedule: Schedule | None = None, use_directory_urls: bool = True,
             memo: ContentMemo | None = None) -> Validated:
    """Check all content as the build will use it; raise one ContentError listing every problem.

    `include_drafts`: the preview (drafts and scheduled articles are pages of the site) rather than a
    published build (a link to one would dangle there). `schedule`: the build's today. `memo`: the
    preview's parsed files of the last build (loader.ContentMemo).
    """
    content = read_content(source, schedule, memo)
    problems = list(content.problems)
    images = {a.src_uri: found for a in content.articles if a.image
              if (found := read_image(a, source, problems)) is not None}
    docs = list(_docs_files(source, rules))
    published = {f.src_uri for f in docs if not f.excluded and f.src_uri != source.taxonomy_file}
    hand_written = [uri for uri in sorted(published) if uri.endswith(".md") and not source.is_article(uri)]
    hub = content.hub(include_drafts)
    generated: dict[str, str] = {}  # src_uri → what the hub generates there
    listings: Mapping[str, ListingSpec] = {}
    if content.taxonomy_ok:  # listing pages come from the taxonomy's keys
        listings = listing_specs(hub, options.listings.page_size, set(hand_written))
        generated.update((uri, "listing page") for uri, spec in listings.items() if spec.generated)
    if options.report.page:
        generated.update((report_page.src_uri(lang), "report page") for lang in source.languages)
    cards = {planned_card_path(a, use_directory_urls): "social card" for a in hub.articles
             if not a.image and options.share.enabled and options.cards.enabled}
    generated.update(cards)
    problems.extend(_collisions(source, published, generated))
    pages = {uri: page for uri in hand_written if (page := _hand_written(source, uri, rules, problems)) is not None}
    excluded = {f.src_uri for f in docs if f.excluded}
    problems.extend(_unpublished_photos(source, hub, excluded))
    _check_links(source, content, rules, include_drafts, pages, published, excluded, generated, problems, memo)
    if problems:
        raise ContentError(problems)
    return Validated(hub, content.articles, MappingProxyType(images), MappingProxyType(listings))


def _unpublished_photos(source: Source, hub: Hub, excluded: set[str]) -> Iterator[Problem]:
    """An author photo MkDocs would leave out of the site: their page and the JSON-LD would lack it."""
    path = source.docs_dir / source.taxonomy_file
    for key, author in hub.taxonomy.authors.items():
        if author.photo and author.photo in excluded:
            yield Problem(source.shown(path), key_line(path, ("authors", key, "photo")), f"authors.{key}.photo",
                          f"{author.photo!r} is where MkDocs leaves files out of the site (a dot file, templates/ or "
                          "exclude_docs), so the photo would not be published",
                          "move the photo to a published folder of the content, e.g. authors/")
def _scan(body: Body, attr_list: bool, src_uri: str, memo: ContentMemo | None) -> Scan:
    """The links and ids of a body, or the last scan of the same text (with the preview's memo)."""
    if memo is None:
        return scan(body.text, body.first_line, attr_list)
    key = f"{body.first_line}:{attr_list}:{body.text}"
    found = memo.scans.get(src_uri)
    if found is None or found[0] != key:
        found = memo.scans[src_uri] = (key, scan(body.text, body.first_line, attr_list))
    return found[1]


def _check_links(source: Source, content: Content, rules: LinkRules, include_drafts: bool,
                 hand_written: dict[str, Page], published: set[str], excluded: set[str],
                 generated: Mapping[str, str], problems: list[Problem], memo: ContentMemo | None = None) -> None:
    """Every Markdown link of every published page (articles and pages written by hand), at once."""
    folder = source.shown(source.docs_dir)

    def shown(src_uri: str) -> str:
        return f"{folder}/{src_uri}"

    pages = dict(hand_written)
    # A scheduled article is like a draft until its day: a page of the preview only.
    scheduled = {a.src_uri: a.scheduled_for for a in content.articles if a.scheduled_for}
    for src_uri, body in content.bodies.items():
        pages[src_uri] = Page(src_uri, shown(src_uri), _scan(body, rules.attr_list, src_uri, memo),
                              draft=body.draft or src_uri in scheduled)
    for src_uri, kind in generated.items():
        if kind != "social card":
            pages.setdefault(src_uri, Page(src_uri, src_uri, None))
    if CHOOSER not in published:
        pages[CHOOSER] = Page(CHOOSER, CHOOSER, None)
    unpublished = dict.fromkeys(excluded, EXCLUDED)
    unpublished[source.taxonomy_file] = TAXONOMY
    if not include_drafts:
        unpublished.update((uri, f"scheduled for {scheduled[uri].isoformat()}, which is not published yet"
                            if uri in scheduled else DRAFT) for uri, page in pages.items() if page.draft)
    files = (published | set(generated)) - set(pages) - set(unpublished)
    checker = LinkChecker(pages, files, rules, shown, unpublished)
    for page in pages.values():
        if page.scan is not None and (include_drafts or not page.draft):
            checker.check(page)
    problems.extend(checker.problems)

