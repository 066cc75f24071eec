"""Links and anchors between content pages, checked from the Markdown source before anything is rendered.

MkDocs validates links while it converts each page (`mkdocs/structure/pages.py`:
`_RelativePathTreeprocessor.path_to_url`, `Page.validate_anchor_links`), after `site_dir` has been
emptied, and a strict build then aborts with MkDocs' wording and no line number. The hub finds the
same links earlier, in the text it already holds, by the same rules: a relative link resolves against
the linking file's `src_uri`; the target must be a file of the site; an anchor must be an id of the
target page — its headings slugified as the `toc` extension does (the hub's `markdown_slugify`,
duplicates numbered `_1`, `_2` by toc's own `unique`), attr_list `{#id}` and raw HTML `id="…"`.
Which of these are problems follows `validation.links` in mkdocs.yml, as MkDocs' warnings do.

The scan is one pass over the lines of each file; the anchors of a page are worked out only when
some link asks for one of them.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import unique
from mkdocs.config.defaults import MkDocsConfig, _AbsoluteLinksValidationValue
from mkdocs.structure.files import _default_exclude
from mkdocs.utils import get_relative_url

from .errors import Problem, did_you_mean
from .i18n import markdown_slugify

if TYPE_CHECKING:
    from pathspec import PathSpec

FIELD = "link"
SLUG_EXAMPLE = "'## Çıkış Yolu' gives #cikis-yolu"

# Python-Markdown's `fenced_code` (always on in MkDocs): a fence starts a line and is closed by the same fence.
_FENCE = re.compile(r"(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]+")
_ATX = re.compile(r"(#{1,6})(.*?)#*[ \t]*$")
_SETEXT_RULE = re.compile(r"[=-]+[ ]*$")
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")
# An inline link or image: [text](destination "title"), one level of brackets in the text and of
# parentheses in the destination (as Python-Markdown's LinkInlineProcessor balances them).
_INLINE_LINK = re.compile(
    r"(?<!\\)!?\[(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*\]"
    r"\(\s*(<[^>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REFERENCE = re.compile(r"[ ]{0,3}\[([^\]]+)\]:[ \t]*(<[^>\n]*>|\S+)")
_BRACKETS = re.compile(r"\[([^\[\]]+)\](?!:)")
# attr_list (`{: #id .class }`): on a heading line, and anywhere else an element can carry one.
_HEADER_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*?)[ ]*\}[ ]*$")
_ATTRS = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")
_ATTR_ID = re.compile(r"(?:^|\s)(?:#([^\s=}]+)|id=(?:\"([^\"]*)\"|'([^']*)'|([^\s}]+)))")
_HTML_TAG = re.compile(r"<([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_HTML_ID = re.compile(r"\s(id|name)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_TAGS = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TEXT = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")


@dataclass(frozen=True, slots=True)
class LinkRules:
    """What makes a link a problem: MkDocs' `validation.links` levels and the Markdown extensions in use."""

    not_found: bool = True  # a link to a file (with an extension) that is not there
    unrecognized: bool = False  # a link without an extension that is not a file (`../other/`)
    anchors: bool = False  # `page.md#anchor` where the page has no such id
    absolute: str = "ignore"  # `/path` links: "ignore", "problem", or "docs" (relative to docs_dir)
    attr_list: bool = False  # `{#id}` gives ids
    toc_separator: str = "-"
    exclude_docs: PathSpec | None = field(default=None, compare=False)
    exclude_patterns: tuple[str, ...] = ()  # the same, as written (to compare two rule sets)

    @classmethod
    def of_config(cls, config: MkDocsConfig) -> LinkRules:
        """The rules of a loaded MkDocs config (the build)."""
        return cls._of(config.validation.links, config.markdown_extensions, config.mdx_configs,
                       config.exclude_docs)

    @classmethod
    def of_mkdocs_yml(cls, data: Mapping[str, Any]) -> LinkRules:
        """The rules of a raw mkdocs.yml, read with MkDocs' own option classes (the CLI: no theme, no plugins)."""
        schema = dict(MkDocsConfig._schema)
        validation = schema["validation"].validate(_plain(data.get("validation") or {}))
        given = data.get("markdown_extensions") or ()
        if isinstance(given, dict):  # MkDocs accepts a mapping as well as a list
            given = [{name: options} for name, options in given.items()]
        extensions = [next(iter(e)) if isinstance(e, dict) else str(e) for e in given]
        configs = {next(iter(e)): next(iter(e.values())) or {} for e in given if isinstance(e, dict)}
        exclude = schema["exclude_docs"].validate(data["exclude_docs"]) if data.get("exclude_docs") else None
        return cls._of(validation.links, ["toc", *extensions], configs, exclude)

    @classmethod
    def _of(cls, links: Any, extensions: Iterable[str], configs: Mapping[str, Any],
            exclude: PathSpec | None) -> LinkRules:
        absolute = links.absolute_links
        names = set(extensions)
        return cls(
            not_found=links.not_found >= logging.WARNING,
            unrecognized=links.unrecognized_links >= logging.WARNING,
            anchors=links.anchors >= logging.WARNING,
            absolute="docs" if absolute is _AbsoluteLinksValidationValue.RELATIVE_TO_DOCS
            else "problem" if absolute >= logging.WARNING else "ignore",
            attr_list="attr_list" in names or "markdown.extensions.attr_list" in names,
            toc_separator=str((configs.get("toc") or {}).get("separator", "-")),
            exclude_docs=exclude,
            exclude_patterns=tuple(p.pattern for p in exclude.patterns) if exclude is not None else (),
        )

    def excluded(self, src_uri: str) -> bool:
        """Whether MkDocs leaves this docs_dir file out of the site (dot files, templates/, exclude_docs)."""
        spec = _default_exclude + self.exclude_docs if self.exclude_docs is not None else _default_exclude
        return spec.match_file(src_uri)


