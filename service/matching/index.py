"""The nearest-neighbour index of claim vectors: exact below a size, HNSW (usearch) above, saved under DATA_DIR.

Vectors are unit length, so the score is the cosine (the dot product). Below `EXACT_BELOW`
vectors the index is a float32 matrix searched exactly (one matrix-vector product and a
partial sort); from there on it is a usearch HNSW graph with half-precision vectors, which
answers in about a millisecond at a million claims. Why usearch and why that size: the README's
"Claim matching" section and `make bench` (evaluation/bench_matching.py) give the measurements.

The index is a cache: the database holds every vector, and `manifest.json` records what the saved
index covers (embedding model, number of vectors, highest claim row id), so a missing, foreign or
stale index is rebuilt from the database.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EXACT_BELOW = 20_000  # exact search p95 stays under 5 ms up to here on 2 cores; HNSW above (README)
HNSW = {"connectivity": 16, "expansion_add": 64, "expansion_search": 400}  # search depth: README


@dataclass(frozen=True)
class Manifest:
    key: str
    dim: int
    count: int
    max_id: int
    backend: str


class VectorIndex:
    """Claim row id -> unit vector; `search` gives the nearest ids with their cosine."""

    def __init__(self, key: str, dim: int, exact_below: int = EXACT_BELOW) -> None:
        self.key = key
        self.dim = dim
        self.exact_below = exact_below
        self.lock = threading.RLock()
        self._ids = np.zeros(0, dtype=np.int64)  # exact backend
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._hnsw = None  # usearch.index.Index once the size crosses `exact_below`
        self.max_id = 0

    @property
    def backend(self) -> str:
        return "hnsw" if self._hnsw is not None else "exact"

    def __len__(self) -> int:
        return len(self._hnsw) if self._hnsw is not None else len(self._ids)

    def _new_hnsw(self):  # type: ignore[no-untyped-def]
        from usearch.index import Index

        return Index(ndim=self.dim, metric="ip", dtype="f16", **HNSW)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if not len(ids):
            return
        with self.lock:
            self.remove(ids)  # adding an id again replaces its vector
            if self._hnsw is None and len(self._ids) + len(ids) < self.exact_below:
                self._ids = np.concatenate([self._ids, ids])
                self._matrix = np.concatenate([self._matrix, vectors])
            else:
                if self._hnsw is None:  # crossing the size: move the matrix into a graph
                    self._hnsw = self._new_hnsw()
                    if len(self._ids):
                        self._hnsw.add(self._ids, self._matrix, threads=os.cpu_count() or 1)
                    self._ids = np.zeros(0, dtype=np.int64)
                    self._matrix = np.zeros((0, self.dim), dtype=np.float32)
                self._hnsw.add(ids, vectors, threads=os.cpu_count() or 1)
            self.max_id = max(self.max_id, int(ids.max()))

    def remove(self, ids: np.ndarray | list[int]) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids) or not len(self):
            return
        with self.lock:
            if self._hnsw is not None:
                for i in ids:
                    if int(i) in self._hnsw:
                        self._hnsw.remove(int(i))
            else:
                keep = ~np.isin(self._ids, ids)
                if not keep.all():
                    self._ids, self._matrix = self._ids[keep], self._matrix[keep]

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest ids, best first, with their cosine."""
        return self.search_many(np.asarray(query, dtype=np.float32).reshape(1, self.dim), k)[0]

    def search_many(self, queries: np.ndarray, k: int, block: int = 1024) -> list[list[tuple[int, float]]]:
        """`search` for many queries at once (blocks of matrix products, or the graph's threads)."""
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.dim)
        with self.lock:
            n = len(self)
            if n == 0 or k <= 0 or not len(queries):
                return [[] for _ in range(len(queries))]
            k = min(k, n)
            if self._hnsw is not None:
                found = self._hnsw.search(queries, k, threads=os.cpu_count() or 1)
                if len(queries) == 1:  # usearch answers a single query with one Matches, not a batch
                    return [[(int(key), float(1.0 - d)) for key, d in zip(found.keys, found.distances)]]
                return [[(int(key), float(1.0 - d)) for key, d, in zip(found.keys[i][: found.counts[i]],
                                                                     found.distances[i][: found.counts[i]])]
                        for i in range(len(queries))]
            out: list[list[tuple[int, float]]] = []
            for start in range(0, len(queries), block):
                scores = queries[start : start + block] @ self._matrix.T
                top = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (len(scores), 1))
                for row, cols in zip(scores, top):
                    cols = cols[np.argsort(-row[cols], kind="stable")]
                    out.append([(int(self._ids[c]), float(row[c])) for c in cols])
            return out

    # -- persistence -------------------------------------------------------------------------

    def manifest(self) -> Manifest:
        return Manifest(self.key, self.dim, len(self), self.max_id, self.backend)

    def save(self, folder: Path) -> None:
        """Write the index and its manifest (the manifest last, so a torn save reads as stale)."""
        folder.mkdir(parents=True, exist_ok=True)
        with self.lock:
            (folder / "manifest.json").unlink(missing_ok=True)
            if self._hnsw is not None:
                self._hnsw.save(str(folder / "index.usearch"))
            else:
                np.save(folder / "ids.npy", self._ids)
                np.save(folder / "vectors.npy", self._matrix)
            manifest = self.manifest()
        tmp = folder / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest.__dict__), encoding="utf-8")
        tmp.replace(folder / "manifest.json")

    @classmethod
    def load(cls, folder: Path, key: str, dim: int, exact_below: int = EXACT_BELOW) -> "VectorIndex | None":
        """The saved index, or None when it is missing, unreadable or of another model."""
        try:
            manifest = Manifest(**json.loads((folder / "manifest.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if manifest.key != key or manifest.dim != dim:
            return None
        index = cls(key, dim, exact_below)
        try:
            if manifest.backend == "hnsw":
                index._hnsw = index._new_hnsw()
                index._hnsw.load(str(folder / "index.usearch"))
            else:
                index._ids = np.load(folder / "ids.npy")
                index._matrix = np.load(folder / "vectors.npy")
        except (OSError, ValueError, RuntimeError):
            return None
        if len(index) != manifest.count:
            return None
        index.max_id = manifest.max_id
        return index


def folder_for(data_dir: str | Path, key: str) -> Path:
    """DATA_DIR/claim-index/<model key as a file name>."""
    from models.claim_embedder import file_name

    return Path(data_dir) / "claim-index" / file_name(key)


def embedder_cache(data_dir: str | Path, configured: str | None = None) -> str:
    """Where the claim embedder's ONNX export is kept: EMBEDDER_CACHE_DIR, else DATA_DIR/claim-index/embedder."""
    return configured or str(Path(data_dir) / "claim-index" / "embedder")


def service_embedder(settings: Any) -> Any:
    """The claim embedder the service uses (ONNX Runtime, int8 unless CLAIM_EMBEDDER_INT8=false); also for evaluation."""
    from models.claim_embedder import shared_embedder

    return shared_embedder(embedder_cache(settings.DATA_DIR, settings.EMBEDDER_CACHE_DIR), settings.CLAIM_EMBEDDER_INT8)
