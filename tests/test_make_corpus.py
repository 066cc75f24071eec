"""The project's own corpus generator (bench/make_corpus.py): deterministic, and a corpus the hub accepts."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from conftest import MAKE_CORPUS


def generate(out: Path, *args: str) -> dict[str, str]:
    """Run the generator; every file it wrote (relative path → sha256)."""
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(out), *args], check=True, capture_output=True)
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_same_arguments_give_byte_identical_corpora(tmp_path: Path) -> None:
    first = generate(tmp_path / "one", "--per-lang", "12", "--drafts", "2")
    again = generate(tmp_path / "two", "--per-lang", "12", "--drafts", "2")
    other_seed = generate(tmp_path / "three", "--per-lang", "12", "--drafts", "2", "--seed", "1")
    assert len([name for name in first if name.startswith("en/articles/")]) == 12
    assert len([name for name in first if name.startswith("tr/articles/")]) == 12
    assert "authors.yml" in first
    assert first == again
    assert first != other_seed
