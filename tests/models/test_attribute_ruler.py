"""The fast attribute ruler gives every token exactly the attributes spaCy's AttributeRuler gives it."""

import pytest
import spacy
from spacy.pipeline import AttributeRuler

import models.components.attribute_ruler as fast_module
from models.components.attribute_ruler import FastAttributeRuler, use_fast_attribute_ruler
from models.pipeline import BASE_MODEL

# Contractions and spellings the base model's multi-token and regex rules handle, whitespace
# tokens, "but" as an adverb, and ordinary news sentences.
HARD_TEXTS = [
    "I'm gonna say it: we ain't done, and nothin' they do will stop us. Let's go, y'all.",
    "He gotta leave, but she said she'd wanna stay.\n\n  The EU didn't lift   the sanctions.",
    "It is but a small step.  \t Those aren't the sanctions they'd imposed; is it?",
    "China's Foreign Ministry denied the accusations on Tuesday, saying the measures were illegal.",
]


def _attrs(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    spacy_nlp = spacy.load(BASE_MODEL)
    fast_nlp = spacy.load(BASE_MODEL)
    use_fast_attribute_ruler(fast_nlp)
    return spacy_nlp, fast_nlp


def test_swap_keeps_position_and_patterns(pipelines):
    spacy_nlp, fast_nlp = pipelines
    assert fast_nlp.pipe_names == spacy_nlp.pipe_names
    ruler = fast_nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, FastAttributeRuler)
    assert ruler.patterns == spacy_nlp.get_pipe("attribute_ruler").patterns
    use_fast_attribute_ruler(fast_nlp)  # a second call changes nothing
    assert fast_nlp.get_pipe("attribute_ruler") is ruler


def test_same_attributes_as_spacy_on_hard_cases(pipelines, articles):
    spacy_nlp, fast_nlp = pipelines
    texts = HARD_TEXTS + list(articles.values())
    for a, b in zip(spacy_nlp.pipe(texts), fast_nlp.pipe(texts)):
        assert _attrs(b) == _attrs(a)
    ruler = fast_nlp.get_pipe("attribute_ruler")
    plain, tests, complex_matcher, complex_ids = ruler._compile()
    assert tests, "the base model's regex rule should be checked without the Matcher"
    assert len(complex_ids) < 15  # most of its 179 rules are looked up, not matched


CUSTOM_RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"IN": ["sanctions", "measures"]}}]], "attrs": {"POS": "PROPN", "LEMMA": "measure"}},
    {"patterns": [[{"LOWER": {"REGEX": "^un"}}]], "attrs": {"MORPH": "Polarity=Neg"}},
    {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "THING"}, "index": -1},
    {"patterns": [[{"LOWER": "new"}, {"LOWER": "sanctions"}]], "attrs": {"POS": "ADJ"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "X"}},  # later rules win over earlier ones
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a"]}, "TAG": "DT"}]], "attrs": {"LEMMA": "det"}},
]


def _ruled(ruler_cls, texts):
    nlp = spacy.load(BASE_MODEL, exclude=["attribute_ruler", "lemmatizer", "ner"])
    ruler = ruler_cls(nlp.vocab)
    ruler.add_patterns(CUSTOM_RULES)
    return [_attrs(ruler(doc)) for doc in nlp.pipe(texts)], ruler


def test_same_attributes_as_spacy_with_operators_indices_and_precedence():
    texts = ["The new sanctions were unexpected, and the unusual measures hit the market.  \n Every ban stays."]
    expected, _ = _ruled(AttributeRuler, texts)
    got, ruler = _ruled(FastAttributeRuler, texts)
    assert got == expected
    assert [t[1] for t in got[0]][:3] == ["", "ADJ", "PROPN"]  # only the rules set POS here
    _, tests, _, complex_ids = ruler._compile()
    assert complex_ids == [3, 4, 7]  # two-token rules and NOT_IN go through the Matcher
    assert [k for k, _ in tests] == [2]


def test_rules_added_later_are_compiled_again():
    nlp = spacy.load(BASE_MODEL, exclude=["attribute_ruler", "lemmatizer", "ner"])
    ruler = FastAttributeRuler(nlp.vocab)
    ruler.add_patterns(CUSTOM_RULES[:1])
    doc = nlp("The sanction stays.")
    assert ruler(doc)[1].pos_ == "NOUN"
    ruler.add_patterns([{"patterns": [[{"LOWER": "sanction"}]], "attrs": {"POS": "VERB"}}])
    assert ruler(nlp("The sanction stays."))[1].pos_ == "VERB"


def test_a_full_cache_is_emptied_without_changing_output(pipelines, monkeypatch):
    spacy_nlp, fast_nlp = pipelines
    monkeypatch.setattr(fast_module, "_CACHE_SIZE", 3)
    fast_nlp.get_pipe("attribute_ruler")._cache.clear()
    for text in HARD_TEXTS:
        assert _attrs(fast_nlp(text)) == _attrs(spacy_nlp(text))
    assert len(fast_nlp.get_pipe("attribute_ruler")._cache) <= 3


def test_round_trip_to_disk(pipelines, tmp_path):
    _, fast_nlp = pipelines
    ruler = fast_nlp.get_pipe("attribute_ruler")
    ruler.to_disk(tmp_path / "ruler")
    loaded = FastAttributeRuler(fast_nlp.vocab).from_disk(tmp_path / "ruler")
    assert loaded.patterns == ruler.patterns
    assert _attrs(loaded(fast_nlp.make_doc(""))) == []
