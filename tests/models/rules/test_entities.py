"""SPEC entity edges and grouping of mentions within a document."""

import pytest

from models.output import doc_to_dict


def _entities(nlp, text):
    return {(e["label"], e["name"]): [m["text"] for m in e["mentions"]] for e in doc_to_dict(nlp(text), "t", "0")["entities"]}


def test_acronym_joins_the_full_name(nlp):
    ents = _entities(nlp, "The European Union imposed sanctions. The EU said more would follow.")
    assert ents[("ORG", "European Union")] == ["European Union", "EU"]


def test_surname_joins_the_full_name(nlp):
    ents = _entities(nlp, "Zhu Hailun was sanctioned on Monday. Zhu did not respond to a request for comment.")
    assert ents[("PERSON", "Zhu Hailun")] == ["Zhu Hailun", "Zhu"]


def test_leading_the_and_possessive_stay_outside(nlp):
    ents = _entities(nlp, "The United States and China's Foreign Ministry traded barbs.")
    assert ("GPE", "United States") in ents
    assert ents.get(("GPE", "China")) == ["China"]


def test_platforms_are_not_entities(nlp):
    ents = _entities(nlp, "The minister wrote on Twitter that Facebook had removed the post.")
    assert not any(name in {"Twitter", "Facebook"} for _, name in ents)


@pytest.mark.parametrize("text, span, expected", [
    ("The academic Jo Smith said so.", "academic Jo Smith", "Jo Smith"),
    ("Geoffrey Nice QC said so.", "Geoffrey Nice QC", "Geoffrey Nice"),
    ("Baroness Kennedy said so.", "Baroness Kennedy", "Kennedy"),
    ("Ursula von der Leyen said so.", "Ursula von der Leyen", "Ursula von der Leyen"),
    ("Bashar al-Assad fled.", "Bashar al-Assad", "Bashar al-Assad"),
])
def test_person_edges_leave_titles_and_honorifics_out(text, span, expected):
    import spacy
    from spacy.tokens import Span

    from models.rules.entities import _fix_edges

    doc = spacy.blank("en")(text)
    start = text.index(span)
    ent = doc.char_span(start, start + len(span), label="PERSON")
    assert [s.text for s, _ in _fix_edges(Span(doc, ent.start, ent.end, label="PERSON"), "PERSON")] == [expected]
