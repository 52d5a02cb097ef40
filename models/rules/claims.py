"""Attributed claims by rules over the dependency parse and quotation marks: yields claimant, cue, content (SPEC 3).

Patterns, each a function below: a reporting verb with a clausal complement or a quotation
(`_verb_claims`), "according to X" (`_according_to_claims`), a speaker before a colon
(`_colon_claims`), and a quotation continued without a new cue (`_continuation_claims`).
Pronoun and descriptive claimants are resolved to the nearest compatible named mention.
The Doc is never changed.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from spacy.tokens import Doc, Span, Token

from models.errors import Errors
from models.rules import lexicon
from models.rules.claim_types import classify, quote_kind
from models.rules.quotes import Quote, find_quotes
from models.rules.spans import char_range, char_trim, doc_text, drop_dateline, overlaps, subtree_span, trim

SUPPORTED_LANGS = ("en",)
CharRange = tuple[int, int]

_SUBJ_DEPS = {"nsubj"}
_CLAUSE_DEPS = {"ccomp"}
_CLAIMANT_DROP_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "prep"}
# How far a continued quotation may sit from the claim it continues (characters).
_CONTINUATION_WINDOW = 700


class ClaimMatch(NamedTuple):
    """One attributed claim, as character ranges into the Doc's text."""

    content: CharRange
    claimant: CharRange
    cue: CharRange
    quote: str
    type: str
    confidence: float
    claimant_ref: CharRange | None


def find_claims(doc: Doc) -> Iterator[ClaimMatch]:
    """Yield attributed claims in text order, without overlapping contents."""
    if doc.lang_ not in SUPPORTED_LANGS:
        raise ValueError(Errors.E004.format(supported=list(SUPPORTED_LANGS), lang=doc.lang_))
    quotes = list(find_quotes(doc_text(doc)))
    found: list[ClaimMatch] = []
    for sent in doc.sents:
        for match in (*_verb_claims(sent, quotes), *_according_to_claims(sent, quotes), *_colon_claims(sent, quotes)):
            _add(found, match)
    for match in _continuation_claims(doc, quotes, found):
        _add(found, match)
    found.sort(key=lambda m: m.content[0])
    doc_ents = doc.ents
    resolved = [resolve_claimant(doc, m, found, doc_ents) for m in found]
    yield from resolved


def _add(found: list[ClaimMatch], match: ClaimMatch | None) -> None:
    """Keep a new match unless its content overlaps one already kept with more confidence."""
    if match is None or match.content[1] <= match.content[0]:
        return
    for i, other in enumerate(found):
        if overlaps(other.content, match.content):
            if match.confidence > other.confidence:
                found[i] = match
            return
    found.append(match)


def _claimant_span(subj: Token) -> Span | None:
    """The subject's noun phrase, without relative clauses and trailing punctuation."""
    drop = [c for c in subj.children if c.dep_ in _CLAIMANT_DROP_DEPS and c.i > subj.i]
    return drop_dateline(trim(subtree_span(subj, exclude=drop)))


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it hangs from ("..., saying ...", "and added ...")."""
    tok: Token | None = verb
    via_conj = False
    for _ in range(4):
        if tok is None:
            return None
        subj = next((c for c in tok.children if c.dep_ in _SUBJ_DEPS), None)
        if subj is not None and not (via_conj and tok.dep_ == "ccomp"):
            return subj
        # "said X and urged Y": a conjunct hanging inside the first verb's clause shares its subject
        if tok.dep_ in {"advcl", "conj", "xcomp", "dep"} or (via_conj and tok.dep_ == "ccomp"):
            via_conj = via_conj or tok.dep_ == "conj"
            tok = tok.head if tok.head is not tok else None
        else:
            return None
    return None


def _cue_span(verb: Token) -> Span:
    """The cue verb, with a particle or 'on'/'for' that belongs to it ("called on", "called for")."""
    doc = verb.doc
    end = verb.i + 1
    for child in verb.children:
        if child.i == end and (child.dep_ == "prt" or (verb.lemma_ == "call" and child.lower_ in {"on", "for"})):
            end += 1
    return doc[verb.i : end]


def _quote_near(verb: Token, quotes: list[Quote], sent: Span) -> Quote | None:
    """The quotation in the verb's sentence nearest the verb, or one introduced by a colon after it."""
    lo, hi = sent.start_char, sent.end_char
    # a quote closing just before the sentence counts: the parser often splits '...," he said.'
    in_sent = [q for q in quotes if overlaps((q.start, q.end), (lo - 4, hi))]
    after_colon = verb.i + 1 < len(verb.doc) and any(
        t.text == ":" for t in verb.doc[verb.i + 1 : min(verb.i + 4, len(verb.doc))]
    )
    if after_colon:
        nxt = [q for q in quotes if q.start >= verb.idx and q.start - verb.idx < 60]
        if nxt:
            return nxt[0]
    if not in_sent:
        return None
    return min(in_sent, key=lambda q: min(abs(q.end - verb.idx), abs(q.start - verb.idx)))


