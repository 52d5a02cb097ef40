"""Well-formed sanctions actions (SPEC 2): spans that name something, a trigger that reports a measure, no duplicates.

Pure functions over a parsed Doc and SanctionMatch records; they drop or merge, never invent.
- An authority is a noun phrase (a noun, a name or a pronoun as its head), not "The" or "Western".
- An authority is not itself a measure or its instrument ("bans freeze assets", "the Restricted List bars").
- A trigger holds a sanctions verb or noun (models/rules/lexicon.py), not "has", "will" or "on",
  and is not a measure noun modifying relief ("US Sanctions Relief" reports relief, not sanctions).
- A target holds a noun, name, number or pronoun that is not a date, and is neither the
  authority nor the trigger; an action left with no target is dropped.
- A tagged action's authority must be attached to its trigger through the clause's syntax:
  the subject (or agent) of the trigger's verb or of a verb above it, or inside the trigger's
  own phrase ("EU sanctions", "sanctions by the EU").
- Two actions with the same authority whose triggers overlap, or that share a target in one
  sentence, are one action reported twice: their targets are merged into the first.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from models.rules.lexicon import (ACTION_VERBS, CUTOFF_VERBS, DELISTING_VERBS, EXPOSURE_VERBS, IMPOSING_NOUNS,
                                  INSTRUMENT_HEADS, LIFT_VERBS, LIFTING_NOUNS, LIGHT_VERBS, LIST_NOUNS, LISTING_VERBS,
                                  MEASURE_NOUNS, RELIEF_NOUNS, REVOKING_VERBS)
from models.rules.sanctions import CharRange, SanctionMatch
from models.rules.spans import doc_text, overlaps, sentence_range

# Words that report a sanctions step beyond the rule lexicons: relief, caps, licences, snapback.
TRIGGER_EXTRA_LEMMAS: frozenset[str] = frozenset(
    {"cap", "waiver", "licence", "license", "relief", "snapback", "reinstate", "reimpose", "re-impose",
     "imposition", "penalty", "exclusion", "disconnect", "cut", "stop", "halt", "seize", "confiscate",
     "expulsion", "limit", "deny", "revocation", "removal", "entity", "punitive", "blacklisting", "delisting"}
)
TRIGGER_LEMMAS: frozenset[str] = (ACTION_VERBS | LIFT_VERBS | LIGHT_VERBS | MEASURE_NOUNS | DELISTING_VERBS
                                  | LIST_NOUNS | LISTING_VERBS | REVOKING_VERBS | EXPOSURE_VERBS | CUTOFF_VERBS
                                  | LIFTING_NOUNS | IMPOSING_NOUNS | TRIGGER_EXTRA_LEMMAS)
# Parts of speech that can head a span naming an authority or a target.
_NAMING_POS: frozenset[str] = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Possessive and first-person words that name no authority or target on their own ("own", "my", "me").
_NON_NAMING_WORDS: frozenset[str] = frozenset({"own", "my", "mine", "me", "myself", "its", "their", "his", "her", "our"})
# A date names no one: "imposed the sanctions on Sunday" has no target "Sunday".
_TIME_ENTS: frozenset[str] = frozenset({"DATE", "TIME"})
_SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass", "agent", "csubj", "expl"})
# How far up from the trigger the clause that holds the authority may be ("X said it would impose").
_MAX_CLIMB = 4


def _span(doc: Doc, rng: CharRange) -> Span | None:
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    return span if span is not None and len(span) else None


def names_something(doc: Doc, rng: CharRange) -> bool:
    """The span holds a noun, a name, a number or a pronoun (not only determiners, adjectives, particles)."""
    span = _span(doc, rng)
    return span is not None and any(t.pos_ in _NAMING_POS and t.lower_ not in _NON_NAMING_WORDS
                                    and t.ent_type_ not in _TIME_ENTS and any(c.isalnum() for c in t.text)
                                    for t in span)


def reports_measure(doc: Doc, rng: CharRange) -> bool:
    """The trigger holds a sanctions verb or noun."""
    span = _span(doc, rng)
    return span is not None and any(t.lemma_.lower() in TRIGGER_LEMMAS or t.lower_ in TRIGGER_LEMMAS for t in span)


def is_measure_itself(doc: Doc, rng: CharRange) -> bool:
    """The authority's head is a measure noun or instrument ("bans", "the sanctions", "the Restricted List")."""
    span = _span(doc, rng)
    return span is not None and span.root.lemma_.lower() in MEASURE_NOUNS | INSTRUMENT_HEADS | {"sanctions"}


