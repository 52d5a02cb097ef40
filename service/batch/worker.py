"""The work of one batch worker: the pipeline loaded once per process, documents in, JSON lines out.

A document that cannot be extracted (empty, too long, or failing in the pipeline) becomes a
line `{"id": ..., "error": "..."}`; the other documents of its batch are unaffected.
"""

from __future__ import annotations

import json
import logging
import os
import resource
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language

from models.extractor import Extractor, InputError, check_text
from models.pipeline import load_pipeline

logger = logging.getLogger(__name__)

Item = tuple[str, str | None, str | None]  # id, text, error


@lru_cache(maxsize=1)
def worker_pipeline(model: str | None, quantize: bool, threads: int) -> Language:
    """The pipeline of this process (loaded once), with `threads` torch threads (ONNX Runtime follows them)."""
    import torch

    from models.runtime import limit_blas_threads

    torch.set_num_threads(threads)
    limit_blas_threads(threads)
    nlp = load_pipeline(model)
    if quantize and "encoder" in nlp.pipe_names:
        nlp.get_pipe("encoder").quantize()
    return nlp


def _line(doc_id: str, body: dict) -> str:
    return json.dumps({"id": doc_id, **body}, ensure_ascii=False)


def extract_items(nlp: Language, items: list[Item], max_chars: int) -> tuple[list[str], int]:
    """JSON lines for a batch, errors isolated per document, and the number of error lines."""
    extractor = Extractor(nlp)
    lines: dict[int, str] = {}
    failed: set[int] = set()
    ok: list[tuple[int, str, str]] = []
    for k, (doc_id, text, error) in enumerate(items):
        if error is not None:
            lines[k] = _line(doc_id, {"error": error})
            failed.add(k)
            continue
        try:
            ok.append((k, doc_id, check_text(text, max_chars)))
        except InputError as err:
            lines[k] = _line(doc_id, {"error": str(err)})
            failed.add(k)
    try:
        for (k, doc_id, _), document in zip(ok, extractor.extract_many([t for _, _, t in ok])):
            lines[k] = _line(doc_id, document)
    except Exception:  # one bad document: redo the batch one by one to isolate it
        for k, doc_id, text in ok:
            try:
                lines[k] = _line(doc_id, extractor.extract(text))
            except Exception as err:  # recorded in the output, the run goes on
                logger.warning("document %s failed: %s", doc_id, type(err).__name__)
                lines[k] = _line(doc_id, {"error": f"extraction failed: {type(err).__name__}"})
                failed.add(k)
    return [lines[k] for k in range(len(items))], len(failed)


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


BatchResult = tuple[list[str], int, int, float]  # lines, error lines, pid, peak RSS (MB)


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker process needs to extract, handed to it with every batch (picklable)."""

    model: str | None
    quantize: bool = True
    threads: int = 1
    max_chars: int = 1_000_000


def process_batch(job: tuple[WorkerSettings, list[Item]]) -> BatchResult:
    """Entry point in a worker process: one batch under the run's settings."""
    settings, items = job
    nlp = worker_pipeline(settings.model, settings.quantize, settings.threads)
    lines, errors = extract_items(nlp, items, settings.max_chars)
    return lines, errors, os.getpid(), peak_rss_mb()
