"""Fitting the confidence calibrator on the dev split: isotonic maps from raw confidence to the chance of being right."""

from __future__ import annotations

import logging
from typing import Any

from spacy.language import Language

from annotations.studio_format import CorpusDoc
from evaluation.scorer import outcomes
from models.calibration import apply_knots, expected_calibration_error, fit_isotonic
from models.components.calibrator import KINDS
from models.output import doc_to_dict
from models.pipeline import model_info

logger = logging.getLogger(__name__)


def fit_calibrator(nlp: Language, dev_docs: list[CorpusDoc], pipe_name: str = "calibrator") -> dict[str, Any]:
    """Fit the pipeline's calibrator on dev predictions; returns per kind the count and ECE before and after."""
    calibrator = nlp.get_pipe(pipe_name)
    for kind in KINDS:
        calibrator.set_knots(kind, [])  # raw confidences while collecting outcomes
    name, version = model_info(nlp)
    preds = {d.id: doc_to_dict(doc, name, version) for d, doc in zip(dev_docs, nlp.pipe([d.text for d in dev_docs]))}
    found = outcomes(dev_docs, preds)
    summary: dict[str, Any] = {}
    for kind in KINDS:
        conf = [c for c, _ in found[kind]]
        ok = [k for _, k in found[kind]]
        knots = fit_isotonic(conf, ok)
        calibrator.set_knots(kind, knots)
        after = [apply_knots(knots, c) for c in conf]
        summary[kind] = {"n": len(conf), "ece_raw": round(expected_calibration_error(conf, ok), 4),
                         "ece_fitted": round(expected_calibration_error(after, ok), 4), "knots": len(knots)}
        logger.info("calibrated %s on %d dev outputs: ECE %.3f -> %.3f", kind, len(conf),
                    summary[kind]["ece_raw"], summary[kind]["ece_fitted"])
    return summary
