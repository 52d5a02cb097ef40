"""Attributed claims by rules over the dependency parse and quotation marks: yields claimant, cue, content (SPEC 3).

Patterns, each a function below: a reporting verb (`_verb_claims`) with one of the complements of
`_PATTERNS` (a call, a clause, a pledge or warning, a proposal, a noun object such as "accused X of
Y" or "described X as Y", a phrasal cue such as "lashed out at X") or a quotation; "according to X"
(`_according_to_claims`); a speaker before a colon (`_colon_claims`); and a quotation continued
without a new cue (`_continuation_claims`). A report in a relative clause ("traders that the agency
said were ...") may lie inside another claim's content; other contents never overlap.
Pronoun and descriptive claimants are resolved to the nearest compatible named mention.
The Doc is never changed.
"""

from __future__ import annotations

import bisect
from typing import Iterator, NamedTuple

from spacy.tokens import Doc, Span, Token

from models.errors import Errors
from models.rules import lexicon
from models.rules.claim_types import classify, quote_kind
from models.rules.quotes import Quote, find_quotes
from models.rules.spans import (char_range, char_trim, doc_text, drop_dateline, overlaps, sentence_range,
                                subtree_span, trim)

SUPPORTED_LANGS = ("en",)
CharRange = tuple[int, int]

_SUBJ_DEPS = {"nsubj"}
_CLAUSE_DEPS = {"ccomp"}
_CLAIMANT_DROP_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "prep"}
_RELATIVE_WORDS = {"what", "which", "that", "who", "whom"}
_FINITE_TAGS = {"VBD", "VBZ", "VBP"}
_TIME_ENTS = {"DATE", "TIME"}
_TITLE_PARTICLES = {"of", "and", "the", "for", "on", "in", "to", "a"}
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
    """Yield attributed claims in text order; contents overlap only where a report in a relative clause
    lies inside another claim's content ("X said its coach signed a player who he claimed would ...")."""
    if doc.lang_ not in SUPPORTED_LANGS:
        raise ValueError(Errors.E004.format(supported=list(SUPPORTED_LANGS), lang=doc.lang_))
    quotes = list(find_quotes(doc_text(doc)))
    found: list[ClaimMatch] = []
    embedded: list[ClaimMatch] = []
    for sent in doc.sents:
        for match, in_relative in _verb_claims(sent, quotes):
            (embedded.append(match) if in_relative else _add(found, match))
        for match in (*_according_to_claims(sent, quotes), *_colon_claims(sent, quotes)):
            _add(found, match)
    for match in embedded:
        _add(found, match, nested=True)
    for match in _continuation_claims(doc, quotes, found):
        _add(found, match)
    found.sort(key=lambda m: m.content[0])
    doc_ents = doc.ents
    ends = ent_ends(doc_ents)
    resolved = [resolve_claimant(doc, m, found, doc_ents, ends) for m in found]
    yield from resolved


def _add(found: list[ClaimMatch], match: ClaimMatch | None, nested: bool = False) -> None:
    """Keep a new match unless its content overlaps one already kept with more confidence.

    With `nested`, a match whose cue and content lie inside a kept claim's content is kept beside it.
    """
    if match is None or match.content[1] <= match.content[0]:
        return
    for i, other in enumerate(found):
        if overlaps(other.content, match.content) and not (nested and _inside(match, other.content)):
            if match.confidence > other.confidence:
                found[i] = match
            return
    found.append(match)


def _inside(match: ClaimMatch, outer: CharRange) -> bool:
    """Whether the match's cue and content both lie within `outer`, and its content is not all of it."""
    lo, hi = outer
    start, end = min(match.cue[0], match.content[0]), max(match.cue[1], match.content[1])
    return match.content != outer and lo <= start and end <= hi


def _claimant_span(subj: Token) -> Span | None:
    """The subject's noun phrase, without relative clauses and trailing punctuation."""
    drop = [c for c in subj.children if c.dep_ in _CLAIMANT_DROP_DEPS and c.i > subj.i]
    return drop_dateline(trim(subtree_span(subj, exclude=drop)))


