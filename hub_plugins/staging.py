"""Build into a staging folder and swap it in only after a successful build.

MkDocs empties `site_dir` right after `on_pre_build`, and `--strict` aborts on warnings only after
every page is written. So the hub points `site_dir` at a sibling staging folder, counts warnings
itself, and in the very last `on_post_build` step swaps the staging folder in, unless strict mode
is about to abort. Any failure leaves the last good site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, Files

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
    """One build's staging folder for the real `site_dir`; points the config at it until the end.

    The site a build replaces is kept aside (`.site.old`) and removed by the next build, in a background
    thread while that build reads and renders: removing a site of 17,000 files (pictures and their
    variants) costs over a second, which the build would otherwise spend waiting at its very end.
    """

    def __init__(self, config: MkDocsConfig, strict: bool) -> None:
        self.config = config
        self.final = Path(config.site_dir)
        self.staging = self.final.with_name(f".{self.final.name}.staging")
        self.old = self.final.with_name(f".{self.final.name}.old")
        self.strict = strict
        self.counter = _WarningCounter()
        # The site the last build replaced, and a staging folder left by a build that was killed.
        self._sweeper = _sweep(self.final, [self.old, self.staging])
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
        shutil.rmtree(self.old, ignore_errors=True)  # only there if another build made it meanwhile
        if self.final.exists():
            self.final.rename(self.old)  # removed by the next build
        self.staging.rename(self.final)
        return True

    def discard(self) -> None:
        """Drop this build's output; the last good site stays untouched."""
        self._detach()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _detach(self) -> None:
        """Stop counting warnings, give the config its real site_dir back (it may be reused), and wait for
        the folders being removed (no thread outlives its build)."""
        logging.getLogger("mkdocs").removeHandler(self.counter)
        self.config.site_dir = str(self.final)
        if self._sweeper is not None:
            self._sweeper.join()
            self._sweeper = None


def _sweep(final: Path, folders: list[Path]) -> threading.Thread | None:
    """Remove `folders` (and what an interrupted sweep left) in a background thread.

    Each is renamed first (`.site.trash-…`), so the build can use its name right away; removing is
    mostly system calls, which run beside the build's own work on another core.
    """
    prefix = f".{final.name}.trash-"
    trash = [path for path in final.parent.glob(f"{prefix}*") if path.is_dir()]
    for number, folder in enumerate(folders):
        if folder.is_dir():
            target = final.parent / f"{prefix}{os.getpid()}-{number}-{time.monotonic_ns()}"
            folder.rename(target)
            trash.append(target)
    if not trash:
        return None

    def remove() -> None:
        for folder in trash:
            shutil.rmtree(folder, ignore_errors=True)

    thread = threading.Thread(target=remove, name="hub-sweep", daemon=True)
    thread.start()
    return thread


def link(source: str, target: str) -> bool:
    """Hard-link `source` at `target` (its folder made, a file there replaced); False where links are impossible.

    A build writes into a fresh staging folder, so the link is tried first: no existence checks, and a
    folder is made only when the first file in it fails for want of it.
    """
    for _attempt in range(2):
        try:
            os.link(source, target)
            return True
        except FileNotFoundError:
            if not os.path.isfile(source):
                raise
            os.makedirs(os.path.dirname(target), exist_ok=True)
        except FileExistsError:
            os.unlink(target)
        except OSError:  # another filesystem, or one without hard links
            return False
    return False


class KeptFile(File):
    """A static file (a picture, a stylesheet) that a build links from the last good site when it can.

    Every build writes into a fresh staging folder, so without this it copies every static file again:
    at 1,000 articles per language with pictures that is 650 MB per build. The last good site's copy is
    the same file version when its size and modification time equal the source's (the quick check of
    rsync and make; copies made here take the source's time), so the new site shares it instead.
    """

    last_good: str = ""  # the last good site's folder, set per build by `keep_static`

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        source = self.abs_src_path
        assert source is not None
        target = self.abs_dest_path
        stat = os.stat(source)
        try:
            kept = os.stat(os.path.join(self.last_good, self.dest_path))
        except OSError:
            kept = None
        if kept is not None and kept.st_size == stat.st_size and kept.st_mtime_ns == stat.st_mtime_ns \
                and link(os.path.join(self.last_good, self.dest_path), target):
            return
        super().copy_file(dirty)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def keep_static(files: Files, last_good: Path) -> Files:
    """`files` with each static file read from a folder (docs or theme) as a `KeptFile` of `last_good`."""
    folder = str(last_good)

    def kept(file: File) -> File:
        if type(file) is not File or file.generated_by is not None or file.is_documentation_page():
            return file
        new = KeptFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=file.dest_uri,
                       inclusion=file.inclusion)
        new.last_good = folder
        return new

    return Files([kept(file) for file in files])
