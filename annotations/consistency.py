"""Mechanical consistency rules of the guideline, checked on every corpus document.

Each rule is one GUIDELINE_NOTES decision that a pattern can check without judgement:
- 31: a cue is the attributing verb alone ("said", not "said in a statement");
- 30: calling measures "illegal", "unjust", "interference" or "meddling" is an accusation,
  unless the claim also calls them false or rejects an allegation ("baseless", "lies",
  "accusations", ...), which makes it a denial;
- 32: a claim that opens with "X will not accept / allow / tolerate" another party's action
  (not "our own") is a threat (or a denial of an allegation), never a plain statement;
- 16: an `imposed` or `announced` action reported as sanctions, a sanctioning, a blacklisting
  or a listing ("imposed sanctions", "extends Ruritania sanctions", "new sanctions imposed by":
  within four words of the trigger, or in its sentence for a bare "extended" / "targeted")
  never has an empty measures list: with no measure named it is `designation`. Vague measures
  ("countermeasures", "reciprocal measures", "further steps": note 19) are not flagged. A
  `lifted` action that plainly removes sanctions or a listing ("lifted sanctions on X",
  "removed X from its list", "annulled the listing") is `designation` too; licences, waivers,
  suspensions and partial relief ("eased", "most", "economic sanctions") are not flagged.
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


# GUIDELINE 16: words that report sanctions or a listing; law titles ("Anti-Foreign Sanctions Law") do not.
_SANCTIONING = re.compile(r"\b(?:re-?)?(?:counter-?)?sanction(?:s|ed|ing)?\b|\bblack-?list\w*|\bdesignat\w*"
                          r"|\b(?:de|re)?list(?:s|ed|ing|ings)?\b|\bpenalt(?:y|ies)\b", re.IGNORECASE)
_LAW_TITLE = re.compile(r"\b(?:[A-Z][\w-]*\s+)+(?:Law|Act|Regulations?|Order)\b")
# Note 19: vague measures that keep an empty list.
_VAGUE_MEASURES = re.compile(r"\b(?:counter-?)?measures?\b|\bsteps?\b|\bactions?\b|\bresponse\b|\brestrictions?\b",
                             re.IGNORECASE)
# Words that stop the window around a trigger: punctuation that ends a phrase (not the dot of "U.S.").
_PHRASE_STOP = re.compile(r"[,;:!?()\[\]\"\u201c\u201d\u2014\u2013|]|(?<![A-Z])\.(?=\s|$)|\s-\s|\n")
_WINDOW_WORDS = 4
# Relative pronouns that take the window back over the comma to their noun ("sanctions, which it extended").
_RELATIVES = {"which", "that"}
# One-word triggers that report sanctions named elsewhere in their sentence ("the sanctions ... targeted nine entities").
_GENERIC_TRIGGER = re.compile(r"^(?:(?:has|have|had|was|were|is|are)\s+)?(?:imposed?|impos\w+|re-?impos\w+|extend\w*|renew\w*|"
                              r"prolong\w*|target\w*|kept|keeps?|maintain\w*|tighten\w*)$", re.IGNORECASE)
# Relief that is no plain removal of sanctions (note 36): kept as annotated.
_PARTIAL_RELIEF = re.compile(r"\b(?:most|some|partial\w*|part|eas\w+|suspen\w+|waiv\w+|licen[cs]\w*|exempt\w*|"
                             r"relief|economic|sectoral|sectors?|general|oil|gas|gold|potash|energy|banking)\b", re.IGNORECASE)
_REMOVED_FROM_LIST = re.compile(r"\bfrom\s+(?:its|the|their|a|his|her)\s+(?:[\w-]+\s+){0,3}(?:list|blacklist|annex|register)\b",
                                re.IGNORECASE)
_NAMES = re.compile(r"\bnames?\b", re.IGNORECASE)  # "drops four names": names taken off a list
_REMOVING = re.compile(r"\b(?:remov\w*|delist\w*|drop\w*|strik\w*|struck|took|taken|tak\w+)\b", re.IGNORECASE)


def _trigger_window(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to four words before and after a trigger, within its phrase (no crossing of a comma or dash);
    law titles are blanked first, so "under the Anti-Foreign Sanctions Law" reports no sanctions."""
    before, after = (_LAW_TITLE.sub(" ", t) for t in (text[max(0, start - 200):start], text[end:end + 200]))
    stops = list(_PHRASE_STOP.finditer(before))
    if stops:
        clause = before[stops[-1].end():]
        if clause.split()[:1] and clause.split()[0].lower() in _RELATIVES:  # "sanctions, which it extended"
            head = before[:stops[-1].start()]
            heads = list(_PHRASE_STOP.finditer(head))
            clause = " ".join(head[heads[-1].end() if heads else 0:].split()[-_WINDOW_WORDS:] + clause.split())
        before = clause
    stop = _PHRASE_STOP.search(after)
    if stop:
        after = after[:stop.start()]
    return " ".join(before.split()[-_WINDOW_WORDS:]), " ".join(after.split()[:_WINDOW_WORDS])


def _reports_sanctions(phrase: str) -> bool:
    return bool(_SANCTIONING.search(_LAW_TITLE.sub(" ", phrase)))


def _sentence_after(text: str, end: int) -> str:
    stop = re.search(r"(?<![A-Z])\.(?=\s|$)|\n", text[end:])
    return text[end:end + stop.start()] if stop else text[end:]


def _sentence(text: str, start: int, end: int) -> str:
    stops = list(re.finditer(r"(?<![A-Z])\.(?=\s)|\n", text[:start]))
    return text[stops[-1].end() if stops else 0:end] + _sentence_after(text, end)


def _needs_designation(doc: CorpusDoc, trigger: tuple[int, int], status: str) -> bool:
    """GUIDELINE 16: the action is reported as sanctions or a listing with no measure named."""
    text = doc.text
    trig = text[trigger[0]:trigger[1]]
    if _VAGUE_MEASURES.search(trig):
        return False
    before, after = _trigger_window(text, *trigger)
    if status in {"imposed", "announced"}:
        if any(_reports_sanctions(p) for p in (trig, before, after)):
            return True
        sentence = _sentence(text, *trigger)  # "The sanctions are the harshest the bloc has imposed"
        return bool(_GENERIC_TRIGGER.match(trig.strip())) and _reports_sanctions(sentence) \
            and not _VAGUE_MEASURES.search(sentence)
    if status == "lifted":  # a plain removal: "lifted sanctions on X", "removed X from its list"
        phrase = f"{trig} {after}"
        if _PARTIAL_RELIEF.search(phrase):
            return False
        return _reports_sanctions(phrase) or bool(_REMOVING.search(trig) and (
            _REMOVED_FROM_LIST.search(_sentence_after(text, trigger[1])) or _NAMES.search(after)))
    return False


def consistency_problems(doc: CorpusDoc) -> Iterator[str]:
    """One line per claim or sanctions action that breaks a mechanical rule."""
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
    for action in doc.sanctions:
        if not action.measures and _needs_designation(doc, action.trigger, action.status):
            trig = doc.text[action.trigger[0]:action.trigger[1]]
            yield (f"action at {action.trigger[0]} (trigger {trig!r}, {action.status}): sanctions or a listing with "
                   f"an empty measures list; no measure named is `designation` (GUIDELINE 16)")
