"""BIO tagging over word pieces: chunking along paragraphs, encode/decode round trip."""

import pytest

from models.neural.network import base_encoder_path, load_encoder
from models.neural.tagging import bio_labels, chunk_text, decode_tags, encode_tags, paragraphs


@pytest.fixture(scope="module")
def tokenizer():
    return load_encoder(base_encoder_path())[0]


def test_chunks_follow_paragraphs_and_limit(tokenizer):
    text = "Headline here\n\n" + " ".join(["word"] * 300) + "\n\nLast paragraph."
    chunks = chunk_text(tokenizer, text, max_pieces=128)
    assert len(paragraphs(text)) == 3
    assert all(len(c.input_ids) <= 128 for c in chunks)
    assert chunks[0].end <= text.index("\n")
    for c in chunks:
        for off in c.offsets:
            assert off is None or text[off[0] : off[1]].strip()


def test_encode_decode_round_trip(tokenizer):
    text = 'The EU said the officials were "responsible for abuses".'
    content = 'the officials were "responsible for abuses'
    spans = [(0, 6, "CLAIMANT"), (7, 11, "CUE"), (text.index(content), text.index(content) + len(content), "CLAIM")]
    chunk = chunk_text(tokenizer, text)[0]
    tags = encode_tags(chunk, spans, "claims")
    assert tags[0] == -100 and tags[-1] == -100
    assert bio_labels("claims")[tags[1]] == "B-CLAIMANT"
    decoded = decode_tags(chunk, [max(t, 0) for t in tags], "claims")
    assert [(text[s:e], lab) for s, e, lab in decoded] == [("The EU", "CLAIMANT"), ("said", "CUE"),
                                                             ('the officials were "responsible for abuses', "CLAIM")]


def test_shorter_span_wins_overlap(tokenizer):
    text = "The Treasury added Acme Corp to the list."
    chunk = chunk_text(tokenizer, text)[0]
    tags = encode_tags(chunk, [(13, 40, "TRIGGER"), (19, 28, "TARGET")], "sanctions")
    decoded = {(text[s:e], lab) for s, e, lab in decode_tags(chunk, [max(t, 0) for t in tags], "sanctions")}
    assert ("Acme Corp", "TARGET") in decoded
