"""Span helpers shared by the rule extractors: subtrees, trimming, character ranges."""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Span, Token

_EDGE_PUNCT = set(",.;:!?\"'()[]\u201c\u201d\u2018\u2019\u2014-")
_LEADING_WORDS = {"that", "whether"}


def token_range(tokens: Iterable[Token]) -> tuple[int, int] | None:
    """The smallest [start, end) token range covering the tokens."""
    idx = [t.i for t in tokens]
    if not idx:
        return None
    return min(idx), max(idx) + 1


def subtree_span(tok: Token, exclude: Iterable[Token] = ()) -> Span:
    """The contiguous span of `tok`'s subtree, leaving out the subtrees of `exclude` at its edges."""
    skip: set[int] = set()
    for ex in exclude:
        skip.update(t.i for t in ex.subtree)
    kept = [t for t in tok.subtree if t.i not in skip]
    rng = token_range(kept) or (tok.i, tok.i + 1)
    return tok.doc[rng[0] : rng[1]]


def trim(span: Span, drop_leading_that: bool = False) -> Span | None:
    """Strip punctuation, quotation marks and white space at both edges (and a leading 'that')."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT or
                           (drop_leading_that and doc[start].lower_ in _LEADING_WORDS and start == span.start)):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end <= start:
        return None
    return doc[start:end]


def drop_dateline(span: Span | None) -> Span | None:
    """Cut a dateline ("BEIJING -", "KYIV (Reuters) —") off the front of a span."""
    if span is None:
        return None
    for i, tok in enumerate(span):
        if tok.text in {"-", "—", "–", "--"} and i > 0:
            head = span[:i]
            if any(t.is_upper and len(t) > 1 for t in head) and all(t.is_upper or t.is_punct or t.text[:1].isupper() for t in head):
                return span[i + 1 :] if i + 1 < len(span) else None
            break
    return span


_TEXT_KEY = ("claimscope", "text")


def ents_within(span: Span) -> list[Span]:
    """The entities that lie wholly inside `span`, as `span.ents` gives them, found in time linear in the span.

    spaCy's `Span.ents` walks every entity of the document, so calling it per clause made a long
    article's cost grow with the square of its length.
    """
    doc, out = span.doc, []
    for tok in span:
        if tok.ent_iob_ != "B":
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= span.end:
            out.append(Span(doc, tok.i, end, label=tok.ent_type_))
    return out


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: spaCy joins every token on each `doc.text`, so reading it per span is quadratic."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def sentence_range(doc: Doc, pos: int) -> tuple[int, int]:
    """Character range of the sentence holding `pos`, found through its token (the whole text if none)."""
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or not len(span):
        return 0, len(doc_text(doc))
    sent = span[0].sent
    return sent.start_char, sent.end_char


def char_trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Shrink a character range past white space, punctuation and quotation marks at both ends."""
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        # keep the period of a trailing abbreviation such as "U.S." or "Co."
        if text[end - 1] == "." and end - 2 >= start and text[end - 2].isalpha() and end - 3 >= start and text[end - 3] == ".":
            break
        end -= 1
    return start, end


def char_range(span: Span | None) -> tuple[int, int] | None:
    """A span's character range, trimmed like char_trim; None for no span or nothing left."""
    if span is None:
        return None
    start, end = char_trim(span.doc, span.start_char, span.end_char)
    return (start, end) if end > start else None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two character ranges share at least one character."""
    return a[0] < b[1] and b[0] < a[1]
