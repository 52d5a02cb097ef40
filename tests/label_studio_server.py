"""Starts and stops a real Label Studio server (its own virtual environment, SQLite in a temp dir) for tests."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

from evaluation.server_process import free_port

ROOT = Path(__file__).resolve().parents[1]
LS_BIN = ROOT / ".venv-ls" / "bin" / "label-studio"
TOKEN = "claimscope-test-token-0123456789abcdef"


def wait_for(url: str, timeout: float, headers: dict[str, str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, headers=headers, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


class LabelStudioServer:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.proc: subprocess.Popen | None = None

    def start(self) -> "LabelStudioServer":
        env = {**os.environ, "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true", "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
               "DJANGO_DB": "sqlite", "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "false",
               "SSRF_PROTECTION_ENABLED": "false", "USE_DEFAULT_BANNED_SUBNETS": "false",
               "ML_TIMEOUT_PREDICT": "60", "ML_TIMEOUT_HEALTH": "10",
               "ML_TIMEOUT_SETUP": "30"}
        log = (self.data_dir / "label-studio.log").open("w")
        self.proc = subprocess.Popen(
            [str(LS_BIN), "start", "--no-browser", "--host", "127.0.0.1", "--internal-host", "127.0.0.1",
             "--port", str(self.port), "--data-dir", str(self.data_dir), "--username", "annotator@example.org",
             "--password", "claimscope-pass", "--user-token", TOKEN, "--enable-legacy-api-token"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(f"{self.url}/api/current-user/whoami", 180, {"Authorization": f"Token {TOKEN}"})
        return self

    def personal_access_token(self) -> str:
        """A personal access token (JWT refresh token) of the test user, made through its legacy token."""
        response = httpx.post(f"{self.url}/api/token/", headers={"Authorization": f"Token {TOKEN}"}, timeout=30)
        response.raise_for_status()
        return response.json()["token"]

    def legacy_tokens(self, enabled: bool, token: str) -> None:
        """Turn the organization's legacy API tokens on or off (authenticated with `token`, a personal one)."""
        access = httpx.post(f"{self.url}/api/token/refresh/", json={"refresh": token}, timeout=30).json()["access"]
        response = httpx.post(f"{self.url}/api/jwt/settings", headers={"Authorization": f"Bearer {access}"},
                              json={"api_tokens_enabled": True, "legacy_api_tokens_enabled": enabled}, timeout=30)
        response.raise_for_status()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
