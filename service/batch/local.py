"""The local engine: one or more worker processes, each loading the model once; lines written as batches finish."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from service.batch.records import finished_ids, iter_records
from service.batch.worker import BatchResult, Item, WorkerSettings, process_batch

Progress = Callable[[int, int], None]  # (documents done, documents in total)


@dataclass
class BatchReport:
    written: int = 0
    errors: int = 0
    skipped: int = 0
    workers: dict[int, float] = field(default_factory=dict)  # pid -> peak RSS (MB)


def pending_batches(source: Path, out: Path, batch_size: int, report: BatchReport) -> tuple[list[list[Item]], int]:
    """Batches of the documents not yet in `out` (resume), and their count."""
    done = finished_ids(out)
    todo: list[Item] = []
    for rec in iter_records(source):
        if rec.id in done:
            report.skipped += 1
            continue
        done.add(rec.id)  # a duplicate id in the input is extracted once
        todo.append((rec.id, rec.text, rec.error))
    return [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)], len(todo)


def write_lines(out: Path, results: Iterable[BatchResult], report: BatchReport, total: int,
                progress: Progress | None) -> None:
    """Append each finished batch's lines and flush, so a killed run loses no finished line."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as fh:
        for lines, errors, pid, rss in results:
            fh.write("".join(line + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())
            report.written += len(lines)
            report.errors += errors
            report.workers[pid] = max(report.workers.get(pid, 0.0), rss)
            if progress:
                progress(report.written, total)


def run_local(source: Path, out: Path, *, model: str | None, processes: int = 1, batch_size: int = 16,
              max_chars: int = 1_000_000, quantize: bool = True, threads: int = 1,
              progress: Progress | None = None) -> BatchReport:
    """Extract every pending document of `source` into `out` with `processes` worker processes.

    Each worker runs torch and ONNX Runtime on `threads` threads (one by default: one worker per
    core scales best); `quantize` gives the int8 encoder (encoder.int8.onnx, else torch's int8
    linear layers; the batch default, see README).
    """
    report = BatchReport()
    batches, total = pending_batches(source, out, batch_size, report)
    settings = WorkerSettings(model=model, quantize=quantize, threads=threads, max_chars=max_chars)
    jobs = [(settings, b) for b in batches]
    if processes <= 1:
        results: Iterator = (process_batch(j) for j in jobs)
        write_lines(out, results, report, total, progress)
        return report
    ctx = multiprocessing.get_context("spawn")  # torch and fork do not mix
    with ctx.Pool(processes) as pool:
        write_lines(out, pool.imap_unordered(process_batch, jobs), report, total, progress)
    return report
