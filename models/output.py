"""Doc -> SPEC section 4 JSON: the only converter from pipeline annotations to the output contract."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

import models.extensions  # noqa: F401


def _span(text: str, rng: list[int] | tuple[int, int]) -> dict[str, Any]:
    start, end = int(rng[0]), int(rng[1])
    return {"text": text[start:end], "start": start, "end": end}


class _EntityIndex:
    """Finds the entity a span refers to: the mention it equals, the name inside it, or its resolved ref."""

    def __init__(self, text: str, entities: list[dict[str, Any]]) -> None:
        self.text = text
        self.mentions: list[tuple[int, int, str, str]] = []
        for i, ent in enumerate(entities, start=1):
            for s, e in ent["mentions"]:
                self.mentions.append((s, e, f"E{i}", ent["label"]))
        self.mentions.sort()

    def link(self, rng: list[int] | tuple[int, int], ref: list[int] | None = None) -> str | None:
        start, end = int(rng[0]), int(rng[1])
        inside = [m for m in self.mentions if start <= m[0] and m[1] <= end]
        exact = [m for m in inside if (m[0], m[1]) == (start, end)]
        if exact:
            return exact[0][2]
        # a nationality adjective in a description ("three Chinese officials") names no one
        named = [m for m in inside if m[3] != "NORP"]
        if named:
            # "China's Foreign Ministry" -> the last name (the head); "Reinhild Weber, a German lawmaker" -> the
            # first, when an apposition follows it
            last = named[-1]
            return (named[0] if "," in self.text[start : last[0]] else last)[2]
        if ref is not None:
            return self.link(ref)
        covering = [m for m in self.mentions if m[0] <= start and end <= m[1]]
        return covering[0][2] if covering else None


def _kept(items: list[dict[str, Any]] | None, min_confidence: float) -> list[dict[str, Any]]:
    """Claims or actions whose (calibrated) confidence reaches `min_confidence`."""
    return [x for x in items or [] if round(float(x["confidence"]), 3) >= min_confidence]


def doc_to_dict(doc: Doc, model_name: str, model_version: str, min_confidence: float = 0.0) -> dict[str, Any]:
    """The SPEC section 4 document (plain JSON) for a Doc processed by the named model.

    Claims and actions below `min_confidence` are left out; ids number what is kept.
    """
    text = doc.text
    entities = doc._.entities or []
    index = _EntityIndex(text, entities)
    out_entities = [
        {
            "id": f"E{i}",
            "label": ent["label"],
            "name": ent["name"],
            "mentions": [_span(text, m) for m in ent["mentions"]],
        }
        for i, ent in enumerate(entities, start=1)
    ]
    out_sanctions = []
    for i, s in enumerate(_kept(doc._.sanctions, min_confidence), start=1):
        out_sanctions.append(
            {
                "id": f"S{i}",
                "status": s["status"],
                "measures": list(s["measures"]),
                "authority": {**_span(text, s["authority"]), "entity": index.link(s["authority"])},
                "targets": [{**_span(text, t), "entity": index.link(t)} for t in s["targets"]],
                "trigger": _span(text, s["trigger"]),
                "reason": _span(text, s["reason"]) if s.get("reason") else None,
                "date": _span(text, s["date"]) if s.get("date") else None,
                "confidence": round(float(s["confidence"]), 3),
            }
        )
    out_claims = []
    for i, c in enumerate(_kept(doc._.claims, min_confidence), start=1):
        out_claims.append(
            {
                "id": f"C{i}",
                "type": c["type"],
                "quote": c["quote"],
                "content": _span(text, c["content"]),
                "claimant": {**_span(text, c["claimant"]), "entity": index.link(c["claimant"], c.get("claimant_ref"))},
                "cue": _span(text, c["cue"]),
                "confidence": round(float(c["confidence"]), 3),
            }
        )
    return {
        "model": {"name": model_name, "version": model_version},
        "entities": out_entities,
        "sanctions": out_sanctions,
        "claims": out_claims,
    }
