"""Mechanical consistency rules of the guideline, checked on every corpus document.

Each rule is one GUIDELINE_NOTES decision that a pattern can check without judgement:
- 31: a cue is the attributing verb alone ("said", not "said in a statement");
- 30: calling measures "illegal", "unjust", "interference" or "meddling" is an accusation,
  unless the claim also calls them false or rejects an allegation ("baseless", "lies",
  "accusations", ...), which makes it a denial;
- 32: a claim that opens with "X will not accept / allow / tolerate" another party's action
  (not "our own") is a threat (or a denial of an allegation), never a plain statement.
Judgement calls (list targets, GUIDELINE 15; quotation splits, 28) are settled by hand.
"""

from __future__ import annotations

import re
from typing import Iterator

from annotations.studio_format import CorpusDoc

# GUIDELINE 31: words after the verb that belong to the circumstances, not the cue.
_CUE_CIRCUMSTANCE = re.compile(r"\s(in|on|at|during|via|through)\s(a|an|the|its|his|her|their)\b", re.IGNORECASE)
# GUIDELINE 30: defiance that accuses, and defiance that denies.
_ACCUSING_WORDS = re.compile(r"\b(illegal|unjust|interference|meddling)\b", re.IGNORECASE)
_DENYING_WORDS = re.compile(r"\b(baseless|lies?|fabricat\w*|groundless|false|untrue|smear|accusations?|allegations?|charges?)\b",
                            re.IGNORECASE)
_MEASURE_WORDS = re.compile(r"\b(sanction\w*|measures?|listings?|designations?|bans?|embargo\w*|restrictions?|"
                            r"decision|move|resolution|motion|snapback|penalt\w+)\b", re.IGNORECASE)
# v2 note: refusals of another party's action.
_REFUSAL = re.compile(r"^(?:\S+\s){0,3}(?:will|would) not (?:accept|allow|tolerate)\b(?!\s+(?:our|its|their) )"
                      r"|^(?:\S+\s){0,3}won['\u2019]t (?:accept|allow|tolerate)\b(?!\s+(?:our|its|their) )", re.IGNORECASE)


def consistency_problems(doc: CorpusDoc) -> Iterator[str]:
    """One line per claim that breaks a mechanical rule."""
    for claim in doc.claims:
        cue = doc.text[claim.cue[0]:claim.cue[1]]
        content = doc.text[claim.content[0]:claim.content[1]]
        where = f"claim at {claim.content[0]} ({content[:40]!r})"
        if _CUE_CIRCUMSTANCE.search(cue):
            yield f"{where}: cue {cue!r} holds more than the attributing verb (GUIDELINE 31)"
        if claim.type == "denial" and _ACCUSING_WORDS.search(content) and _MEASURE_WORDS.search(content) \
                and not _DENYING_WORDS.search(content):
            yield f"{where}: calls measures illegal or interference, an accusation, not a denial (GUIDELINE 30)"
        if claim.type == "statement" and _REFUSAL.search(content):
            yield f"{where}: 'will not accept/allow/tolerate' is a threat or a denial, not a statement"
