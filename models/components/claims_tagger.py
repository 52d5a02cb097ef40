"""Claims tagger: trained claim spans (content, claimant, cue) and types from the MiniLM states (SPEC 3).

Writes the same `doc._.claims` and `doc.spans["claims"]` as the claims ruler, so either can
fill the `claims` role. Types come from the trained head. With `rule_evidence`, a rule claim's
rule type is combined with the head (`combine_type`): a rule type resting on strong content words
(models/rules/claim_types.py `strong_content_type`) is kept; otherwise the head's probability of the
rule type is multiplied by `rule_prior` before the most probable type is taken. When the encoder
runs int8 under ONNX Runtime, a type layer fitted on the int8 states (`heads.int8.npz`) and its own
factor (`rule_prior_int8`) are used where the package has them. Spans are linked by models/neural/linking.py; quote kind is read off
the quotation marks (models/rules/quotes.py); pronoun claimants are resolved as the rules do.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from models.components.claims import ClaimsRuler
from models.components.encoder import encoder_runtime
from models.labels import CLAIM_TYPES
from models.neural.linking import link_claims, merge_fragments, snap_to_tokens
from models.neural.arrays import claim_type_features, softmax, tag_confidence, tag_probs
from models.neural.heads import HeadsOnDisk, torch_heads
from models.neural.tagging import decode_tags, piece_range
from models.rules.claim_types import quote_kind, strong_content_type
from models.rules.claims import ClaimMatch, ent_ends, find_claims, resolve_claimant
from models.rules.quotes import find_quotes
from models.rules.spans import char_trim, doc_text, overlaps

INT8_RUNTIME = "onnx-int8"  # the runtime the int8 layers were fitted on (torch-int8 keeps the fp32 ones)


@Language.factory(
    "claimscope_claims_tagger",
    assigns=["doc.spans", "doc._.claims"],
    requires=["doc._.encoding", "doc.sents", "doc.ents"],
    default_config={"spans_key": "claims", "hidden": 384, "release_encoding": False, "merge_rules": True,
                    "add_tagged": True, "min_words": 2, "min_tag_confidence": 0.9, "rule_types": False,
                    "rule_evidence": True, "rule_prior": 1.4},
    default_score_weights={"spans_claims_f": 1.0, "spans_claims_p": 0.0, "spans_claims_r": 0.0},
)
def make_claims_tagger(nlp: Language, name: str, spans_key: str, hidden: int, release_encoding: bool,
                       merge_rules: bool, add_tagged: bool, min_words: int, min_tag_confidence: float,
                       rule_types: bool, rule_evidence: bool, rule_prior: float) -> "ClaimsTagger":
    return ClaimsTagger(nlp, name, spans_key=spans_key, hidden=hidden, release_encoding=release_encoding,
                        merge_rules=merge_rules, add_tagged=add_tagged, min_words=min_words,
                        min_tag_confidence=min_tag_confidence, rule_types=rule_types,
                        rule_evidence=rule_evidence, rule_prior=rule_prior)


class ClaimsTagger(HeadsOnDisk, ClaimsRuler):
    """Tags claim spans with a linear layer over MiniLM states, links them, and types each claim."""

    # chosen on dev by training/select.py (rule_prior_int8: with the int8 encoder, None: rule_prior)
    chosen_settings = ("add_tagged", "rule_types", "rule_evidence", "rule_prior", "rule_prior_int8")

    def __init__(self, nlp: Language, name: str, *, spans_key: str = "claims", hidden: int = 384,
                 release_encoding: bool = False, merge_rules: bool = True, add_tagged: bool = True,
                 min_words: int = 2, min_tag_confidence: float = 0.9, rule_types: bool = False,
                 rule_evidence: bool = True, rule_prior: float = 1.4) -> None:
        super().__init__(nlp, name, spans_key=spans_key)
        self.heads = torch_heads(lambda: _claim_heads(hidden))  # None in a process without torch
        self.release_encoding = release_encoding
        self.merge_rules = merge_rules
        self.add_tagged = add_tagged  # with merge_rules: also keep tagged claims the rules missed
        self.min_words = min_words
        self.min_tag_confidence = min_tag_confidence  # with merge_rules: tagged claims below it are not added
        self.rule_types = rule_types  # rule claims keep the rules' type (the head still gives the confidence)
        self.rule_evidence = rule_evidence  # rule claims: head probabilities combined with the rule type
        # with rule_evidence: factor on the head's probability of the rule type (1.4: best of 1.0-2.5 on the
        # corpus dev split, on a plateau from 1.25 to 1.5)
        self.rule_prior = rule_prior
        self.rule_prior_int8: float | None = None

    def typing_for(self, runtime: str) -> tuple[dict, float]:
        """(layers, rule prior) for an encoder running `runtime`: the int8 ones under ONNX Runtime int8."""
        int8 = runtime == INT8_RUNTIME
        prior = self.rule_prior_int8 if int8 and self.rule_prior_int8 is not None else self.rule_prior
        return self.layers_for(int8), prior

    def find(self, doc: Doc) -> Iterable[ClaimMatch]:
        encoded = doc._.encoding or []
        spans: list[tuple[int, int, str]] = []
        layers, prior = self.typing_for(encoder_runtime(self.nlp))  # once per Doc: under torch, read from the module
        probs = tag_probs(layers["tags"], encoded)
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
                ctype, conf = self._rule_claim_type(doc, encoded, layers, m, prior)
                matches.append(m._replace(type=ctype, confidence=round((conf + m.confidence) / 2, 3)))
        for link in link_claims(doc, spans) if self.add_tagged or not self.merge_rules else []:
            if len(doc_text(doc)[link.content[0]:link.content[1]].split()) < self.min_words:
                continue
            if any(overlaps(link.content, m.content) for m in matches):
                continue
            if self.merge_rules and (link.continued or tag_confidence(encoded, probs, link.content) < self.min_tag_confidence):
                continue  # beside the rules, only confident tagged claims with a cue of their own
            ctype, conf = self._head_type(self._type_probs(encoded, layers, link.content, link.cue, link.claimant))
            matches.append(ClaimMatch(link.content, link.claimant, link.cue, quote_kind(*link.content, quotes),
                                      ctype, conf, None))
        matches.sort(key=lambda m: m.content[0])
        if self.release_encoding:
            doc._.encoding = None
        doc_ents = doc.ents
        ends = ent_ends(doc_ents)
        return [resolve_claimant(doc, m, matches, doc_ents, ends) for m in matches]

    def _rule_claim_type(self, doc: Doc, encoded: list, layers: dict, m: ClaimMatch,
                         prior: float) -> tuple[str, float]:
        """A rule claim's type (head, rule, or both per the switches) and the head's confidence."""
        type_probs = self._type_probs(encoded, layers, m.content, m.cue, m.claimant)
        ctype, conf = self._head_type(type_probs)
        if self.rule_types:
            return m.type, conf
        if self.rule_evidence and type_probs is not None:
            strong = strong_content_type(doc_text(doc)[m.content[0]:m.content[1]]) == m.type
            ctype = combine_type(type_probs, m.type, strong, prior)
        return ctype, conf

    @staticmethod
    def _type_probs(encoded: list, layers: dict, content: tuple[int, int], cue: tuple[int, int],
                    claimant: tuple[int, int]) -> np.ndarray | None:
        """The type head's probabilities (in CLAIM_TYPES order), or None when no chunk holds the content."""
        for chunk, states in encoded:
            rng = piece_range(chunk, content)
            if rng is None:
                continue
            features = claim_type_features(states, rng, piece_range(chunk, cue), piece_range(chunk, claimant))
            return softmax(layers["claim_type"](features))
        return None

    @staticmethod
    def _head_type(probs: np.ndarray | None) -> tuple[str, float]:
        """The head's most probable type and its probability (`statement`, 0.0 without probabilities)."""
        if probs is None:
            return "statement", 0.0
        best = int(probs.argmax())
        return CLAIM_TYPES[best], float(probs[best])


def combine_type(probs: np.ndarray, rule_type: str, strong: bool, prior: float) -> str:
    """The head's type with the rule's evidence: a strong rule type is kept; any other weighs `prior` times."""
    if strong:
        return rule_type
    weights = np.array([prior if t == rule_type else 1.0 for t in CLAIM_TYPES], dtype=probs.dtype)
    return CLAIM_TYPES[int((probs * weights).argmax())]


def _claim_heads(hidden: int) -> Any:
    """A new torch heads module (imported here: a process without torch never reaches it)."""
    from models.neural.network import ClaimHeads

    return ClaimHeads(hidden)
