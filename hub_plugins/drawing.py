"""Draw a batch of missing files (social cards, image variants) on every core, or in-process when few.

A job is a small picklable description of what to draw (a card's text, an image's path and its
variant sizes) and knows its output files; it returns their bytes and this module writes them
atomically into the cache. Bytes depend only on the job, never on the order, the process or the
number of workers, so a build drawn on 8 cores gives the files a build drawn in-process gives.

Jobs come in stages: a later stage may read the files an earlier one wrote (a card's variants
are resized from the card). One pool serves every stage of a batch and is shut down at the end:
`mkdocs serve` keeps no worker between rebuilds.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# Below this many jobs the pool costs more than it saves (starting a worker takes about as long as
# drawing a few cards): they are drawn in this process.
IN_PROCESS_JOBS = 8
# Chunks per worker: small enough to balance a stage between workers, big enough that each chunk
# pays its start-up (fonts, imports) over many jobs.
CHUNKS_PER_WORKER = 4


class Job(Protocol):
    """Something to draw: `draw` returns each output file's path and bytes."""

    def draw(self, memo: dict[object, object]) -> list[tuple[Path, bytes]]:
        """The files of this job; `memo` is shared by the jobs of one chunk (loaded fonts …)."""
        ...


@dataclass(frozen=True, slots=True)
class Drawn:
    """What one batch did: files written, jobs run, worker processes used and seconds taken."""

    files: int = 0
    jobs: int = 0
    workers: int = 0  # 0: drawn in this process
    seconds: float = 0.0


def available_cores() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count).

    `HUB_DRAWING_WORKERS=N` caps it (1: draw in this process), for a CI runner shared with other jobs
    and for the benchmark's before/after figures.
    """
    if (cap := os.environ.get("HUB_DRAWING_WORKERS", "").strip()).isdigit() and int(cap) > 0:
        return int(cap)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a killed build never leaves half a file in the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def run_chunk(jobs: Sequence[Job]) -> int:
    """Draw and write the files of some jobs (in a worker or in this process); the number of files."""
    memo: dict[object, object] = {}
    written = 0
    for job in jobs:
        for path, data in job.draw(memo):
            write_atomically(path, data)
            written += 1
    return written


def chunks(jobs: Sequence[Job], count: int) -> list[Sequence[Job]]:
    """`jobs` cut into at most `count` contiguous chunks of near-equal length."""
    count = max(1, min(count, len(jobs)))
    size, extra = divmod(len(jobs), count)
    cut, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        cut.append(jobs[start:end])
        start = end
    return [chunk for chunk in cut if chunk]


def draw(stages: Sequence[Sequence[Job]], workers: int | None = None) -> Drawn:
    """Run every job, stage after stage; a pool of `workers` processes (default: every core) when
    there are enough jobs to pay for it."""
    started = time.perf_counter()
    total = sum(len(stage) for stage in stages)
    workers = available_cores() if workers is None else max(1, workers)
    if total == 0:
        return Drawn()
    if total < IN_PROCESS_JOBS or workers == 1:
        files = sum(run_chunk(stage) for stage in stages)
        return Drawn(files, total, 0, time.perf_counter() - started)
    workers = min(workers, total)
    # forkserver: workers are forked from a clean server process, never from this one, which may
    # hold threads (mkdocs serve's HTTP server, the search indexer) whose locks a fork would copy.
    context = multiprocessing.get_context("forkserver" if "forkserver" in
                                          multiprocessing.get_all_start_methods() else "spawn")
    files = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for stage in stages:
            if stage:  # every chunk of a stage is written before the next stage starts
                files += sum(pool.map(run_chunk, chunks(stage, workers * CHUNKS_PER_WORKER)))
    return Drawn(files, total, workers, time.perf_counter() - started)
