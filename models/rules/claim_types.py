"""Claim type and quote kind by rules: the cue's lemma first, then words in the content (SPEC 3).

`evidence` also says what the type rests on (a `TypeEvidence` source), so that a trained
type head can defer to the rules only where their evidence is strong (models/components/claims_tagger.py).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from models.rules import lexicon
from models.rules.quotes import Quote

_NUMBER_RE = re.compile(r"\d|\b(hundreds?|thousands?|millions?|billions?|dozens?|percent|half|third|quarter)\b", re.I)
_GENOCIDE_PRESUPPOSED_RE = re.compile(
    r"\b(stop|end|prevent|halt|recogni[sz]e|commemorat|remember|survivors?|victims?|denial of)\w*\b[^.]{0,40}\bgenocid",
    re.I,
)
_DETERMINING_CUES = frozenset({"declare", "determine", "recognize", "recognise"})
_NOT = r"(?:(?:will|would|shall|does|do|did|can|could)\s+(?:not|never)|(?:wo|would|does|do|did|ca)n[’']t|cannot)"


def _alternation(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


# "does not accept the accusation", "would not recognize the resolution", "will never accept that ...":
# a denial (GUIDELINE 32).
_REFUSED_FINDING_RE = re.compile(
    rf"\b{_NOT}\s+(?:\w+ly\s+)?(?:accept|recogni[sz]e|acknowledge)\b"
    rf"(?:\s+that\b|[^;!?]{{0,40}}?\b{_alternation(lexicon.FINDING_NOUNS)})",
    re.I,
)
# "will not tolerate", "would not be intimidated": a threat (GUIDELINE 32).
_REFUSAL_RE = re.compile(
    rf"\b(?:(?:will|would|shall)\s+(?:not|never)|(?:wo|would)n[’']t)\s+(?:\w+ly\s+)?{_alternation(lexicon.REFUSAL_VERBS)}\b",
    re.I,
)
# "was falsely accused", "had been 'falsely implicated'": a denial.
_FALSELY_RE = re.compile(
    rf"\b(?:be|been|being|is|are|was|were)\s+[\"“']?falsely\s+{_alternation(lexicon.FALSELY_PASSIVES)}\b", re.I
)
# "had always complied with", "complies with all applicable sanctions": a denial (GUIDELINE 33).
_COMPLIANCE_RE = re.compile(
    rf"\b(?:has|have|had)\s+(?:always\s+|fully\s+|strictly\s+)*{_alternation(lexicon.COMPLIANCE_VERBS)}\b"
    r"|\b(?:complies|comply|complied)\s+(?:fully\s+|strictly\s+)?with\s+(?:all|every|the\s+laws?|international\s+law)\b",
    re.I,
)
# "has always fully implemented the resolutions", "has never been and will never be a hub for evading
# sanctions": a compliance denial (GUIDELINE 33).
_ALWAYS_OBSERVED_RE = re.compile(
    r"\b(?:has|have|had)\s+always\s+(?:\w+ly\s+(?:and\s+\w+ly\s+)?)?"
    rf"{_alternation(lexicon.OBSERVING_VERBS)}\b"
    rf"|\bnever\s+been\s+(?:and\s+(?:will\s+)?never\s+be\s+)?an?\s+(?:\w+\s+)?{_alternation(lexicon.EVASION_ROUTES)}"
    r"\s+for\s+(?:evading|circumventing|bypassing|dodging|busting)\b",
    re.I,
)
# "would respond", "will respond firmly": a threat (GUIDELINE 13).
_RESPONSE_RE = re.compile(
    rf"\b(?:will|would|shall)\s+(?:\w+ly\s+)?{_alternation(lexicon.RESPONSE_VERBS)}\b", re.I
)
# "will use all the tools at its disposal", "will not hesitate to act", "stands ready to respond":
# a promised response (GUIDELINE 13).
_READY_RE = re.compile(
    r"\btools?\s+(?:\w+\s+)?at\s+(?:our|its|their|his|her)\s+disposal\b"
    r"|\bnot\s+(?:\w+\s+)?(?:hesitate|shy\s+away)\b"
    r"|\b(?:ready|prepared)\s+to\s+(?:respond|retaliate|act|take\s+(?:further\s+)?(?:action|measures|steps)|impose|use)\b",
    re.I,
)
# "would face sanctions", "will use every tool", "will continue to use its authorities", "should expect
# consequences", "could be cut off from the U.S. financial system", "will take resolute measures to
# defend its interests": warnings of consequences (GUIDELINE 13).
_TOOLS = r"(?:tools?|means|authorit(?:y|ies)|levers?|instruments?|powers)"
_CONSEQUENCE_RE = re.compile(
    r"\b(?:will|would|could|may|might)\s+(?:\w+\s+)?face\s+(?:\w+\s+){0,2}"
    r"(?:consequences|sanctions|penalties|punishment|retaliation)\b"
    rf"|\b(?:use|using|employ)\s+(?:all|every|each|the\s+full\s+range\s+of)\s+(?:\w+\s+){{0,2}}{_TOOLS}\b"
    rf"|\bcontinue\s+to\s+use\s+(?:its|our|their|all|every|the)\s+(?:\w+\s+){{0,2}}{_TOOLS}\b"
    r"|\bshould\s+expect\s+(?:\w+\s+){0,2}(?:consequences|sanctions|penalties|retaliation|a\s+response)\b"
    r"|\bcut\s+off\s+from\s+the\s+(?:[\w.]+\s+){0,2}financial\s+system\b"
    r"|\b(?:take|taking|adopt)\s+(?:resolute|firm|decisive|forceful)\s+(?:\w+\s+)?(?:measures|steps|action|countermeasures)\b"
    r"|\bdefend\s+(?:its|their|our)\s+(?:\w+\s+(?:and\s+\w+\s+)?)?(?:rights|interests|sovereignty)\b",
    re.I,
)
# "in violation of UN resolutions", "seriously violated the rules" (not "was not in violation of"): an accusation.
_VIOLATION_RE = re.compile(
    rf"(?<!not )(?<!never )\bin\s+(?:{_alternation(lexicon.VIOLATION_ADJECTIVES)}\s+)?violation\s+of\b"
    rf"|\b{_alternation(lexicon.VIOLATION_ADVERBS)}\s+violat",
    re.I,
)
# "committed genocide", "amounts to genocide", "was a genocide": genocide asserted, not presupposed.
_GENOCIDE_ASSERTED_RE = re.compile(
    rf"\b(?:{_alternation(lexicon.GENOCIDE_ACT_VERBS)}\w*|(?:is|was|were|are|be|been)\s+(?:an?\s+)?(?:\w+\s+)?)"
    rf"\s*[\"“']?genocid",
    re.I,
)

# Double quotation marks inside a content ('would "respond to any backsliding"') do not break a phrase.
_QUOTE_MARKS_RE = re.compile(r"[\"“”„«»]")

# Sources of a rule type (see `evidence` for the order they are tried in).
SOURCES: tuple[str, ...] = ("genocide", "cue", "strong", "weak", "none")


class TypeEvidence(NamedTuple):
    """A rule type and what it rests on: one of SOURCES."""

    type: str
    source: str


def _has(content: str, words: tuple[str, ...]) -> bool:
    """Whether one of `words` begins a word (or runs on from one) in `content`, case aside."""
    return _words_re(words).search(content.lower()) is not None


@functools.lru_cache(maxsize=None)
def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation per word list (the lexicon's lists are fixed tuples)."""
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + ")")


