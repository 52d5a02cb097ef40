"""SPEC section 4 invariants of the output over articles written for the tests."""

import pytest

from models.extractor import Extractor
from models.output import doc_to_dict
from models.schema import Extraction


def _spans(doc: dict):
    for e in doc["entities"]:
        yield from e["mentions"]
    for s in doc["sanctions"]:
        yield s["authority"]
        yield s["trigger"]
        yield from s["targets"]
        for key in ("reason", "date"):
            if s[key] is not None:
                yield s[key]
    for c in doc["claims"]:
        yield c["content"]
        yield c["claimant"]
        yield c["cue"]


@pytest.mark.parametrize("name", ["counter_sanctions", "genocide_motion", "no_claims", "two_actions"])
def test_offsets_and_schema(nlp, articles, name):
    text = articles[name]
    out = doc_to_dict(nlp(text), "claimscope-en", "0.1.0")
    Extraction.model_validate(out)
    for span in _spans(out):
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["text"] == span["text"].strip()
    ids = {e["id"] for e in out["entities"]}
    assert len(ids) == len(out["entities"])
    for s in out["sanctions"]:
        for linked in (s["authority"], *s["targets"]):
            assert linked["entity"] is None or linked["entity"] in ids
    for c in out["claims"]:
        assert c["claimant"]["entity"] is None or c["claimant"]["entity"] in ids
        assert not c["content"]["text"].endswith((".", ",", '"', "\u201d"))


def test_article_without_claims_or_sanctions(nlp, articles):
    out = doc_to_dict(nlp(articles["no_claims"]), "claimscope-en", "0.1.0")
    assert out["claims"] == [] and out["sanctions"] == []
    assert {"Lisbon", "Tagus"} <= {e["name"].title() for e in out["entities"]}


def test_counter_sanction_and_denial(nlp, articles):
    out = doc_to_dict(nlp(articles["counter_sanctions"]), "claimscope-en", "0.1.0")
    authorities = [s["authority"]["text"] for s in out["sanctions"]]
    assert "China" in authorities and "the European Union" in authorities
    china = next(s for s in out["sanctions"] if s["authority"]["text"] == "China")
    assert "travel_ban" in china["measures"]
    assert any(c["type"] == "denial" and c["quote"] == "direct" for c in out["claims"])


def test_genocide_declaration_and_estimate(nlp, articles):
    out = doc_to_dict(nlp(articles["genocide_motion"]), "claimscope-en", "0.1.0")
    types = {c["type"] for c in out["claims"]}
    assert "estimate" in types and "denial" in types


def test_model_block(nlp, articles):
    extractor = Extractor(nlp)
    result = extractor.validate(extractor.extract(articles["two_actions"]))
    assert result.model.name == "claimscope-en" and result.model.version == "0.1.0"
    assert len(result.sanctions) >= 2
