"""Encoding ahead: a single text is encoded on a background thread while spaCy parses it, with the same output."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from models.components.encoder import AHEAD_KEY
from models.components.encoder_start import EncoderStart, use_encoder_start
from models.extractor import Extractor
from models.pipeline import load_pipeline


@pytest.fixture(scope="module")
def extractor(tiny_model):
    return Extractor(load_pipeline(tiny_model))


def _serial(extractor, text):
    extractor.nlp.disable_pipe("encoder_start")
    try:
        return extractor.extract(text)
    finally:
        extractor.nlp.enable_pipe("encoder_start")


def test_loaded_models_start_the_encoder_first_but_do_not_store_it(extractor, tiny_model):
    nlp = extractor.nlp
    assert nlp.pipe_names[0] == "encoder_start"
    assert isinstance(nlp.get_pipe("encoder_start"), EncoderStart)
    use_encoder_start(nlp)  # once only
    assert nlp.pipe_names.count("encoder_start") == 1
    assert "encoder_start" not in json.loads((tiny_model / "meta.json").read_text())["pipeline"]


def test_same_output_ahead_serial_and_in_streams(extractor, articles):
    texts = list(articles.values())
    ahead = [extractor.extract(t) for t in texts]
    assert ahead == [_serial(extractor, t) for t in texts]
    assert ahead == list(extractor.extract_many(texts))
    doc = extractor.nlp(texts[0])
    assert AHEAD_KEY not in doc.user_data and doc._.encoding is None


def test_concurrent_requests_get_their_own_states(extractor, articles):
    texts = list(articles.values()) * 3
    expected = [extractor.extract(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(extractor.extract, texts)) == expected


def test_an_error_while_encoding_ahead_reaches_the_caller(extractor, monkeypatch):
    encoder = extractor.nlp.get_pipe("encoder")

    def broken(texts):
        raise RuntimeError("encoder broke")

    monkeypatch.setattr(encoder, "_encode_texts", broken)
    with pytest.raises(RuntimeError, match="encoder broke"):
        extractor.extract("The EU imposed sanctions on Russia, officials said.")


def test_pipelines_without_the_encoder_are_left_alone(nlp):
    use_encoder_start(nlp)
    assert "encoder_start" not in nlp.pipe_names
