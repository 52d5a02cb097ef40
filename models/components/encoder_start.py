"""Encoder start: hands a single Doc's text to the encoder right after tokenizing, so encoding overlaps the parse.

The MiniLM encoder (models/components/encoder.py) reads only the text; spaCy's tagger, parser
and NER read only the tokens. Placed first, this component calls the encoder's `start`, which
encodes on a background thread; the encoder component, later in the pipeline, waits for the
states. On two cores the slowest two steps of a request then run side by side. Streams
(`nlp.pipe`, the batch workers) pass through untouched: there the encoder batches the
paragraphs of many Docs together, and each worker already has its own core.
`use_encoder_start(nlp)` adds it to a loaded pipeline that has an encoder.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from models.components.encoder import MiniLMEncoder


@Language.factory("claimscope_encoder_start", default_config={"encoder": "encoder"})
def make_encoder_start(nlp: Language, name: str, encoder: str) -> "EncoderStart":
    return EncoderStart(nlp, name, encoder=encoder)


class EncoderStart:
    """Starts the encoder component `encoder` on each Doc processed on its own."""

    def __init__(self, nlp: Language, name: str, *, encoder: str = "encoder") -> None:
        self.nlp = nlp
        self.name = name
        self.encoder = encoder

    def __call__(self, doc: Doc) -> Doc:
        if self.encoder in self.nlp.pipe_names and self.encoder not in self.nlp.disabled:
            component = self.nlp.get_pipe(self.encoder)
            if isinstance(component, MiniLMEncoder):
                component.start(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        yield from stream


def use_encoder_start(nlp: Language, encoder: str = "encoder") -> None:
    """Put an encoder start first in a pipeline that has the MiniLM encoder `encoder` (once)."""
    if encoder not in nlp.pipe_names or not isinstance(nlp.get_pipe(encoder), MiniLMEncoder):
        return
    if any(isinstance(proc, EncoderStart) for _, proc in nlp.pipeline):
        return
    nlp.add_pipe("claimscope_encoder_start", name="encoder_start", first=True, config={"encoder": encoder})
