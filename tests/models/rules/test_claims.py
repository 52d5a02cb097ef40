"""Attributed claims by rules: one row per pattern of SPEC 3 and 5."""

import pytest

from models.output import doc_to_dict


def _claims(nlp, text):
    out = doc_to_dict(nlp(text), "t", "0")
    return [(c["claimant"]["text"], c["cue"]["text"], c["content"]["text"], c["type"], c["quote"]) for c in out["claims"]]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "China's Foreign Ministry said the sanctions were \"based on nothing but lies and disinformation\".",
            ("China's Foreign Ministry", "said", 'the sanctions were "based on nothing but lies and disinformation',
             "denial", "mixed"),
        ),
        (
            "The Dutch parliament declared that the treatment of the Uyghurs amounts to genocide.",
            ("The Dutch parliament", "declared", "the treatment of the Uyghurs amounts to genocide",
             "genocide_declaration", "indirect"),
        ),
        (
            "Lawmakers urged the government to impose sanctions on the officials responsible.",
            ("Lawmakers", "urged", "the government to impose sanctions on the officials responsible",
             "call_to_action", "indirect"),
        ),
        (
            "The Kremlin warned that it would retaliate against any new measures.",
            ("The Kremlin", "warned", "it would retaliate against any new measures", "threat", "indirect"),
        ),
        (
            "More than one million people have been detained in the camps, according to the United Nations.",
            ("the United Nations", "according to", "More than one million people have been detained in the camps",
             "estimate", "indirect"),
        ),
        (
            '"We will not back down," the minister told reporters.',
            ("the minister", "told", "We will not back down", "threat", "direct"),
        ),
        ("Kremlin: sanctions will fail", ("Kremlin", ":", "sanctions will fail", "statement", "indirect")),
        (
            "The bloc accused the officials of serious human rights violations.",
            ("The bloc", "accused", "the officials of serious human rights violations", "accusation", "indirect"),
        ),
    ],
)
def test_claim_patterns(nlp, text, expected):
    assert expected in _claims(nlp, text)


def test_quote_missing_opening_mark(nlp):
    text = 'nothing but the truth," a senior Iranian diplomat said.'
    assert _claims(nlp, text) == [("a senior Iranian diplomat", "said", "nothing but the truth", "denial", "direct")]


def test_pronoun_claimant_links_to_named_speaker(nlp):
    text = 'Spokesman Nasser Kanaani spoke in Tehran on Monday. "Iran has never supplied drones," he said.'
    out = doc_to_dict(nlp(text), "t", "0")
    claim = out["claims"][0]
    assert claim["claimant"]["text"] == "he"
    linked = next(e for e in out["entities"] if e["id"] == claim["claimant"]["entity"])
    assert linked["name"] == "Nasser Kanaani"


def test_continued_quote_is_a_second_claim_with_the_same_claimant(nlp):
    text = ('"We will respond firmly," the spokesman said on Monday.\n\n'
            '"Those who harm our interests will pay the price for their actions."')
    claims = _claims(nlp, text)
    assert len(claims) == 2
    assert claims[0][:2] == claims[1][:2] == ("the spokesman", "said")
    assert claims[1][3] == "threat"


def test_narration_is_not_a_claim(nlp):
    text = "The ministry announced new sanctions on Friday. China has been accused of abuses in Xinjiang."
    assert _claims(nlp, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "The U.S. State Department, which has called the crackdown genocide, declined to comment.",
            ("The U.S. State Department", "called", "the crackdown genocide", "genocide_declaration", "indirect"),
            marks=pytest.mark.xfail(reason="claims inside relative clauses need the trained component"),
        ),
    ],
)
def test_known_misses(nlp, text, expected):
    assert expected in _claims(nlp, text)
