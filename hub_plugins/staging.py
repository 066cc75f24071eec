"""Build into a staging folder and swap it in only after a successful build.

MkDocs empties `site_dir` right after `on_pre_build`, and `--strict` aborts on warnings only after
every page is written. So the hub points `site_dir` at a sibling staging folder, counts warnings
itself, and in the very last `on_post_build` step swaps the staging folder in, unless strict mode
is about to abort. Any failure leaves the last good site exactly as it was.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig


class _WarningCounter(logging.Handler):
    """Counts the warnings MkDocs' strict mode will count (it attaches the same kind of handler)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class StagedSite:
    """One build's staging folder for the real `site_dir`; points the config at it until the end."""

    def __init__(self, config: MkDocsConfig, strict: bool) -> None:
        self.config = config
        self.final = Path(config.site_dir)
        self.staging = self.final.with_name(f".{self.final.name}.staging")
        self.strict = strict
        self.counter = _WarningCounter()
        shutil.rmtree(self.staging, ignore_errors=True)  # left by a build that was killed
        logging.getLogger("mkdocs").addHandler(self.counter)
        config.site_dir = str(self.staging)

    def commit(self, merge: Callable[[Path, Path], None] | None = None) -> bool:
        """Swap the staging folder in, unless strict mode will abort; True when swapped.

        `merge(staging, final)`: the preview's way instead (its staging folder holds only what changed).
        """
        self._detach()
        if self.strict and self.counter.count:
            self.discard()
            return False
        if merge is not None and self.final.is_dir():
            merge(self.staging, self.final)
            shutil.rmtree(self.staging, ignore_errors=True)
            return True
        old = self.final.with_name(f".{self.final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.staging.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        return True

    def discard(self) -> None:
        """Drop this build's output; the last good site stays untouched."""
        self._detach()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _detach(self) -> None:
        """Stop counting warnings and give the config its real site_dir back (it may be reused)."""
        logging.getLogger("mkdocs").removeHandler(self.counter)
        self.config.site_dir = str(self.final)
