"""Calibration of an evaluated model: expected calibration error and reliability bins, test split and realnews-dev.

A claim counts as right when its content and claimant match a gold claim (strict), an action
when it matches a gold event; on realnews-dev the match is the one its score.py made.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.calibration import expected_calibration_error, reliability

KINDS: tuple[str, ...] = ("claims", "sanctions")


def summarize(outcomes: dict[str, list[tuple[float, bool]]]) -> dict[str, Any]:
    """Per kind: number of outputs, accuracy, mean confidence, ECE and the ten reliability bins."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        pairs = outcomes.get(kind, [])
        conf = [c for c, _ in pairs]
        ok = [bool(k) for _, k in pairs]
        out[kind] = {
            "n": len(pairs),
            "accuracy": sum(ok) / len(ok) if ok else None,
            "mean_confidence": sum(conf) / len(conf) if conf else None,
            "ece": expected_calibration_error(conf, ok) if pairs else None,
            "bins": [b._asdict() for b in reliability(conf, ok)] if pairs else [],
        }
    return out


def realnews_outcomes(score_report: dict[str, Any], pred_dir: Path) -> dict[str, list[tuple[float, bool]]]:
    """(confidence, correct) of each prediction, read from score.py's per-document pairs."""
    out: dict[str, list[tuple[float, bool]]] = {kind: [] for kind in KINDS}
    for doc_id, doc in score_report.get("per_doc", {}).items():
        pred = json.loads((pred_dir / f"{doc_id}.json").read_text(encoding="utf-8"))
        right_claims = {p["pred"] for p in doc["claims"]["pairs"] if p.get("claimant_ok")}
        right_events = {p["pred"] for p in doc["sanctions"]["pairs"]}
        out["claims"] += [(float(c["confidence"]), i in right_claims) for i, c in enumerate(pred.get("claims", []))]
        out["sanctions"] += [(float(s["confidence"]), i in right_events) for i, s in enumerate(pred.get("sanctions", []))]
    return out
