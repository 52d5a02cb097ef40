"""Span layers as BIO tags over word pieces: chunking a text, encoding gold spans, decoding predictions.

Two layers are tagged independently, since their spans overlap (a claim's content can hold a
sanctions trigger): `claims` (CLAIM, CLAIMANT, CUE) and `sanctions` (TRIGGER, AUTHORITY, TARGET).
Chunks follow paragraphs and hold at most `max_pieces` word pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

LAYERS: dict[str, tuple[str, ...]] = {
    "claims": ("CLAIM", "CLAIMANT", "CUE"),
    "sanctions": ("TRIGGER", "AUTHORITY", "TARGET"),
}
CharRange = tuple[int, int]
_PARAGRAPH_RE = re.compile(r"[^\n]+")


def bio_labels(layer: str) -> list[str]:
    """O, then B-X and I-X for each span label of the layer."""
    out = ["O"]
    for lab in LAYERS[layer]:
        out += [f"B-{lab}", f"I-{lab}"]
    return out


@dataclass
class Chunk:
    """A slice of the text as word pieces: ids and each piece's character range (None for specials)."""

    start: int
    end: int
    input_ids: list[int]
    offsets: list[CharRange | None]


def paragraphs(text: str) -> list[CharRange]:
    """Character ranges of the non-empty lines of a text."""
    return [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if m.group(0).strip()]


def chunk_text(tokenizer: Any, text: str, max_pieces: int = 256) -> list[Chunk]:
    """Word-piece chunks along paragraphs; a long paragraph is cut at piece boundaries."""
    budget = max_pieces - 2
    chunks: list[Chunk] = []
    for p_start, p_end in paragraphs(text):
        enc = tokenizer(text[p_start:p_end], add_special_tokens=False, return_offsets_mapping=True)
        ids: list[int] = enc["input_ids"]
        offs = [(p_start + a, p_start + b) for a, b in enc["offset_mapping"]]
        for i in range(0, len(ids), budget):
            piece_ids = ids[i : i + budget]
            piece_offs = offs[i : i + budget]
            if not piece_ids:
                continue
            chunks.append(Chunk(
                start=piece_offs[0][0], end=piece_offs[-1][1],
                input_ids=[tokenizer.cls_token_id, *piece_ids, tokenizer.sep_token_id],
                offsets=[None, *piece_offs, None],
            ))
    return chunks


def encode_tags(chunk: Chunk, spans: Iterable[tuple[int, int, str]], layer: str) -> list[int]:
    """BIO tag ids per piece for gold spans (start, end, label); -100 for special pieces."""
    labels = bio_labels(layer)
    index = {lab: i for i, lab in enumerate(labels)}
    tags = [0 if off is not None else -100 for off in chunk.offsets]
    for start, end, label in sorted(spans, key=lambda s: -(s[1] - s[0])):  # written last, shorter spans win
        if label not in LAYERS[layer]:
            continue
        first = True
        for i, off in enumerate(chunk.offsets):
            if off is None or off[1] <= start or off[0] >= end:
                continue
            tags[i] = index[("B-" if first else "I-") + label]
            first = False
    return tags


def decode_tags(chunk: Chunk, tag_ids: Sequence[int], layer: str) -> list[tuple[int, int, str]]:
    """Character spans (start, end, label) from predicted BIO tags; an I- without B- starts a span."""
    labels = bio_labels(layer)
    spans: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for off, tid in zip(chunk.offsets, tag_ids):
        if off is None:
            continue
        tag = labels[tid]
        if tag == "O":
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
            continue
        kind, label = tag.split("-", 1)
        if kind == "B" or cur is None or cur[2] != label:
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = [off[0], off[1], label]
        else:
            cur[1] = off[1]
    if cur:
        spans.append(tuple(cur))  # type: ignore[arg-type]
    return spans


def piece_range(chunk: Chunk, span: CharRange) -> tuple[int, int] | None:
    """Indices [i, j) of the pieces covering a character range, or None outside the chunk."""
    if span[1] <= chunk.start or span[0] >= chunk.end:  # every piece lies within [start, end]
        return None
    idx = [i for i, off in enumerate(chunk.offsets) if off is not None and off[0] < span[1] and span[0] < off[1]]
    if not idx:
        return None
    return idx[0], idx[-1] + 1


MAX_PADDING = 0.25  # a batch holds at most this share of padding pieces over its real ones


def padded_batches(chunks: list[Chunk], batch_size: int, max_padding: float = MAX_PADDING) -> list[list[Chunk]]:
    """Consecutive chunks in batches of at most `batch_size`, cut early where padding to the longest would
    exceed `max_padding` of the real pieces (chunks sorted by length make few, full batches)."""
    batches: list[list[Chunk]] = []
    batch: list[Chunk] = []
    real = widest = 0
    for c in chunks:
        n = len(c.input_ids)
        width = max(widest, n)
        if batch and (len(batch) >= batch_size or width * (len(batch) + 1) > (1 + max_padding) * (real + n)):
            batches.append(batch)
            batch, real, width = [], 0, n
        batch.append(c)
        real += n
        widest = width
    if batch:
        batches.append(batch)
    return batches


def padded_inputs(batch: list[Chunk]) -> tuple[np.ndarray, np.ndarray]:
    """int64 input ids and attention mask [len(batch), widest chunk], padded with zeros."""
    width = max(len(c.input_ids) for c in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    for row, c in enumerate(batch):
        ids[row, : len(c.input_ids)] = c.input_ids
        mask[row, : len(c.input_ids)] = 1
    return ids, mask
