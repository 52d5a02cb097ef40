"""The service as a subprocess on 127.0.0.1, for benchmarks and end-to-end tests.

`claimscope serve` runs in its own process group, in open auth mode with SQLite in `data_dir`,
the rate limit raised (in open mode all loopback clients share one limiter key), and
CLAIMSCOPE_* variables of the caller's environment left out, so they do not change what runs.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceProcess:
    """`claimscope serve [--model M]` on a free loopback port; its log goes to data_dir."""

    def __init__(self, data_dir: Path, model: str | None = None, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.model = model
        self.extra_env = env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout_s: float = 180) -> "ServiceProcess":
        """Start and wait until /readyz answers 200 (model loaded, database reachable)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMSCOPE_")}
        env.update({"CLAIMSCOPE_AUTH_MODE": "open", "CLAIMSCOPE_DATA_DIR": str(self.data_dir),
                    "CLAIMSCOPE_RATE_LIMIT_PER_MINUTE": "1000000", **self.extra_env})
        cmd = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.model is not None:
            cmd += ["--model", self.model]
        with self.log_path.open("w") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server was not ready within {timeout_s:.0f} s:\n{self.log_tail()}")

    def peak_rss_mb(self) -> dict[int, float]:
        """Peak resident memory (VmHWM, MB) of each process of the server's group, by pid (Linux /proc)."""
        if self.proc is None:
            return {}
        peaks: dict[int, float] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) != self.proc.pid:  # the process group: `serve` and its workers
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, IndexError, ValueError):
                continue  # a process that ended meanwhile, or no /proc
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks[int(stat.parent.name)] = int(line.split()[1]) / 1024
        return peaks

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flush."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL after 20 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.kill()
