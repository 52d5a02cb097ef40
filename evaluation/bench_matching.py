"""Claim-matching benchmarks (`make bench`): similar-claim latency at 100,000 stored claims, index build
time and memory at 100,000 and 1,000,000 claims, and what embedding adds to storing an article.

- `store`: POST /v1/articles for the realnews-dev texts into a fresh database, claim matching on
  against off (same model, same process, in-process client); median ms per article and the ratio.
- `similar`: a generator fills a fresh SQLite store with N claims (articles of ten claims; vectors
  are real MiniLM embeddings of a few hundred generated claims plus noise, so the index holds N
  distinct vectors), then GET /v1/claims/similar with generated claim texts: p50/p95/p99 ms.
- `index`: for N random-but-clustered unit vectors, each backend's build time, resident memory,
  query p95 and near-duplicate recall@1 against exact search, each in its own process.

Run: `python -m evaluation.bench_matching [--claims 100000] [--index-sizes 100000,1000000]`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

DIM = 384
SUBJECTS = ["Russia", "The Kremlin", "Iran's foreign ministry", "China", "The European Union", "The US Treasury",
            "Ukraine's president", "North Korea", "Hungary", "The UN rights office", "Israel", "Venezuela's government"]
VERBS = ["denied", "rejected claims that it", "warned that it would respond if", "said it had", "accused rivals of",
         "called on allies to", "estimated that", "declared that"]
OBJECTS = ["supplied drones to Moscow", "frozen assets worth billions", "evaded the oil price cap",
           "violated the sanctions regime", "targeted civilians in the north", "stopped the grain shipments",
           "sanctioned twelve banks", "used forced labour in the cotton industry", "committed genocide",
           "damaged the undersea cable", "shipped munitions by rail", "detained the journalists"]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def generated_claims(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [f"{SUBJECTS[a]} {VERBS[b]} {OBJECTS[c]}" for a, b, c in
            zip(rng.integers(0, len(SUBJECTS), n), rng.integers(0, len(VERBS), n), rng.integers(0, len(OBJECTS), n))]


def clustered_vectors(n: int, seed: int = 0, base: np.ndarray | None = None) -> np.ndarray:
    """n distinct unit vectors around `base` (real embeddings) or random centres."""
    rng = np.random.default_rng(seed)
    centres = base if base is not None else rng.standard_normal((2_000, DIM)).astype(np.float32)
    centres = centres / np.linalg.norm(centres, axis=1, keepdims=True)
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        noise = rng.standard_normal((m, DIM)).astype(np.float32) * (0.5 / np.sqrt(DIM))  # about 0.5 long
        block = centres[rng.integers(0, len(centres), m)] + noise
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


# -- index build, in a child process per backend and size --------------------------------------

class _Faiss:
    """FAISS's HNSW with the same graph settings, for the comparison only (faiss-cpu is not a dependency)."""

    backend = "faiss-hnsw"

    def __init__(self) -> None:
        import faiss

        from service.matching.index import HNSW

        faiss.omp_set_num_threads(os.cpu_count() or 1)
        self.graph = faiss.IndexHNSWFlat(DIM, HNSW["connectivity"], faiss.METRIC_INNER_PRODUCT)
        self.graph.hnsw.efConstruction = HNSW["expansion_add"]
        self.graph.hnsw.efSearch = HNSW["expansion_search"]
        self.index = faiss.IndexIDMap(self.graph)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self.index.add_with_ids(vectors, ids.astype(np.int64))

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        scores, ids = self.index.search(query[None, :], k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0])]

    def save(self, folder: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(folder / "index.faiss"))


