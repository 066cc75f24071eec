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
_END_LINE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)


# libyaml parses ~10x faster when PyYAML has it: `hub check` reads 2,000 articles in well under a second.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _HubYamlLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without the implicit timestamp type: dates are validated by the loader, located."""


_HubYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class Document:
    """A parsed source file: its fields, the line of each field, and the body after the front-matter."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line where the body starts
    end_line: int = 1  # line of the closing fence (where a missing field is reported)


def parse(text: str, path: str, problems: list[Problem]) -> Document | None:
    """Parse `text`; append located problems; None when there is no usable front-matter."""
    first_end = text.find("\n")
    first_end = len(text) if first_end < 0 else first_end
    if not _FENCE.match(text[:first_end].lstrip("\ufeff")):
        problems.append(Problem(path, 1, "front-matter", "missing: the file must start with a '---' line",
                                "add the front-matter block ('---', the fields, '---') at the top"))
        return None
    # Search for the closing fence instead of splitting the whole body into lines: `hub check` reads
    # thousands of files and only needs their heads.
    closing = _END_LINE.search(text, first_end + 1)
    if closing is None:
        problems.append(Problem(path, 1, "front-matter", "not closed: no second '---' line",
                                "add a line with '---' after the last field"))
        return None
    end = text.count("\n", 0, closing.start())  # 0-based line of the closing fence
    yaml_text = text[first_end + 1:closing.start()].removesuffix("\n")
    doc = Document(body=text[closing.end() + 1:], body_line=end + 2, end_line=end + 1)
    try:
        loader = _HubYamlLoader(yaml_text)
        try:
            node = loader.get_single_node()
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