def _subject(verb: Token, quotes: list[Quote]) -> Token | None:
    """The verb's subject, that of the verb it hangs from ("..., saying ...", "and added ..."), or that of
    a participle (`_participle_subject`)."""
    if verb.tag_ == "VBG":
        special = _participle_subject(verb, quotes)
        if special is not None:
            return special
    tok: Token | None = verb
    via_conj = False
    for _ in range(4):
        if tok is None:
            return None
        subj = _nearest_subject(tok)
        if subj is not None and not (via_conj and tok.dep_ == "ccomp"):
            return subj
        # "said X and urged Y": a conjunct hanging inside the first verb's clause shares its subject
        if tok.dep_ in {"advcl", "conj", "xcomp", "dep"} or (via_conj and tok.dep_ == "ccomp"):
            via_conj = via_conj or tok.dep_ == "conj"
            tok = tok.head if tok.head.i != tok.i else None
        else:
            return None
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject nearest to it: a dateline before it may be parsed as a second one ("KORVIA - X said")."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJ_DEPS]
    return min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None


def _participle_subject(verb: Token, quotes: list[Quote]) -> Token | None:
    """The subject of an -ing reporting verb where the parse does not give it: an absolute "with X saying",
    a participle after another report's clause ("X said that Y ..., adding that ...": X adds, not Y), or the
    noun the participle modifies ("residents saying ..."; "students calling for ..." describes, it does not cite)."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.dep_ == "pobj" and before.head.lower_ == "with":
        return before
    reporter = _reporter_above(verb) if verb.dep_ == "advcl" else None
    if reporter is not None and not any(q.start <= verb.idx < q.end for q in quotes):
        return _subject(reporter, quotes)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and verb.lemma_.lower() not in lexicon.CALL_VERBS \
            and not any(c.dep_ in _SUBJ_DEPS for c in verb.children):
        return verb.head
    return None


def _antecedent(pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for ("the governor, who said ..." -> governor), or None."""
    clause = pronoun.head
    if clause.dep_ == "relcl" and clause.head.pos_ in {"NOUN", "PROPN"}:
        return clause.head
    return None


def _reporter_above(verb: Token) -> Token | None:
    """The reporting verb whose clausal complement holds `verb` ("said that sanctions hurt, adding ...")."""
    for anc in verb.ancestors:
        if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in lexicon.REPORTING_VERBS:
            return anc.head
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
    """The content of a reporting verb, and a confidence for the pattern that found it.

    The patterns of `_PATTERNS` are tried in order; a quotation near the verb is the last resort, except for
    verbs that take only a parsed complement and for relative clauses whose object is the antecedent.
    """
    children = list(verb.children)
    for pattern, confidence in _PATTERNS:
        content = pattern(verb, children, sent, quotes)
        if content is not None:
            return content, confidence
    if verb.lemma_.lower() in lexicon.COMPLEMENT_ONLY_VERBS or _self_naming(verb, children) or any(
            c.lower_ in _RELATIVE_WORDS and c.dep_ in {"dobj", "mark"} for c in children):
        return None, 0.0  # "a plan that Arland has not welcomed": the object is the antecedent
    q = _quote_near(verb, quotes, sent)
    if q is not None and not _quote_governed_elsewhere(verb, q):
        return (q.start, q.end), 0.75
    return None, 0.0


def _self_naming(verb: Token, children: list[Token]) -> bool:
    """"calls itself X": a name the subject gives itself, not a claim."""
    return verb.lemma_.lower() in lexicon.NAMING_VERBS and any(
        c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in children)


def _call_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | CharRange | None:
    """A call verb's addressee and action, or a naming "called X Y"."""
    return _call_content(verb, children, quotes) if verb.lemma_.lower() in lexicon.CALL_VERBS else None


def _clause_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | None:
    """The clausal complement ("said that ...")."""
    comp = next((c for c in children if c.dep_ in _CLAUSE_DEPS), None)
    return _clause_content(verb, comp, quotes) if comp is not None else None


def _commitment_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | None:
    """A pledge, threat or warning without a clause ("vowed to retaliate", "warned of ...")."""
    if verb.lemma_.lower() not in lexicon.COMMITMENT_VERBS | lexicon.WARNING_VERBS:
        return None
    return _commitment_content(verb, children)


