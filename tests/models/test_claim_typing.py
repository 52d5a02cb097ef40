"""Claim typing: rule evidence (models/rules/claim_types.py) and its combination with the type head."""

from __future__ import annotations

import json

import numpy as np
import pytest
import spacy

from models.components.claims_tagger import ClaimsTagger, combine_type
from models.neural.arrays import Linear
from models.labels import CLAIM_TYPES
from models.rules.claim_types import classify, evidence, strong_content_type
from models.rules.claims import ClaimMatch


@pytest.mark.parametrize(
    "cue, content, expected",
    [
        # falsity words: a denial (GUIDELINE 30), also after a naming cue
        ("say", "the report was a pack of lies", ("denial", "strong")),
        ("describe", "the charges as baseless fabrications cooked up abroad", ("denial", "strong")),
        ("", "a distortion of the record", ("denial", "strong")),  # "called it ...": no call cue
        # an accusing verb is still an accusation, whatever the content
        ("accuse", "the ministry of spreading lies about the vote", ("accusation", "cue")),
        # illegality and interference: an accusation (GUIDELINE 30), also after "rejected"
        ("reject", "the measures as interference in Valdoria's affairs", ("accusation", "strong")),
        ("say", "the ministry strongly condemns the listings", ("accusation", "strong")),
        # refusals: a threat, or a denial when a finding is refused (GUIDELINE 32)
        ("say", "Valdoria would not be intimidated by the new listings", ("threat", "strong")),
        ("say", "the government will not tolerate foreign meddling", ("threat", "strong")),
        ("say", "the ministry does not accept the panel's findings", ("denial", "strong")),
        ("say", "his cabinet would not recognize the U.N. resolution", ("denial", "strong")),
        ("say", "Valdoria will never accept that outsiders may judge its courts", ("denial", "strong")),
        # retaliation, also beside an illegality word
        ("say", "it would take all necessary measures against the illegitimate listings", ("threat", "strong")),
        # exhortation
        ("say", "It is essential that the council act before the vote", ("call_to_action", "strong")),
        # the claimant was falsely accused: a denial
        ("say", "the firm had been \u201cfalsely implicated\u201d in the scheme", ("denial", "strong")),
        # not denying is no denial (GUIDELINE 33)
        ("say", "he did not deny meeting the envoy", ("statement", "strong")),
        # compliance and hedged denials (GUIDELINE 33)
        ("say", "the shipper had always complied with Korvian export rules", ("denial", "strong")),
        ("say", "its mills comply with all applicable sanctions", ("denial", "strong")),
        ("say", "the bank acted in full compliance with the law", ("denial", "strong")),
        ("say", "the firm does not knowingly sell parts to the army", ("denial", "strong")),
        ("say", "Korvia has always fully and strictly implemented the council's resolutions", ("denial", "strong")),
        ("say", "the port had always observed the embargo", ("denial", "strong")),
        ("say", "Valdoria has never been and will never be a hub for evading sanctions", ("denial", "strong")),
        ("say", "the island has never been a transit point for circumventing the embargo", ("denial", "strong")),
        ("say", "the listing was an unfriendly act based on unverified information", ("denial", "strong")),
        # a promised response is a threat (GUIDELINE 13)
        ("say", "Valdoria would respond harshly to any new listings", ("threat", "strong")),
        ("say", "those who ordered the raids will be held accountable", ("threat", "strong")),
        # ... also with quotation marks inside the phrase
        ("say", "the council would \u201crespond to any backsliding\u201d by the junta", ("threat", "strong")),
        ("say", "Valdoria would use \u201call the tools at its disposal\u201d against the listings", ("threat", "strong")),
        ("say", "the ministry will not hesitate to answer in kind", ("threat", "strong")),
        ("say", "the bloc stands ready to impose further costs", ("threat", "strong")),
        # warnings of consequences (GUIDELINE 13)
        ("say", "foreign banks that help the yard would face secondary sanctions", ("threat", "strong")),
        ("say", "the Treasury will continue to use its authorities against the network", ("threat", "strong")),
        ("say", "lenders could be cut off from the U.S. financial system", ("threat", "strong")),
        ("say", "Valdoria will take resolute measures in response", ("threat", "strong")),
        ("say", "anyone who ships the parts should expect serious consequences", ("threat", "strong")),
        # breaking a rule, said with force: an accusation
        ("say", "the fuel transfers were in violation of the embargo", ("accusation", "strong")),
        ("say", "the drills seriously violated the ceasefire accord", ("accusation", "strong")),
    ],
)
def test_strong_evidence(cue, content, expected):
    assert tuple(evidence(cue, content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        "the talks will never resume before spring",  # "never" left out of the denial words
        "we do not expect a deal this year",  # "do not"
        "the ministry will release the figures next week",  # "release" left out of the call words
        "the port will stop taking cargo at night",  # "stop"
        "the fund finances roads in the north",  # "financ" left out of the accusation words
        "the courts punish speeding more often now",  # "punish" left out of the threat words
        "the ministry has implemented the new tariff schedule",  # implementing, without "always"
        "the city has never been a hub for tourism",  # no evasion
    ],
)
def test_noisy_weak_words_give_a_statement(content):
    assert classify("say", content) == "statement"


@pytest.mark.parametrize(
    "content, not_expected",
    [
        ("the bank will comply with the new sanctions", "denial"),  # a future step, no denial
        ("the firm was not in violation of any law", "accusation"),  # a denial, not an accusation
        ("the rules may be violated by smaller traders", "accusation"),  # no forceful violation
        ("the ministry is ready to publish its figures", "threat"),  # ready, but for no response
        ("the museum has tools at the visitors' disposal", "threat"),  # not the claimant's tools
        ("the factory uses every tool in the catalogue", "threat"),  # tools, but no means of pressure
        ("the families face hunger this winter", "threat"),  # facing, but no consequence imposed
        pytest.param("the ministry would respond to questions next week", "threat",
                     marks=pytest.mark.xfail(reason="any promised response reads as a threat")),
    ],
)
def test_near_misses_are_not_strong(content, not_expected):
    assert strong_content_type(content) != not_expected


