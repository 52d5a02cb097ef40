"""Sanctions actions by rules over the dependency parse: yields trigger, authority, targets, measures, status (SPEC 2).

Triggers are (a) verbs that are themselves the action ("sanctioned X", "blacklisted X",
"froze X's assets"), (b) light verbs with a measure noun ("imposed sanctions on X", "added X
to the Entity List"), and (c) lifting verbs ("lifted sanctions on X"). Arguments come from
the verb's subject, object, agent and on/against prepositions; several authorities in one
subject give one action each. The Doc is never changed.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from spacy.tokens import Doc, Span, Token

from models.rules import lexicon
from models.rules.spans import char_trim, drop_dateline, subtree_span, trim

CharRange = tuple[int, int]

_ARG_DROP_DEPS = {"relcl", "acl", "punct", "cc", "conj", "appos"}
_ASSET_NOUNS = {"asset", "assets", "property", "fund", "funds", "account", "accounts", "holding", "holdings", "reserve", "reserves"}
_GOVERNING_DEPS = {"xcomp", "advcl", "ccomp", "conj"}


class SanctionMatch(NamedTuple):
    """One sanctions action, as character ranges into the Doc's text."""

    trigger: CharRange
    authority: CharRange
    targets: tuple[CharRange, ...]
    measures: tuple[str, ...]
    status: str
    reason: CharRange | None
    date: CharRange | None
    confidence: float


def find_sanctions(doc: Doc) -> Iterator[SanctionMatch]:
    """Yield sanctions actions in text order."""
    for sent in doc.sents:
        found: dict[int, list[SanctionMatch]] = {}
        for tok in sent:
            if tok.pos_ not in {"VERB", "AUX"}:
                continue
            matches = list(_verb_actions(tok))
            if not matches:
                continue
            # "announced sanctions on X, barring them from ...": a participle details the action it hangs from
            if tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "acl"} and tok.head.i in found:
                for j, prev in enumerate(found[tok.head.i]):
                    merged = tuple(dict.fromkeys(m for m in (*prev.measures, *matches[0].measures) if m != "designation"))
                    found[tok.head.i][j] = prev._replace(measures=merged or ("designation",))
                continue
            found[tok.i] = matches
        for i in sorted(found):
            yield from found[i]


def char_range(span: Span | None) -> CharRange | None:
    if span is None:
        return None
    start, end = char_trim(span.doc, span.start_char, span.end_char)
    return (start, end) if end > start else None


def _np(tok: Token) -> Span | None:
    """A noun phrase for an argument: its subtree without clauses, conjuncts and appositions."""
    drop = [c for c in tok.children if c.dep_ in _ARG_DROP_DEPS and c.i > tok.i]
    drop += [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "including"]
    return drop_dateline(trim(subtree_span(tok, exclude=drop)))


def _split_targets(tok: Token) -> list[Span]:
    """Each target in a coordinated or 'including' list, the summary noun phrase first."""
    out: list[Span] = []
    if tok.lower_ in {"assets", "property", "funds"} or tok.lemma_ in _ASSET_NOUNS:
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "belonging"}), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if owner is not None:
            return _split_targets(owner)
        if pobj is not None:
            return _split_targets(pobj)
    span = _np(tok)
    if span is not None:
        out.append(span)
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(_split_targets(child))
        elif child.dep_ == "appos" and child.pos_ == "PROPN":
            out.extend(_split_targets(child))
        elif child.dep_ == "prep" and child.lower_ == "including":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    out.extend(_split_targets(grandchild))
    return out


def _is_measure_noun(tok: Token) -> bool:
    if tok.lemma_.lower() in lexicon.MEASURE_NOUNS or tok.lower_ in lexicon.MEASURE_NOUNS:
        return True
    return tok.lower_.startswith("counter") and "sanction" in tok.lower_


def _measure_object(verb: Token) -> Token | None:
    """The verb's object when it names a measure ("sanctions", "a travel ban", "export controls").

    Falls back to a measure noun within the next five tokens, since the parser often
    misreads "imposed travel bans and asset freezes on ..." (freezes as a verb).
    """
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"} and _is_measure_noun(child):
            return child
    doc = verb.doc
    for tok in doc[verb.i + 1 : min(verb.i + 6, verb.sent.end)]:
        if tok.is_punct or tok.pos_ == "VERB" and tok.lemma_.lower() not in lexicon.MEASURE_NOUNS:
            break
        if _is_measure_noun(tok) and tok.pos_ in {"NOUN", "PROPN", "VERB"}:
            return tok
    return None


def _target_heads(*anchors: Token) -> list[Token]:
    """Objects of on/against prepositions under any anchor ("sanctions on X", "imposed ... against X")."""
    heads: list[Token] = []
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "against", "onto"}:
                # "on Monday" is a date, not a target
                heads.extend(c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in {"DATE", "TIME"})
    return heads


def _governor(verb: Token) -> Token:
    """The verb that governs a trigger in an xcomp chain ("threatened to impose" -> threatened)."""
    tok = verb
    while tok.dep_ == "xcomp" and tok.head is not tok:
        tok = tok.head
    return tok


def _authorities(verb: Token) -> list[Token]:
    """Who acts: the agent of a passive, else the subject (climbing xcomp/conj), one per conjunct."""
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return [pobj, *pobj.conjuncts]
    tok: Token | None = verb
    for _ in range(3):
        if tok is None:
            break
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            if _is_measure_noun(subj):  # "New U.S. sanctions target ...": the authority modifies the noun
                mod = next((c for c in subj.children if c.dep_ in {"poss", "compound", "amod"} and c.ent_type_ in {"GPE", "ORG", "NORP"}), None)
                return [mod] if mod is not None else []
            if subj.lower_ in {"which", "that", "who"}:
                return [tok.head] if tok.dep_ == "relcl" else []
            return [subj, *subj.conjuncts]
        if tok.dep_ in _GOVERNING_DEPS and tok.head is not tok:
            tok = tok.head
        else:
            break
    return []


