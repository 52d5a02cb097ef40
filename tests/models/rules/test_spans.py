"""Span helpers: the Doc text built once, character trimming."""

import spacy

from spacy.tokens import Span

from models.rules.spans import char_trim, doc_text, ents_within


def test_doc_text_is_the_text_and_built_once():
    doc = spacy.blank("en")("The EU said: \u201cno deal.\u201d")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # cached on the Doc, not rebuilt per span


def test_char_trim_strips_quotes_and_punctuation_but_keeps_abbreviations():
    text = "\u201cThe U.S. said no.\u201d"
    doc = spacy.blank("en")(text)
    s, e = char_trim(doc, 0, len(text))
    assert text[s:e] == "The U.S. said no"
    s, e = char_trim(doc, text.index("The"), text.index(" said"))
    assert text[s:e] == "The U.S."


def test_ents_within_gives_what_span_ents_gives():
    doc = spacy.blank("en")("The Ruritanian Trade Bank and Valdor Mining Group were listed by the Treasury on Monday .")
    doc.ents = [Span(doc, 1, 4, "ORG"), Span(doc, 5, 8, "ORG"), Span(doc, 12, 13, "ORG"), Span(doc, 14, 15, "DATE")]
    for start, end in [(0, len(doc)), (2, 9), (5, 8), (4, 13), (13, 16), (0, 0)]:
        span = doc[start:end]
        assert [(e.start, e.end, e.label_) for e in ents_within(span)] == [(e.start, e.end, e.label_) for e in span.ents]
