"""Claim threads: near-duplicate claims of different articles, joined as they arrive.

Two claims are near-duplicates when their cosine is at least the thread threshold (chosen on the
dev part of the matching set, `claimscope evaluate --task matching`: at 0.89 it joins the same quote
carried by other outlets and close rewordings, not loose paraphrases) and they come from different
articles. A thread is a connected group of near-duplicates; its id is the smallest claim row id in
it, so the first stored claim names the thread. A new claim joins the threads of its near-duplicates
among its `NEIGHBOURS` nearest stored claims; when it links two threads they merge. `recompute`
builds the same groups from scratch (used by `claimscope index rebuild`).
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.matching.index import VectorIndex
from service.matching.vectors import VectorRows
from service.storage.tables import ClaimRow, ClaimVector

NEIGHBOURS = 10


def assign(session: Session, index: VectorIndex, key: str, rows: list[ClaimRow], vectors: np.ndarray,
           threshold: float) -> list[int]:
    """Thread ids for the new claims of one article (not yet in the index); merges threads they link.

    The caller writes the new vectors with these thread ids and commits.
    """
    hits = index.search_many(vectors, NEIGHBOURS)
    near = {i for found in hits for i, score in found if score >= threshold}
    info = dict.fromkeys(near)
    if near:
        for row_id, article_id, thread in session.execute(
                select(ClaimVector.claim_row_id, ClaimVector.article_id, ClaimVector.thread_id)
                .where(ClaimVector.model_key == key, ClaimVector.claim_row_id.in_(near))).all():
            info[row_id] = (article_id, thread)
    out: list[int] = []
    for row, found in zip(rows, hits):
        linked = {info[i][1] for i, score in found
                  if score >= threshold and info.get(i) is not None and info[i][0] != row.article_id}
        thread = min(linked | {row.id})
        merged = linked - {thread}
        if merged:
            session.execute(update(ClaimVector).where(ClaimVector.model_key == key, ClaimVector.thread_id.in_(merged))
                            .values(thread_id=thread))
            for i, value in info.items():
                if value is not None and value[1] in merged:
                    info[i] = (value[0], thread)
        out.append(thread)
    return out


def recompute(session: Session, index: VectorIndex, key: str, rows: VectorRows, threshold: float) -> int:
    """Every thread from scratch over all vectors of one model; returns the number of changed rows."""
    ids = rows.ids
    position = {int(i): p for p, i in enumerate(ids)}
    parent = np.arange(len(ids))

    def root(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = int(parent[p])
        return p

    for p, found in enumerate(index.search_many(rows.vectors, NEIGHBOURS)):
        for i, score in found:
            q = position.get(i)
            if q is None or score < threshold or rows.article_ids[q] == rows.article_ids[p]:
                continue
            a, b = root(p), root(q)
            if a != b:
                parent[max(a, b)] = min(a, b)  # positions follow ids, so the root is the smallest id
    changed: dict[int, list[int]] = {}
    for p in range(len(ids)):
        thread = int(ids[root(p)])
        if thread != int(rows.threads[p]):
            changed.setdefault(thread, []).append(int(ids[p]))
    for thread, members in changed.items():
        for start in range(0, len(members), 500):
            session.execute(update(ClaimVector).where(ClaimVector.model_key == key,
                                                      ClaimVector.claim_row_id.in_(members[start : start + 500]))
                            .values(thread_id=thread))
    return sum(len(m) for m in changed.values())
