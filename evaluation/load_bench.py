"""HTTP load benchmark of the service, printed by `make bench`: POST /v1/extract throughput and latency.

Starts `claimscope serve` as a subprocess on 127.0.0.1 (the default model unless --model is given,
open auth, SQLite in a temporary data dir, the rate limit raised so no request is answered 429), waits
until /readyz says the model is loaded, sends a few warm-up requests, then for each concurrency level
(1, 8 and 32 clients by default), once with one worker process and once with two (`--workers`), sends a fixed number of requests (40, 160 and 320) with the texts of
tests/fixtures/articles/*.txt in turn, each client sending its next request as soon as its last one is
answered (closed loop, keep-alive connections). For each level it reports:

- throughput: answered requests / wall time of the level, in requests per second;
- latency p50, p95 and p99: time from sending a request to reading its whole answer, in milliseconds
  (nearest-rank percentiles over every request of the level);
- errors: requests not answered 200 (any status or a transport error); they count in latency too.

Then one client sends one long article (`--article-words`, 800 by default, built from realnews-dev
paragraphs) `--article-requests` times: the issue's latency target is p95 at that length. Last,
the peak resident memory (VmHWM) of each of the server's processes. The servers share one claim
embedder export (data/bench-embedder, made before they start), as a deployment's DATA_DIR keeps it.

Client and server share the machine's CPUs, over loopback: the numbers are the service's on this
machine, not a network measurement. CLAIMSCOPE_* variables of the caller's environment are not passed
on, so a DATABASE_URL or MODEL_PATH set there does not change what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from evaluation.server_process import ServiceProcess

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "tests" / "fixtures" / "articles"
LEVEL_TIMEOUT_S = 150
# The claim embedder's ONNX export, made once here and shared by the servers, as a deployment's DATA_DIR
# keeps it: a fresh export at every start would add its one-off peak to the workers' memory.
EMBEDDER_CACHE = ROOT / "data" / "bench-embedder"


@dataclass
class Level:
    clients: int
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    first_error: str | None

    @property
    def throughput(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the latencies."""
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else float("nan")


