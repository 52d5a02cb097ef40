"""The Ray engine: the same batches on a Ray cluster (local by default, or RAY_ADDRESS), one model load per actor."""

from __future__ import annotations

import os
from pathlib import Path

from service.batch.local import BatchReport, Progress, pending_batches, write_lines


def run_ray(source: Path, out: Path, *, model: str | None, workers: int = 2, batch_size: int = 16,
            max_chars: int = 1_000_000, quantize: bool = True, progress: Progress | None = None) -> BatchReport:
    """Extract every pending document with `workers` Ray actors; output as the local engine writes it."""
    import ray
    from ray.util import ActorPool

    from service.batch.worker import extract_items, peak_rss_mb, worker_pipeline

    @ray.remote(num_cpus=1)
    class ExtractActor:
        def __init__(self, model: str | None, quantize: bool) -> None:
            self.nlp = worker_pipeline(model, quantize, 1)

        def process(self, items: list) -> tuple[list[str], int, int, float]:
            lines, errors = extract_items(self.nlp, items, max_chars)
            return lines, errors, os.getpid(), peak_rss_mb()

    report = BatchReport()
    batches, total = pending_batches(source, out, batch_size, report)
    started_here = not ray.is_initialized()
    if started_here:
        address = os.environ.get("RAY_ADDRESS")
        ray.init(address=address or None, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, ignore_reinit_error=True,
                 runtime_env={"env_vars": {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}})
    try:
        pool = ActorPool([ExtractActor.remote(model, quantize) for _ in range(workers)])
        results = pool.map_unordered(lambda actor, items: actor.process.remote(items), batches)
        write_lines(out, results, report, total, progress)
    finally:
        if started_here:
            ray.shutdown()
    return report