@pytest.mark.parametrize(
    "content, expected",
    [
        ("the militia of committing genocide in the valley", "genocide_declaration"),
        ("the expulsions amount to genocide", "genocide_declaration"),
        ("what happened in the valley was a genocide", "genocide_declaration"),
        ("the world must stop the genocide", None),  # presupposed inside a call (SPEC 3)
    ],
)
def test_asserted_genocide_is_strong(content, expected):
    assert strong_content_type(content) == expected


def test_weak_and_cue_evidence_keep_their_sources():
    assert tuple(evidence("say", "the minister must resign")) == ("call_to_action", "weak")
    assert tuple(evidence("deny", "any role in the attack")) == ("denial", "cue")
    assert tuple(evidence("say", "the weather was mild")) == ("statement", "none")


def _probs(**p: float) -> np.ndarray:
    rest = (1.0 - sum(p.values())) / (len(CLAIM_TYPES) - len(p))
    return np.array([p.get(t, rest) for t in CLAIM_TYPES], dtype=np.float32)


def test_combine_type_keeps_a_strong_rule_type_over_a_confident_head():
    assert combine_type(_probs(accusation=0.9), "denial", True, 1.25) == "denial"


def test_combine_type_prior_breaks_near_ties_only():
    near = _probs(accusation=0.40, statement=0.35)
    assert combine_type(near, "statement", False, 1.25) == "statement"
    assert combine_type(near, "statement", False, 1.0) == "accusation"
    assert combine_type(_probs(accusation=0.6, statement=0.2), "statement", False, 1.25) == "accusation"


@pytest.fixture()
def tagger():
    return ClaimsTagger(spacy.blank("en"), "claims")


def _match(text: str, content: str, rule_type: str) -> ClaimMatch:
    start = text.index(content)
    return ClaimMatch((start, start + len(content)), (0, 6), (7, 11), "indirect", rule_type, 0.8, None)


def test_rule_claim_type_per_switch(tagger, monkeypatch):
    text = "Valdor said the accusations were baseless fabrications."
    doc = spacy.blank("en")(text)
    m = _match(text, "the accusations were baseless fabrications", "denial")
    monkeypatch.setattr(tagger, "_type_probs", lambda *a: _probs(accusation=0.9))
    assert tagger.rule_evidence is True and tagger.rule_prior == 1.4  # the factory default
    assert tagger._rule_claim_type(doc, [], {}, m, 1.4)[0] == "denial"  # strong content words: the rule type
    weak = _match(text, "the accusations were", "statement")
    assert tagger._rule_claim_type(doc, [], {}, weak, 1.4)[0] == "accusation"
    assert tagger._rule_claim_type(doc, [], {}, weak, 1000.0)[0] == "statement"  # the prior it is given decides
    tagger.rule_evidence = False
    assert tagger._rule_claim_type(doc, [], {}, m, 100.0) == ("accusation", pytest.approx(0.9))
    tagger.rule_types = True
    assert tagger._rule_claim_type(doc, [], {}, m, 1.4)[0] == "denial"


def _layer(value: float) -> Linear:
    return Linear(np.full((len(CLAIM_TYPES), 6), value, np.float32), np.zeros(len(CLAIM_TYPES), np.float32))


def test_int8_typing_is_used_only_with_the_onnx_int8_encoder(tagger):
    tagger.heads = None  # the arrays, as in a process without torch
    tagger._layers = {"tags": _layer(1.0), "claim_type": _layer(2.0)}
    tagger.rule_prior = 1.7
    assert tagger.typing_for("onnx-int8") == (tagger._layers, 1.7)  # a package without int8 typing: the fp32 one
    tagger.int8_layers = {"claim_type": _layer(3.0)}
    tagger.rule_prior_int8 = 1.2
    layers, prior = tagger.typing_for("onnx-int8")
    assert prior == 1.2 and layers["claim_type"].weight[0, 0] == 3.0 and layers["tags"].weight[0, 0] == 1.0
    for runtime in ("onnx", "torch", "torch-int8", "none"):  # torch's int8 is another quantization: fp32 layers
        layers, prior = tagger.typing_for(runtime)
        assert prior == 1.7 and layers["claim_type"].weight[0, 0] == 2.0


def test_int8_layers_and_prior_round_trip_through_the_folder(tagger, tmp_path):
    tagger.int8_layers = {"claim_type": _layer(3.0)}
    tagger.rule_prior_int8 = 1.2
    tagger.to_disk(tmp_path)
    loaded = ClaimsTagger(spacy.blank("en"), "claims").from_disk(tmp_path)
    assert loaded.rule_prior_int8 == 1.2 and loaded.int8_layers["claim_type"].weight[0, 0] == 3.0
    loaded.int8_layers = {}
    loaded.to_disk(tmp_path)  # a refit without an int8 layer leaves no stale file behind
    assert not (tmp_path / "heads.int8.npz").exists()
    assert ClaimsTagger(spacy.blank("en"), "claims").from_disk(tmp_path).int8_layers == {}


def test_settings_saved_before_rule_evidence_keep_its_default(tagger, tmp_path):
    tagger.to_disk(tmp_path)
    (tmp_path / "settings.json").write_text(json.dumps({"add_tagged": False, "rule_types": False}))
    loaded = ClaimsTagger(spacy.blank("en"), "claims").from_disk(tmp_path)
    assert loaded.rule_evidence is True and loaded.add_tagged is False
