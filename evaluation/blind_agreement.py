"""Blind inter-annotator agreement: a second annotator's labels (made from the text alone) scored against the corpus.

The second annotation (`annotations/blind/<id>.json`, authoring format) is turned into a SPEC
document and scored by evaluation/scorer.py with the corpus labels as reference, so agreement
is read on the same scale as model quality: entities (exact spans), claims (content overlap,
strict with claimant, type agreement), sanctions (event match, measures, status).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotations.authoring import AuthoringError, ResolvedDocument, Span, load_source, resolve
from annotations.corpus import batch_of, load_corpus
from evaluation.scorer import score


def _span(s: Span) -> dict[str, Any]:
    return {"text": s.text, "start": s.start, "end": s.end}


def as_prediction(doc: ResolvedDocument) -> dict[str, Any]:
    """The SPEC section 4 shape of a resolved annotation; pronoun references become linked entities."""
    entities: list[dict[str, Any]] = []

    def ref_entity(ref: Span | None) -> str | None:
        if ref is None:
            return None
        entities.append({"id": f"R{len(entities) + 1}", "label": "ORG", "name": ref.text, "mentions": []})
        return entities[-1]["id"]

    claims = [{"type": c.type, "quote": c.quote, "content": _span(c.content), "cue": _span(c.cue),
               "claimant": {**_span(c.claimant), "entity": ref_entity(c.claimant_ref)}, "confidence": 1.0}
              for c in doc.claims]
    sanctions = [{"status": s.status, "measures": list(s.measures),
                  "authority": {**_span(s.authority), "entity": ref_entity(s.authority_ref)},
                  "targets": [{**_span(t), "entity": None} for t in s.targets], "trigger": _span(s.trigger),
                  "reason": None, "date": None, "confidence": 1.0} for s in doc.sanctions]
    mentions = [{"id": f"E{i}", "label": lab, "name": s.text, "mentions": [_span(s)]}
                for i, (s, lab) in enumerate(doc.entities, start=1)]
    return {"entities": mentions + entities, "claims": claims, "sanctions": sanctions}


def blind_agreement(corpus_dir: Path, blind_dir: Path, batches: set[str] | None = None) -> dict[str, Any]:
    """Scores of the blind annotation against the corpus labels, over the documents both have with equal text.

    `batches` keeps only documents of those writer batches (all when None).
    """
    gold = {d.id: d for d in load_corpus(corpus_dir)}
    preds: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    for path in sorted(blind_dir.glob("*.json")):
        if path.name.endswith(".meta.json"):
            continue
        try:
            doc = resolve(load_source(path))
        except AuthoringError as err:
            skipped.append(f"{path.name}: {err}")
            continue
        if batches is not None and batch_of(doc.id) not in batches:
            continue
        if doc.id not in gold or gold[doc.id].text != doc.text:
            skipped.append(f"{path.name}: no corpus document with the same id and text")
            continue
        preds[doc.id] = as_prediction(doc)
    report = score([gold[i] for i in preds], preds)
    return {"documents": len(preds), "skipped": skipped, "scores": report}


def agreement_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The per-task figures of a blind agreement report."""
    s = result["scores"]
    return {
        "documents": result["documents"],
        "entities_exact_f1": round(s["entities"]["micro"]["f1"], 4),
        "claims_content_f1": round(s["claims"]["content"]["f1"], 4),
        "claims_strict_f1": round(s["claims"]["strict"]["f1"], 4),
        "claim_type_agreement": round(s["claims"]["type_acc"]["acc"], 4),
        "sanctions_event_f1": round(s["sanctions"]["event"]["f1"], 4),
        "measures_f1": round(s["sanctions"]["measures"]["f1"], 4),
        "status_agreement": round(s["sanctions"]["status_acc"]["acc"], 4),
    }
