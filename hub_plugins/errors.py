"""Located content problems: collected during a scan, reported together, never raised one by one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs.exceptions import PluginError


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the content, with where it is and how to fix it."""

    path: str  # relative to the project root, with forward slashes: content/en/articles/x.md
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data (for `check --format json` and CI annotations)."""
        return {"path": self.path, "line": self.line, "field": self.field,
                "message": self.message, "fix": self.fix, "text": str(self)}


class ContentError(PluginError):
    """Every problem of one scan, as one MkDocs build error (one block of lines, no traceback)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        heading = f"{count} content error{'s' if count != 1 else ''}:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))


def did_you_mean(value: str, allowed: Iterable[str]) -> str | None:
    """The closest allowed value to a misspelt one, if any is close enough."""
    matches = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_value_fix(value: str, allowed: Iterable[str]) -> tuple[str, str]:
    """Message and fix for a value outside a closed list: a suggestion plus the whole list."""
    allowed = list(allowed)
    listing = ", ".join(allowed)
    guess = did_you_mean(value, allowed)
    if guess:
        return f"unknown value {value!r}", f"did you mean {guess!r}? (allowed: {listing})"
    return f"unknown value {value!r}", f"use one of: {listing}"
