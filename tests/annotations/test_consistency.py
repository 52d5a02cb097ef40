"""Mechanical guideline rules checked by `claimscope corpus validate`."""

import pytest

from annotations.consistency import consistency_problems
from annotations.studio_format import CorpusClaim, CorpusDoc


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
