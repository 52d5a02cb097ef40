"""Claim typing for the int8 encoder: a type layer refitted on the int8 states, and its own rule prior.

The packaged int8 encoder (`encoder.int8.onnx`, ONNX Runtime) gives states a little off the fp32
ones, and the type layer fitted on fp32 states loses about a point of dev type accuracy on them.
Once the model is packaged, `fit_int8_typing` runs the refit of training/type_head.py on the int8
encoder's features (each document's chunks encoded together, as the pipeline encodes one text;
one logistic regression per C, kept only when it beats the fp32 layer on the
same int8 features on dev) and chooses `rule_prior_int8` on dev through the whole pipeline with
the int8 encoder. The claims folder gains `heads.int8.npz` and the setting; the claims tagger
uses both whenever the encoder runs int8 under ONNX Runtime. Last, the headline metrics on dev
with the int8 encoder and with fp32 decide `serve_int8` (meta.json): whether the API may serve
int8 by default, which issue 11 allows when no headline metric drops by more than 0.5 point.
realnews-dev is never used here.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from spacy.language import Language

from annotations.studio_format import CorpusDoc
from evaluation.encoder_runtimes import HEADLINE, MAX_DROP_POINTS
from evaluation.scorer import score, value_at
from models.extractor import Extractor
from models.neural.arrays import Linear
from models.neural.onnx_encoder import ONNX_INT8_FILE, OnnxEncoder
from training.data import EncodedDoc
from training.select import select_rule_prior
from training.type_head import C_GRID, choose_head, type_features

logger = logging.getLogger(__name__)


def fit_int8_typing(nlp: Language, folder: Path, train: list[EncodedDoc], dev: list[EncodedDoc],
                    dev_docs: list[CorpusDoc], grid: tuple[float, ...] = C_GRID,
                    priors: tuple[float, ...] = ()) -> dict[str, Any]:
    """Fit the int8 type layer and rule prior of the packaged model at `folder` (whose pipeline `nlp` is, in
    memory) and rewrite its claims folder; return what was tried and chosen, for meta.json."""
    encoder_pipe, claims = nlp.get_pipe("encoder"), nlp.get_pipe("claims")
    int8_file = Path(folder) / "encoder" / ONNX_INT8_FILE
    if not int8_file.is_file():
        return {"skipped": f"no {ONNX_INT8_FILE}"}
    fp32_encoder = encoder_pipe.encoder
    encoder_pipe.encoder = OnnxEncoder(int8_file)  # the whole pipeline as it runs with the int8 encoder
    try:
        fp32 = claims.layers["claim_type"]
        width = fp32.weight.shape[1]
        x_train, y_train = type_features(encoder_pipe.states_of, train, width, whole_docs=True)
        x_dev, y_dev = type_features(encoder_pipe.states_of, dev, width, whole_docs=True)
        report, head = choose_head(x_train, y_train, x_dev, y_dev, (fp32.weight, fp32.bias), grid)
        report = {"fp32_layer_dev_acc": report.pop("joint_dev_acc"), **report}
        claims.int8_layers = {"claim_type": Linear(*head)} if head is not None else {}
        logger.info("int8 type layer: fp32 layer %.3f on dev, refit %s, chose C=%s", report["fp32_layer_dev_acc"],
                    report["tried"], report["chosen_c"])
        if priors and claims.rule_evidence:
            report["rule_prior"] = select_rule_prior(nlp, dev_docs, priors, setting="rule_prior_int8")
        int8_scores = dev_headline(nlp, dev_docs)
    finally:
        encoder_pipe.encoder = fp32_encoder
    fp32_scores = dev_headline(nlp, dev_docs)
    report["dev_headline"] = {"fp32": fp32_scores, "int8": int8_scores}
    report["serve_int8"] = within_rule(fp32_scores, int8_scores)
    logger.info("int8 against fp32 on dev: worst headline change %+.1f points; the API %s",
                100 * min(int8_scores[k] - fp32_scores[k] for k in fp32_scores),
                "serves int8" if report["serve_int8"] else "keeps fp32")
    claims.to_disk(Path(folder) / "claims")
    return report


def within_rule(fp32: dict[str, float], int8: dict[str, float]) -> bool:
    """Issue 11's rule for the API's default: no headline metric drops by more than 0.5 point (scores of 4 decimals,
    compared after rounding, so a drop of exactly 0.5 point passes whatever the float error)."""
    return all(round(int8[k] - fp32[k], 4) >= -MAX_DROP_POINTS / 100 for k in fp32)


def dev_headline(nlp: Language, dev_docs: list[CorpusDoc]) -> dict[str, float]:
    """The headline metrics of the pipeline on dev, each text extracted on its own as the API does."""
    extractor = Extractor(nlp)
    report = score(dev_docs, {d.id: extractor.extract(d.text) for d in dev_docs})
    return {label: round(value_at(report, path), 4) for label, path in HEADLINE}


def refit_package(folder: Path, corpus_dir: Path) -> dict[str, Any]:
    """Fit the int8 claim typing of an already packaged model on the corpus (as `claimscope train` does last),
    with its training config's C grid, rule priors and corpus limits; meta.json records it."""
    from annotations.corpus import load_corpus
    from models.pipeline import load_pipeline
    from training.data import encode_doc

    folder = Path(folder)
    if not (folder / "encoder" / ONNX_INT8_FILE).is_file():  # said before the model is loaded
        return {"skipped": f"no {ONNX_INT8_FILE}"}
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    cfg = meta.get("claimscope", {}).get("config", {})
    nlp = load_pipeline(folder)
    if "encoder" not in nlp.pipe_names or "claims" not in nlp.pipe_names:
        raise ValueError(f"the model at '{folder}' has no MiniLM encoder and claims tagger")
    limits, type_cfg = cfg.get("corpus", {}), cfg.get("type_head", {})
    train_docs = load_corpus(corpus_dir, "train")[: limits.get("max_train_docs") or None]
    dev_docs = load_corpus(corpus_dir, "dev")[: limits.get("max_dev_docs") or None]
    if not train_docs or not dev_docs:
        raise ValueError(f"the corpus at '{corpus_dir}' needs train and dev documents")
    tokenizer, max_pieces = nlp.get_pipe("encoder").tokenizer, int(cfg.get("neural", {}).get("max_pieces", 256))
    report = fit_int8_typing(nlp, folder, [encode_doc(tokenizer, d, max_pieces) for d in train_docs],
                             [encode_doc(tokenizer, d, max_pieces) for d in dev_docs], dev_docs,
                             tuple(type_cfg.get("c_grid", C_GRID)), tuple(type_cfg.get("rule_priors", ())))
    meta.setdefault("claimscope", {}).setdefault("type_head", {})["int8"] = report
    (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return report
