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


# --- Post-processing rules on hand-made NER output (blank tokenizer, so no model decides) ------------

_BLANK = None


def _doc(text, ents, tags=None, deps=None):
    """A Doc of `text` with NER spans `ents` [(span text, label)], each found after the one before, tags
    {word: tag} (default NNP) and dependencies {word: (dep, head word)} of each word's first occurrence."""
    global _BLANK
    import spacy
    from spacy.tokens import Span

    if _BLANK is None:
        _BLANK = spacy.blank("en")
    doc = _BLANK(text)
    tokens = {}
    for tok in doc:
        tokens.setdefault(tok.text, tok)
        tok.tag_ = (tags or {}).get(tok.text, "NNP")
    for word, (dep, head) in (deps or {}).items():
        tokens[word].head = tokens[head]
        tokens[word].dep_ = dep
    spans, offset = [], 0
    for span_text, label in ents:
        start = text.index(span_text, offset)
        offset = start + len(span_text)
        span = doc.char_span(start, offset)
        spans.append(Span(doc, span.start, span.end, label=label))
    doc.ents = spans
    return doc


def _mentions(doc, step):
    return [(m.text, m.label_) for m in step(doc)]


def _spec(doc):
    from models.rules.entities import spec_mentions

    return [(m.text, m.label_) for m in spec_mentions(doc)]


@pytest.mark.parametrize("text, ent, expected", [
    ("The picture came Via Northwind today.", ("Via Northwind", "PERSON"), [("Northwind", "PERSON")]),
    ("Except Norland, all members voted yes.", ("Except Norland", "GPE"), [("Norland", "GPE")]),
])
def test_leading_function_words_leave_the_span(text, ent, expected):
    from models.rules.entities import clean_mentions

    assert _mentions(_doc(text, [ent]), clean_mentions) == expected


@pytest.mark.parametrize("text, ent, tags, expected", [
    ("Borlex Sues Regulator Over Ban", ("Borlex Sues", "PERSON"), {"Sues": "VBZ"}, [("Borlex", "PERSON")]),
    ("Halvard Quietly Resigns", ("Halvard Quietly", "PERSON"), {"Quietly": "RB"}, [("Halvard", "PERSON")]),
])
def test_a_name_stops_before_a_finite_verb_or_adverb(text, ent, tags, expected):
    from models.rules.entities import clean_mentions

    assert _mentions(_doc(text, [ent], tags), clean_mentions) == expected


@pytest.mark.parametrize("text, ent, expected", [
    ("Shares of Tamsin Hale Corp. fell.", ("Tamsin Hale Corp.", "PERSON"), [("Tamsin Hale Corp.", "ORG")]),
    ("Orvel Group said so.", ("Orvel Group", "PERSON"), [("Orvel Group", "ORG")]),
    ("Troops entered Vardo State on Monday.", ("Vardo State", "PERSON"), [("Vardo State", "GPE")]),
])
def test_a_company_word_makes_an_org_and_a_place_word_a_place(text, ent, expected):
    from models.rules.entities import clean_mentions

    assert _mentions(_doc(text, [ent]), clean_mentions) == expected


@pytest.mark.parametrize("text, ent, expected", [
    ("Diplomat Rhee Sunmi said so.", ("Diplomat Rhee Sunmi", "PERSON"), [("Rhee Sunmi", "PERSON")]),
    ("Academic Mara Quill said so.", ("Academic Mara Quill", "PERSON"), [("Mara Quill", "PERSON")]),
])
def test_occupations_before_a_name_are_titles(text, ent, expected):
    from models.rules.entities import clean_mentions

    assert _mentions(_doc(text, [ent]), clean_mentions) == expected


def test_a_religion_after_another_group_word_is_a_second_norp():
    from models.rules.entities import clean_mentions

    doc = _doc("They detained Karakalpak Muslims there.", [("Karakalpak Muslims", "NORP")])
    assert _mentions(doc, clean_mentions) == [("Karakalpak", "NORP"), ("Muslims", "NORP")]


@pytest.mark.parametrize("text, ent, expected", [
    ("The Farmers' Union of Valdria met.", ("Farmers' Union of Valdria", "ORG"), [("Farmers' Union of Valdria", "ORG")]),
    ("The Treasury Department's Office of Sanctions Policy acted.", ("Treasury Department's Office of Sanctions Policy", "ORG"),
     [("Treasury Department's Office of Sanctions Policy", "ORG")]),
    ("Then Norland's Foreign Ministry spoke.", ("Norland's Foreign Ministry", "ORG"),
     [("Norland", "GPE"), ("Foreign Ministry", "ORG")]),
])
def test_a_possessive_splits_only_a_place_off_an_org(text, ent, expected):
    from models.rules.entities import clean_mentions

    assert _mentions(_doc(text, [ent]), clean_mentions) == expected


def test_a_photo_credit_names_an_agency_and_a_photographer():
    from models.rules.entities import clean_mentions

    doc = _doc("Police stand guard. (Harbor Press Photo/Lena Morrow)", [("Harbor Press Photo/Lena Morrow", "ORG")])
    assert _mentions(doc, clean_mentions) == [("Harbor Press", "ORG"), ("Lena Morrow", "PERSON")]


