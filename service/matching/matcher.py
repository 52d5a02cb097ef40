"""ClaimMatcher: one process's claim embedder and vector index over the stored claims.

It embeds the claims of each stored article (`on_stored`), answers "which stored claims say
this?" (`similar`, `match`) and gives a claim's thread (`thread`). The database is the source of
truth: `open` loads the saved index when it covers the database, else rebuilds it from the stored
vectors; `sync` picks up claims stored by other worker processes before each search; `rebuild`
(`claimscope index rebuild`) embeds claims that have no vector yet, rebuilds the index and
recomputes every thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import numpy as np
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.claim_embedder import ClaimEmbedder
from service.matching import threads, vectors
from service.matching.index import EXACT_BELOW, VectorIndex, folder_for
from service.storage.repository import claimant_contains
from service.storage.tables import Article, ClaimRow, ClaimVector, Extraction

logger = logging.getLogger(__name__)

# Chosen on the dev part of the matching set by `claimscope evaluate --task matching` (a test checks
# these equal what it chooses): the cosine at which `match` counts a stored claim as the same claim
# (best F1 of the best match, with never-said claims in the set), and the stricter cosine at which
# threads join claims (best matches right at least 90% of the time, since joins are transitive).
MATCH_THRESHOLD = 0.73
THREAD_THRESHOLD = 0.92
CANDIDATES = 10_000  # filtered search looks at most at this many nearest claims


@dataclass
class Hit:
    id: int
    score: float
    content: str
    claimant: str
    claimant_entity: str | None
    type: str
    article_id: str
    claim_id: str
    title: str | None
    url: str | None
    published: str | None
    stored_at: datetime
    thread_id: int

    @property
    def seen(self) -> str:
        """The date the claim was first reported by its article: published, else stored."""
        return self.published or self.stored_at.isoformat()


@dataclass
class Thread:
    id: int
    members: list[Hit] = field(default_factory=list)

    @property
    def first_seen(self) -> str | None:
        return self.members[0].seen if self.members else None

    @property
    def articles(self) -> int:
        return len({m.article_id for m in self.members})

    @property
    def outlets(self) -> list[str]:
        hosts = {outlet_of(m.url) for m in self.members}
        return sorted(h for h in hosts if h)

    @property
    def claimants(self) -> list[str]:
        return sorted({m.claimant_entity or m.claimant for m in self.members})


def outlet_of(url: str | None) -> str | None:
    """'reuters.com' from 'https://www.reuters.com/world/...'."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


@dataclass
class Filters:
    claimant: str | None = None
    type: str | None = None
    since: str | None = None  # ISO date: published (else stored) on or after

    @property
    def active(self) -> bool:
        return bool(self.claimant or self.type or self.since)