def _genocide(cue_lemma: str, cue_type: str | None, content: str) -> bool:
    """The claimant declares acts genocide (not a call or denial that only presupposes it)."""
    if not _has(content, lexicon.GENOCIDE_WORDS):
        return False
    if cue_lemma in _DETERMINING_CUES:
        return True
    return cue_type not in {"call_to_action", "denial"} and not _GENOCIDE_PRESUPPOSED_RE.search(content)


def _content_type(content: str, negated: bool) -> str | None:
    """The type that words in the content point to, or None."""
    if negated or _has(content, lexicon.DENIAL_WORDS):
        return "denial"
    if _has(content, lexicon.THREAT_WORDS):
        return "threat"
    if _has(content, lexicon.CALL_WORDS):
        return "call_to_action"
    if _NUMBER_RE.search(content) and _has(content, lexicon.ESTIMATE_WORDS):
        return "estimate"
    if _has(content, lexicon.ACCUSATION_WORDS):
        return "accusation"
    return None


def strong_content_type(content: str) -> str | None:
    """The type that precise words in the content point to (genocide asserted, exhortations, refusals,
    compliance, falsity, promised responses, retaliation, illegality, violations, not denying), or None.

    The rules' type is taken as strong where this agrees with it (models/components/claims_tagger.py).
    """
    content = _QUOTE_MARKS_RE.sub("", content)
    if _GENOCIDE_ASSERTED_RE.search(content):
        return "genocide_declaration"
    if _has(content, lexicon.STRONG_CALL_WORDS):
        return "call_to_action"
    if _REFUSED_FINDING_RE.search(content) or _FALSELY_RE.search(content):
        return "denial"
    if _COMPLIANCE_RE.search(content) or _ALWAYS_OBSERVED_RE.search(content) \
            or _has(content, lexicon.HEDGED_DENIAL_WORDS):
        return "denial"
    if _REFUSAL_RE.search(content) or _RESPONSE_RE.search(content) or _READY_RE.search(content) \
            or _CONSEQUENCE_RE.search(content):
        return "threat"
    if _has(content, lexicon.STRONG_DENIAL_WORDS):
        return "denial"
    if _has(content, lexicon.STRONG_THREAT_WORDS):
        return "threat"
    if _has(content, lexicon.STRONG_ACCUSATION_WORDS) or _VIOLATION_RE.search(content):
        return "accusation"
    if _has(content, lexicon.NON_DENIAL_WORDS):
        return "statement"
    return None


