"""Read `taxonomy.yml`: audiences, topics, authors and series, each checked and located."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .frontmatter import _HubYamlLoader
from .model import Author, Series, Taxonomy, Term

KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SECTIONS = ("audiences", "topics", "authors", "series")


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

    def problem(self, path: tuple[str, ...], message: str, fix: str) -> None:
        """Report a problem at the deepest known line of `path`."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.lines:
                line = self.lines[path[:depth]]
                break
        else:
            line = 1
        self.problems.append(Problem(self.shown, line, ".".join(path), message, fix))

    def text(self, value: Any, path: tuple[str, ...], required: bool = True) -> str:
        """A non-empty string at `path`, or "" with a problem."""
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and not required:
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
                self.problem((*path, lang), f"no {lang!r} block",
                             f"add '{lang}:' with {' and '.join(fields)} under {path[-1]!r}")
                result[lang] = {f: "" for f in fields}
                continue
            result[lang] = {f: self.text(block.get(f), (*path, lang, f)) for f in fields}
        return result

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
            result.append((str(key), entry, path))
        return result


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
            check.problem((str(section),), "unknown section", f"use one of: {', '.join(SECTIONS)}")
    terms: dict[str, dict[str, Term]] = {}
    for section in ("audiences", "topics"):
        terms[section] = {}
        for key, entry, entry_path in check.entries(data, section):
            texts = check.localized(entry, entry_path, ("label", "description"))
            terms[section][key] = Term(key, {lang: t["label"] for lang, t in texts.items()},
                                       {lang: t["description"] for lang, t in texts.items()})
    authors: dict[str, Author] = {}
    for key, entry, entry_path in check.entries(data, "authors"):
        name = check.text(entry.get("name"), (*entry_path, "name"))
        bio = entry.get("bio") or {}
        bios = {lang: text for lang, text in bio.items() if isinstance(text, str)} if isinstance(bio, dict) else {}
        avatar = entry.get("avatar")
        authors[key] = Author(key, name, bios, avatar if isinstance(avatar, str) else None)
    series: dict[str, Series] = {}
    for key, entry, entry_path in check.entries(data, "series"):
        texts = check.localized(entry, entry_path, ("title", "description"))
        parts = entry.get("parts")
        if parts is not None and (not isinstance(parts, int) or isinstance(parts, bool) or parts < 1):
            check.problem((*entry_path, "parts"), f"{parts!r} is not a whole number ≥ 1",
                          "write the planned number of parts, e.g. 'parts: 4'")
            parts = None
        series[key] = Series(key, {lang: t["title"] for lang, t in texts.items()},
                             {lang: t["description"] for lang, t in texts.items()}, parts)
    return Taxonomy(terms["audiences"], terms["topics"], authors, series)
