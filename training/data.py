"""Corpus conversion for training: NER examples with rehearsal, and word-piece chunks with span layers and items.

NER examples hold the gold PERSON/ORG/GPE/NORP spans plus en_core_web_sm's own predictions
of its other labels (DATE, CARDINAL, LAW, ...) where they do not overlap gold, so that
fine-tuning keeps what the base model knows (rehearsal on its own predictions).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.training import Example

from annotations.corpus import iter_tasks
from annotations.studio_format import CorpusDoc
from models.labels import CLAIM_TYPES, ENTITY_LABELS, MEASURES, STATUSES
from models.neural.arrays import context_range
from models.neural.tagging import Chunk, chunk_text, encode_tags, piece_range


def corpus_hash(corpus_dir: Path) -> str:
    """sha256 over the corpus task files (names and bytes), sorted: the training-data fingerprint."""
    h = hashlib.sha256()
    for path, _ in iter_tasks(corpus_dir):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def ner_examples(base: Language, docs: list[CorpusDoc]) -> list[Example]:
    """Training examples for the NER: gold SPEC entities plus the base model's other labels."""
    examples = []
    for doc, predicted in zip(docs, base.pipe([d.text for d in docs], batch_size=16)):
        gold = [(s, e, lab) for s, e, lab in doc.entities if lab in ENTITY_LABELS]
        taken = [(s, e) for s, e, _ in gold]
        for ent in predicted.ents:
            if ent.label_ in ENTITY_LABELS:
                continue  # the corpus is exhaustive for SPEC labels
            if all(ent.end_char <= s or ent.start_char >= e for s, e in taken):
                gold.append((ent.start_char, ent.end_char, ent.label_))
        reference = base.make_doc(doc.text)
        spans = []
        for s, e, lab in sorted(gold):
            span = reference.char_span(s, e, label=lab, alignment_mode="contract")
            if span is not None and not any(span.start < o.end and o.start < span.end for o in spans):
                spans.append(span)
        reference.ents = spans
        examples.append(Example(base.make_doc(doc.text), reference))
    return examples


@dataclass
class ClaimItem:
    chunk: int
    content: tuple[int, int]
    cue: tuple[int, int] | None
    type: int
    claimant: tuple[int, int] | None = None


@dataclass
class SanctionItem:
    chunk: int
    trigger: tuple[int, int]
    context: tuple[int, int]
    status: int
    measures: list[float]


@dataclass
class EncodedDoc:
    """One document as chunks with BIO tags per layer and the classification items in them."""

    doc_id: str
    chunks: list[Chunk]
    claim_tags: list[list[int]]
    sanction_tags: list[list[int]]
    claim_items: list[ClaimItem] = field(default_factory=list)
    sanction_items: list[SanctionItem] = field(default_factory=list)


def encode_doc(tokenizer, doc: CorpusDoc, max_pieces: int) -> EncodedDoc:
    """Chunks, tags and items of one corpus document."""
    chunks = chunk_text(tokenizer, doc.text, max_pieces)
    claim_spans = [(c.content[0], c.content[1], "CLAIM") for c in doc.claims]
    claim_spans += [(c.claimant[0], c.claimant[1], "CLAIMANT") for c in doc.claims]
    claim_spans += [(c.cue[0], c.cue[1], "CUE") for c in doc.claims]
    sanction_spans = [(s.trigger[0], s.trigger[1], "TRIGGER") for s in doc.sanctions]
    sanction_spans += [(s.authority[0], s.authority[1], "AUTHORITY") for s in doc.sanctions]
    sanction_spans += [(t[0], t[1], "TARGET") for s in doc.sanctions for t in s.targets]
    enc = EncodedDoc(
        doc_id=doc.id,
        chunks=chunks,
        claim_tags=[encode_tags(c, set(claim_spans), "claims") for c in chunks],
        sanction_tags=[encode_tags(c, set(sanction_spans), "sanctions") for c in chunks],
    )
    for k, chunk in enumerate(chunks):
        for c in doc.claims:
            rng = piece_range(chunk, c.content)
            if rng is not None and chunk.start <= c.content[0]:
                enc.claim_items.append(ClaimItem(k, rng, piece_range(chunk, c.cue), CLAIM_TYPES.index(c.type),
                                                 piece_range(chunk, c.claimant)))
        for s in doc.sanctions:
            rng = piece_range(chunk, s.trigger)
            if rng is not None:
                enc.sanction_items.append(SanctionItem(
                    k, rng, context_range(rng, len(chunk.offsets)), STATUSES.index(s.status),
                    [1.0 if m in s.measures else 0.0 for m in MEASURES],
                ))
    return enc
