"""The real server under load and through a crash: no failed request, no lost or duplicated article.

Both tests start `claimscope serve --model rules` as a subprocess on 127.0.0.1 (open auth, SQLite in
a temp data dir) and talk to it over loopback.

1. Concurrency: C clients x R requests each POST distinct texts to /v1/articles; every request must be
   acknowledged, every acknowledged id readable, and the database must hold exactly one article per
   text. Default size 8 x 10; CLAIMSCOPE_FULL_LOAD=1 runs the full 32 x 50.
2. Crash safety: threads POST distinct texts, the server is SIGKILLed after ~30 acknowledgements and
   restarted on the same data dir; every acknowledged article must be readable with its exact text.

The rate limit is raised for these servers: in open mode every loopback client shares one limiter key
(the client address), and the default 600 requests/minute would answer part of the load 429.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import httpx
import pytest

from service.storage import repository
from service.storage.db import make_engine, session_factory
from evaluation.server_process import ServiceProcess

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FULL = os.environ.get("CLAIMSCOPE_FULL_LOAD") == "1"
CLIENTS, REQUESTS = (32, 50) if FULL else (8, 10)


def sanctions_text(n: int) -> str:
    return (f"The European Union imposed sanctions on Rosneft-{n} on Monday, freezing its assets over "
            f"shipment number {n} of drones to Russia.")


def stored_article_count(data_dir: Path) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'claimscope.db'}")
    try:
        with session_factory(engine)() as session:
            return repository.count_articles(session)
    finally:
        engine.dispose()


async def _post_all(url: str, texts: list[list[str]]) -> list[tuple[str, int, dict | str]]:
    """Each inner list is one client's sequence of texts; all clients run at once."""
    limits = httpx.Limits(max_connections=len(texts), max_keepalive_connections=len(texts))
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def one_client(sequence: list[str]) -> list[tuple[str, int, dict | str]]:
            out = []
            for text in sequence:
                try:
                    r = await client.post("/v1/articles", json={"text": text})
                    out.append((text, r.status_code, r.json() if r.status_code < 300 else r.text[:300]))
                except httpx.HTTPError as err:
                    out.append((text, -1, repr(err)))
            return out

        per_client = await asyncio.gather(*(one_client(seq) for seq in texts))
    return [row for rows in per_client for row in rows]


def test_concurrent_posts_are_all_stored_once(tmp_path):
    texts = [[sanctions_text(c * REQUESTS + r) for r in range(REQUESTS)] for c in range(CLIENTS)]
    distinct = {t for seq in texts for t in seq}
    assert len(distinct) == CLIENTS * REQUESTS
    server = ServiceProcess(tmp_path, 'rules', env={'CLAIMSCOPE_LOG_LEVEL': 'WARNING'}).start()
    try:
        started = time.monotonic()
        results = asyncio.run(asyncio.wait_for(_post_all(server.url, texts), timeout=600))
        seconds = time.monotonic() - started
        failed = [(t[-30:], status, body) for t, status, body in results if status not in (200, 201)]
        assert not failed, f"{len(failed)} of {len(results)} requests failed, e.g. {failed[:5]}\nlog:\n{server.log_tail()}"
        assert len(results) == CLIENTS * REQUESTS
        acked = {body["id"]: text for text, _, body in results}
        assert len(acked) == len(distinct), "two texts were acknowledged with the same id"
        for article_id, text in acked.items():
            assert article_id == repository.article_id(text)
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for article_id, text in acked.items():
                r = client.get(f"/v1/articles/{article_id}")
                assert r.status_code == 200, (article_id, r.status_code, r.text[:300])
                assert r.json()["text"] == text
        assert stored_article_count(tmp_path) == len(distinct)
        print(f"{CLIENTS} clients x {REQUESTS} requests: {len(results) / seconds:.0f} requests/s")
    finally:
        server.stop()
    assert stored_article_count(tmp_path) == len(distinct)


def test_acknowledged_articles_survive_sigkill(tmp_path):
    threads_n, per_thread, kill_after = 6, 200, 30
    acked: dict[str, str] = {}
    sent: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    server = ServiceProcess(tmp_path, 'rules', env={'CLAIMSCOPE_LOG_LEVEL': 'WARNING'}).start()

    def poster(k: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for i in range(per_thread):
                if stop.is_set():
                    return
                text = sanctions_text(k * per_thread + i)
                with lock:
                    sent.append(text)
                try:
                    r = client.post("/v1/articles", json={"text": text})
                except httpx.HTTPError:
                    continue  # the server is gone or going: not acknowledged
                if r.status_code == 201:
                    with lock:
                        acked[r.json()["id"]] = text

    threads = [threading.Thread(target=poster, args=(k,), daemon=True) for k in range(threads_n)]
    restarted: ServiceProcess | None = None
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with lock:
                if len(acked) >= kill_after:
                    break
            time.sleep(0.005)
        with lock:
            assert len(acked) >= kill_after, f"only {len(acked)} acknowledgements in 120 s\n{server.log_tail()}"
        stop.set()  # no new posts start; those already sent are still in flight at the kill
        server.kill()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        with lock:
            acked_at_kill, sent_at_kill = dict(acked), list(sent)
        assert set(acked_at_kill.values()) <= set(sent_at_kill)

        restarted = ServiceProcess(tmp_path, 'rules', env={'CLAIMSCOPE_LOG_LEVEL': 'WARNING'}).start()
        with httpx.Client(base_url=restarted.url, timeout=30) as client:
            for article_id, text in acked_at_kill.items():
                r = client.get(f"/v1/articles/{article_id}")
                assert r.status_code == 200, (article_id, r.status_code, r.text[:300])
                assert r.json()["text"] == text
            # What was in flight at the kill is either stored whole (readable) or not at all: never a 5xx.
            for text in sent_at_kill:
                if repository.article_id(text) in acked_at_kill:
                    continue
                r = client.get(f"/v1/articles/{repository.article_id(text)}")
                assert r.status_code in (200, 404), (r.status_code, r.text[:300])
                if r.status_code == 200:
                    assert r.json()["text"] == text and r.json()["extraction"] is not None
            # The restarted server keeps accepting writes on the recovered database.
            r = client.post("/v1/articles", json={"text": sanctions_text(10**6)})
            assert r.status_code == 201
        print(f"acknowledged before SIGKILL: {len(acked_at_kill)}, sent: {len(sent_at_kill)}, "
              f"stored after restart: {stored_article_count(tmp_path)}")
        assert stored_article_count(tmp_path) >= len(acked_at_kill) + 1
    finally:
        stop.set()
        server.stop()
        if restarted is not None:
            restarted.stop()
