"""Claims ruler: attributed claims by rules into `doc._.claims` and `doc.spans[spans_key]` (SPEC 3)."""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from models.components.base import SpansPipe
import models.extensions  # noqa: F401  (declares doc._.claims)
from models.rules.claims import ClaimMatch, find_claims


@Language.factory(
    "claimscope_claims_ruler",
    assigns=["doc.spans", "doc._.claims"],
    requires=["doc.ents", "token.dep", "token.lemma", "doc.sents"],
    default_config={"spans_key": "claims"},
    default_score_weights={"spans_claims_f": 1.0, "spans_claims_p": 0.0, "spans_claims_r": 0.0},
)
def make_claims_ruler(nlp: Language, name: str, spans_key: str) -> "ClaimsRuler":
    return ClaimsRuler(nlp, name, spans_key=spans_key)


class ClaimsRuler(SpansPipe):
    """Finds attributed claims with the rules in models/rules/claims.py."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str = "claims") -> None:
        super().__init__(nlp, name, spans_key=spans_key)

    def find(self, doc: Doc) -> Iterable[ClaimMatch]:
        return find_claims(doc)

    def set_annotations(self, doc: Doc, matches: list[ClaimMatch]) -> Doc:
        doc._.claims = [
            {
                "content": list(m.content),
                "claimant": list(m.claimant),
                "cue": list(m.cue),
                "quote": m.quote,
                "type": m.type,
                "confidence": m.confidence,
                "claimant_ref": list(m.claimant_ref) if m.claimant_ref else None,
            }
            for m in matches
        ]
        spans = [doc.char_span(*m.content, label=m.type, alignment_mode="expand") for m in matches]
        doc.spans[self.spans_key] = [s for s in spans if isinstance(s, Span)]
        return doc
