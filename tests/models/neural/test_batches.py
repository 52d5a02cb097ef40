"""Encoder batches: consecutive chunks, at most `batch_size`, cut where padding would pass its share."""

from models.neural.network import padded_batches
from models.neural.tagging import Chunk


def _chunks(*lengths):
    return [Chunk(0, n, list(range(n)), [None] * n) for n in lengths]


def test_similar_lengths_fill_batches_up_to_the_size():
    batches = padded_batches(_chunks(10, 10, 11, 11, 12, 12, 12), batch_size=3)
    assert [[len(c.input_ids) for c in b] for b in batches] == [[10, 10, 11], [11, 12, 12], [12]]


def test_a_much_longer_chunk_starts_a_new_batch():
    batches = padded_batches(_chunks(5, 6, 6, 40, 42, 120), batch_size=16)
    assert [[len(c.input_ids) for c in b] for b in batches] == [[5, 6, 6], [40, 42], [120]]
    for b in batches:
        width = max(len(c.input_ids) for c in b)
        assert width * len(b) <= 1.25 * sum(len(c.input_ids) for c in b)


def test_every_chunk_once_in_order():
    chunks = _chunks(3, 90, 4, 4, 200, 7, 7, 7)
    batches = padded_batches(chunks, batch_size=2, max_padding=0.0)
    assert [c for b in batches for c in b] == chunks
    assert all(1 <= len(b) <= 2 for b in batches)
    assert padded_batches([], batch_size=4) == []
