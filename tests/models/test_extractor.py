"""The one extraction path: limits, HTML, model name and version, min_confidence, validation."""

import pytest

from models.extractor import Extractor, InputError, check_text


@pytest.mark.parametrize("text, phrase, status", [
    ("", "empty", 422), ("  \n", "empty", 422), ("x" * 101, "limit", 413), ("a\x00b", "NUL", 422),
    ("a\ud800b", "not valid Unicode", 422), (42, "must be a string", 422),
])
def test_check_text_refuses_with_one_sentence(text, phrase, status):
    with pytest.raises(InputError) as err:
        check_text(text, 100)
    assert phrase in str(err.value) and err.value.status_code == status


def test_extractor_text_html_and_documents(nlp, articles):
    extractor = Extractor(nlp, max_chars=100_000)
    assert (extractor.name, extractor.version) == ("claimscope-en", "0.1.0")
    text = articles["two_actions"]
    one = extractor.extract(text)
    assert one["model"] == {"name": "claimscope-en", "version": "0.1.0"} and one["sanctions"]
    assert list(extractor.extract_many([text, text])) == [one, one]
    assert extractor.validate(one).model.version == "0.1.0"
    html = "<html><body><nav>Menu</nav><article><p>" + text.replace("\n\n", "</p><p>") + "</p></article></body></html>"
    reduced = extractor.text_of(html=html)
    assert "Menu" not in reduced and "sanction" in reduced.lower()
    assert extractor.extract(text, min_confidence=1.01)["claims"] == []
    with pytest.raises(InputError):
        extractor.extract("   ")
