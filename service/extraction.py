"""One article in, one SPEC document out: input checks shared by the API and the CLI."""

from __future__ import annotations

import logging
import time

from spacy.language import Language

from models.errors import Errors
from models.output import to_extraction
from models.pipeline import model_info
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


def extract(nlp: Language, text: object, max_chars: int, min_confidence: float = 0.0) -> Extraction:
    """Run the pipeline on one checked article and return the validated SPEC document.

    Claims and actions with a confidence below `min_confidence` are left out.
    """
    checked = check_text(text, max_chars)
    started = time.perf_counter()
    doc = nlp(checked)
    result = to_extraction(doc, *model_info(nlp), min_confidence=min_confidence)
    logger.info(
        "extracted chars=%d entities=%d sanctions=%d claims=%d ms=%.1f",
        len(checked), len(result.entities), len(result.sanctions), len(result.claims),
        1000 * (time.perf_counter() - started),
    )
    return result
