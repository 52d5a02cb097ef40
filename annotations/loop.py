"""The annotation loop: push articles with predictions to Label Studio, pull corrections into the corpus.

Pull is idempotent (an annotation already in the corpus with the same Label Studio id and
update time changes nothing), keeps history (a newer version of an annotation is added
beside the older one; the newest is the document's labels), skips cancelled/skipped tasks,
and leaves out a malformed annotation whole, with a reason, never half-written.
"""

from __future__ import annotations

import json
import logging
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from annotations.corpus import task_path, write_task
from annotations.label_config import label_config
from annotations.studio_format import FormatError, from_task, resolved_from_extraction, result_items

if TYPE_CHECKING:  # the SDK (and pandas with it) is imported only where a client is made, not by the service
    from annotations.studio_client import LabelStudio

logger = logging.getLogger(__name__)

SELECTIONS = ("uncertain", "random", "all")
_SLUG_RE = re.compile(r"[^a-z0-9-]+")


@dataclass
class Article:
    doc_id: str
    text: str
    title: str | None = None


def doc_id_for(path: Path) -> str:
    """A corpus id from a file name: lowercase letters, digits and '-'."""
    slug = _SLUG_RE.sub("-", path.stem.lower()).strip("-") or "article"
    return slug if slug.startswith("cs-") else f"ls-{slug}"[:64]


def read_articles(paths: Iterable[Path]) -> list[Article]:
    """Articles from .txt files, JSON files ({"text": ...} or corpus tasks) and folders of them."""
    out: list[Article] = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.suffix in {".txt", ".json"}) if path.is_dir() else [path]
        for f in files:
            if not f.is_file():
                raise ValueError(f"'{f}' does not exist")
            raw = f.read_text(encoding="utf-8")
            if f.suffix == ".json":
                data = json.loads(raw)
                data = data.get("data", data)
                text = data.get("text")
                if not isinstance(text, str):
                    raise ValueError(f"'{f}' has no text field")
                out.append(Article(str(data.get("doc_id") or data.get("id") or doc_id_for(f)), text, data.get("title")))
            else:
                out.append(Article(doc_id_for(f), raw, raw.strip().splitlines()[0][:200] if raw.strip() else None))
    return out


def document_score(extraction: dict[str, Any]) -> float:
    """How sure the model is of a document: the lowest confidence of its claims and actions (1.0 if none)."""
    confidences = [c["confidence"] for c in extraction["claims"]] + [s["confidence"] for s in extraction["sanctions"]]
    return min(confidences) if confidences else 1.0


def prediction(doc_id: str, text: str, extraction: dict[str, Any]) -> dict[str, Any]:
    """A Label Studio prediction (result, score, model_version) for one extraction."""
    return {
        "model_version": extraction["model"]["version"],
        "score": round(document_score(extraction), 4),
        "result": result_items(resolved_from_extraction(doc_id, text, extraction)),
    }


@dataclass
class PushReport:
    project_id: int
    pushed: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)


def push(client: LabelStudio, project: str, articles: list[Article], extract, select: str = "uncertain",
         limit: int | None = None, seed: int = 0) -> PushReport:
    """Create or reuse the project and import the articles as tasks with the model's predictions.

    `extract(texts)` returns SPEC documents. `uncertain` sends the least confident first.
    Articles whose doc_id is already a task of the project are not imported again.
    """
    if select not in SELECTIONS:
        raise ValueError(f"--select must be one of {', '.join(SELECTIONS)}")
    proj = client.ensure_project(project, label_config())
    existing = {str(t.get("data", {}).get("doc_id")) for t in client.tasks(proj["id"])}
    report = PushReport(project_id=proj["id"])
    fresh = [a for a in articles if a.doc_id not in existing]
    report.already_there = [a.doc_id for a in articles if a.doc_id in existing]
    extractions = extract([a.text for a in fresh])
    pairs = list(zip(fresh, extractions))
    if select == "uncertain":
        pairs.sort(key=lambda p: document_score(p[1]))
    elif select == "random":
        random.Random(seed).shuffle(pairs)
    if limit is not None:
        pairs = pairs[:limit]
    tasks = []
    for article, extraction in pairs:
        data = {"doc_id": article.doc_id, "text": article.text}
        if article.title:
            data["title"] = article.title
        tasks.append({"data": data, "predictions": [prediction(article.doc_id, article.text, extraction)]})
    if tasks:
        client.import_tasks(proj["id"], tasks)
    report.pushed = [t["data"]["doc_id"] for t in tasks]
    return report


@dataclass
class PullReport:
    imported: list[str] = field(default_factory=list)
    superseding: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    invalid: list[str] = field(default_factory=list)


def _annotator(annotation: dict[str, Any], users: dict[int, str]) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("id"))
    return users.get(who, str(who)) if isinstance(who, int) else str(who)


def _canonical(annotation: dict[str, Any], task: dict[str, Any], project_id: int, pulled_at: str,
               users: dict[int, str]) -> dict[str, Any]:
    return {
        "id": f"ls-{annotation.get('id')}",
        "completed_by": _annotator(annotation, users),
        "created_at": annotation.get("created_at"),
        "updated_at": annotation.get("updated_at") or annotation.get("created_at"),
        "was_cancelled": False,
        "ground_truth": bool(annotation.get("ground_truth")),
        "lead_time": annotation.get("lead_time"),
        "result": annotation.get("result") or [],
        "meta": {"source": "label_studio", "ls_project": project_id, "ls_task_id": task.get("id"),
                 "ls_annotation_id": annotation.get("id"), "pulled_at": pulled_at},
    }


def pull(client: LabelStudio, project: str, corpus_dir: Path) -> PullReport:
    """Merge the project's annotations into the corpus (see the module docstring for the rules)."""
    proj = client.find_project(project)
    if proj is None:
        raise ValueError(f"Label Studio has no project named '{project}'")
    report = PullReport()
    users = client.users()
    pulled_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for task in client.export(proj["id"]):
        data = task.get("data") or {}
        doc_id = str(data.get("doc_id") or f"ls-task-{task.get('id')}")
        done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not done:
            report.skipped += 1
            continue
        path = task_path(corpus_dir, doc_id)
        stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        if stored is not None and stored["data"]["text"] != data.get("text"):
            report.invalid.append(f"{doc_id}: the task's text differs from the corpus document's; not merged")
            continue
        target = stored or {"data": {k: v for k, v in data.items()}, "annotations": [], "predictions": []}
        target["data"]["doc_id"] = doc_id
        known = {(a.get("id"), a.get("updated_at")) for a in target["annotations"]}
        known_ids = {a.get("id") for a in target["annotations"]}
        changed = False
        for ann in sorted(done, key=lambda a: str(a.get("updated_at") or "")):
            record = _canonical(ann, task, proj["id"], pulled_at, users)
            if (record["id"], record["updated_at"]) in known:
                report.unchanged += 1
                continue
            try:
                from_task({"data": target["data"], "annotations": [record]})
            except FormatError as err:
                report.invalid.append(f"{doc_id} (annotation {ann.get('id')}): " + "; ".join(err.problems))
                continue
            (report.superseding if record["id"] in known_ids else report.imported).append(doc_id)
            target["annotations"].append(record)
            known.add((record["id"], record["updated_at"]))
            known_ids.add(record["id"])
            changed = True
        if changed:
            write_task(corpus_dir, target)
    return report
