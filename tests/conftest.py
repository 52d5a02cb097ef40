"""Shared fixtures: the rule pipeline (loaded once per session) and the test articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.pipeline import build_rule_pipeline

ARTICLES = Path(__file__).parent / "fixtures" / "articles"

# FastAPI's TestClient sends "Host: testserver"; the service serves only its configured host names.
os.environ.setdefault("CLAIMSCOPE_ALLOWED_HOSTS", '["localhost", "127.0.0.1", "testserver"]')
# One ONNX export of the claim embedder for the whole run (servers started by tests get fresh data folders).
os.environ.setdefault("CLAIMSCOPE_EMBEDDER_CACHE_DIR",
                      str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "claimscope-embedder"))


@pytest.fixture(scope="session")
def nlp():
    return build_rule_pipeline()


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A model trained by the real training code on a slice of the corpus (tiny config, under a minute)."""
    from training.train import train

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("packaged")
    return train(root / "annotations" / "corpus", root / "training" / "configs" / "tiny.cfg", out_root=out,
                 version="0.0.1", do_promote=False)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (skipped where Debian's postgresql is not installed)."""
    from tests.postgres_server import PostgresServer, available

    if not available():
        pytest.skip("PostgreSQL (Debian package postgresql) is not installed; .ci/run installs it")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh database of each kind: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'claimscope.db'}"
    server = request.getfixturevalue("postgres")
    return server.fresh_database(f"t_{abs(hash(request.node.nodeid)) % 10**9}")
