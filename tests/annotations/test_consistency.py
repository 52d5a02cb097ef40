"""Mechanical guideline rules checked by `claimscope corpus validate`."""

import pytest

from annotations.consistency import consistency_problems
from annotations.studio_format import CorpusClaim, CorpusDoc, CorpusSanction


def _doc(text: str, content: str, cue: str, ctype: str) -> CorpusDoc:
    c, q = text.index(content), text.index(cue)
    claim = CorpusClaim(content=(c, c + len(content)), claimant=(0, 5), cue=(q, q + len(cue)), type=ctype, quote="indirect")
    return CorpusDoc(id="cs-z-001", text=text, meta={}, claims=[claim])


@pytest.mark.parametrize("text, content, cue, ctype, expected", [
    ("Minsk said in a statement that the measures were illegal.", "the measures were illegal", "said in a statement", "accusation", ["GUIDELINE 31"]),
    ("Minsk said that the measures were illegal.", "the measures were illegal", "said", "accusation", []),
    ("Minsk said that the measures were illegal.", "the measures were illegal", "said", "denial", ["GUIDELINE 30"]),
    ("Minsk said the illegal measures were based on lies.", "the illegal measures were based on lies", "said", "denial", []),
    ("Minsk said it would not tolerate new listings.", "it would not tolerate new listings", "said", "statement", ["threat or a denial"]),
    ("Minsk said it would not tolerate new listings.", "it would not tolerate new listings", "said", "threat", []),
])
def test_consistency_rules(text, content, cue, ctype, expected):
    problems = list(consistency_problems(_doc(text, content, cue, ctype)))
    assert len(problems) == len(expected)
    for problem, needle in zip(problems, expected):
        assert needle in problem


def _action_doc(text: str, trigger: str, status: str, measures: list[str]) -> CorpusDoc:
    t = text.index(trigger)
    action = CorpusSanction(trigger=(t, t + len(trigger)), authority=(0, 9), targets=[(len(text) - 6, len(text) - 1)],
                            measures=measures, status=status)
    return CorpusDoc(id="cs-z-002", text=text, meta={}, sanctions=[action])


@pytest.mark.parametrize("text, trigger, status, measures, flagged", [
    # GUIDELINE 16: sanctions with no measure named are a designation, never an empty list
    ("Ruritania imposed sanctions on three generals.", "imposed sanctions", "imposed", [], True),
    ("Ruritania imposed sanctions on three generals.", "imposed sanctions", "imposed", ["designation"], False),
    ("Ruritania imposed sanctions on three generals.", "imposed sanctions", "imposed", ["asset_freeze"], False),
    ("Ruritania said it will blacklist three generals.", "will blacklist", "announced", [], True),
    ("Ruritania signed a decree imposing sanctions on three generals.", "signed a decree", "imposed", [], True),
    ("Ruritania extends Freedonia sanctions for a year.", "extends", "imposed", [], True),
    ("The bloc's sanctions on Freedonia, which it extended in May, remain in force.", "extended", "imposed", [], True),
    ("Ruritania's last round of sanctions, in May, targeted nine firms.", "targeted", "imposed", [], True),
    ("The generals remain under Ruritanian sanctions.", "sanctions", "imposed", [], True),
    # vague measures (note 19), cut-offs and laws are not a designation
    ("Ruritania imposed countermeasures on three generals.", "imposed countermeasures", "imposed", [], False),
    ("Ruritania adopted reciprocal measures against the officials.", "adopted reciprocal measures", "imposed", [], False),
    ("Ruritania said the measures targeted five firms.", "targeted", "imposed", [], False),
    ("Ruritania suspended its aid to Freedonia after the coup.", "suspended its aid", "imposed", [], False),
    ("Ruritania has used the Anti-Foreign Sanctions Law against two firms.", "has used", "imposed", [], False),
    ("Ruritania could impose sanctions on three generals.", "could impose sanctions", "threatened", [], False),
    # lifted: a plain removal is a designation; relief, waivers and partial steps are not flagged
    ("Ruritania lifted sanctions on the state airline.", "lifted sanctions", "lifted", [], True),
    ("Ruritania lifted the sanctions on the state airline.", "lifted", "lifted", [], True),
    ("Ruritania removed two men from its sanctions list.", "removed", "lifted", [], True),
    ("Ruritania drops four names from its blacklist.", "drops", "lifted", [], True),
    ("Ruritania ended its Freedonia sanctions programme.", "ended", "lifted", [], True),
    ("Ruritania eased sanctions on the state airline.", "eased sanctions", "lifted", [], False),
    ("Ruritania lifted most sanctions on the state airline.", "lifted most sanctions", "lifted", [], False),
    ("Ruritania lifted its economic sanctions on Freedonia.", "lifted its economic sanctions", "lifted", [], False),
    ("Ruritania waived sanctions on the pipeline operator.", "waived sanctions", "lifted", [], False),
    ("Ruritania issued a general licence allowing transactions with the airline.", "issued a general licence", "lifted", [], False),
])
def test_empty_measures_of_sanctions(text, trigger, status, measures, flagged):
    problems = list(consistency_problems(_action_doc(text, trigger, status, measures)))
    assert len(problems) == int(flagged)
    if flagged:
        assert "GUIDELINE 16" in problems[0]
