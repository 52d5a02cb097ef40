"""The canonical corpus on disk: building it from authoring files, loading, validating and splitting it.

`annotations/corpus/<doc_id>.json` holds one Label Studio task per document. The split is
fixed by a hash of the document id (70/15/15), so it stays stable as documents are added.
Standard library only.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterator

from annotations.authoring import AuthoringError, iter_source_files, load_source, resolve
from annotations.consistency import consistency_problems
from annotations.studio_format import CorpusDoc, FormatError, from_task, to_task

SPLITS: tuple[str, ...] = ("train", "dev", "test")
SOURCE_ANNOTATOR = "authoring"
REVIEW_ANNOTATOR = "review"
AUTHORING_TIME = "2026-01-01T00:00:00Z"


def split_of(doc_id: str) -> str:
    """train / dev / test by the first bytes of sha256(doc_id): 70/15/15."""
    bucket = int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:4], "big") % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


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
    for _, task in iter_tasks(corpus_dir):
        doc = from_task(task)
        if split is None or split_of(doc.id) == split:
            docs.append(doc)
    return docs


def validate_corpus(corpus_dir: Path) -> tuple[int, list[str]]:
    """(number of tasks, list of error lines) for the whole corpus folder."""
    errors: list[str] = []
    n = 0
    ids: dict[str, Path] = {}
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
    return n, errors
