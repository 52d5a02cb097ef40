"""Fitting the confidence calibrator on the dev split: maps from raw confidence to the chance of being right.

Per kind (claims, actions) isotonic regression and Platt scaling are compared by 5-fold
cross-validated ECE on dev; the better one is fitted on all of dev.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from spacy.language import Language

from annotations.corpus import load_corpus
from annotations.studio_format import CorpusDoc
from evaluation.scorer import outcomes
from models.calibration import apply_knots, cross_validated_ece, expected_calibration_error, fit_isotonic, fit_platt
from models.components.calibrator import KINDS
from models.extractor import Extractor
from models.pipeline import load_pipeline

logger = logging.getLogger(__name__)

# Calibration methods; per kind, the one with the lower 5-fold cross-validated ECE on dev is used.
METHODS = {"isotonic": fit_isotonic, "platt": fit_platt}


def fit_calibrator(nlp: Language, dev_docs: list[CorpusDoc], pipe_name: str = "calibrator") -> dict[str, Any]:
    """Fit the pipeline's calibrator on dev predictions; returns per kind the count and ECE before and after."""
    calibrator = nlp.get_pipe(pipe_name)
    for kind in KINDS:
        calibrator.set_knots(kind, [])  # raw confidences while collecting outcomes
    extractor = Extractor(nlp)
    preds = {d.id: document for d, document in zip(dev_docs, extractor.extract_many(d.text for d in dev_docs))}
    found = outcomes(dev_docs, preds)
    summary: dict[str, Any] = {}
    for kind in KINDS:
        conf = [c for c, _ in found[kind]]
        ok = [k for _, k in found[kind]]
        held_out = {name: round(cross_validated_ece(conf, ok, fit), 4) for name, fit in METHODS.items()}
        method = min(held_out, key=lambda name: held_out[name])
        knots = METHODS[method](conf, ok)
        calibrator.set_knots(kind, knots)
        after = [apply_knots(knots, c) for c in conf]
        summary[kind] = {"n": len(conf), "method": method, "ece_raw": round(expected_calibration_error(conf, ok), 4),
                         "ece_cross_validated": held_out, "ece_fitted": round(expected_calibration_error(after, ok), 4),
                         "knots": len(knots)}
        logger.info("calibrated %s on %d dev outputs with %s: ECE %.3f -> %.3f (5-fold %s)", kind, len(conf), method,
                    summary[kind]["ece_raw"], summary[kind]["ece_fitted"], held_out)
    return summary


def recalibrate(folder: Path, corpus_dir: Path) -> dict[str, Any]:
    """Refit the calibrator of a packaged model on the corpus dev split and save it (meta.json records it)."""
    nlp = load_pipeline(folder)
    if "calibrator" not in nlp.pipe_names:
        nlp.add_pipe("claimscope_confidence_calibrator", name="calibrator")
    summary = fit_calibrator(nlp, load_corpus(corpus_dir, "dev"))
    nlp.meta.setdefault("claimscope", {})["calibration"] = summary
    nlp.to_disk(folder)
    return summary
