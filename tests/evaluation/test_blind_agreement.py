"""Blind agreement: a second annotation scored against the corpus labels."""

import json
import shutil
from pathlib import Path

from annotations.corpus import build_corpus
from evaluation.blind_agreement import agreement_summary, blind_agreement

EXAMPLE = Path(__file__).resolve().parents[2] / "annotations" / "source" / "examples" / "cs-x001.json"


def test_identical_annotation_agrees_fully_and_a_dropped_claim_shows(tmp_path):
    src = tmp_path / "src" / "x"
    src.mkdir(parents=True)
    shutil.copy(EXAMPLE, src)
    build_corpus(tmp_path / "src", tmp_path / "corpus")
    blind = tmp_path / "blind"
    blind.mkdir()
    shutil.copy(EXAMPLE, blind)
    summary = agreement_summary(blind_agreement(tmp_path / "corpus", blind))
    assert summary["documents"] == 1
    assert summary["entities_exact_f1"] == summary["claims_strict_f1"] == summary["sanctions_event_f1"] == 1.0
    doc = json.loads(EXAMPLE.read_text())
    doc["claims"] = doc["claims"][1:]
    (blind / "cs-x001.json").write_text(json.dumps(doc))
    fewer = agreement_summary(blind_agreement(tmp_path / "corpus", blind))
    assert fewer["claims_strict_f1"] < 1.0 and fewer["entities_exact_f1"] == 1.0


def test_changed_text_is_skipped(tmp_path):
    build_corpus(EXAMPLE.parent, tmp_path / "corpus")
    blind = tmp_path / "blind"
    blind.mkdir()
    doc = json.loads(EXAMPLE.read_text())
    doc["text"] += " More news soon."
    (blind / "cs-x001.json").write_text(json.dumps(doc))
    result = blind_agreement(tmp_path / "corpus", blind)
    assert result["documents"] == 0 and "same id and text" in result["skipped"][0]
