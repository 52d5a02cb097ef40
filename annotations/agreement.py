"""Agreement between the first (writer) and second (reviewer) annotation passes: entity, claim and sanction F1.

Entities match on exact (start, end, label); claims on exact content span with the same
claimant and cue spans, and type; sanctions on the same trigger, authority and target spans,
status and measures. "Spans only" variants ignore the classifications.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from annotations.authoring import AuthoringError, ResolvedDocument, iter_source_files, load_source, resolve


def _f1(a: set, b: set, counts: Counter, key: str) -> None:
    counts[f"{key}_both"] += len(a & b)
    counts[f"{key}_first"] += len(a)
    counts[f"{key}_second"] += len(b)


def _sets(doc: ResolvedDocument) -> dict[str, set]:
    ents = {(s.start, s.end, lab) for s, lab in doc.entities}
    claims = {(c.content.start, c.content.end, c.claimant.start, c.claimant.end, c.cue.start, c.cue.end, c.type, c.quote)
              for c in doc.claims}
    claim_spans = {(c.content.start, c.content.end) for c in doc.claims}
    actions = {(s.trigger.start, s.trigger.end, s.authority.start, s.authority.end,
                tuple(sorted((t.start, t.end) for t in s.targets)), s.status, tuple(sorted(s.measures)))
               for s in doc.sanctions}
    action_spans = {(s.trigger.start, s.trigger.end, s.authority.start, s.authority.end) for s in doc.sanctions}
    return {"entities": ents, "claims": claims, "claims_spans": claim_spans,
            "sanctions": actions, "sanctions_spans": action_spans}


def agreement(source_dir: Path, review_dir: Path) -> dict[str, Any]:
    """F1 between passes over every document that has both; the first pass counts as 'gold'."""
    counts: Counter = Counter()
    n = 0
    for path in iter_source_files([source_dir]):
        second = review_dir / path.relative_to(source_dir)
        if not second.is_file():
            continue
        try:
            a, b = resolve(load_source(path)), resolve(load_source(second))
        except AuthoringError:
            continue
        if a.text != b.text:
            continue  # a changed text cannot be compared span by span
        n += 1
        sa, sb = _sets(a), _sets(b)
        for key in sa:
            _f1(sa[key], sb[key], counts, key)
    out: dict[str, Any] = {"documents": n}
    for key in ("entities", "claims", "claims_spans", "sanctions", "sanctions_spans"):
        both, first, second = counts[f"{key}_both"], counts[f"{key}_first"], counts[f"{key}_second"]
        out[key] = round(2 * both / (first + second), 4) if first + second else None
    return out