def _plain(value: Any) -> Any:
    """A deep copy of plain YAML data (MkDocs' sub-config validation moves keys around in place)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Link:
    """One link or image of a page, as written, and the line it is on."""

    url: str
    line: int


@dataclass(frozen=True, slots=True)
class Scan:
    """What a page's Markdown says about links and anchors, from one pass over its lines."""

    links: tuple[Link, ...]
    headings: tuple[str, ...]  # inline text of each heading without an explicit id, in order
    ids: frozenset[str]  # explicit ids (attr_list), taken before toc numbers duplicate headings
    html_ids: frozenset[str]  # id= (and <a name=) in raw HTML

    def anchors(self, separator: str = "-") -> frozenset[str]:
        """Every id the rendered page has, as MkDocs collects them (`Page.present_anchor_ids`)."""
        used = set(self.ids)
        counters: dict[str, int] = {}
        for text in self.headings:
            unique(markdown_slugify(heading_text(text), separator), used, counters)
        return frozenset(used | self.html_ids)


def heading_text(markdown: str) -> str:
    """The plain text toc slugifies for a heading: links by their text, images, tags and markup gone."""
    parts = _CODE_SPAN.split(markdown)
    # _CODE_SPAN.split gives [text, ticks, code, text, ticks, code, …]: only text outside code is HTML.
    plain = []
    for index, part in enumerate(parts):
        if index % 3 == 0:
            part = _LINK_TEXT.sub(r"\1", _INLINE_IMAGE.sub("", part))
            plain.append(html.unescape(_TAGS.sub("", part)))
        elif index % 3 == 2:
            plain.append(part)
    return "".join(plain)


def _ids_in_attrs(text: str) -> Iterable[str]:
    """The ids an attr_list `{…}` gives (`#id` or `id=…`)."""
    for match in _ATTR_ID.finditer(text):
        found = next((g for g in match.groups() if g is not None), None)
        if found:
            yield found


def _indent(line: str) -> int:
    """Leading whitespace width, a tab counting 4 (Python-Markdown's tab_length)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _fence_end(lines: list[str], start: int, fence: str) -> int | None:
    """The line index of the fence that closes the one opened at `start`, if any."""
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.startswith(fence) and not line[len(fence):].strip(" "):
            return index
    return None


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line without HTML comments (which may span lines), and whether one is still open."""
    kept = []
    while line:
        if in_comment:
            end = line.find("-->")
            if end < 0:
                return "".join(kept), True
            line, in_comment = line[end + 3:], False
        else:
            start = line.find("<!--")
            if start < 0:
                kept.append(line)
                break
            kept.append(line[:start])
            line, in_comment = line[start + 4:], True
    return "".join(kept), in_comment