def modifies_relief(doc: Doc, rng: CharRange) -> bool:
    """The trigger is only a measure noun that modifies a relief word ("sanctions relief", "sanctions waiver")."""
    span = _span(doc, rng)
    if span is None:
        return False
    root = span.root
    return root.dep_ in {"compound", "nmod", "amod"} and root.head.lemma_.lower() in RELIEF_NOUNS | {"exception", "easing"} and root.head.i >= span.end


def _climb(token: Token) -> Iterator[Token]:
    """The token and the heads above it, up to the sentence root or _MAX_CLIMB steps."""
    yield token
    for _ in range(_MAX_CLIMB):
        if token.head.i == token.i:
            return
        token = token.head
        yield token


def _below_without_verb(token: Token, top: Token) -> bool:
    """`token` hangs under `top` through nouns and prepositions only (no clause in between)."""
    while token.i != top.i:  # by index: spaCy makes a new Token object on each access, so `is` never holds
        head = token.head
        if head.i == token.i or head.pos_ in {"VERB", "AUX"} and head.i != top.i:
            return False
        token = head
    return True


def attached(doc: Doc, authority: CharRange, trigger: CharRange) -> bool:
    """The authority is the subject of the trigger's clause (or one above it), or inside the trigger's phrase."""
    auth, trig = _span(doc, authority), _span(doc, trigger)
    if auth is None or trig is None:
        return False
    a, t = auth.root, trig.root
    if t.pos_ not in {"VERB", "AUX"} and _below_without_verb(a, t):  # inside the trigger's phrase: "EU sanctions", "sanctions by the EU"
        return True
    for head in _climb(t):
        for child in head.children:
            if child.dep_ in _SUBJECT_DEPS and a.i in {x.i for x in child.subtree}:
                return True
    return False


def _authority_key(text: str, rng: CharRange) -> str:
    return " ".join(text[rng[0]:rng[1]].lower().split()).removeprefix("the ")


def well_formed(doc: Doc, matches: Iterable[SanctionMatch], tagged: Iterable[bool] | None = None) -> list[SanctionMatch]:
    """The actions that pass every rule of the module docstring, duplicates merged, in text order.

    `tagged` flags the actions found by a tagger (their authority must be attached by syntax);
    rule actions are attached by construction.
    """
    items = list(matches)
    flags = list(tagged) if tagged is not None else [False] * len(items)
    kept: list[SanctionMatch] = []
    for m, is_tagged in zip(items, flags):
        if not names_something(doc, m.authority) or not reports_measure(doc, m.trigger):
            continue
        if is_measure_itself(doc, m.authority) or modifies_relief(doc, m.trigger):
            continue
        targets = tuple(t for t in m.targets if names_something(doc, t) and not overlaps(t, m.authority)
                        and not overlaps(t, m.trigger))
        if not targets:
            continue
        if is_tagged and not attached(doc, m.authority, m.trigger):
            continue
        kept.append(m._replace(targets=targets))
    kept.sort(key=lambda m: m.trigger[0])
    out: list[SanctionMatch] = []
    keys: list[tuple[str, tuple[int, int]]] = []  # authority and sentence of each kept action
    text = doc_text(doc)
    for m in kept:
        key, sent = _authority_key(text, m.authority), sentence_range(doc, m.trigger[0])
        twin = next((i for i, (o, (k, s)) in enumerate(zip(out, keys)) if k == key and (
            overlaps(o.trigger, m.trigger)
            or (s == sent and any(overlaps(a, b) for a in o.targets for b in m.targets)))), None)
        if twin is None:
            out.append(m)
            keys.append((key, sent))
        else:
            first = out[twin]
            out[twin] = first._replace(targets=tuple(dict.fromkeys((*first.targets, *m.targets))),
                                       confidence=max(first.confidence, m.confidence))
    return out
