"""Graceful shutdown: SIGTERM lets the request in flight finish before the server exits."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.label_studio_server import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sigterm_finishes_the_request_in_flight(tmp_path, articles):
    port = free_port()
    env = {**os.environ, "CLAIMSCOPE_AUTH_MODE": "open", "CLAIMSCOPE_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--model", "rules", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", 120)
        docs = [{"text": articles[name] + f"\n\nUpdate {i}."} for i in range(8) for name in articles if name != "no_claims"]
        result: dict = {}

        def call() -> None:
            result["response"] = httpx.post(f"http://127.0.0.1:{port}/v1/extract/batch", json={"documents": docs[:32]},
                                            timeout=120)

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(0.3)  # the batch is being extracted
        proc.send_signal(signal.SIGTERM)
        caller.join(120)
        assert result["response"].status_code == 200
        assert len(result["response"].json()["results"]) == 24
        assert proc.wait(60) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it has drained
    finally:
        if proc.poll() is None:
            proc.kill()
