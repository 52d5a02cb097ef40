"""Entities grouper: NER spans into SPEC mentions (`doc.ents`) and grouped entities (`doc._.entities`)."""

from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

import models.extensions  # noqa: F401  (declares doc._.entities)
from models.components.base import SpansPipe
from models.rules.entities import group_mentions, spec_mentions


@Language.factory(
    "claimscope_entities_grouper",
    assigns=["doc.ents", "doc._.entities"],
    requires=["doc.ents"],
    default_score_weights={"ents_f": 1.0},
)
def make_entities_grouper(nlp: Language, name: str) -> "EntitiesGrouper":
    return EntitiesGrouper(nlp, name)


class EntitiesGrouper(SpansPipe):
    """Cleans NER spans by SPEC and groups mentions of one thing within the document."""

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name, spans_key="ents")

    def find(self, doc: Doc) -> Iterable[Span]:
        return spec_mentions(doc)

    def set_annotations(self, doc: Doc, mentions: list[Span]) -> Doc:
        doc.ents = mentions
        doc._.entities = [
            {"label": g.label, "name": g.name, "mentions": [[m.start, m.end] for m in g.mentions]}
            for g in group_mentions(doc, mentions)
        ]
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        return Scorer.score_spans(examples, "ents", **kwargs)
