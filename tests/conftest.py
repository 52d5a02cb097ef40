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
