"""Span helpers: the Doc text built once, character trimming."""

import spacy

from models.rules.spans import char_trim, doc_text


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
