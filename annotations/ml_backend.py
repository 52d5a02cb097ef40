"""Label Studio ML backend in the shape of LabelStudioMLBase: setup, predict, fit (no training on the request thread).

The service exposes it at /ls/health, /ls/setup, /ls/predict and /ls/webhook. Every request
builds a new instance, so nothing heavy happens in __init__: the pipeline is the service's,
loaded once per process. `fit` only records the event in the retrain queue; a retrain runs
in its own process (`claimscope annotate retrain`), one at a time (a lock file in DATA_DIR),
and `retrain_state` tells /readyz and /metrics whether one runs.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from spacy.language import Language

from annotations.loop import prediction
from models.extractor import Extractor
from models.pipeline import model_info

logger = logging.getLogger(__name__)

TRAINING_EVENTS = frozenset({"START_TRAINING"})
RECORDED_EVENTS = frozenset({"ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_DELETED", "START_TRAINING"})
QUEUE_FILE = "retrain-queue.jsonl"
RETRAIN_LOCK = "retrain.lock"


class ClaimscopeBackend:
    """Pre-annotations for Label Studio tasks from the loaded claimscope pipeline."""

    def __init__(self, nlp: Language, project_id: str | None = None, label_config: str | None = None) -> None:
        self.nlp = nlp
        self.project_id = project_id
        self.label_config = label_config
        self.model_version = ""

    def setup(self) -> dict[str, Any]:
        self.model_version = model_info(self.nlp)[1]
        return {"model_version": self.model_version}

    def predict(self, tasks: list[dict[str, Any]], context: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """One prediction per task: regions, relations and choices in the claimscope labeling config."""
        extractor = Extractor(self.nlp)
        version = extractor.version
        texts = [str((t.get("data") or {}).get("text") or "") for t in tasks]
        results = []
        for task, text, document in zip(tasks, texts, extractor.extract_many(texts)):
            doc_id = str((task.get("data") or {}).get("doc_id") or task.get("id") or "task")
            results.append(prediction(doc_id, text, document))
        logger.info("predicted %d task(s) with model %s", len(tasks), version)
        return {"results": results, "model_version": version}

    def fit(self, event: str, data: dict[str, Any], data_dir: Path, start_retrain: bool = False) -> dict[str, Any]:
        """Record the event; on a training event queue a retrain (and start it when configured)."""
        project = data.get("project") or {}
        job = {"id": uuid.uuid4().hex[:12], "event": event,
               "project": project.get("title") if isinstance(project, dict) else str(project),
               "task": (data.get("task") or {}).get("id") if isinstance(data.get("task"), dict) else None,
               "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        logger.info("annotation event %s task=%s", event, job["task"])
        if event not in TRAINING_EVENTS:
            return {"status": "recorded", "job": None}
        data_dir.mkdir(parents=True, exist_ok=True)
        with (data_dir / QUEUE_FILE).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(job) + "\n")
        if start_retrain and job["project"]:
            if start_retrain_process(data_dir, job["id"], retrain_command(job["project"])) == "busy":
                return {"status": "queued; a retrain is already running", "job": job["id"]}
        return {"status": "queued", "job": job["id"]}


def retrain_command(project: str) -> list[str]:
    """The command a webhook retrain runs."""
    return [sys.executable, "-m", "service.cli", "annotate", "retrain", "--project", project]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def retrain_state(data_dir: Path) -> dict[str, Any]:
    """Whether a webhook retrain runs now (its lock file names a live process); a stale lock is removed."""
    lock = data_dir / RETRAIN_LOCK
    try:
        pid = int(lock.read_text(encoding="utf-8").strip() or 0)
    except (FileNotFoundError, ValueError):
        return {"running": False, "pid": None}
    if pid and _alive(pid):
        return {"running": True, "pid": pid}
    lock.unlink(missing_ok=True)
    return {"running": False, "pid": None}


def start_retrain_process(data_dir: Path, job_id: str, command: list[str]) -> str:
    """Start one retrain at a time ("started"), or none when one runs ("busy").

    The lock file is created exclusively (safe across worker processes) and holds the child's
    pid; a thread waits for the child, closes its log and removes the lock when it ends.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    if retrain_state(data_dir)["running"]:
        return "busy"
    lock = data_dir / RETRAIN_LOCK
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return "busy"
    log = (data_dir / f"retrain-{job_id}.log").open("w", encoding="utf-8")
    try:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    except OSError:
        log.close()
        os.close(fd)
        lock.unlink(missing_ok=True)
        raise
    os.write(fd, str(proc.pid).encode())
    os.close(fd)

    def reap() -> None:
        proc.wait()
        log.close()
        lock.unlink(missing_ok=True)
        logger.info("retrain %s ended with exit code %s", job_id, proc.returncode)

    threading.Thread(target=reap, name=f"retrain-{job_id}", daemon=True).start()
    return "started"