def test_the_district_belongs_to_washington():
    from models.rules.entities import clean_mentions

    doc = _doc("The summit was held in Washington, D.C., last week.", [("Washington", "GPE"), ("D.C.", "GPE")])
    assert _mentions(doc, clean_mentions) == [("Washington, D.C.", "GPE")]


def test_a_form_of_state_and_its_country_are_one_gpe():
    from models.rules.entities import clean_mentions

    doc = _doc("Aid reached the Federal Republic of the Marrow Isles today.",
               [("Federal Republic", "GPE"), ("Marrow Isles", "GPE")])
    assert _mentions(doc, clean_mentions) == [("Federal Republic of the Marrow Isles", "GPE")]


@pytest.mark.parametrize("text, ents, expected", [
    ("Title\n\nPORT-AU-PRINCE (Wire) - The council met.", [("PORT", "GPE"), ("Wire", "ORG")],
     [("PORT-AU-PRINCE", "GPE"), ("Wire", "ORG")]),
    ("Title\n\nOSLO/BERGEN - The council met.", [], [("OSLO", "GPE"), ("BERGEN", "GPE")]),
    ("Title\n\nUNITED NATIONS, May 30 - The council met.", [("UNITED NATIONS", "ORG")], [("UNITED NATIONS", "GPE")]),
])
def test_dateline_places_are_gpe(text, ents, expected):
    from models.rules.entities import dateline_mentions

    doc = _doc(text, ents)
    assert [(m.text, m.label_) for m in dateline_mentions(doc, list(doc.ents))] == expected


def test_an_upper_case_headline_with_a_comma_is_no_dateline():
    from models.rules.entities import dateline_mentions

    doc = _doc("Title\n\nNORLAND, VALDRIA AGREE ON TRADE\n\nText.", [])
    assert dateline_mentions(doc, []) == []


def test_a_company_short_name_is_org():
    text = "Kestrel Apparel Ltd. and Tamsin Hale Corp. supply it. Kestrel and Tamsin Hale declined to comment."
    doc = _doc(text, [("Kestrel Apparel Ltd.", "ORG"), ("Tamsin Hale Corp.", "ORG"), ("Kestrel and", "PERSON"),
                      ("Tamsin Hale declined", "PERSON")], tags={"declined": "VBD", "and": "CC"})
    assert _spec(doc) == [("Kestrel Apparel Ltd.", "ORG"), ("Tamsin Hale Corp.", "ORG"), ("Kestrel", "ORG"),
                          ("Tamsin Hale", "ORG")]


@pytest.mark.parametrize("text, ent, deps", [
    ("The Latvian lender Brimstock cut rates.", ("Brimstock", "PERSON"), None),
    ("Brimstock, a Riga daily, reported it.", ("Brimstock", "PERSON"), {"daily": ("appos", "Brimstock")}),
])
def test_a_name_described_as_an_organization_is_org(text, ent, deps):
    assert _spec(_doc(text, [ent], tags={"lender": "NN", "daily": "NN"}, deps=deps)) == [("Brimstock", "ORG")]


def test_a_surname_is_person_unless_the_document_says_otherwise():
    text = "Ilse Marwood spoke. Marwood left. Visit Oslana opened. Oslana grew. Oslana voted."
    doc = _doc(text, [("Ilse Marwood", "PERSON"), ("Marwood", "GPE"), ("Visit Oslana", "PERSON"),
                      ("Oslana grew", "GPE"), ("Oslana voted", "GPE")], tags={"grew": "VBD", "voted": "VBD"})
    assert _spec(doc) == [("Ilse Marwood", "PERSON"), ("Marwood", "PERSON"), ("Visit Oslana", "PERSON"),
                          ("Oslana", "GPE"), ("Oslana", "GPE")]


def test_a_name_in_apposition_to_a_person_noun_is_person():
    doc = _doc("The minister's adviser, Tolu Brenn, said so.", [("Tolu Brenn", "GPE")],
               tags={"adviser": "NN"}, deps={"Tolu": ("compound", "Brenn"), "Brenn": ("appos", "adviser")})
    assert _spec(doc) == [("Tolu Brenn", "PERSON")]


def test_group_names_in_the_other_number_and_religions_are_norp():
    text = "The Karakalpaks protested. One Karakalpak spoke, and a Karakalpak elder met Buddhists."
    doc = _doc(text, [("Karakalpaks", "NORP"), ("Karakalpak spoke", "GPE")], tags={"spoke": "VBD"})
    assert _spec(doc) == [("Karakalpaks", "NORP"), ("Karakalpak", "NORP"), ("Karakalpak", "NORP"), ("Buddhists", "NORP")]


def test_a_group_takes_the_label_most_of_its_mentions_carry():
    from models.rules.entities import group_mentions

    doc = _doc("Norvik said. Then Norvik added. Later Norvik left.", [])
    from spacy.tokens import Span

    spans = [Span(doc, i, i + 1, label=lab) for i, lab in ((0, "PERSON"), (4, "ORG"), (8, "ORG"))]
    assert [(g.label, g.name) for g in group_mentions(doc, spans)] == [("ORG", "Norvik")]