def scan(text: str, first_line: int, attr_list: bool) -> Scan:
    """Links, headings and ids of one page's Markdown; fenced and indented code are skipped."""
    lines = text.split("\n")
    links: list[Link] = []
    definitions: list[tuple[str, Link]] = []  # reference definitions: [label]: destination
    headings: list[str] = []
    ids: set[str] = set()
    html_ids: set[str] = set()
    previous_blank, in_code, in_list, in_comment = True, False, False, False
    index = 0
    while index < len(lines):
        line = lines[index]
        if not in_comment and line[:1] in ("`", "~") and (fence := _FENCE.match(line)) is not None:
            end = _fence_end(lines, index, fence.group(1))
            if end is not None:
                index, previous_blank, in_code = end + 1, True, False
                continue
        if not line.strip():
            previous_blank = True
            index += 1
            continue
        indent = _indent(line)
        if not in_comment and (previous_blank or in_code) and indent >= (8 if in_list else 4):
            in_code, previous_blank = True, False  # an indented code block (inside a list: 8 spaces)
            index += 1
            continue
        in_code = False
        if indent < 4:
            if _LIST_ITEM.match(line):
                in_list = True
            elif previous_blank:
                in_list = False
        starts_block = previous_blank
        previous_blank = False
        if "<!--" in line or in_comment:
            line, in_comment = _without_comments(line, in_comment)
        number = first_line + index
        index += 1
        heading = None  # the text of a heading keeps its code spans: toc slugifies them too
        if line.startswith("#") and (atx := _ATX.match(line)) is not None:
            heading = atx.group(2).strip()
        elif starts_block and indent < 4 and index < len(lines) and _SETEXT_RULE.match(lines[index]):
            heading = line.strip()
        if "`" in line:  # code is not a link
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        if heading is not None:
            if attr_list and (attrs := _HEADER_ATTRS.search(heading)) is not None:
                given = list(_ids_in_attrs(attrs.group(1)))
                heading = heading[: attrs.start()]
                if given:
                    ids.update(given)
                    heading = None
            if heading is not None:
                headings.append(heading)
        elif attr_list and "{" in line:
            for attrs in _ATTRS.finditer(line):
                ids.update(_ids_in_attrs(attrs.group(1)))
        if "<" in line:
            for tag in _HTML_TAG.finditer(line):
                for attribute in _HTML_ID.finditer(tag.group(2)):
                    if attribute.group(1).lower() == "id" or tag.group(1).lower() == "a":
                        html_ids.add(next(g for g in attribute.groups()[1:] if g is not None))
        if "](" in line:
            for link in _INLINE_LINK.finditer(line):
                links.append(Link(_destination(link.group(1)), number))
        if "]:" in line and (reference := _REFERENCE.match(line)) is not None:
            definitions.append((_label(reference.group(1)), Link(_destination(reference.group(2)), number)))
    if definitions:  # a definition makes a link only where a [text][label] or [label] uses it
        used = {_label(label) for label in _BRACKETS.findall(text)}
        links += [link for label, link in definitions if label in used]
    return Scan(tuple(links), tuple(headings), frozenset(ids), frozenset(html_ids))


def _label(text: str) -> str:
    """A reference label as Python-Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.lower().split())


def _destination(text: str) -> str:
    """A link destination as Python-Markdown reads it: without <…>, backslash escapes undone."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    return re.sub(r"\\(.)", r"\1", text)


@dataclass(frozen=True, slots=True)
class Page:
    """A Markdown page of the site whose links are checked (or that links may point to)."""

    src_uri: str
    shown: str  # the file as messages name it
    scan: Scan | None  # None: a generated page (its Markdown has no headings and no links)
    draft: bool = False


