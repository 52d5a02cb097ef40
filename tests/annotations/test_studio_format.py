"""Label Studio task format: authoring -> task -> CorpusDoc round trip, and problems reported."""

import copy
import json
from pathlib import Path

import pytest

from annotations.authoring import resolve
from annotations.studio_format import FormatError, current_annotation, from_task, to_task

EXAMPLE = Path(__file__).resolve().parents[2] / "annotations" / "source" / "examples" / "cs-x001.json"


@pytest.fixture
def resolved():
    return resolve(json.loads(EXAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def task(resolved):
    return to_task(resolved, annotator="tester", created_at="2026-01-01T00:00:00Z")


def test_round_trip_keeps_every_annotation(resolved, task):
    doc = from_task(task)
    assert doc.id == resolved.id and doc.text == resolved.text
    assert [(s, e, lab) for s, e, lab in doc.entities] == [(s.start, s.end, lab) for s, lab in resolved.entities]
    assert [(c.content, c.claimant, c.cue, c.type, c.quote) for c in doc.claims] == [
        ((c.content.start, c.content.end), (c.claimant.start, c.claimant.end), (c.cue.start, c.cue.end), c.type, c.quote)
        for c in resolved.claims
    ]
    assert [(s.trigger, s.status, s.measures, len(s.targets)) for s in doc.sanctions] == [
        ((s.trigger.start, s.trigger.end), s.status, s.measures, len(s.targets)) for s in resolved.sanctions
    ]
    assert doc.provenance["completed_by"] == "tester"


def test_pronoun_claimant_refers_to_entity(task):
    doc = from_task(task)
    he = next(c for c in doc.claims if doc.text[c.claimant[0] : c.claimant[1]] == "he")
    assert he.claimant_ref is not None and doc.text[he.claimant_ref[0] : he.claimant_ref[1]] == "Sjoerd Sjoerdsma"


def _result(task):
    return task["annotations"][0]["result"]


@pytest.mark.parametrize(
    "mutate, phrase",
    [
        (lambda r: r[0]["value"].update(start=-5), "outside the text"),
        (lambda r: r[0]["value"].update(text="wrong"), "!= input"),
        (lambda r: r[0]["value"].update(labels=["LOCATION"]), "has labels"),
        (lambda r: next(i for i in r if i.get("from_name") == "claim_type").update(value={"choices": ["gossip"]}), "not in SPEC"),
        (lambda r: r.remove(next(i for i in r if i.get("type") == "relation" and i["labels"] == ["cue"])), "CUE relation"),
        (lambda r: r.append({"type": "relation", "from_id": "nope", "to_id": "r1", "labels": ["claimant"]}), "missing region"),
    ],
)
def test_problems_are_reported(task, mutate, phrase):
    broken = copy.deepcopy(task)
    mutate(_result(broken))
    with pytest.raises(FormatError, match=phrase):
        from_task(broken)


def test_newest_non_cancelled_annotation_wins(task):
    newer = copy.deepcopy(task["annotations"][0])
    newer.update(created_at="2026-02-01T00:00:00Z", updated_at="2026-02-01T00:00:00Z", completed_by="reviewer")
    cancelled = dict(newer, updated_at="2026-03-01T00:00:00Z", was_cancelled=True)
    task = dict(task, annotations=[task["annotations"][0], newer, cancelled])
    assert current_annotation(task)["completed_by"] == "reviewer"