class ClaimMatcher:
    def __init__(self, embedder: ClaimEmbedder, data_dir: str | Path, threshold: float = MATCH_THRESHOLD,
                 thread_threshold: float = THREAD_THRESHOLD, exact_below: int = EXACT_BELOW) -> None:
        self.embedder = embedder
        self.key = embedder.key
        self.threshold = threshold
        self.thread_threshold = thread_threshold
        self.folder = folder_for(data_dir, self.key)
        self.index = VectorIndex(self.key, embedder.dim, exact_below)
        self.exact_below = exact_below

    # -- keeping the index in step with the database ---------------------------------------

    def open(self, session: Session) -> str:
        """Load the saved index if it covers the database, else rebuild it from the stored vectors."""
        n, top = vectors.count(session, self.key)
        saved = VectorIndex.load(self.folder, self.key, self.embedder.dim, self.exact_below)
        if saved is not None and saved.max_id <= top:
            self.index = saved
            self.sync(session)
            if len(self.index) == n:
                return "loaded"
        self.index = self._from_database(session)
        self.save()
        return "rebuilt"

    def _from_database(self, session: Session) -> VectorIndex:
        index = VectorIndex(self.key, self.embedder.dim, self.exact_below)
        for chunk in vectors.read(session, self.key, self.embedder.dim):
            index.add(chunk.ids, chunk.vectors)
        return index

    def sync(self, session: Session) -> int:
        """Add vectors stored by other processes since this index last looked; returns how many."""
        newest = session.scalar(select(func.max(ClaimVector.claim_row_id)))  # the primary key's index: cheap
        if newest is None or newest <= self.index.max_id:
            return 0
        added = 0
        for chunk in vectors.read(session, self.key, self.embedder.dim, after_id=self.index.max_id):
            self.index.add(chunk.ids, chunk.vectors)
            added += len(chunk.ids)
        return added

    def save(self) -> None:
        try:
            self.index.save(self.folder)
        except OSError as err:  # the index is a cache: the next start rebuilds it
            logger.warning("claim index not saved", extra={"error": str(err), "folder": str(self.folder)})

    def embed_document(self, document: dict[str, Any]) -> dict[str, np.ndarray]:
        """Claim id -> vector of its content, for the claims of one SPEC document (before storing it)."""
        claims = document.get("claims", [])
        return dict(zip([c["id"] for c in claims], self.embedder.embed([c["content"]["text"] for c in claims])))

    def on_stored(self, session: Session, extraction: Extraction,
                  embedded: dict[str, np.ndarray] | None = None) -> int:
        """Vectors and threads for the claims of a newly stored extraction, added to the index; commits.

        `embedded` (from `embed_document`) saves embedding them again; claims missing from it are embedded here.
        """
        rows = list(session.scalars(select(ClaimRow).where(ClaimRow.extraction_id == extraction.id)
                                    .order_by(ClaimRow.id)))
        have = set(session.scalars(select(ClaimVector.claim_row_id).where(
            ClaimVector.model_key == self.key, ClaimVector.claim_row_id.in_([r.id for r in rows]))))
        rows = [r for r in rows if r.id not in have]
        if not rows:
            return 0
        embedded = embedded or {}
        todo = [r for r in rows if r.claim_id not in embedded]
        fresh = dict(zip([r.claim_id for r in todo], self.embedder.embed([r.content for r in todo])))
        found = np.stack([embedded.get(r.claim_id, fresh.get(r.claim_id)) for r in rows]).astype(np.float32)
        self.sync(session)
        with self.index.lock:
            thread_ids = threads.assign(session, self.index, self.key, rows, found, self.thread_threshold)
            try:
                vectors.write(session, self.key, rows, found, thread_ids)
                session.commit()
            except IntegrityError:  # another process stored the same article's vectors first
                session.rollback()
                return 0
            self.index.add(np.array([r.id for r in rows]), found)
        return len(rows)

    def rebuild(self, session: Session, progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
        """Embed every claim without a vector, rebuild the index from the database, recompute threads."""
        started = time.perf_counter()
        embedded = 0
        while batch := vectors.missing(session, self.key, limit=512):
            found = self.embedder.embed([r.content for r in batch])
            vectors.write(session, self.key, batch, found, [r.id for r in batch])
            session.commit()
            embedded += len(batch)
            progress(f"embedded {embedded} claims")
        embed_s = time.perf_counter() - started
        chunks = list(vectors.read(session, self.key, self.embedder.dim))
        rows = vectors.VectorRows(
            ids=np.concatenate([c.ids for c in chunks]) if chunks else np.zeros(0, dtype=np.int64),
            article_ids=[a for c in chunks for a in c.article_ids],
            threads=np.concatenate([c.threads for c in chunks]) if chunks else np.zeros(0, dtype=np.int64),
            vectors=np.concatenate([c.vectors for c in chunks]) if chunks else np.zeros((0, self.embedder.dim)),
        )
        index = VectorIndex(self.key, self.embedder.dim, self.exact_below)
        index.add(rows.ids, rows.vectors)
        build_s = time.perf_counter() - started - embed_s
        changed = threads.recompute(session, index, self.key, rows, self.thread_threshold)
        session.commit()
        self.index = index
        self.save()
        return {"model": self.key, "claims": len(index), "embedded": embedded, "threads_changed": changed,
                "backend": index.backend, "embed_s": round(embed_s, 1), "index_s": round(build_s, 1),
                "total_s": round(time.perf_counter() - started, 1)}

    def status(self, session: Session) -> dict[str, Any]:
        n, top = vectors.count(session, self.key)
        return {"model": self.key, "stored_vectors": n, "claims_without_vector": vectors.count_missing(session, self.key),
                "index_size": len(self.index), "backend": self.index.backend, "folder": str(self.folder),
                "match_threshold": self.threshold, "thread_threshold": self.thread_threshold}

    # -- questions ----------------------------------------------------------------------------

    def _hits(self, session: Session, scored: list[tuple[int, float]], filters: Filters) -> list[Hit]:
        """Stored claims for index hits, in score order, filtered; hits whose claim is gone are dropped."""
        if not scored:
            return []
        ids = [i for i, _ in scored]
        query = (select(ClaimRow, ClaimVector.thread_id, Article.title, Article.url, Article.published,
                        Article.created_at)
                 .join(ClaimVector, and_(ClaimVector.claim_row_id == ClaimRow.id, ClaimVector.model_key == self.key))
                 .join(Article, Article.id == ClaimRow.article_id)
                 .where(ClaimRow.id.in_(ids)))
        if filters.claimant:
            query = query.where(claimant_contains(filters.claimant))
        if filters.type:
            query = query.where(ClaimRow.type == filters.type)
        if filters.since:
            query = query.where(or_(Article.published >= filters.since,
                                    and_(Article.published.is_(None), Article.created_at >= _day(filters.since))))
        found = {row.id: (row, thread, title, url, published, created)
                 for row, thread, title, url, published, created in session.execute(query).all()}
        if not filters.active:
            gone = [i for i in ids if i not in found]
            if gone:  # replaced by a newer extraction (possibly in another process)
                self.index.remove(gone)
        out = []
        for i, score in scored:
            if i in found:
                row, thread, title, url, published, created = found[i]
                out.append(Hit(id=row.id, score=round(min(1.0, score), 4), content=row.content,
                               claimant=row.claimant, claimant_entity=row.claimant_entity, type=row.type,
                               article_id=row.article_id, claim_id=row.claim_id, title=title, url=url,
                               published=published, stored_at=created, thread_id=thread))
        return out

    def nearest(self, session: Session, vector: np.ndarray, k: int, filters: Filters | None = None,
                min_score: float | None = None) -> list[Hit]:
        """The k stored claims nearest to a vector (at least `min_score`), after the filters."""
        filters = filters or Filters()
        want = min(len(self.index), max(k * 10, 100) if filters.active else k)
        while True:
            scored = self.index.search(vector, want)
            if min_score is not None:
                scored = [(i, s) for i, s in scored if s >= min_score]
            hits = self._hits(session, scored, filters)
            exhausted = want >= min(len(self.index), CANDIDATES) or (min_score is not None and len(scored) < want)
            if len(hits) >= k or exhausted:
                return hits[:k]
            want = min(want * 4, len(self.index), CANDIDATES)

    def similar(self, session: Session, text: str, k: int, filters: Filters | None = None) -> list[Hit]:
        self.sync(session)
        return self.nearest(session, self.embedder.embed([text])[0], k, filters)

    def match(self, session: Session, texts: list[str], k: int, threshold: float | None = None) -> list[list[Hit]]:
        """For each text, its stored claims at or above the threshold (at most k, best first)."""
        self.sync(session)
        limit = self.threshold if threshold is None else threshold
        return [self.nearest(session, v, k, min_score=limit) for v in self.embedder.embed(texts)]

    def thread(self, session: Session, claim_row_id: int) -> Thread | None:
        """The thread of a stored claim: its members in time order; None if the claim has no vector."""
        thread_id = session.scalar(select(ClaimVector.thread_id).where(
            ClaimVector.claim_row_id == claim_row_id, ClaimVector.model_key == self.key))
        if thread_id is None:
            return None
        members = {i: vectors.from_bytes(v, self.embedder.dim) for i, v in session.execute(
            select(ClaimVector.claim_row_id, ClaimVector.vector).where(
                ClaimVector.model_key == self.key, ClaimVector.thread_id == thread_id)).all()}
        mine = members[claim_row_id]  # the claim asked about is a member of its own thread
        scored = [(i, float(v @ mine)) for i, v in members.items()]
        hits = self._hits(session, scored, Filters())
        hits.sort(key=lambda h: (h.seen, h.id))
        return Thread(thread_id, hits)


def _day(value: str) -> datetime:
    """A datetime for comparing with stored_at ('2026-03-01' -> midnight UTC)."""
    from datetime import timezone

    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
