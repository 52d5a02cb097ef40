"""Linking tagged spans into claims and sanctions actions: nearest cue, claimant, authority and targets.

Pure functions over character spans and the Doc's sentences. Claims: a CLAIM takes the
nearest CUE in reach and the CLAIMANT nearest that cue; a claim with no cue in reach
continues the previous claim (SPEC 5). Actions: a TRIGGER takes the AUTHORITY spans before
it in its sentence (one action each, SPEC 5) and the TARGET spans up to the next trigger.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from models.rules.spans import doc_text, sentence_range

CharRange = tuple[int, int]
TaggedSpan = tuple[int, int, str]

CUE_REACH = 220
CLAIMANT_REACH = 160
CONTINUATION_REACH = 700
_OPEN_QUOTES = "\"\u201c"


class LinkedClaim(NamedTuple):
    content: CharRange
    claimant: CharRange
    cue: CharRange
    continued: bool


class LinkedAction(NamedTuple):
    trigger: CharRange
    authority: CharRange
    targets: tuple[CharRange, ...]


def _dist(a: CharRange, b: CharRange) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _same_paragraph(text: str, a: CharRange, b: CharRange) -> bool:
    lo, hi = min(a[0], b[0]), max(a[1], b[1])
    return "\n" not in text[lo:hi]


def link_claims(doc: Doc, spans: list[TaggedSpan]) -> list[LinkedClaim]:
    """Claims from CLAIM/CLAIMANT/CUE spans, in text order."""
    text = doc_text(doc)
    contents = sorted((s, e) for s, e, lab in spans if lab == "CLAIM")
    cues = [(s, e) for s, e, lab in spans if lab == "CUE"]
    claimants = [(s, e) for s, e, lab in spans if lab == "CLAIMANT"]
    out: list[LinkedClaim] = []
    for content in contents:
        near = [c for c in cues if _dist(c, content) <= CUE_REACH and _same_paragraph(text, c, content)
                and not (content[0] <= c[0] and c[1] <= content[1])]
        if near:
            cue = min(near, key=lambda c: (_dist(c, content), c[0]))
            holders = [h for h in claimants if _dist(h, cue) <= CLAIMANT_REACH and _same_paragraph(text, h, cue)
                       and not (content[0] <= h[0] and h[1] <= content[1])]
            if holders:
                claimant = min(holders, key=lambda h: (_dist(h, cue), h[0]))
                out.append(LinkedClaim(content, claimant, cue, False))
                continue
        prev = out[-1] if out else None
        quoted = content[0] > 0 and text[content[0] - 1] in _OPEN_QUOTES  # SPEC 5: a continued quotation
        if prev is not None and quoted and 0 <= content[0] - prev.content[1] <= CONTINUATION_REACH:
            out.append(LinkedClaim(content, prev.claimant, prev.cue, True))
    return out


def snap_to_tokens(doc: Doc, spans: list[TaggedSpan]) -> list[TaggedSpan]:
    """Widen word-piece spans to whole spaCy tokens ("fr" -> "froze"); drop spans of punctuation only."""
    out: list[TaggedSpan] = []
    for start, end, label in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or all(t.is_punct or t.is_space for t in span):
            continue
        out.append((span.start_char, span.end_char, label))
    return out


def merge_fragments(text: str, spans: list[TaggedSpan], max_gap: int = 3) -> list[TaggedSpan]:
    """Join spans of one label split by a short gap with no line break ("the EU" "measures" -> one span)."""
    out: list[TaggedSpan] = []
    for span in sorted(spans):
        if out and out[-1][2] == span[2] and 0 <= span[0] - out[-1][1] <= max_gap \
                and "\n" not in text[out[-1][1] : span[0]]:
            out[-1] = (out[-1][0], span[1], span[2])
        else:
            out.append(span)
    return out


def link_actions(doc: Doc, spans: list[TaggedSpan]) -> list[LinkedAction]:
    """Actions from TRIGGER/AUTHORITY/TARGET spans, in text order."""
    triggers = sorted((s, e) for s, e, lab in spans if lab == "TRIGGER")
    # an authority names someone: a span without letters (a liveblog timestamp) is not one
    authorities = sorted((s, e) for s, e, lab in spans if lab == "AUTHORITY" and any(c.isalpha() for c in doc_text(doc)[s:e]))
    targets = sorted((s, e) for s, e, lab in spans if lab == "TARGET")
    out: list[LinkedAction] = []
    for k, trig in enumerate(triggers):
        sent = sentence_range(doc, trig[0])
        prev_trig = max((t[1] for t in triggers[:k] if t[0] >= sent[0]), default=sent[0])
        next_trig = min((t[0] for t in triggers[k + 1 :] if t[0] < sent[1]), default=sent[1])
        in_sent = [a for a in authorities if sent[0] <= a[0] < sent[1]]
        before = [a for a in in_sent if prev_trig <= a[0] and a[1] <= trig[0]]
        chosen = before or ([min(in_sent, key=lambda a: _dist(a, trig))] if in_sent else [])
        if not chosen:
            continue
        own = [t for t in targets if trig[1] <= t[0] < next_trig]
        if not own:
            own = [t for t in targets if sent[0] <= t[0] < sent[1] and not any(a[0] <= t[0] < a[1] for a in chosen)]
            own = [min(own, key=lambda t: _dist(t, trig))] if own else []
        if not own:
            continue
        if len(chosen) > 1 and not all(_joined(doc_text(doc), a, b) for a, b in zip(chosen, chosen[1:])):
            chosen = [chosen[-1]]
        for auth in chosen:
            out.append(LinkedAction(trig, auth, tuple(own)))
    return out


def _joined(text: str, a: CharRange, b: CharRange) -> bool:
    """Two authorities coordinated in one subject ("The EU and Britain")."""
    gap = text[a[1] : b[0]].strip().lower()
    return gap in {"and", ",", ", and", "as well as", "along with"}
