"""The canonical corpus on disk: building it from authoring files, loading, validating and splitting it.

`annotations/corpus/<doc_id>.json` holds one Label Studio task per document. The split keeps
whole groups together (writer batches, else events; `annotations/splits.json`), so dev and test
measure documents by other writers about other events, not the training set's habits.
Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator

from annotations.authoring import AuthoringError, iter_source_files, load_source, resolve
from annotations.consistency import consistency_problems
from annotations.studio_format import CorpusDoc, FormatError, from_task, to_task

SPLITS: tuple[str, ...] = ("train", "dev", "test")
SOURCE_ANNOTATOR = "authoring"
REVIEW_ANNOTATOR = "review"
AUTHORING_TIME = "2026-01-01T00:00:00Z"
SPLIT_FILE = Path(__file__).resolve().parent / "splits.json"
_BATCH_RE = re.compile(r"^cs-([a-z]+)-\d+$")


def batch_of(doc_id: str) -> str | None:
    """The writer batch of an authored document (`cs-<batch>-<n>`), else None."""
    m = _BATCH_RE.match(doc_id)
    return m.group(1) if m else None


def group_of(doc_id: str, event: str | None = None) -> str:
    """The unit a split never cuts: the writer batch, else the event, else the document."""
    batch = batch_of(doc_id)
    return f"batch:{batch}" if batch else f"event:{event}" if event else f"doc:{doc_id}"


def split_assignment(path: Path = SPLIT_FILE) -> dict[str, str]:
    """Group -> split from `annotations/splits.json` (`{"train": ["batch:a", ...], ...}`)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {group: split for split in SPLITS for group in data.get(split, [])}


def _hash_split(key: str) -> str:
    """train / dev / test by the first bytes of sha256(key): 70/15/15."""
    bucket = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def split_of(doc_id: str, event: str | None = None, assignment: dict[str, str] | None = None) -> str:
    """The split of a document: its group's entry in splits.json, else a stable hash of the group.

    Groups are writer batches (so a writer's habits never leak from train into dev or test)
    and, for documents from outside the batches, events; batches cover disjoint events.
    """
    group = group_of(doc_id, event)
    table = split_assignment() if assignment is None else assignment
    return table.get(group) or _hash_split(group)


def task_path(corpus_dir: Path, doc_id: str) -> Path:
    return corpus_dir / f"{doc_id}.json"


def write_task(corpus_dir: Path, task: dict[str, Any]) -> Path:
    """Write one task atomically (temp file, then rename)."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    path = task_path(corpus_dir, task["data"]["doc_id"])
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(task, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def build_corpus(source_dir: Path, corpus_dir: Path, review_dir: Path | None = None) -> int:
    """Resolve every authoring file and (re)write its task; annotations pulled from Label Studio are kept.

    Where a second-pass file exists at the same relative path under `review_dir` (default:
    `annotations/review` beside the source folder), it is the document's labels. A task that
    already carries annotations from Label Studio keeps them: only the authoring annotation
    is replaced (see annotations/loop history).
    """
    review_dir = review_dir if review_dir is not None else source_dir.parent / "review"
    errors: list[str] = []
    written = 0
    seen: dict[str, Path] = {}
    for path in iter_source_files([source_dir]):
        reviewed = review_dir / path.relative_to(source_dir)
        chosen, annotation_pass = (reviewed, 2) if reviewed.is_file() else (path, 1)
        try:
            resolved = resolve(load_source(chosen))
        except AuthoringError as err:
            errors.append(f"{chosen}: {err}")
            continue
        if resolved.id in seen:
            errors.append(f"{chosen}: id {resolved.id!r} is also used by {seen[resolved.id]}")
            continue
        seen[resolved.id] = chosen
        task = to_task(resolved, annotator=SOURCE_ANNOTATOR if annotation_pass == 1 else REVIEW_ANNOTATOR,
                       created_at=AUTHORING_TIME)
        task["annotations"][0]["meta"]["pass"] = annotation_pass
        existing = task_path(corpus_dir, resolved.id)
        if existing.is_file():
            old = json.loads(existing.read_text(encoding="utf-8"))
            others = [a for a in old.get("annotations", []) if (a.get("meta") or {}).get("source") != "authoring"]
            task["annotations"].extend(others)
            for key in ("id", "meta"):
                if key in old:
                    task[key] = old[key]
        write_task(corpus_dir, task)
        written += 1
    if errors:
        raise ValueError(f"{len(errors)} authoring file(s) failed:\n" + "\n".join(errors))
    return written


def iter_tasks(corpus_dir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(path, task) for every task file, sorted by name."""
    if not corpus_dir.is_dir():
        raise ValueError(f"corpus folder '{corpus_dir}' does not exist")
    for path in sorted(corpus_dir.glob("*.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def load_corpus(corpus_dir: Path, split: str | None = None) -> list[CorpusDoc]:
    """Every valid document (of one split, if given); an invalid task raises FormatError."""
    docs = []
    table = split_assignment()
    for _, task in iter_tasks(corpus_dir):
        doc = from_task(task)
        if split is None or split_of(doc.id, doc.meta.get("event"), table) == split:
            docs.append(doc)
    return docs


def validate_corpus(corpus_dir: Path) -> tuple[int, list[str]]:
    """(number of tasks, list of error lines) for the whole corpus folder."""
    errors: list[str] = []
    n = 0
    ids: dict[str, Path] = {}
    table = split_assignment()
    event_splits: dict[str, set[str]] = {}
    try:
        tasks = list(iter_tasks(corpus_dir))
    except (ValueError, json.JSONDecodeError) as err:
        return 0, [str(err)]
    for path, task in tasks:
        n += 1
        try:
            doc = from_task(task)
        except FormatError as err:
            errors.extend(f"{path.name}: {p}" for p in err.problems)
            continue
        if doc.id in ids:
            errors.append(f"{path.name}: doc_id {doc.id!r} is also used by {ids[doc.id].name}")
        ids[doc.id] = path
        if path.stem != doc.id:
            errors.append(f"{path.name}: file name does not match doc_id {doc.id!r}")
        for s, e, _ in doc.entities:
            if doc.text[s:e] != doc.text[s:e].strip():
                errors.append(f"{path.name}: entity {doc.text[s:e]!r} has surrounding white space")
        spans = sorted((s, e) for s, e, _ in doc.entities)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"{path.name}: entity mentions {doc.text[s1:e1]!r} and {doc.text[s2:e2]!r} overlap")
        errors.extend(f"{path.name}: {problem}" for problem in consistency_problems(doc))
        if doc.meta.get("event"):
            event_splits.setdefault(doc.meta["event"], set()).add(split_of(doc.id, doc.meta["event"], table))
    for event, splits in sorted(event_splits.items()):
        if len(splits) > 1:
            errors.append(f"event {event!r} crosses the splits {sorted(splits)}: move its batches into one split")
    return n, errors