def evidence(cue_lemma: str, content: str, negated: bool = False) -> TypeEvidence:
    """The SPEC claim type for a cue lemma and content text, with the source it rests on.

    Order: a genocide declaration; an accusing or calling cue ("accused", "urged", not a naming
    cue such as "described"); strong content words; any other typed cue ("denied", "warned",
    "described"); weak content words.
    """
    cue_type = lexicon.CUE_TYPE.get(cue_lemma)
    if _genocide(cue_lemma, cue_type, content):
        return TypeEvidence("genocide_declaration", "genocide")
    if cue_type in {"accusation", "call_to_action"} and cue_lemma not in lexicon.NAMING_CUES:
        return TypeEvidence(cue_type, "cue")
    strong = strong_content_type(content)
    if strong is not None:
        return TypeEvidence(strong, "strong")
    if cue_type is not None:
        if cue_type == "estimate" and not _NUMBER_RE.search(content) and not _has(content, lexicon.ESTIMATE_WORDS):
            return TypeEvidence("statement", "none")
        return TypeEvidence(cue_type, "cue")
    ctype = _content_type(content, negated)
    return TypeEvidence(ctype, "weak") if ctype else TypeEvidence("statement", "none")


def classify(cue_lemma: str, content: str, negated: bool = False) -> str:
    """The SPEC claim type for a cue lemma and content text."""
    return evidence(cue_lemma, content, negated).type


def quote_kind(start: int, end: int, quotes: list[Quote]) -> str:
    """`direct` when the content lies inside one quotation, `mixed` when it overlaps one, else `indirect`."""
    for q in quotes:
        if q.start - 2 <= start and end <= q.end + 2:
            return "direct"
    for q in quotes:
        if q.start < end and start < q.end:
            return "mixed"
    return "indirect"