def _proposal_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | None:
    """A proposal's gerund ("proposed holding talks")."""
    if verb.lemma_.lower() not in lexicon.PROPOSAL_VERBS:
        return None
    gerund = next((c for c in children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
    return subtree_span(gerund) if gerund is not None else None


def _object_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | CharRange | None:
    """A noun object that is a claim ("denied the accusation", "described X as Y")."""
    return _object_content(verb, children, quotes)


def _phrasal_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | None:
    """The target of a phrasal cue and the reason after it ("lashed out at the airline for ...")."""
    target = _phrasal_target(verb)
    if target is None:
        return None
    reasons = [c for c in children if c.dep_ == "prep" and c.lower_ == "for"]
    return verb.doc[target.left_edge.i : max(_phrase_end(t) for t in (target, *reasons)) + 1]


def _stray_that_pattern(verb: Token, children: list[Token], sent: Span, quotes: list[Quote]) -> Span | None:
    """The rest of the sentence after a complementizer "that" the parser hung on the verb without its clause
    ("conclude that the raids amount to crimes" parsed with "that" as the object)."""
    that = next((c for c in children if c.lower_ == "that" and c.tag_ == "IN" and c.dep_ != "mark"
                 and c.i == verb.i + 1), None)
    if that is None or that.i + 1 >= sent.end:
        return None
    return verb.doc[that.i + 1 : sent.end]


def _quote_governed_elsewhere(verb: Token, quote: Quote) -> bool:
    """Whether the quotation sits in the phrase of another reporting verb that is no ancestor of `verb`
    ("Announcing it, X criticised Y for what she described as "careless" searches": the quote is not "announcing"'s)."""
    span = verb.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    own = {t.i for t in verb.ancestors} | {verb.i}
    return any(t.i not in own and t.lemma_.lower() in lexicon.REPORTING_VERBS and t.pos_ == "VERB"
               for t in span.root.ancestors)


def _call_content(verb: Token, children: list[Token], quotes: list[Quote]) -> Span | CharRange | None:
    """"called on X to do Y", "called for X", "urged X to do Y", "demanded X"; "called X Y" names, it does not call."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    # "on"/"for" belong to the cue only right after it ("called on Saturday for ..." is no "called on")
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in {"on", "for"} and c.i - verb.i <= 2
                 and not any(t.ent_type_ in _TIME_ENTS for t in c.subtree)), None)
    xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
    if prep is not None:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            xcomp = xcomp or next((c for c in pobj.children if c.dep_ in {"acl", "relcl"}), None)
            end_tok = max((t.i for t in (xcomp.subtree if xcomp else pobj.subtree)), default=pobj.i)
            return doc[pobj.left_edge.i : end_tok + 1]
    if obj is not None and xcomp is not None:
        return doc[obj.left_edge.i : max(t.i for t in xcomp.subtree) + 1]
    oprd = next((c for c in children if c.dep_ == "oprd"), None)
    if lemma == "call" and oprd is not None and not _self_naming(verb, children):
        # "called the move a provocation", "what it called X"
        if obj is None or obj.lower_ in _RELATIVE_WORDS:
            quoted = next((q for q in quotes if 0 <= q.start - (verb.idx + len(verb.text)) <= 3), None)
            return (quoted.start, quoted.end) if quoted is not None else subtree_span(oprd)  # what it calls "X"
        if obj.i < oprd.i:
            return doc[obj.left_edge.i : max(t.i for t in oprd.subtree) + 1]
    named = _quoted_predicate(obj, quotes) if lemma in lexicon.NAMING_VERBS and obj is not None else None
    if named is not None:  # "called the ruling "a farce"" parsed without a predicate
        return named
    if lemma in lexicon.CALL_OBJECT_VERBS and obj is not None and obj.lower_ not in _RELATIVE_WORDS:
        return subtree_span(obj)
    return None


def _quoted_predicate(obj: Token, quotes: list[Quote]) -> CharRange | None:
    """Object and the quotation after its head, for a naming verb ("branded X "reckless"", "called the verdict
    "a travesty"" with the quotation parsed as an apposition), or None."""
    if obj.lower_ in _RELATIVE_WORDS or obj.lower_.endswith(("self", "selves")):
        return None  # "what it called ...", "calls itself ..."
    last = obj.doc[max(t.i for t in obj.subtree)]
    end = last.idx + len(last.text)
    quoted = next((q for q in quotes if obj.idx < q.start <= end + 3), None)
    return (obj.left_edge.idx, quoted.end) if quoted is not None else None


def _clause_content(verb: Token, comp: Token, quotes: list[Quote]) -> Span:
    """The clausal complement, without reports of its own inside it and without a relative pronoun before the cue."""
    # a coordinated or participial reporting verb inside the clause ("... and urged the bloc to ...", "...,
    # adding that ...") is its own claim, unless it lies inside a quotation: quoted words are all the speaker's
    skip = [c for c in comp.subtree if _own_report(c, comp) and not any(q.start <= c.idx < q.end for q in quotes)]
    if comp.i > verb.i:  # "traders that the agency said were ...": the relative pronoun is not content
        skip += [t for t in comp.subtree if t.i < verb.i]
        # "reported, citing three people, that ...": the complement starts at its "that"
        mark = next((c for c in comp.children if c.dep_ == "mark" and c.lower_ in {"that", "whether"}), None)
        skip += [t for t in comp.subtree if mark is not None and t.i < mark.i]
    # "with residents saying ...": an absolute clause attributes to someone else
    skip += [t for t in comp.subtree if t.dep_ == "prep" and t.lower_ == "with" and any(
        g.tag_ == "VBG" and g.dep_ in {"acl", "pcomp"} and g.lemma_.lower() in lexicon.REPORTING_VERBS
        for g in t.subtree)]
    return subtree_span(comp, exclude=skip)


def _own_report(tok: Token, comp: Token) -> bool:
    """A reporting verb in `comp`'s clause that shares the speaker's subject: a conjunct of `comp`, or a
    participle ("..., adding that ...")."""
    if tok.lemma_.lower() not in lexicon.REPORTING_VERBS or any(c.dep_ in _SUBJ_DEPS for c in tok.children):
        return False
    return (tok.dep_ == "conj" and tok.head.i == comp.i) or (tok.dep_ == "advcl" and tok.tag_ == "VBG")


def _commitment_content(verb: Token, children: list[Token]) -> Span | None:
    """"vowed to retaliate", "warned of retaliation", "threatened more penalties if ...", with any "if" clause
    after it."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    body: Token | None = None
    if lemma in lexicon.COMMITMENT_VERBS:
        body = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i and
                     any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")), None)
    if body is None and lemma in lexicon.WARNING_VERBS:
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in {"of", "against"}
                     and c.i == verb.i + 1), None)
        body = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep is not None else None
    condition = next((c for c in children if c.dep_ == "advcl" and c.i > verb.i and
                      any(m.lower_ in {"if", "unless"} for m in c.children if m.dep_ == "mark")), None)
    if body is None and lemma == "threaten" and condition is not None:  # "threatened more penalties if ..."
        body = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i and c.lower_ not in _RELATIVE_WORDS),
                    None)
    if body is None:
        return None
    end = max(t.i for t in body.subtree)
    if condition is not None and condition.i > end:  # "... if the council extends the listings"
        end = max(t.i for t in condition.subtree)
    return doc[min(t.i for t in body.subtree) : end + 1]


def _object_content(verb: Token, children: list[Token], quotes: list[Quote]) -> Span | CharRange | None:
    """"denied the accusation", "accused X of Y", "condemned X for Y", "described X as Y", "what X described as Y"."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    as_phrase = next((c for c in children if c.dep_ in {"prep", "oprd"} and c.lower_ == "as"), None)
    if lemma in lexicon.JUDGMENT_VERBS:
        pred = next((c for c in children if c.dep_ in {"oprd", "xcomp"}), None)
        inner = obj is not None and any(c.dep_ in {"acl", "relcl"} and c.lemma_ == "be" for c in obj.children)
        if obj is None or (pred is None and not inner):
            return None
        return doc[obj.left_edge.i : max(t.i for t in (pred or obj).subtree) + 1]
    if lemma in lexicon.RECOGNITION_VERBS and as_phrase is None and obj is not None and \
            any(t.lower_.startswith(lexicon.GENOCIDE_WORDS) for t in obj.subtree):
        return subtree_span(obj)  # "recognized the Yazidi genocide"
    as_claim = lemma in lexicon.AS_OBJECT_VERBS and as_phrase is not None
    if lemma not in lexicon.NOUN_OBJECT_CLAIM_VERBS and not as_claim:
        return None
    if obj is None or obj.lower_ in _RELATIVE_WORDS:  # "which the court described as negligence"
        pobj = next((c for c in as_phrase.children if c.dep_ == "pobj"), None) if as_phrase is not None else None
        return subtree_span(pobj) if pobj is not None and pobj.i > verb.i else None
    named = _quoted_predicate(obj, quotes) if lemma in lexicon.NAMING_VERBS else None
    if named is not None and not any(c.dep_ == "oprd" for c in children):
        return named
    end_i = max(t.i for t in obj.subtree)
    for c in children:  # "accused X of Y", "condemned X for Y", "described X as Y", "branded X a threat"
        if (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ in {"of", "as", "for"}) and c.i > obj.i:
            end_i = max(end_i, _phrase_end(c))
    return doc[obj.left_edge.i : end_i + 1]


def _phrasal_target(verb: Token) -> Token | None:
    """The target of a phrasal cue of criticism ("hit out at X", "lashed out at X"), or None."""
    particle, prep_word = lexicon.PHRASAL_CUES.get(verb.lemma_.lower(), ("", ""))
    if not particle or not any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == prep_word), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def _phrase_end(head: Token) -> int:
    """The last token of a phrase, leaving out a finite verb coordinated into it by a misparse
    ("accused X of shelling Y and froze its assets": "froze" belongs to the main clause)."""
    cut = [t for t in head.subtree if t.dep_ == "conj" and t.tag_ in _FINITE_TAGS and t.head.tag_ == "VBG"]
    last = min((t.left_edge.i for t in cut), default=None)
    kept = [t.i for t in head.subtree if last is None or t.i < last]
    while len(kept) > 1 and head.doc[kept[-1]].dep_ == "cc":
        kept.pop()
    return max(kept)


# Content patterns of a reporting verb, in the order they are tried, with the confidence of each.
_PATTERNS = (
    (_call_pattern, 0.8), (_clause_pattern, 0.85), (_commitment_pattern, 0.7), (_proposal_pattern, 0.7),
    (_stray_that_pattern, 0.7), (_object_pattern, 0.6), (_phrasal_pattern, 0.6),
)


def _verb_claims(sent: Span, quotes: list[Quote]) -> Iterator[tuple[ClaimMatch, bool]]:
    """Claims headed by a reporting verb with a subject, each with whether the verb heads a relative clause
    ("traders that the agency said were ...", "what it called X")."""
    for verb in sent:
        if verb.pos_ not in {"VERB", "AUX"} or (verb.lemma_.lower() not in lexicon.REPORTING_VERBS
                                                and _phrasal_target(verb) is None):
            continue
        if verb.dep_ == "amod" or verb.tag_ == "VBN" and verb.dep_ in {"acl", "relcl"} and not any(
                c.dep_ == "aux" for c in verb.children):
            continue  # "the so-called ...", "the motion adopted ..." (but "which has called ...")
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in verb.children):
            continue  # "if Arland insists on its course" states a condition, not a report
        subj = _subject(verb, quotes)
        if subj is not None and subj.lower_ in _RELATIVE_WORDS:
            subj = _antecedent(subj)  # "the ministry, which said ...": the ministry says it
        if subj is None:
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
        match = ClaimMatch(content_chars, claimant, cue, quote_kind(*content_chars, quotes), ctype, conf, None)
        yield match, verb.dep_ in {"relcl", "pcomp"} and subj.head.i == verb.i


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
        lo, hi = _according_clause(tok, phrase_end, sent)
        before = trim(doc[lo : tok.i]) if lo < tok.i else None
        after = trim(doc[phrase_end : hi]) if phrase_end < hi else None
        body = before if before is not None and (after is None or len(before) >= len(after)) else after
        content = char_range(body)
        cue = char_range(doc[tok.i : tok.i + 2])
        if content is None or claimant is None or cue is None:
            continue
        text = doc_text(doc)[content[0] : content[1]]
        yield ClaimMatch(content, claimant, cue, quote_kind(*content, quotes), classify("according", text), 0.7, None)


def _according_clause(according: Token, phrase_end: int, sent: Span) -> tuple[int, int]:
    """Token bounds of what "according to" qualifies: an embedded clause when the phrase sits inside it ("who,
    according to X, also runs ..."), else the sentence (a phrase at a clause's edge qualifies the sentence)."""
    head = according.head
    if head.pos_ in {"VERB", "AUX"} and head.dep_ in {"relcl", "conj", "ccomp", "advcl"}:
        lo, hi = min(t.i for t in head.subtree), max(t.i for t in head.subtree) + 1
        if lo < according.i and phrase_end < hi and sent.start <= lo and hi <= sent.end:
            return lo, hi
    return sent.start, sent.end


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
        if len(doc_text(doc)[rng[0] : rng[1]].split()) < 3 or _is_title(doc, rng):
            continue  # scare quotes around a word or two, and quoted titles, are not claims
        earlier = [m for m in found if m.content[1] <= rng[0] and rng[0] - m.content[1] < _CONTINUATION_WINDOW]
        if not earlier:
            continue
        prev = max(earlier, key=lambda m: m.content[1])
        if _embedded_in_narration(doc, q) and q.start < sentence_range(doc, prev.cue[0])[1]:
            continue  # a quoted phrase inside the narration of the claim's own sentence
        text = doc_text(doc)[rng[0] : rng[1]]
        cue_span = doc.char_span(prev.cue[0], prev.cue[1], alignment_mode="expand")
        cue_lemma = cue_span[0].lemma_.lower() if cue_span is not None and len(cue_span) else ""
        yield ClaimMatch(rng, prev.claimant, prev.cue, quote_kind(*rng, quotes), classify(cue_lemma, text), 0.55,
                         prev.claimant_ref)


def _embedded_in_narration(doc: Doc, quote: Quote) -> bool:
    """A quotation opened right after a word of the sentence ("without "critically and impartially" analyzing"):
    a quoted phrase inside narration (new utterances follow punctuation or open a paragraph)."""
    text = doc_text(doc)
    before = text[: quote.start].rstrip(" \"\u201c\u2018'").rstrip()
    return quote.opened and bool(before) and (before[-1].isalnum())


def _is_title(doc: Doc, rng: CharRange) -> bool:
    """A quoted name or title: every word capitalised, or after "so-called" ("the so-called "Forced Labor Act")."""
    text = doc_text(doc)
    words = [w for w in text[rng[0] : rng[1]].split() if w[:1].isalpha()]
    if words and all(w[0].isupper() or w in _TITLE_PARTICLES for w in words):
        return True
    return text[max(0, rng[0] - 14) : rng[0]].lower().rstrip(' "\u201c').endswith("so-called")


def ent_ends(ents: tuple[Span, ...]) -> list[int]:
    """The end offsets of entities in text order (for `resolve_claimant`)."""
    return [e.end_char for e in ents]


def resolve_claimant(doc: Doc, match: ClaimMatch, found: list[ClaimMatch],
                     doc_ents: tuple[Span, ...] | None = None, ends: list[int] | None = None) -> ClaimMatch:
    """Link a pronoun or description claimant to the nearest earlier compatible named mention.

    `doc_ents` is `doc.ents` read once by the caller (spaCy builds it anew on every access), `ends`
    their end offsets (`ent_ends`), also computed once. The entities are in text order and never
    overlap, so the earlier ones are found by bisection and read nearest first: the cost of a
    claim does not grow with the length of the article.
    """
    all_ents = doc.ents if doc_ents is None else doc_ents
    text = doc_text(doc)[match.claimant[0] : match.claimant[1]]
    words = text.lower().split()
    if not words:
        return match
    ends = ent_ends(all_ents) if ends is None else ends
    before = bisect.bisect_right(ends, match.claimant[0])  # all_ents[:before] end before the claimant

    def earlier() -> Iterator[Span]:
        """Named entities ending before the claimant, nearest first."""
        for i in range(before - 1, -1, -1):
            if all_ents[i].label_ in lexicon.SPACY_LABEL_MAP:
                yield all_ents[i]

    if len(words) == 1 and words[0] in lexicon.PRONOUN_LABELS:
        labels = lexicon.PRONOUN_LABELS[words[0]]
        ent = next((e for e in earlier() if e.label_ in labels), None)
        if ent is None and labels == ("PERSON",):  # NER missed the label: any two-word proper name
            ent = next((e for e in earlier() if len(e) >= 2 and all(t.pos_ == "PROPN" for t in e)), None)
        best: CharRange | None = (ent.start_char, ent.end_char) if ent is not None else None
        # the claimant of an earlier claim is the likeliest antecedent: "X said ... He added ..."; an entity
        # ending at the same place wins
        for m in found:
            if m.claimant[1] <= match.claimant[0] and len(doc_text(doc)[m.claimant[0]:m.claimant[1]].split()) > 1:
                ref = m.claimant_ref or m.claimant
                if best is None or ref[1] > best[1]:
                    best = ref
        return match._replace(claimant_ref=best) if best is not None else match
    inside = bisect.bisect_right(ends, match.claimant[1])  # the last entity ending within the claimant starts last
    if words[0] in {"the", "this", "that"} and len(words) <= 3 and not (
        inside > 0 and all_ents[inside - 1].start_char >= match.claimant[0]
    ):
        head = words[-1]
        for ent in earlier():
            if head in ent.text.lower() and ent.label_ in {"ORG", "GPE"}:
                return match._replace(claimant_ref=(ent.start_char, ent.end_char))
    return match
