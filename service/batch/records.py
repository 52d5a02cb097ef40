"""Batch inputs (a folder of .txt/.html files, or a JSONL of {"id", "text"|"html", ...}) and resumable outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from models.html_text import html_to_text

INPUT_SUFFIXES = {".txt", ".html", ".htm"}


@dataclass
class Record:
    """One document to extract: its id, its text, or the reason it cannot be read."""

    id: str
    text: str | None
    error: str | None = None


def iter_records(source: Path) -> Iterator[Record]:
    """Documents of a folder (ids are relative paths without suffix) or of a JSONL file (ids from `id`)."""
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES and p.is_file()):
            doc_id = path.relative_to(source).with_suffix("").as_posix()
            try:
                raw = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as err:
                yield Record(doc_id, None, f"not valid UTF-8 (byte {err.start})")
                continue
            yield Record(doc_id, html_to_text(raw) if path.suffix.lower() in {".html", ".htm"} else raw)
        return
    with source.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                yield Record(f"line-{n}", None, f"line {n} is not valid JSON")
                continue
            if not isinstance(obj, dict) or "id" not in obj:
                yield Record(f"line-{n}", None, f"line {n} has no id")
                continue
            doc_id = str(obj["id"])
            if isinstance(obj.get("text"), str):
                yield Record(doc_id, obj["text"])
            elif isinstance(obj.get("html"), str):
                yield Record(doc_id, html_to_text(obj["html"]))
            else:
                yield Record(doc_id, None, "no text or html field")


def finished_ids(out: Path) -> set[str]:
    """Ids already written to `out`; a torn last line (a killed run) is cut off first."""
    if not out.is_file():
        return set()
    data = out.read_bytes()
    keep = data if data.endswith(b"\n") or not data else data[: data.rfind(b"\n") + 1]
    ids: set[str] = set()
    good = bytearray()
    for line in keep.splitlines(keepends=True):
        try:
            ids.add(str(json.loads(line)["id"]))
            good += line
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a torn line in the middle: dropped, its document is extracted again
    if bytes(good) != data:
        tmp = out.with_suffix(out.suffix + ".tmp")
        tmp.write_bytes(bytes(good))
        tmp.replace(out)
    return ids