def _index_child(n: int, exact_below: int, queue: Any) -> None:
    from service.matching.index import VectorIndex

    data = clustered_vectors(n, seed=1)
    rng = np.random.default_rng(2)
    picks = rng.integers(0, n, 300)
    queries = data[picks] + 0.02 * rng.standard_normal((300, DIM)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    before = _rss_mb()
    started = time.perf_counter()
    index: Any = _Faiss() if exact_below < 0 else VectorIndex("bench", DIM, exact_below=exact_below)
    for s in range(0, n, 100_000):
        index.add(np.arange(s + 1, min(n, s + 100_000) + 1), data[s : s + 100_000])
    build_s = time.perf_counter() - started
    memory = _rss_mb() - before
    latencies, right = [], 0
    for q, pick in zip(queries, picks):
        t = time.perf_counter()
        found = index.search(q, 10)
        latencies.append((time.perf_counter() - t) * 1000)
        right += found[0][0] == pick + 1
    folder = Path(tempfile.mkdtemp())
    index.save(folder)
    disk = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    queue.put({"claims": n, "backend": index.backend, "build_s": round(build_s, 1), "memory_mb": round(memory),
               "disk_mb": round(disk), "query_p50_ms": round(statistics.median(latencies), 2),
               "query_p95_ms": round(float(np.percentile(latencies, 95)), 2),
               "near_duplicate_recall@1": round(right / len(picks), 4)})


def index_bench(sizes: list[int]) -> list[dict[str, Any]]:
    from service.matching.index import EXACT_BELOW

    out = []
    ctx = mp.get_context("spawn")
    for n in sizes:
        try:
            import faiss  # noqa: F401

            configurations: tuple[int, ...] = (10**12, 0, -1)  # exact, usearch HNSW, FAISS HNSW
        except ImportError:
            configurations = (10**12, 0)
        for exact_below in configurations:
            if exact_below == 10**12 and n > EXACT_BELOW * 5:
                continue  # exact at a million claims: ~1.5 GB and ~100 ms a query; not a configuration we run
            queue = ctx.Queue()
            proc = ctx.Process(target=_index_child, args=(n, exact_below, queue))
            proc.start()
            try:
                out.append(queue.get(timeout=3_600))
            except Exception:  # the child died (its traceback is on stderr) or hung
                out.append({"claims": n, "configuration": exact_below, "error": f"exit code {proc.exitcode}"})
            proc.join(60)
            print(json.dumps(out[-1]), flush=True)
    return out


# -- a filled store and the similar-claims API ---------------------------------------------------

def fill_store(engine: Any, key: str, n_claims: int, base: np.ndarray) -> None:
    """n_claims claims in articles of ten, with vectors, written in bulk (a generator, not extraction)."""
    from sqlalchemy import insert

    from service.matching.vectors import to_bytes
    from service.storage.tables import Article, ClaimRow, ClaimVector, Extraction

    texts = generated_claims(n_claims, seed=3)
    vectors = clustered_vectors(n_claims, seed=4, base=base)
    now = datetime.now(timezone.utc)
    per_article = 10
    with engine.begin() as conn:
        for start in range(0, n_claims, 10_000):
            stop = min(n_claims, start + 10_000)
            arts = range(start // per_article, (stop - 1) // per_article + 1)
            conn.execute(insert(Article), [{"id": f"gen{a:08d}", "content_hash": f"{a:064d}", "text": "generated",
                                            "title": f"Generated article {a}", "url": f"https://outlet{a % 50}.example/{a}",
                                            "published": f"2026-{1 + a % 12:02d}-{1 + a % 28:02d}", "created_at": now}
                                           for a in arts])
            conn.execute(insert(Extraction), [{"id": a + 1, "article_id": f"gen{a:08d}", "model_name": "generated",
                                               "model_version": "0", "created_at": now, "document": {}, "current": True}
                                              for a in arts])
            conn.execute(insert(ClaimRow), [{"id": i + 1, "extraction_id": i // per_article + 1,
                                             "article_id": f"gen{i // per_article:08d}", "claim_id": f"C{i % per_article + 1}",
                                             "type": "statement", "quote": "indirect", "content": texts[i],
                                             "claimant": texts[i].split(" ")[0], "claimant_entity": None, "cue": "said",
                                             "confidence": 0.9} for i in range(start, stop)])
            conn.execute(insert(ClaimVector), [{"claim_row_id": i + 1, "model_key": key,
                                                "article_id": f"gen{i // per_article:08d}", "vector": to_bytes(vectors[i]),
                                                "thread_id": i + 1} for i in range(start, stop)])


def similar_bench(n_claims: int, queries: int = 300) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from models.pipeline import build_rule_pipeline
    from service.api.deps import get_nlp
    from service.core.config import Settings
    from service.main import create_app, open_matcher, open_storage
    from service.matching.index import service_embedder

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(AUTH_MODE="open", DATA_DIR=data_dir, RATE_LIMIT_PER_MINUTE=10**6, ALLOWED_HOSTS=["testserver"])
        embedder = service_embedder(settings)
        base = embedder.embed(sorted(set(generated_claims(2_000, seed=5))))
        app = create_app(settings)
        nlp = build_rule_pipeline()
        app.dependency_overrides[get_nlp] = lambda: nlp
        open_storage(app, settings)
        started = time.perf_counter()
        fill_store(app.state.engine, embedder.key, n_claims, base)
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        app.state.matcher = open_matcher(app, settings)
        open_s = time.perf_counter() - started
        client = TestClient(app)
        texts = generated_claims(queries, seed=9)
        client.get("/v1/claims/similar", params={"text": texts[0]})
        latencies = []
        for text in texts:
            t = time.perf_counter()
            r = client.get("/v1/claims/similar", params={"text": text, "k": 10})
            latencies.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200 and len(r.json()["items"]) == 10
        filtered = []
        for text in texts[:100]:
            t = time.perf_counter()
            client.get("/v1/claims/similar", params={"text": text, "k": 10, "claimant": "Iran"})
            filtered.append((time.perf_counter() - t) * 1000)
        app.state.engine.dispose()
    return {"claims": n_claims, "backend": app.state.matcher.index.backend, "fill_s": round(fill_s, 1),
            "index_open_s": round(open_s, 1),
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(float(np.percentile(latencies, 95)), 1),
            "p99_ms": round(float(np.percentile(latencies, 99)), 1),
            "filtered_p95_ms": round(float(np.percentile(filtered, 95)), 1)}


def store_bench(model: str | None, limit: int = 24) -> dict[str, Any]:
    """POST /v1/articles for realnews-dev texts, claim matching off and on: median ms and the ratio."""
    from fastapi.testclient import TestClient

    from evaluation.bench import bench_texts
    from models.pipeline import load_pipeline
    from service.api.deps import get_nlp
    from service.core.config import Settings
    from service.main import create_app, open_matcher, open_storage

    texts = bench_texts()[:limit]
    nlp = load_pipeline(model)
    result: dict[str, Any] = {"model": nlp.meta.get("version"), "articles": len(texts)}
    for repeat in range(2):  # off, on, off, on: the second round is reported (warm caches)
        for mode in ("off", "on"):
            with tempfile.TemporaryDirectory() as data_dir:
                settings = Settings(AUTH_MODE="open", DATA_DIR=data_dir, RATE_LIMIT_PER_MINUTE=10**6, ALLOWED_HOSTS=["testserver"],
                                    CLAIM_MATCHING=mode == "on")
                app = create_app(settings)
                app.dependency_overrides[get_nlp] = lambda: nlp
                app.state.nlp = nlp
                open_storage(app, settings)
                if mode == "on":
                    app.state.matcher = open_matcher(app, settings)
                client = TestClient(app)
                times = []
                for i, text in enumerate(texts):
                    t = time.perf_counter()
                    r = client.post("/v1/articles", json={"text": text + f"\n\n(bench copy {repeat})"})
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 201, r.text
                app.state.engine.dispose()
                result[f"store_ms_{mode}"] = round(statistics.median(times), 1)
    result["ratio"] = round(result["store_ms_on"] / result["store_ms_off"], 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="stored claims for the similar-claims latency")
    parser.add_argument("--index-sizes", default="100000,1000000", help="comma-separated index sizes")
    parser.add_argument("--model", default=None, help="model for the store timing (default: the promoted one)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: store,similar,index")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    report: dict[str, Any] = {"cpus": os.cpu_count()}
    if "store" not in skip:
        report["store"] = store_bench(args.model)
        print(json.dumps({"store": report["store"]}), flush=True)
    if "similar" not in skip:
        report["similar"] = similar_bench(args.claims)
        print(json.dumps({"similar": report["similar"]}), flush=True)
    if "index" not in skip:
        report["index"] = index_bench([int(x) for x in args.index_sizes.split(",") if x])
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
