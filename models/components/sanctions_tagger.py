"""Sanctions tagger: trained trigger, authority and target spans, status and measures from MiniLM states (SPEC 2).

Writes the same `doc._.sanctions` and `doc.spans["sanctions"]` as the sanctions ruler.
Spans are linked by models/neural/linking.py; reason and date come from the parse around the
trigger, as the rules find them.
"""

from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from models.components.sanctions import SanctionsRuler
from models.labels import MEASURES, STATUSES
from models.neural.linking import link_actions, merge_fragments, snap_to_tokens
from models.neural.arrays import action_features, sigmoid, softmax, tag_confidence, tag_probs
from models.neural.heads import HeadsOnDisk, torch_heads
from models.neural.tagging import decode_tags, piece_range
from models.rules.sanctions import SanctionMatch, date_of, find_sanctions, reason_of
from models.rules.spans import char_range, char_trim, doc_text, overlaps
from models.rules.wellformed import well_formed

@Language.factory(
    "claimscope_sanctions_tagger",
    assigns=["doc.spans", "doc._.sanctions"],
    requires=["doc._.encoding", "doc.sents"],
    default_config={"spans_key": "sanctions", "hidden": 384, "release_encoding": True, "merge_rules": True,
                    "rule_classes": True, "min_tag_confidence": 0.0, "add_tagged": True},
    default_score_weights={"spans_sanctions_f": 1.0, "spans_sanctions_p": 0.0, "spans_sanctions_r": 0.0},
)
def make_sanctions_tagger(nlp: Language, name: str, spans_key: str, hidden: int,
                          release_encoding: bool, merge_rules: bool, rule_classes: bool,
                          min_tag_confidence: float, add_tagged: bool) -> "SanctionsTagger":
    return SanctionsTagger(nlp, name, spans_key=spans_key, hidden=hidden, release_encoding=release_encoding,
                           merge_rules=merge_rules, rule_classes=rule_classes, min_tag_confidence=min_tag_confidence,
                           add_tagged=add_tagged)


class SanctionsTagger(HeadsOnDisk, SanctionsRuler):
    """Tags sanctions spans with a linear layer over MiniLM states, links them, and classifies each action."""

    chosen_settings = ("add_tagged", "rule_classes")  # chosen on dev by training/select.py

    def __init__(self, nlp: Language, name: str, *, spans_key: str = "sanctions", hidden: int = 384,
                 release_encoding: bool = True, merge_rules: bool = True, rule_classes: bool = True,
                 min_tag_confidence: float = 0.0, add_tagged: bool = True) -> None:
        super().__init__(nlp, name, spans_key=spans_key)
        self.heads = torch_heads(lambda: _sanction_heads(hidden))  # None in a process without torch
        self.release_encoding = release_encoding
        self.merge_rules = merge_rules
        self.rule_classes = rule_classes  # rule actions keep the rules' status and measures
        self.min_tag_confidence = min_tag_confidence  # tagged actions below it are not added
        self.add_tagged = add_tagged  # with merge_rules: also keep tagged actions the rules missed

    def find(self, doc: Doc) -> Iterable[SanctionMatch]:
        encoded = doc._.encoding or []
        spans: list[tuple[int, int, str]] = []
        layers = self.layers  # once per Doc: under torch they are read from the module
        probs = tag_probs(layers["tags"], encoded)
        tag_ids = [p.indices.tolist() for p in probs]
        for (chunk, _), ids in zip(encoded, tag_ids):
            for s, e, lab in decode_tags(chunk, ids, "sanctions"):
                s, e = char_trim(doc, s, e)
                if e > s:
                    spans.append((s, e, lab))
        spans = merge_fragments(doc_text(doc), snap_to_tokens(doc, spans))
        matches: list[SanctionMatch] = []
        tagged: list[bool] = []
        if self.merge_rules:  # rule actions first; the tagger adds actions whose trigger the rules missed
            for m in find_sanctions(doc):
                status, measures, conf = self._classify(encoded, layers, m.trigger)
                if self.rule_classes:
                    status, measures = m.status, m.measures
                matches.append(m._replace(status=status, measures=measures, confidence=round((conf + m.confidence) / 2, 3)))
                tagged.append(False)
        for link in link_actions(doc, spans) if self.add_tagged or not self.merge_rules else []:
            if any(overlaps(link.trigger, m.trigger) for m in matches):
                continue
            if tag_confidence(encoded, probs, link.trigger) < self.min_tag_confidence:
                continue
            status, measures, conf = self._classify(encoded, layers, link.trigger)
            reason, date = self._reason_date(doc, link.trigger)
            matches.append(SanctionMatch(link.trigger, link.authority, link.targets, measures, status, reason, date, conf))
            tagged.append(True)
        if self.well_formed:
            matches = well_formed(doc, matches, tagged)
        matches.sort(key=lambda m: m.trigger[0])
        if self.release_encoding:
            doc._.encoding = None
        return matches

    @staticmethod
    def _classify(encoded: list, layers: dict, trigger: tuple[int, int]) -> tuple[str, tuple[str, ...], float]:
        for chunk, states in encoded:
            rng = piece_range(chunk, trigger)
            if rng is None:
                continue
            features = action_features(states, rng, len(chunk.offsets))
            status_p = softmax(layers["status"](features))
            measure_p = sigmoid(layers["measures"](features))
            best = int(status_p.argmax())
            chosen = tuple(m for m, p in zip(MEASURES, measure_p.tolist()) if p >= 0.5)
            if not chosen:
                chosen = (MEASURES[int(measure_p.argmax())],)
            return STATUSES[best], chosen, float(status_p[best])
        return "imposed", ("designation",), 0.0

    @staticmethod
    def _reason_date(doc: Doc, trigger: tuple[int, int]):
        span = doc.char_span(*trigger, alignment_mode="expand")
        if span is None or not len(span):
            return None, None
        verb = next((t for t in span if t.pos_ in {"VERB", "AUX"}), span.root)
        return char_range(reason_of(verb, None)), char_range(date_of(verb))


def _sanction_heads(hidden: int) -> Any:
    """A new torch heads module (imported here: a process without torch never reaches it)."""
    from models.neural.network import SanctionHeads

    return SanctionHeads(hidden)
