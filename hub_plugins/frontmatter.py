"""Split a Markdown file into YAML front-matter and body, keeping the line of every field.

MkDocs treats malformed front-matter as no front-matter, and PyYAML turns `2013-02-30` into an
unlocated ValueError. Here YAML timestamps stay strings (dates get their own located check) and
every top-level key keeps the line it was written on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


class _HubYamlLoader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type: dates are validated by the loader, located."""


_HubYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastHubYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml, which reads front-matter ~8× faster than pure Python (as MkDocs does)."""


_FastHubYamlLoader.yaml_implicit_resolvers = _HubYamlLoader.yaml_implicit_resolvers


@dataclass(slots=True)
class Document:
    """A parsed source file: its fields, the line of each field, and the body after the front-matter."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line where the body starts
    end_line: int = 1  # line of the closing fence (where a missing field is reported)


def _compose(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    """The YAML node tree of `text` and the loader that can construct it."""
    # A malformed text is read again in pure Python: libyaml words its errors differently, and the
    # messages writers see (and the tests assert) must not depend on whether libyaml is installed.
    loader = _FastHubYamlLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.MarkedYAMLError:
        loader.dispose()
    loader = _HubYamlLoader(text)
    return loader, loader.get_single_node()


def parse(text: str, path: str, problems: list[Problem]) -> Document | None:
    """Parse `text`; append located problems; None when there is no usable front-matter."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].lstrip("\ufeff")):
        problems.append(Problem(path, 1, "front-matter", "missing: the file must start with a '---' line",
                                "add the front-matter block ('---', the fields, '---') at the top"))
        return None
    end = next((i for i in range(1, len(lines)) if _END.match(lines[i])), None)
    if end is None:
        problems.append(Problem(path, 1, "front-matter", "not closed: no second '---' line",
                                "add a line with '---' after the last field"))
        return None
    yaml_text = "\n".join(lines[1:end])
    doc = Document(body="\n".join(lines[end + 1:]), body_line=end + 2, end_line=end + 1)
    try:
        loader, node = _compose(yaml_text)
        try:
            if node is None:
                problems.append(Problem(path, 1, "front-matter", "empty",
                                        "add the required fields between the '---' lines"))
                return None
            if not isinstance(node, yaml.MappingNode):
                problems.append(Problem(path, 2 + node.start_mark.line, "front-matter",
                                        "is not a list of 'field: value' lines",
                                        "write one 'field: value' per line"))
                return None
            for key_node, _value_node in node.value:
                key = key_node.value
                line = 2 + key_node.start_mark.line
                if key in doc.lines:
                    problems.append(Problem(path, line, str(key), f"given twice (first on line {doc.lines[key]})",
                                            "keep one of the two lines"))
                else:
                    doc.lines[str(key)] = line
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = 2 + mark.line if mark else 1
        what = error.problem or "cannot be read"
        problems.append(Problem(path, line, "front-matter", f"malformed YAML: {what}",
                                "check the indentation, and put quotes around values containing ': ' or '#'"))
        return None
    doc.fields = {str(k): v for k, v in data.items()}
    return doc
