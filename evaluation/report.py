"""Evaluation reports: scores of a model and its baselines on realnews-dev, as JSON and a Markdown table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evaluation.baselines import SM_ENTITIES, load_sm, sm_entities_document
from evaluation.realnews import evaluate_realnews, read_texts, run_reference_scorer
from models.pipeline import load_pipeline, model_info

COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("entity F1", ("entities", "micro", "f1")),
    ("claim content F1", ("claims", "content", "f1")),
    ("claim strict F1", ("claims", "strict", "f1")),
    ("claim type acc", ("claims", "type_acc", "acc")),
    ("sanctions event F1", ("sanctions", "event", "f1")),
    ("measures F1", ("sanctions", "measures", "f1")),
    ("status acc", ("sanctions", "status_acc", "acc")),
)


def _get(report: dict[str, Any], path: tuple[str, ...]) -> float | None:
    node: Any = report
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return float(node) if isinstance(node, (int, float)) else None


def score_sm_baseline(realnews_dir: Path, work_dir: Path) -> dict[str, Any]:
    """realnews-dev scores of plain en_core_web_sm entities."""
    sm = load_sm()
    pred_dir = work_dir / "sm-pred"
    pred_dir.mkdir(parents=True, exist_ok=True)
    for doc_id, text in read_texts(realnews_dir / "docs").items():
        (pred_dir / f"{doc_id}.json").write_text(json.dumps(sm_entities_document(sm, text)), encoding="utf-8")
    return run_reference_scorer(realnews_dir, pred_dir, work_dir / "sm-score.json")


def evaluate(model: str | None, realnews_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Score the model and the sm baseline on realnews-dev; write report.json and report.md to out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp = load_pipeline(model)
    name, version = model_info(nlp)
    kind = nlp.meta.get("claimscope", {}).get("kind", "trained")
    systems = {
        SM_ENTITIES: score_sm_baseline(realnews_dir, out_dir / "sm"),
        f"{name} {version} ({kind})": evaluate_realnews(nlp, realnews_dir, out_dir / "model"),
    }
    report = {"realnews_dev": {k: {c: _get(v, p) for c, p in COLUMNS} for k, v in systems.items()},
              "realnews_dev_full": systems}
    (out_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text(markdown_table(report["realnews_dev"]), encoding="utf-8")
    return report


def markdown_table(rows: dict[str, dict[str, float | None]]) -> str:
    """One row per system, one column per headline score."""
    head = "| system | " + " | ".join(c for c, _ in COLUMNS) + " |\n"
    sep = "|---|" + "---|" * len(COLUMNS) + "\n"
    body = ""
    for system, scores in rows.items():
        cells = ["–" if scores[c] is None or (scores[c] == 0 and system.startswith("en_core")) and not c.startswith("entity")
                 else f"{scores[c]:.3f}" for c, _ in COLUMNS]
        body += f"| {system} | " + " | ".join(cells) + " |\n"
    return head + sep + body
