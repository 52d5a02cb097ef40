"""Claim vectors in the database (the source of truth): write, read in id order, count, find the missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from service.storage.tables import ClaimRow, ClaimVector

READ_CHUNK = 20_000


@dataclass
class VectorRows:
    ids: np.ndarray  # claim row ids, int64
    article_ids: list[str]
    threads: np.ndarray  # thread ids, int64
    vectors: np.ndarray  # [n, dim] float32


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4", count=dim)


def write(session: Session, key: str, rows: list[ClaimRow], vectors: np.ndarray, threads: list[int]) -> None:
    """One vector per claim row that has none of this model yet (one INSERT for all); the caller commits."""
    if rows:
        session.execute(insert(ClaimVector), [
            {"claim_row_id": row.id, "model_key": key, "article_id": row.article_id, "vector": to_bytes(vector),
             "thread_id": int(thread)} for row, vector, thread in zip(rows, vectors, threads)])


def read(session: Session, key: str, dim: int, after_id: int = 0) -> Iterator[VectorRows]:
    """All vectors of one model with claim row id > after_id, in id order, in chunks."""
    last = after_id
    while True:
        chunk = session.execute(
            select(ClaimVector.claim_row_id, ClaimVector.article_id, ClaimVector.thread_id, ClaimVector.vector)
            .where(ClaimVector.model_key == key, ClaimVector.claim_row_id > last)
            .order_by(ClaimVector.claim_row_id).limit(READ_CHUNK)
        ).all()
        if not chunk:
            return
        yield VectorRows(
            ids=np.array([r[0] for r in chunk], dtype=np.int64), article_ids=[r[1] for r in chunk],
            threads=np.array([r[2] for r in chunk], dtype=np.int64),
            vectors=np.stack([from_bytes(r[3], dim) for r in chunk]).astype(np.float32),
        )
        last = int(chunk[-1][0])


def count(session: Session, key: str) -> tuple[int, int]:
    """(number of vectors, highest claim row id) of one model."""
    n, top = session.execute(select(func.count(), func.max(ClaimVector.claim_row_id))
                             .where(ClaimVector.model_key == key)).one()
    return int(n or 0), int(top or 0)


def missing(session: Session, key: str, limit: int = 1_000) -> list[ClaimRow]:
    """Claim rows that have no vector of this model yet, oldest first."""
    has = select(ClaimVector.claim_row_id).where(ClaimVector.model_key == key)
    return list(session.scalars(select(ClaimRow).where(ClaimRow.id.not_in(has)).order_by(ClaimRow.id).limit(limit)))


def count_missing(session: Session, key: str) -> int:
    has = select(ClaimVector.claim_row_id).where(ClaimVector.model_key == key)
    return int(session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.id.not_in(has))) or 0)

