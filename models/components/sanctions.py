"""Sanctions ruler: sanctions actions by rules into `doc._.sanctions` and `doc.spans[spans_key]` (SPEC 2)."""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from models.components.base import SpansPipe
import models.extensions  # noqa: F401  (declares doc._.sanctions)
from models.rules.sanctions import SanctionMatch, find_sanctions
from models.rules.wellformed import well_formed


@Language.factory(
    "claimscope_sanctions_ruler",
    assigns=["doc.spans", "doc._.sanctions"],
    requires=["doc.ents", "token.dep", "token.lemma", "doc.sents"],
    default_config={"spans_key": "sanctions", "well_formed": True},
    default_score_weights={"spans_sanctions_f": 1.0, "spans_sanctions_p": 0.0, "spans_sanctions_r": 0.0},
)
def make_sanctions_ruler(nlp: Language, name: str, spans_key: str, well_formed: bool) -> "SanctionsRuler":
    return SanctionsRuler(nlp, name, spans_key=spans_key, well_formed=well_formed)


class SanctionsRuler(SpansPipe):
    """Finds sanctions actions with the rules in models/rules/sanctions.py."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str = "sanctions", well_formed: bool = True) -> None:
        super().__init__(nlp, name, spans_key=spans_key)
        self.well_formed = well_formed  # drop ill-formed spans and merge duplicates (models/rules/wellformed.py)

    def find(self, doc: Doc) -> Iterable[SanctionMatch]:
        found = list(find_sanctions(doc))
        return well_formed(doc, found) if self.well_formed else found

    def set_annotations(self, doc: Doc, matches: list[SanctionMatch]) -> Doc:
        doc._.sanctions = [
            {
                "trigger": list(m.trigger),
                "authority": list(m.authority),
                "targets": [list(t) for t in m.targets],
                "measures": list(m.measures),
                "status": m.status,
                "reason": list(m.reason) if m.reason else None,
                "date": list(m.date) if m.date else None,
                "confidence": m.confidence,
            }
            for m in matches
        ]
        spans = [doc.char_span(*m.trigger, label=m.status, alignment_mode="expand") for m in matches]
        doc.spans[self.spans_key] = [s for s in spans if isinstance(s, Span)]
        return doc