@dataclass(slots=True)
class LinkChecker:
    """Checks every link of every page against the files of one build; problems are collected."""

    pages: Mapping[str, Page]  # every Markdown page of the site, by src_uri (generated ones included)
    files: Collection[str]  # every other file of the site, by src_uri (images, attachments, cards)
    rules: LinkRules
    shown: Callable[[str], str]  # a src_uri as messages show it
    # Files of docs_dir that the site leaves out (drafts when publishing, excluded files): a link to one
    # would dangle. src_uri → why, e.g. "a draft, which is not published".
    unpublished: Mapping[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _anchors: dict[str, frozenset[str]] = field(default_factory=dict)

    def check(self, page: Page) -> None:
        """Check every link of `page`."""
        assert page.scan is not None
        for link in page.scan.links:
            self._check(page, link)

    def _problem(self, page: Page, link: Link, message: str, fix: str) -> None:
        self.problems.append(Problem(page.shown, link.line, FIELD, f"{link.url!r} {message}", fix))

    def _exists(self, src_uri: str) -> bool:
        return src_uri in self.pages or src_uri in self.files

    def _check(self, page: Page, link: Link) -> None:
        scheme, netloc, path, _query, anchor = urlsplit(link.url)
        if scheme or netloc or "\x02amp\x03" in link.url:  # another site, or an obfuscated e-mail address
            return
        absolute = link.url.startswith(("/", "\\"))
        if absolute and self.rules.absolute != "docs":
            if self.rules.absolute == "problem":
                self._problem(page, link, "is an absolute link, which MkDocs leaves as it is",
                              "write the path relative to this file, to the Markdown file (e.g. ../articles/x.md)")
            return
        if not path:
            if anchor:
                self._check_anchor(page, link, page, anchor)
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), unquote(path)).lstrip("/"))
        if (why := self.unpublished.get(target)) is not None:
            self._problem(page, link, f"points to {self.shown(target)}, {why}",
                          "publish that file first, or remove the link")
            return
        if not self._exists(target):
            self._missing(page, link, path, target)
            return
        if anchor and (found := self.pages.get(target)) is not None:
            self._check_anchor(page, link, found, anchor)

    def _missing(self, page: Page, link: Link, path: str, target: str) -> None:
        """A link to nothing: MkDocs' two cases, 'unrecognized' (no extension) and 'not found'."""
        if not posixpath.splitext(path)[-1]:
            if self.rules.unrecognized:
                self._problem(page, link, "is not a link to a file of the site",
                              self._suggest(page, target) or "link to the page's Markdown file, with a path "
                              "relative to this file (e.g. ../articles/x.md)")
        elif self.rules.not_found:
            where = "outside the content folder" if target.startswith("../") else self.shown(target)
            self._problem(page, link, f"points to {where}, which does not exist",
                          self._suggest(page, target) or "link to an existing file, with a path relative to this "
                          "file")

    def _suggest(self, page: Page, target: str) -> str:
        """'did you mean …?' with the file most likely meant, as a path relative to the linking page."""
        stem = target[:-5] if target.endswith(".html") else target
        guesses = [f"{stem}.md", posixpath.join(target, "index.md"), posixpath.join(target, "README.md")]
        found = next((g for g in guesses if self._exists(g)), None)
        if found is None:
            folder, name = posixpath.split(target)
            siblings = [posixpath.basename(uri) for uri in (*self.pages, *self.files)
                        if posixpath.dirname(uri) == folder] if name else []
            close = did_you_mean(name, siblings)
            found = posixpath.join(folder, close) if close else None
        if found is None:
            return ""
        return f"did you mean {get_relative_url(found, page.src_uri)!r}?"

    def _check_anchor(self, page: Page, link: Link, target: Page, anchor: str) -> None:
        if not self.rules.anchors or anchor.startswith("fnref:"):
            return
        anchors = self._anchors.get(target.src_uri)
        if anchors is None:
            anchors = self._anchors[target.src_uri] = (
                target.scan.anchors(self.rules.toc_separator) if target.scan is not None else frozenset())
        if anchor in anchors:
            return
        where = "this page" if target is page else self.shown(target.src_uri)
        guess = did_you_mean(anchor, anchors)
        self._problem(page, link, f"points to a heading or id {anchor!r} that {where} does not have",
                      f"did you mean '#{guess}'?" if guess else
                      f"link to an existing heading: its anchor is its text as a slug ({SLUG_EXAMPLE})")