async def run_level(url: str, texts: list[str], clients: int, requests: int) -> Level:
    """`requests` POST /v1/extract calls from `clients` closed-loop clients; texts in turn."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    errors: list[str] = []
    next_index = iter(range(requests))
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def one_client() -> None:
            for i in next_index:  # shared: each index is taken by exactly one client
                started = time.perf_counter()
                try:
                    r = await client.post("/v1/extract", json={"text": texts[i % len(texts)]})
                    ok = r.status_code == 200
                    if not ok:
                        errors.append(f"HTTP {r.status_code}: {r.text[:200]}")
                except httpx.HTTPError as err:
                    errors.append(repr(err))
                latencies.append(1000 * (time.perf_counter() - started))

        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(one_client() for _ in range(clients))), timeout=LEVEL_TIMEOUT_S)
        seconds = time.perf_counter() - started
    return Level(clients, requests, seconds, latencies, len(errors), errors[0] if errors else None)


def parse_ints(value: str) -> list[int]:
    try:
        numbers = [int(v) for v in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a comma-separated list of integers") from None
    if not numbers or any(n < 1 for n in numbers):
        raise argparse.ArgumentTypeError("give positive integers")
    return numbers


@dataclass
class ServerRun:
    levels: list[Level]
    long: Level | None  # one client sending the long article
    peak_rss_mb: dict[int, float]  # per process of the server (VmHWM), after every level


def long_article(words: int) -> str:
    """An article of about `words` words from realnews-dev paragraphs (the benchmark texts of evaluation/bench.py)."""
    from evaluation.bench import article, bench_texts

    return article(bench_texts(), words)


def run_server(args: argparse.Namespace, texts: list[str], workers: int, article: str | None) -> ServerRun | None:
    """One server with `workers` worker processes (CLAIMSCOPE_WORKERS), every concurrency level against it."""
    env = {"CLAIMSCOPE_WORKERS": str(workers), "CLAIMSCOPE_EMBEDDER_CACHE_DIR": str(EMBEDDER_CACHE)}
    if args.threads:
        env["CLAIMSCOPE_TORCH_THREADS"] = str(args.threads)
    if args.encoder != "default":
        env["CLAIMSCOPE_ENCODER_INT8"] = "true" if args.encoder == "int8" else "false"
    model = args.model
    if workers > 1 and model is not None:  # --model needs one worker: several read CLAIMSCOPE_MODEL_PATH
        env["CLAIMSCOPE_MODEL_PATH"] = model
        model = None
    with tempfile.TemporaryDirectory(prefix="claimscope-load-") as tmp:
        server = ServiceProcess(Path(tmp), model, env=env)
        try:
            started = time.perf_counter()
            server.start()
            if workers > 1:  # /readyz may have come from the first worker up: wait for every worker
                for _ in range(4 * workers):
                    while httpx.get(f"{server.url}/readyz", timeout=10).status_code != 200:
                        time.sleep(0.3)
            health = httpx.get(f"{server.url}/healthz", timeout=10).json()
            print(f"server: {workers} worker(s), model {health.get('model_version')} ({args.model or 'default'}), "
                  f"encoder {health.get('encoder') or 'none (rules)'}, "
                  f"ready in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs shared with the client")
            print(f"texts: {len(texts)} articles, {sum(len(t) for t in texts) // len(texts)} characters on average; "
                  "POST /v1/extract over 127.0.0.1, keep-alive")
            if args.warmup:
                warm = asyncio.run(run_level(server.url, texts, 1, args.warmup * workers))
                if warm.errors:
                    print(f"warm-up failed: {warm.first_error}\n{server.log_tail()}", file=sys.stderr)
                    return None
            levels = [asyncio.run(run_level(server.url, texts, c, n)) for c, n in zip(args.concurrency, args.requests)]
            long = None
            if article is not None:
                asyncio.run(run_level(server.url, [article], 1, 2))  # warm-up at this length
                long = asyncio.run(run_level(server.url, [article], 1, args.article_requests))
            return ServerRun(levels, long, server.peak_rss_mb())
        except (RuntimeError, TimeoutError, asyncio.TimeoutError) as err:
            print(f"error: {err}", file=sys.stderr)
            return None
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model folder, or 'rules' (default: the server's default model)")
    parser.add_argument("--concurrency", type=parse_ints, default=[1, 8, 32], help="client counts, e.g. 1,8,32")
    parser.add_argument("--requests", type=parse_ints, default=[40, 160, 320],
                        help="requests per concurrency level, one number per level")
    parser.add_argument("--warmup", type=int, default=8, help="requests sent before measuring")
    parser.add_argument("--workers", type=parse_ints, default=[1, 2], help="server worker processes, e.g. 1,2")
    parser.add_argument("--encoder", choices=("default", "int8", "fp32"), default="default",
                        help="the encoder's weights: the model's default (CLAIMSCOPE_ENCODER_INT8 unset), or "
                             "CLAIMSCOPE_ENCODER_INT8=true / false (the caller's variable is not passed on)")
    parser.add_argument("--threads", type=int, default=0,
                        help="CLAIMSCOPE_TORCH_THREADS of the server (0: unset, the server's default)")
    parser.add_argument("--article-words", type=int, default=800,
                        help="length of the long article one client sends after the levels")
    parser.add_argument("--article-requests", type=int, default=30,
                        help="requests with the long article (0: skip that level)")
    args = parser.parse_args(argv)
    if len(args.requests) != len(args.concurrency):
        parser.error("--requests needs one number per --concurrency level")
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))]
    if not texts:
        parser.error(f"no texts in {TEXTS}")

    from models.claim_embedder import ClaimEmbedder

    ClaimEmbedder(cache_dir=EMBEDDER_CACHE, int8=True)  # exports into the shared cache if not there yet
    article = long_article(args.article_words) if args.article_requests else None
    rows: list[tuple[int, Level]] = []
    runs: list[tuple[int, ServerRun]] = []
    for workers in args.workers:
        run = run_server(args, texts, workers, article)
        if run is None:
            return 1
        rows += [(workers, lv) for lv in run.levels]
        runs.append((workers, run))

    print(f"\n{'workers':>7} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8}")
    for workers, lv in rows:
        print(f"{workers:>7} {lv.clients:>7} {lv.requests:>8} {lv.errors:>6} {lv.throughput:>7.1f} "
              f"{lv.percentile(50):>8.1f} {lv.percentile(95):>8.1f} {lv.percentile(99):>8.1f}")
    if article is not None:
        words = len(article.split())
        print(f"\none client, one {words:,}-word article, {args.article_requests} requests after 2 warm-up requests:")
        print(f"{'workers':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for workers, run in runs:
            lv = run.long
            print(f"{workers:>7} {lv.errors:>6} {lv.percentile(50):>8.1f} {lv.percentile(95):>8.1f} "
                  f"{lv.percentile(99):>8.1f}")
            rows.append((workers, lv))
    print("\npeak resident memory (VmHWM) of the server's processes after all levels:")
    for workers, run in runs:
        peaks = sorted(run.peak_rss_mb.values(), reverse=True)
        print(f"{workers} worker(s): " + (", ".join(f"{mb:,.0f} MB" for mb in peaks) if peaks else "not readable here")
              + ("  (the largest are the workers; one worker runs in the serve process)" if workers > 1 else ""))
    levels = [lv for _, lv in rows]
    failed = [lv for lv in levels if lv.errors]
    for lv in failed:
        print(f"{lv.clients} clients: {lv.errors} error(s), first: {lv.first_error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
