"""Well-formed sanctions actions: function-word spans dropped, syntax attachment for tagged actions, duplicates merged."""

import re

import pytest

from models.rules.sanctions import SanctionMatch
from models.rules.wellformed import attached, names_something, reports_measure, well_formed


def _rng(text, needle):
    m = re.search(r"\b" + re.escape(needle) + r"\b", text)
    return m.start(), m.end()


def _match(text, authority, trigger, targets, confidence=0.5):
    return SanctionMatch(_rng(text, trigger), _rng(text, authority), tuple(_rng(text, t) for t in targets),
                         ("designation",), "imposed", None, None, confidence)


TEXT = "The European Union on Monday imposed sanctions on four officials and a company in Minsk."


@pytest.mark.parametrize("span, expected", [
    ("The", False), ("on", False), ("Monday", False), ("The European Union", True), ("four officials", True),
    ("four", True),
])
def test_names_something(nlp, span, expected):
    doc = nlp(TEXT)
    assert names_something(doc, _rng(TEXT, span)) is expected


@pytest.mark.parametrize("span, expected", [("imposed sanctions", True), ("imposed", True), ("on", False), ("Monday", False)])
def test_reports_measure(nlp, span, expected):
    doc = nlp(TEXT)
    assert reports_measure(doc, _rng(TEXT, span)) is expected


def test_attached_subject_and_unattached_bystander(nlp):
    text = "Britain said the European Union imposed sanctions on four officials, while Canada watched."
    doc = nlp(text)
    trigger = _rng(text, "imposed sanctions")
    assert attached(doc, _rng(text, "the European Union"), trigger)
    assert not attached(doc, _rng(text, "Canada"), trigger)


@pytest.mark.parametrize("text, authority, trigger, expected", [
    ("EU sanctions on Russian banks", "EU", "sanctions", True),  # a headline: the root is the trigger noun
    ("New sanctions by the European Union on four generals", "the European Union", "sanctions", True),
    ("Sanctions on the bank that Canada announced", "Canada", "Sanctions", False),  # a clause in between
])
def test_attached_inside_a_trigger_phrase_without_a_verb(nlp, text, authority, trigger, expected):
    """The walk up the parse ends at the root (it once compared Token objects by identity and never did)."""
    import threading

    doc = nlp(text)
    result: list[bool] = []
    worker = threading.Thread(target=lambda: result.append(attached(doc, _rng(text, authority), _rng(text, trigger))),
                              daemon=True)  # a daemon: a walk that never ends fails the test instead of hanging it
    worker.start()
    worker.join(10)
    assert result == [expected]


def test_well_formed_drops_fragments_and_merges_duplicates(nlp):
    doc = nlp(TEXT)
    good = _match(TEXT, "The European Union", "imposed sanctions", ["four officials"])
    twin = _match(TEXT, "The European Union", "imposed", ["four officials", "a company"])
    function_word_trigger = _match(TEXT, "The European Union", "on", ["four officials"], )
    determiner_authority = _match(TEXT, "The", "imposed sanctions", ["a company"])
    kept = well_formed(doc, [good, twin, function_word_trigger, determiner_authority])
    assert len(kept) == 1
    assert [TEXT[s:e] for s, e in kept[0].targets] == ["four officials", "a company"]


def test_tagged_action_needs_syntax(nlp):
    text = "Britain said the European Union imposed sanctions on four officials, while Canada watched."
    doc = nlp(text)
    stray = _match(text, "Canada", "imposed sanctions", ["four officials"])
    assert well_formed(doc, [stray], tagged=[False]) and not well_formed(doc, [stray], tagged=[True])


def test_target_that_is_the_trigger_is_dropped(nlp):
    text = "EU sanction list grows."
    doc = nlp(text)
    m = SanctionMatch(_rng(text, "sanction"), _rng(text, "EU"), (_rng(text, "sanction"),), ("designation",), "imposed",
                      None, None, 0.5)
    assert well_formed(doc, [m]) == []


@pytest.mark.parametrize("text, authority, trigger, target", [
    ("The new bans freeze Iranian assets abroad.", "The new bans", "freeze", "Iranian assets"),
    ("The Restricted List bars Americans from dealing with them.", "The Restricted List", "bars", "them"),
])
def test_a_measure_or_its_instrument_is_no_authority(nlp, text, authority, trigger, target):
    assert well_formed(nlp(text), [_match(text, authority, trigger, [target])]) == []


def test_a_measure_noun_modifying_relief_is_no_action(nlp):
    text = "Tehran welcomes US sanctions relief for its banks."
    doc = nlp(text)
    m = _match(text, "US", "sanctions", ["its banks"])
    assert well_formed(doc, [m]) == []
    plain = "Tehran condemns US sanctions on its banks."
    assert well_formed(nlp(plain), [_match(plain, "US", "sanctions", ["its banks"])])
