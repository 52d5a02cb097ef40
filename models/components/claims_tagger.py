"""Claims tagger: trained claim spans (content, claimant, cue) and types from the MiniLM states (SPEC 3).

Writes the same `doc._.claims` and `doc.spans["claims"]` as the claims ruler, so either can
fill the `claims` role. Spans are linked by models/neural/linking.py; quote kind is read off
the quotation marks (models/rules/quotes.py); pronoun claimants are resolved as the rules do.
"""

from __future__ import annotations

from typing import Iterable

import torch
from spacy.language import Language
from spacy.tokens import Doc

from models.components.claims import ClaimsRuler
from models.labels import CLAIM_TYPES
from models.neural.linking import link_claims, merge_fragments, snap_to_tokens
from models.neural.network import ClaimHeads, HeadsOnDisk, claim_type_features, tag_confidence
from models.neural.tagging import decode_tags, piece_range
from models.rules.claim_types import quote_kind
from models.rules.claims import ClaimMatch, find_claims, resolve_claimant
from models.rules.quotes import find_quotes
from models.rules.spans import char_trim, doc_text, overlaps

@Language.factory(
    "claimscope_claims_tagger",
    assigns=["doc.spans", "doc._.claims"],
    requires=["doc._.encoding", "doc.sents", "doc.ents"],
    default_config={"spans_key": "claims", "hidden": 384, "release_encoding": False, "merge_rules": True,
                    "add_tagged": True, "min_words": 2, "min_tag_confidence": 0.9, "rule_types": False},
    default_score_weights={"spans_claims_f": 1.0, "spans_claims_p": 0.0, "spans_claims_r": 0.0},
)
def make_claims_tagger(nlp: Language, name: str, spans_key: str, hidden: int, release_encoding: bool,
                       merge_rules: bool, add_tagged: bool, min_words: int, min_tag_confidence: float,
                       rule_types: bool) -> "ClaimsTagger":
    return ClaimsTagger(nlp, name, spans_key=spans_key, hidden=hidden, release_encoding=release_encoding,
                        merge_rules=merge_rules, add_tagged=add_tagged, min_words=min_words,
                        min_tag_confidence=min_tag_confidence, rule_types=rule_types)


class ClaimsTagger(HeadsOnDisk, ClaimsRuler):
    """Tags claim spans with a linear layer over MiniLM states, links them, and types each claim."""

    chosen_settings = ("add_tagged", "rule_types")  # chosen on dev by training/select.py

    def __init__(self, nlp: Language, name: str, *, spans_key: str = "claims", hidden: int = 384,
                 release_encoding: bool = False, merge_rules: bool = True, add_tagged: bool = True,
                 min_words: int = 2, min_tag_confidence: float = 0.9, rule_types: bool = False) -> None:
        super().__init__(nlp, name, spans_key=spans_key)
        self.heads = ClaimHeads(hidden)
        self.heads.eval()
        self.release_encoding = release_encoding
        self.merge_rules = merge_rules
        self.add_tagged = add_tagged  # with merge_rules: also keep tagged claims the rules missed
        self.min_words = min_words
        self.min_tag_confidence = min_tag_confidence  # with merge_rules: tagged claims below it are not added
        self.rule_types = rule_types  # rule claims keep the rules' type (the head still gives the confidence)

    def find(self, doc: Doc) -> Iterable[ClaimMatch]:
        encoded = doc._.encoding or []
        spans: list[tuple[int, int, str]] = []
        with torch.inference_mode():
            probs = [self.heads.tags(states).softmax(-1).max(-1) for _, states in encoded]
        for (chunk, _), ids in zip(encoded, (p.indices.tolist() for p in probs)):
            for s, e, lab in decode_tags(chunk, ids, "claims"):
                s, e = char_trim(doc, s, e)
                if e > s:
                    spans.append((s, e, lab))
        spans = merge_fragments(doc_text(doc), snap_to_tokens(doc, spans))
        quotes = list(find_quotes(doc_text(doc)))
        matches: list[ClaimMatch] = []
        if self.merge_rules:  # rule claims first: their spans are precise; the tagger adds what they miss
            for m in find_claims(doc):
                ctype, conf = self._type(encoded, m.content, m.cue, m.claimant)
                if self.rule_types:
                    ctype = m.type
                matches.append(m._replace(type=ctype, confidence=round((conf + m.confidence) / 2, 3)))
        for link in link_claims(doc, spans) if self.add_tagged or not self.merge_rules else []:
            if len(doc_text(doc)[link.content[0]:link.content[1]].split()) < self.min_words:
                continue
            if any(overlaps(link.content, m.content) for m in matches):
                continue
            if self.merge_rules and (link.continued or tag_confidence(encoded, probs, link.content) < self.min_tag_confidence):
                continue  # beside the rules, only confident tagged claims with a cue of their own
            ctype, conf = self._type(encoded, link.content, link.cue, link.claimant)
            matches.append(ClaimMatch(link.content, link.claimant, link.cue, quote_kind(*link.content, quotes),
                                      ctype, conf, None))
        matches.sort(key=lambda m: m.content[0])
        if self.release_encoding:
            doc._.encoding = None
        doc_ents = doc.ents
        return [resolve_claimant(doc, m, matches, doc_ents) for m in matches]

    def _type(self, encoded: list, content: tuple[int, int], cue: tuple[int, int],
              claimant: tuple[int, int]) -> tuple[str, float]:
        for chunk, states in encoded:
            rng = piece_range(chunk, content)
            if rng is None:
                continue
            features = claim_type_features(states, rng, piece_range(chunk, cue), piece_range(chunk, claimant))
            with torch.inference_mode():
                probs = self.heads.claim_type(features).softmax(-1)
            best = int(probs.argmax())
            return CLAIM_TYPES[best], float(probs[best])
        return "statement", 0.0
