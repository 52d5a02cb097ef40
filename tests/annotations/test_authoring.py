"""Authoring format: strings resolved to offsets by the documented rules, and clear errors."""

import json
from pathlib import Path

import pytest

from annotations.authoring import AuthoringError, find_all, resolve

EXAMPLE = Path(__file__).resolve().parents[2] / "annotations" / "source" / "examples" / "cs-x001.json"


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_find_all_respects_word_boundaries():
    text = "The EU and the EU's partners; not EUR."
    assert [s.start for s in find_all(text, "EU")] == [4, 15]
    assert find_all("he said the", "he")[0].start == 0 and len(find_all("he said the", "he")) == 1


def test_example_resolves_with_offsets(example):
    doc = resolve(example)
    for span, _ in doc.entities:
        assert doc.text[span.start : span.end] == span.text
    he = next(c for c in doc.claims if c.claimant.text == "he")
    assert he.claimant_ref is not None and he.claimant_ref.text == "Sjoerd Sjoerdsma"
    assert he.claimant.start > doc.text.index("Sjoerd Sjoerdsma")
    # longer entity forms win: "Xinjiang" inside the bureau's name is not a separate mention
    bureau = doc.text.index("Xinjiang Production")
    assert not any(s.start == bureau and s.text == "Xinjiang" for s, _ in doc.entities)


@pytest.mark.parametrize(
    "mutate, phrase",
    [
        (lambda d: d["entities"].append({"label": "PLACE", "text": "China"}), "label 'PLACE'"),
        (lambda d: d["entities"].append({"label": "GPE", "text": "Atlantis"}), "does not occur"),
        (lambda d: d["entities"].append({"label": "ORG", "text": "the Foreign Ministry"}), "leading 'the'"),
        (lambda d: d["claims"][0].update(type="rumour"), "type 'rumour'"),
        (lambda d: d["claims"][0].update(content=d["claims"][0]["content"] + "."), "ends with punctuation"),
        (lambda d: d["claims"][0].update(content="words nobody wrote"), "does not occur"),
        (lambda d: d["sanctions"][0].update(targets=[]), "no target"),
        (lambda d: d["sanctions"][0].update(measures=["asset_freeze", "asset_freeze"]), "twice"),
        (lambda d: d["sanctions"][0].update(status="pending"), "status 'pending'"),
        (lambda d: d.update(text=" ".join(["word"] * 20)), "words"),
    ],
)
def test_errors_name_the_problem(example, mutate, phrase):
    mutate(example)
    with pytest.raises(AuthoringError, match=phrase):
        resolve(example)


def test_cue_n_picks_an_explicit_occurrence():
    from annotations.authoring import resolve

    text = ("Talks stall\n\n\"We will not move,\" said the envoy of the northern delegation. \"Nothing has changed.\"\n\n"
            "Officials said they would meet again.")
    doc = {"id": "cs-z-001", "style": "wire", "title": "Talks stall", "text": text + " " + "word " * 150,
           "entities": [], "sanctions": [],
           "claims": [{"claimant": "the envoy of the northern delegation", "cue": "said", "content": "Nothing has changed", "type": "statement",
                       "quote": "direct", "cue_n": 1}]}
    claim = resolve(doc).claims[0]
    assert claim.cue.start == text.index("said") and claim.claimant.text == "the envoy of the northern delegation"
    del doc["claims"][0]["cue_n"]
    assert resolve(doc).claims[0].cue.start == text.index("said", text.index("Officials"))
