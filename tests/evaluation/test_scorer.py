"""The corpus scorer: perfect predictions score 1, missing ones lower recall, bad ones lower precision."""

import copy
from pathlib import Path

import pytest

from annotations.corpus import load_corpus
from evaluation.scorer import score, similar, token_f1

CORPUS = Path(__file__).resolve().parents[2] / "annotations" / "corpus"


def as_prediction(doc) -> dict:
    """The SPEC document a perfect system would return for a corpus document."""
    t = doc.text

    def span(r):
        return {"start": r[0], "end": r[1], "text": t[r[0]:r[1]]}

    return {
        "entities": [{"id": f"E{i}", "label": lab, "name": t[s:e], "mentions": [span((s, e))]}
                     for i, (s, e, lab) in enumerate(doc.entities)],
        "claims": [{"type": c.type, "quote": c.quote, "content": span(c.content),
                    "claimant": {**span(c.claimant), "entity": None}, "cue": span(c.cue)} for c in doc.claims],
        "sanctions": [{"status": s.status, "measures": s.measures, "authority": {**span(s.authority), "entity": None},
                       "targets": [{**span(x), "entity": None} for x in s.targets], "trigger": span(s.trigger)}
                      for s in doc.sanctions],
    }


@pytest.fixture(scope="module")
def docs():
    return load_corpus(CORPUS)[:20]


def test_perfect_predictions_score_one(docs):
    report = score(docs, {d.id: as_prediction(d) for d in docs})
    assert report["entities"]["micro"]["f1"] == 1.0
    assert report["claims"]["strict"]["f1"] == 1.0 and report["claims"]["type_acc"]["acc"] == 1.0
    assert report["sanctions"]["event"]["f1"] == 1.0 and report["sanctions"]["measures"]["f1"] == 1.0


def test_missing_and_wrong_predictions(docs):
    preds = {d.id: as_prediction(d) for d in docs}
    broken = copy.deepcopy(preds)
    for p in broken.values():
        p["claims"] = p["claims"][: len(p["claims"]) // 2]
        for c in p["claims"]:
            c["type"] = "statement" if c["type"] != "statement" else "denial"
        for s in p["sanctions"]:
            s["authority"] = {"start": 0, "end": 1, "text": "zzz", "entity": None}
    report = score(docs, broken)
    assert report["claims"]["content"]["r"] < 0.75 and report["claims"]["content"]["p"] == 1.0
    assert report["claims"]["type_acc"]["acc"] == 0.0
    assert report["sanctions"]["event"]["f1"] == 0.0


def test_string_similarity():
    assert token_f1("the European Union", "European Union") == pytest.approx(0.8)
    assert similar("China's Foreign Ministry", "Foreign Ministry")
    assert not similar("the EU", "Beijing")