def _status(verb: Token, lifting: bool) -> str:
    """SPEC status from the trigger's governing verbs, auxiliaries and conditional markers."""
    if lifting:
        return "lifted"
    chain = [verb]
    tok = verb
    while tok.dep_ in {"xcomp", "ccomp", "advcl"} and tok.head is not tok and len(chain) < 4:
        tok = tok.head
        chain.append(tok)
    lemmas = {t.lemma_.lower() for t in chain}
    aux = {c.lower_ for t in chain for c in t.children if c.dep_ in {"aux", "auxpass"}}
    marks = {c.lower_ for t in chain for c in t.subtree if c.dep_ == "mark"}
    if lemmas & {"threaten", "warn"} or aux & {"could", "would", "might", "may"} or marks & {"if", "unless"}:
        return "threatened"
    if lemmas & lexicon.PROPOSED_STATUS_WORDS:
        return "proposed"
    if aux & {"will", "shall", "'ll"} or lemmas & {"set"}:
        return "announced"
    return "imposed"


def _measures(clause: Span, exclude: CharRange | None) -> tuple[str, ...]:
    """Measures named in the trigger's clause (keywords), `designation` when none is named."""
    text = clause.doc.text
    lo, hi = clause.start_char, clause.end_char
    low = text[lo:hi].lower()
    if exclude is not None:
        a, b = max(exclude[0] - lo, 0), max(exclude[1] - lo, 0)
        low = low[:a] + " " * (b - a) + low[b:]
    found: list[str] = []
    for keyword, measure in lexicon.MEASURE_KEYWORDS:
        if keyword in low and measure not in found:
            found.append(measure)
    return tuple(found) or ("designation",)


def reason_of(verb: Token, obj: Token | None) -> Span | None:
    for anchor in (verb, obj):
        if anchor is None:
            continue
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in lexicon.REASON_PREPS:
                span = trim(subtree_span(child))
                if span is not None and len(span) > 2:
                    return span
    return None


def date_of(verb: Token) -> Span | None:
    for ent in verb.doc.ents:
        if ent.label_ != "DATE" or not (verb.sent.start <= ent.start < verb.sent.end):
            continue
        head = ent.root.head
        if head is verb or (head.dep_ == "prep" and head.head is verb):
            if head.dep_ == "prep" and head.head is verb:
                return verb.doc[head.i : ent.end]
            return ent
    return None


def _verb_actions(verb: Token) -> Iterator[SanctionMatch]:
    """The actions a verb triggers (one per authority), or nothing."""
    lemma = verb.lemma_.lower()
    doc = verb.doc
    obj = _measure_object(verb)
    lifting = lemma in lexicon.LIFT_VERBS
    targets: list[Span] = []
    trigger_end = verb.i + 1
    conf = 0.7
    if obj is not None and (lemma in lexicon.LIGHT_VERBS or lifting):
        heads = _target_heads(verb, obj, *obj.conjuncts)
        if not heads and obj.head is not verb:  # misparsed object: take the next on/against phrase
            nxt = [t for t in doc[obj.i + 1 : verb.sent.end] if t.lower_ in {"on", "against"}]
            heads = [c for c in nxt[0].children if c.dep_ == "pobj"] if nxt else []
        targets = [t for h in heads for t in _split_targets(h)]
        if 0 < obj.i - verb.i <= 4:
            trigger_end = obj.i + 1
        conf = 0.75
    elif lemma == "add":
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        lst = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        dobj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if lst is None or dobj is None or not ({lst.lemma_.lower(), lst.lower_} & (lexicon.LIST_NOUNS | {"blacklist"})):
            return
        targets = _split_targets(dobj)
        conf = 0.8
    elif lemma in lexicon.ACTION_VERBS or (lifting and lemma in {"delist", "unfreeze"}):
        if lemma in {"target", "list", "block", "restrict", "suspend", "prohibit", "expel"} and not any(
            _is_measure_noun(t) for t in verb.sent
        ):
            return
        dobj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if dobj is None:
            return
        targets = _split_targets(dobj)
        conf = 0.75
    else:
        return
    targets_chars = tuple(r for r in (char_range(t) for t in targets) if r is not None)
    if not targets_chars:
        return  # no target, no action (SPEC 5)
    authorities = [_np(a) for a in _authorities(verb)]
    trigger = char_range(doc[verb.i : trigger_end])
    if trigger is None:
        return
    reason_span = reason_of(verb, obj)
    reason = char_range(reason_span)
    date = char_range(date_of(verb))
    governor = _governor(verb)
    if governor.lemma_.lower() in lexicon.CALL_VERBS:
        return  # "urged the EU to impose sanctions": a call to act, not an action
    # the measures of this action, not of a coordinated one ("... and Britain froze ...")
    clause = subtree_span(governor, exclude=[c for c in governor.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}])
    measures = _measures(clause, reason)
    status = _status(verb, lifting)
    for auth in authorities:
        auth_chars = char_range(auth)
        if auth_chars is None or any(a <= auth_chars[0] < b for a, b in targets_chars):
            continue
        yield SanctionMatch(trigger, auth_chars, targets_chars, measures, status, reason, date, conf)
