"""Read `taxonomy.yml`: audiences, topics, authors and series, each checked and located."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .cta import check_cta, unknown_field
from .errors import Problem, did_you_mean, unknown_value_fix
from .frontmatter import _HubYamlLoader
from .model import Author, CallToAction, Series, Taxonomy, Term

KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SECTIONS = ("audiences", "topics", "authors", "series")
# The fields of an entry besides its language blocks (authors have none: a name is the same everywhere).
ENTRY_FIELDS = {"audiences": ("cta",), "topics": (), "authors": ("name", "type", "role", "bio", "photo"),
                "series": ("parts",)}
# The fields of each language block of an entry.
BLOCK_FIELDS = {"audiences": ("label", "description"), "topics": ("label", "description"),
                "series": ("title", "description")}
AUTHOR_TYPES = ("person", "organization")
# What browsers show everywhere; PIL reads only the header to tell.
PHOTO_TYPES = ("PNG", "JPEG", "GIF", "WEBP")


def _node_lines(node: yaml.Node, prefix: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> None:
    """Record the 1-based line of every mapping key, by its path from the top."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*prefix, str(key_node.value))
            lines[path] = key_node.start_mark.line + 1
            _node_lines(value_node, path, lines)


def _read_yaml(path: Path, shown: str, problems: list[Problem]) -> tuple[Any, dict[tuple[str, ...], int]]:
    """The YAML data of `path` and the line of each key; None (with a problem) when unreadable."""
    lines: dict[tuple[str, ...], int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(shown, 1, "taxonomy", "file not found",
                                "create it with the audiences, topics, authors and series of the hub"))
        return None, lines
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "encoding", "the file is not UTF-8", "save it as UTF-8"))
        return None, lines
    loader = _HubYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        _node_lines(node, (), lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.append(Problem(shown, mark.line + 1 if mark else 1, "taxonomy",
                                f"malformed YAML: {error.problem}", "check the indentation and quotes"))
        return None, lines
    finally:
        loader.dispose()


class _Checker:
    """Collects the problems of one taxonomy file while its sections are converted."""

    def __init__(self, shown: str, lines: dict[tuple[str, ...], int], languages: tuple[str, ...],
                 problems: list[Problem]) -> None:
        self.shown, self.lines, self.languages, self.problems = shown, lines, languages, problems
        self.misspelt: set[tuple[str, ...]] = set()  # paths of fields written with a typo

    def problem(self, path: tuple[str, ...], message: str, fix: str) -> None:
        """Report a problem at the deepest known line of `path`."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.lines:
                line = self.lines[path[:depth]]
                break
        else:
            line = 1
        self.problems.append(Problem(self.shown, line, ".".join(path), message, fix))

    def known_fields(self, entry: Mapping, path: tuple[str, ...], allowed: tuple[str, ...]) -> None:
        """Every field of `entry` must be one of `allowed`: a misspelt one is an error, not ignored."""
        for name in entry:
            if name not in allowed:
                message, fix = unknown_field(str(name), allowed)
                self.problem((*path, str(name)), message, fix)
                if guess := did_you_mean(str(name), allowed):
                    # Its did-you-mean says all: the field it meant is not reported missing as well.
                    self.misspelt.add((*path, guess))

    def text(self, value: Any, path: tuple[str, ...], required: bool = True) -> str:
        """A non-empty string at `path`, or "" with a problem."""
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and (not required or path in self.misspelt):
            return ""
        self.problem(path, "missing or empty" if value is None else "must be text",
                     f"write a {path[-1]} (in quotes if it contains ': ')")
        return ""

    def localized(self, entry: dict, path: tuple[str, ...], fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
        """Per-language fields of an entry: {lang: {field: text}}, every language required."""
        result: dict[str, dict[str, str]] = {}
        for lang in self.languages:
            block = entry.get(lang)
            if not isinstance(block, dict):
                if not (block is None and (*path, lang) in self.misspelt):
                    self.problem((*path, lang), f"no {lang!r} block",
                                 f"add '{lang}:' with {' and '.join(fields)} under {path[-1]!r}")
                result[lang] = {f: "" for f in fields}
                continue
            self.known_fields(block, (*path, lang), fields)
            result[lang] = {f: self.text(block.get(f), (*path, lang, f)) for f in fields}
        return result

    def per_language(self, value: Any, path: tuple[str, ...]) -> dict[str, str]:
        """An optional text given once per language (`role: {en: …, tr: …}`): {} when absent."""
        if value is None:
            return {}
        example = ", ".join(f"{lang}: …" for lang in self.languages)
        if not isinstance(value, dict):
            self.problem(path, "must give the text per language", f"write {path[-1]}: {{{example}}}")
            return {}
        self.known_fields(value, path, self.languages)
        return {lang: self.text(value.get(lang), (*path, lang)) for lang in self.languages}

    def cta(self, value: Any, path: tuple[str, ...]) -> CallToAction | None:
        """An audience's call to action, checked like the hub's default one."""
        found, issues = check_cta(value, self.languages)
        for issue in issues:
            self.problem((*path, *issue.path), issue.message, issue.fix)
        return found

    def photo(self, value: Any, path: tuple[str, ...], docs_dir: Path) -> str | None:
        """An author's photo: a readable web image inside docs_dir, as a docs_dir-relative path."""
        given = self.text(value, path, required=False)
        if not given:
            return None
        site_path = posixpath.normpath(given)
        if posixpath.isabs(given) or site_path.startswith("../") or site_path == "..":
            self.problem(path, f"{given!r} is outside the content folder, so it would not be published",
                         "put the photo in the content folder, e.g. authors/name.jpg, and give that path")
            return None
        from PIL import Image, UnidentifiedImageError  # only when some author has a photo: check stays fast

        try:
            with Image.open(docs_dir / site_path) as image:  # reads the header only
                kind = image.format
        except FileNotFoundError:
            self.problem(path, f"file {given!r} not found",
                         "give a path relative to the folder of taxonomy.yml, e.g. authors/name.jpg")
            return None
        except (OSError, UnidentifiedImageError):
            self.problem(path, f"{given!r} is not an image that can be read", "use a JPEG or PNG photo")
            return None
        if kind not in PHOTO_TYPES:
            self.problem(path, f"{given!r} is a {kind} image, which not every browser shows",
                         "use a JPEG, PNG, GIF or WebP photo")
            return None
        return site_path

    def entries(self, data: dict, section: str) -> list[tuple[str, dict, tuple[str, ...]]]:
        """The (key, entry, path) triples of a section, each key checked."""
        raw = data.get(section) or {}
        if not isinstance(raw, dict):
            self.problem((section,), "must be a mapping of keys", f"write '{section}:' then one key per line")
            return []
        result = []
        for key, entry in raw.items():
            path = (section, str(key))
            if not KEY_PATTERN.match(str(key)):
                self.problem(path, f"key {key!r} is not lowercase ASCII with hyphens",
                             "use a key like 'career-management'")
            if not isinstance(entry, dict):
                self.problem(path, "must be a mapping", "indent its fields under the key")
                continue
            blocks = self.languages if section in BLOCK_FIELDS else ()
            self.known_fields(entry, path, (*blocks, *ENTRY_FIELDS[section]))
            result.append((str(key), entry, path))
        return result


def _author(check: _Checker, key: str, entry: dict, path: tuple[str, ...], docs_dir: Path) -> Author:
    """One entry of `authors`: name, type, and the optional role, bio and photo."""
    name = check.text(entry.get("name"), (*path, "name"))
    kind = entry.get("type", "person")
    if kind not in AUTHOR_TYPES:
        message, fix = unknown_value_fix(str(kind), AUTHOR_TYPES)
        check.problem((*path, "type"), message, f"{fix} (organization: a team or the company)")
    return Author(key, name, roles=check.per_language(entry.get("role"), (*path, "role")),
                  bios=check.per_language(entry.get("bio"), (*path, "bio")),
                  photo=check.photo(entry.get("photo"), (*path, "photo"), docs_dir),
                  organization=kind == "organization")


def key_line(path: Path, keys: tuple[str, ...]) -> int:
    """The line of a key of the taxonomy (e.g. ("authors", "ayse", "photo")), for a problem found later; else 1."""
    _, lines = _read_yaml(path, "", [])
    return lines.get(keys, 1)


def load_taxonomy(path: Path, shown: str, languages: tuple[str, ...], problems: list[Problem]) -> Taxonomy:
    """Read and check the taxonomy; problems go to `problems`, what is usable is returned."""
    data, lines = _read_yaml(path, shown, problems)
    if not isinstance(data, dict):
        if data is not None:
            problems.append(Problem(shown, 1, "taxonomy", "must be a mapping of sections",
                                    f"use the sections {', '.join(SECTIONS)}"))
        return Taxonomy({}, {}, {}, {})
    check = _Checker(shown, lines, languages, problems)
    for section in data:
        if section not in SECTIONS:
            check.problem((str(section),), "unknown section", unknown_field(str(section), SECTIONS)[1])
    terms: dict[str, dict[str, Term]] = {}
    for section in ("audiences", "topics"):
        terms[section] = {}
        for key, entry, entry_path in check.entries(data, section):
            texts = check.localized(entry, entry_path, BLOCK_FIELDS[section])
            cta = check.cta(entry["cta"], (*entry_path, "cta")) if "cta" in entry else None
            terms[section][key] = Term(key, {lang: t["label"] for lang, t in texts.items()},
                                       {lang: t["description"] for lang, t in texts.items()}, cta)
    authors = {key: _author(check, key, entry, entry_path, path.parent)
               for key, entry, entry_path in check.entries(data, "authors")}
    series: dict[str, Series] = {}
    for key, entry, entry_path in check.entries(data, "series"):
        texts = check.localized(entry, entry_path, BLOCK_FIELDS["series"])
        parts = entry.get("parts")
        if parts is not None and (not isinstance(parts, int) or isinstance(parts, bool) or parts < 1):
            check.problem((*entry_path, "parts"), f"{parts!r} is not a whole number ≥ 1",
                          "write the planned number of parts, e.g. 'parts: 4'")
            parts = None
        series[key] = Series(key, {lang: t["title"] for lang, t in texts.items()},
                             {lang: t["description"] for lang, t in texts.items()}, parts)
    return Taxonomy(terms["audiences"], terms["topics"], authors, series)
