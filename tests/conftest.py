"""Shared fixtures: the rule pipeline (loaded once per session) and the test articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.pipeline import build_rule_pipeline

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


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
