"""Shared shape of claimscope components: find, then set_annotations, inside the pipe's error handler."""

from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example


class SpansPipe(Pipe):
    """A component that writes its findings to `doc.spans[spans_key]` (and Doc extensions)."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self.set_annotations(doc, list(self.find(doc)))
        except Exception as err:
            return self.get_error_handler()(self.name, self, [doc], err)  # type: ignore[return-value]

    def find(self, doc: Doc) -> Iterable[Any]:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: list[Any]) -> Doc:
        raise NotImplementedError

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        return Scorer.score_spans(
            examples, f"spans_{self.spans_key}", getter=lambda doc, _: doc.spans.get(self.spans_key, []), **kwargs
        )
