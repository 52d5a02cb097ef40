"""One extraction path: an Extractor holds a loaded pipeline and turns texts (or HTML) into SPEC section 4 documents.

Every caller (the API routes, the batch workers, the Label Studio backend, the CLI, training's
dev scoring, evaluation) goes through it, so the input checks, the HTML reduction, the model
name and version and the `min_confidence` filter are applied one way. `validate` checks a
document against the output schema once, on its way out of the service.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from models.errors import Errors
from models.html_text import html_to_text
from models.output import doc_to_dict
from models.pipeline import load_pipeline, model_info
from models.schema import Extraction


logger = logging.getLogger(__name__)


class InputError(ValueError):
    """The submitted article cannot be processed; the message is one sentence for the user."""

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.status_code = status_code


def check_text(text: object, max_chars: int) -> str:
    """The text if it can be processed, else an InputError saying why."""
    if not isinstance(text, str):
        raise InputError(Errors.E005.format(kind=type(text).__name__))
    if not text.strip():
        raise InputError(Errors.E001)
    if len(text) > max_chars:
        raise InputError(Errors.E002.format(length=len(text), limit=max_chars), status_code=413)
    if "\x00" in text:
        raise InputError(Errors.E009.format(position=text.index("\x00")))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(Errors.E008.format(position=err.start)) from None
    return text


class Extractor:
    """A loaded pipeline and what it needs to answer: text in, SPEC document out."""

    def __init__(self, nlp: Language, max_chars: int | None = None) -> None:
        self.nlp = nlp
        self.name, self.version = model_info(nlp)
        self.max_chars = max_chars

    @classmethod
    def load(cls, path: str | Path | None = None, max_chars: int | None = None) -> "Extractor":
        """The model at `path` ('rules', a folder, or None for the promoted model)."""
        return cls(load_pipeline(path), max_chars)

    def text_of(self, text: str | None = None, html: str | None = None) -> str:
        """The text offsets point into: as given, or reduced from HTML; checked against the limits."""
        raw = text if text is not None else html_to_text(html or "")
        return check_text(raw, self.max_chars) if self.max_chars is not None else raw

    def document(self, doc: Doc, min_confidence: float = 0.0) -> dict[str, Any]:
        """The SPEC document of a Doc this pipeline processed."""
        return doc_to_dict(doc, self.name, self.version, min_confidence)

    def extract(self, text: str, min_confidence: float = 0.0) -> dict[str, Any]:
        """The SPEC document of one text (checked when the Extractor has limits)."""
        checked = self.text_of(text)
        started = time.perf_counter()
        document = self.document(self.nlp(checked), min_confidence)
        logger.info("extracted chars=%d entities=%d sanctions=%d claims=%d ms=%.1f", len(checked),
                    len(document["entities"]), len(document["sanctions"]), len(document["claims"]),
                    1000 * (time.perf_counter() - started))
        return document

    def extract_many(self, texts: Iterable[str], batch_size: int = 16,
                     min_confidence: float = 0.0) -> Iterator[dict[str, Any]]:
        """SPEC documents of many texts, in order, through nlp.pipe (texts are not checked)."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield self.document(doc, min_confidence)

    @staticmethod
    def validate(document: dict[str, Any]) -> Extraction:
        """The output schema's model of a document (raises pydantic's ValidationError if it breaks SPEC)."""
        return Extraction.model_validate(document)
