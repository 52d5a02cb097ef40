"""Claim type and quote kind by rules: the cue's lemma first, then words in the content (SPEC 3)."""

from __future__ import annotations

import re

from models.rules import lexicon
from models.rules.quotes import Quote

_NUMBER_RE = re.compile(r"\d|\b(hundreds?|thousands?|millions?|billions?|dozens?|percent|half|third|quarter)\b", re.I)
_GENOCIDE_PRESUPPOSED_RE = re.compile(
    r"\b(stop|end|prevent|halt|recogni[sz]e|commemorat|remember|survivors?|victims?|denial of)\w*\b[^.]{0,40}\bgenocid",
    re.I,
)


def _has(content: str, words: tuple[str, ...]) -> bool:
    low = content.lower()
    return any(re.search(r"(?<![a-z])" + re.escape(w), low) for w in words)


def classify(cue_lemma: str, content: str, negated: bool = False) -> str:
    """The SPEC claim type for a cue lemma and content text."""
    cue_type = lexicon.CUE_TYPE.get(cue_lemma)
    if _has(content, lexicon.GENOCIDE_WORDS) and cue_type not in {"call_to_action", "denial"}:
        if not _GENOCIDE_PRESUPPOSED_RE.search(content) or cue_lemma in {"declare", "determine", "recognize", "recognise"}:
            return "genocide_declaration"
    if cue_lemma in {"declare", "determine", "recognize", "recognise"} and _has(content, lexicon.GENOCIDE_WORDS):
        return "genocide_declaration"
    if cue_type is not None:
        if cue_type == "estimate" and not _NUMBER_RE.search(content) and not _has(content, lexicon.ESTIMATE_WORDS):
            return "statement"
        return cue_type
    if negated:
        return "denial"
    if _has(content, lexicon.DENIAL_WORDS):
        return "denial"
    if _has(content, lexicon.THREAT_WORDS):
        return "threat"
    if _has(content, lexicon.CALL_WORDS):
        return "call_to_action"
    if _NUMBER_RE.search(content) and _has(content, lexicon.ESTIMATE_WORDS):
        return "estimate"
    if _has(content, lexicon.ACCUSATION_WORDS):
        return "accusation"
    return "statement"


def quote_kind(start: int, end: int, quotes: list[Quote]) -> str:
    """`direct` when the content lies inside one quotation, `mixed` when it overlaps one, else `indirect`."""
    for q in quotes:
        if q.start - 2 <= start and end <= q.end + 2:
            return "direct"
    for q in quotes:
        if q.start < end and start < q.end:
            return "mixed"
    return "indirect"
