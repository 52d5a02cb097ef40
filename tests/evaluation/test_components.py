"""Trained components against their rule counterparts, on a trained (tiny) model."""

from pathlib import Path

from annotations.corpus import load_corpus
from evaluation.components import COMPONENTS, compare_components, components_table
from models.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[2]


def test_every_component_gets_both_scores_and_switches_are_restored(tiny_model, tmp_path):
    nlp = load_pipeline(tiny_model)
    before = {(role, switch): getattr(nlp.get_pipe(role), switch) for *_, role, switch, _ in COMPONENTS}
    docs = load_corpus(ROOT / "annotations" / "corpus", "test")[:3]
    rows = compare_components(nlp, docs, None, tmp_path)
    assert [r["component"].split(":")[0] for r in rows] == ["entities", "claim spans", "claim types", "sanctions",
                                                            "status and measures"]
    for r in rows:
        trained, rules = r["test"]
        assert 0.0 <= trained <= 1.0 and 0.0 <= rules <= 1.0
        assert r["realnews"] == (None, None)
    assert {(role, switch): getattr(nlp.get_pipe(role), switch) for *_, role, switch, _ in COMPONENTS} == before
    assert "| claim types: MiniLM head |" in components_table(rows)