def _content_for_verb(verb: Token, sent: Span, quotes: list[Quote]) -> tuple[Span | CharRange | None, float]:
    """The content of a reporting verb, and a confidence for the pattern that found it."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    comp = next((c for c in children if c.dep_ in _CLAUSE_DEPS), None)
    if lemma in lexicon.CALL_VERBS:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in {"on", "for"}), None)
        xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
        if prep is not None:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                xcomp = xcomp or next((c for c in pobj.children if c.dep_ in {"acl", "relcl"}), None)
                end_tok = max((t.i for t in (xcomp.subtree if xcomp else pobj.subtree)), default=pobj.i)
                return sent.doc[pobj.left_edge.i : end_tok + 1], 0.8
        if obj is not None and xcomp is not None:
            end_tok = max(t.i for t in xcomp.subtree)
            return sent.doc[obj.left_edge.i : end_tok + 1], 0.8
    if comp is not None:
        # a coordinated reporting verb inside the clause ("... and urged the bloc to ...") is its own claim
        cues = [c for c in comp.children if c.dep_ == "conj" and c.lemma_.lower() in lexicon.REPORTING_VERBS
                and not any(g.dep_ in _SUBJ_DEPS for g in c.children)]
        return subtree_span(comp, exclude=cues), 0.85
    if lemma in lexicon.NOUN_OBJECT_CLAIM_VERBS:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is not None:
            end_i = max(t.i for t in obj.subtree)
            for c in children:  # "accused X of Y", "described X as Y"
                if c.dep_ in {"prep", "oprd"} and c.lower_ in {"of", "as"} and c.i > obj.i:
                    end_i = max(end_i, max(t.i for t in c.subtree))
            return sent.doc[obj.left_edge.i : end_i + 1], 0.6
    q = _quote_near(verb, quotes, sent)
    if q is not None:
        return (q.start, q.end), 0.75
    return None, 0.0


def _verb_claims(sent: Span, quotes: list[Quote]) -> Iterator[ClaimMatch]:
    """Claims headed by a reporting verb with a subject."""
    for verb in sent:
        if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in lexicon.REPORTING_VERBS:
            continue
        if verb.dep_ == "amod" or verb.tag_ == "VBN" and verb.dep_ in {"acl", "relcl"}:
            continue  # "the so-called ...", "the motion adopted ..."
        subj = _subject(verb)
        if subj is None or subj.lower_ in {"which", "that", "who"}:
            continue
        content, conf = _content_for_verb(verb, sent, quotes)
        if content is None:
            continue
        content_chars = content if isinstance(content, tuple) else char_range(trim(content, drop_leading_that=True))
        claimant = char_range(_claimant_span(subj))
        if content_chars is None or claimant is None:
            continue
        content_chars = char_trim(sent.doc, *content_chars)
        cue = char_range(_cue_span(verb))
        if cue is None or overlaps(content_chars, claimant) or overlaps(content_chars, cue):
            continue
        text = doc_text(sent.doc)[content_chars[0] : content_chars[1]]
        negated = any(c.dep_ == "neg" for c in verb.children)
        cue_lemma = verb.lemma_.lower()
        if cue_lemma == "call" and cue[1] - cue[0] <= len(verb.text):
            cue_lemma = ""  # "called the move X" names, it does not call for action
        ctype = classify(cue_lemma, text, negated)
        yield ClaimMatch(content_chars, claimant, cue, quote_kind(*content_chars, quotes), ctype, conf, None)


def _according_to_claims(sent: Span, quotes: list[Quote]) -> Iterator[ClaimMatch]:
    """"X, according to Y." and "According to Y, X."."""
    doc = sent.doc
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= sent.end or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        claimant = char_range(_claimant_span(pobj))
        phrase_end = max(t.i for t in pobj.subtree) + 1
        before = trim(doc[sent.start : tok.i])
        after = trim(doc[phrase_end : sent.end])
        body = before if before is not None and (after is None or len(before) >= len(after)) else after
        content = char_range(body)
        cue = char_range(doc[tok.i : tok.i + 2])
        if content is None or claimant is None or cue is None:
            continue
        text = doc_text(doc)[content[0] : content[1]]
        yield ClaimMatch(content, claimant, cue, quote_kind(*content, quotes), classify("according", text), 0.7, None)


def _colon_claims(sent: Span, quotes: list[Quote]) -> Iterator[ClaimMatch]:
    """A short speaker before a colon with no verb: "Kremlin: sanctions will fail"."""
    doc = sent.doc
    colon = next((t for t in sent if t.text == ":"), None)
    if colon is None or colon.i - sent.start > 8 or colon.i == sent.start:
        return
    head = doc[sent.start : colon.i]
    if any(t.pos_ in {"VERB", "AUX"} for t in head) or not any(t.pos_ in {"PROPN", "NOUN"} for t in head):
        return
    claimant = char_range(trim(head))
    content = char_range(trim(doc[colon.i + 1 : sent.end]))
    if claimant is None or content is None:
        return
    text = doc_text(doc)[content[0] : content[1]]
    yield ClaimMatch(content, claimant, (colon.idx, colon.idx + 1), quote_kind(*content, quotes), classify("", text), 0.6, None)


def _continuation_claims(doc: Doc, quotes: list[Quote], found: list[ClaimMatch]) -> Iterator[ClaimMatch]:
    """A quotation with no cue of its own continues the nearest earlier claim (SPEC 5)."""
    for q in quotes:
        rng = char_trim(doc, q.start, q.end)
        if rng[1] <= rng[0] or any(overlaps(rng, m.content) for m in found):
            continue
        if len(doc_text(doc)[rng[0] : rng[1]].split()) < 3:
            continue  # scare quotes around a word or two are not claims
        earlier = [m for m in found if m.content[1] <= rng[0] and rng[0] - m.content[1] < _CONTINUATION_WINDOW]
        if not earlier:
            continue
        prev = max(earlier, key=lambda m: m.content[1])
        text = doc_text(doc)[rng[0] : rng[1]]
        cue_span = doc.char_span(prev.cue[0], prev.cue[1], alignment_mode="expand")
        cue_lemma = cue_span[0].lemma_.lower() if cue_span is not None and len(cue_span) else ""
        yield ClaimMatch(rng, prev.claimant, prev.cue, quote_kind(*rng, quotes), classify(cue_lemma, text), 0.55,
                         prev.claimant_ref)


def resolve_claimant(doc: Doc, match: ClaimMatch, found: list[ClaimMatch],
                     doc_ents: tuple[Span, ...] | None = None) -> ClaimMatch:
    """Link a pronoun or description claimant to the nearest earlier compatible named mention.

    `doc_ents` is `doc.ents` read once by the caller (spaCy builds it anew on every access).
    """
    all_ents = doc.ents if doc_ents is None else doc_ents
    text = doc_text(doc)[match.claimant[0] : match.claimant[1]]
    words = text.lower().split()
    if not words:
        return match
    ents = [e for e in all_ents if e.label_ in lexicon.SPACY_LABEL_MAP and e.end_char <= match.claimant[0]]
    if len(words) == 1 and words[0] in lexicon.PRONOUN_LABELS:
        labels = lexicon.PRONOUN_LABELS[words[0]]
        candidates: list[CharRange] = [(e.start_char, e.end_char) for e in ents if e.label_ in labels]
        if not candidates and labels == ("PERSON",):  # NER missed the label: any two-word proper name
            candidates = [(e.start_char, e.end_char) for e in ents if len(e) >= 2 and all(t.pos_ == "PROPN" for t in e)]
        # the claimant of an earlier claim is the likeliest antecedent: "X said ... He added ..."
        candidates += [m.claimant_ref or m.claimant for m in found
                       if m.claimant[1] <= match.claimant[0] and len(doc_text(doc)[m.claimant[0]:m.claimant[1]].split()) > 1]
        if candidates:
            return match._replace(claimant_ref=max(candidates, key=lambda r: r[1]))
        return match
    if words[0] in {"the", "this", "that"} and len(words) <= 3 and not any(
        e.start_char >= match.claimant[0] and e.end_char <= match.claimant[1] for e in all_ents
    ):
        head = words[-1]
        for ent in reversed(ents):
            if head in ent.text.lower() and ent.label_ in {"ORG", "GPE"}:
                return match._replace(claimant_ref=(ent.start_char, ent.end_char))
    return match
