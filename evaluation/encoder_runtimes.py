"""The encoder's runtimes compared: hidden-state parity and headline quality of torch, ONNX Runtime fp32 and int8.

`python -m evaluation.encoder_runtimes [--model M]` loads the model once per runtime (torch,
torch int8, ONNX fp32, ONNX int8), scores realnews-dev (through its own score.py) and the corpus
dev split (through evaluation/scorer.py), and prints each headline metric with its change
against torch fp32, plus the largest difference of the hidden states against torch. The
README's rule: the API's default may lose at most 0.5 point on any headline metric.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import torch
from spacy.language import Language

from annotations.corpus import load_corpus
from evaluation.realnews import DEFAULT_REALNEWS_DIR, predict_dir, read_texts, run_reference_scorer
from evaluation.scorer import score, value_at
from models.extractor import Extractor
from models.neural.network import encode_chunks, load_encoder
from models.neural.onnx_encoder import ONNX_FILE, ONNX_INT8_FILE, OnnxEncoder
from models.pipeline import load_pipeline, model_info

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
RUNTIMES = ("torch", "torch-int8", "onnx", "onnx-int8")
HEADLINE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("entity F1", ("entities", "micro", "f1")),
    ("claim strict F1", ("claims", "strict", "f1")),
    ("claim type acc", ("claims", "type_acc", "acc")),
    ("sanctions event F1", ("sanctions", "event", "f1")),
    ("measures F1", ("sanctions", "measures", "f1")),
)
MAX_DROP_POINTS = 0.5  # the API default may lose at most this on any headline metric (issue 11)


def runtime_pipeline(model: str | Path | None, runtime: str) -> Language:
    """The model with its encoder on one runtime: 'torch', 'torch-int8', 'onnx' (fp32) or 'onnx-int8'."""
    nlp = load_pipeline(model, {"components.encoder.runtime": runtime.split("-")[0]})
    if runtime.endswith("-int8"):
        nlp.get_pipe("encoder").quantize()
    return nlp


def hidden_state_parity(encoder_dir: Path, texts: list[str], max_pieces: int = 256) -> dict[str, float]:
    """Largest |difference| of the hidden states against torch fp32, per ONNX file present, over the texts' chunks."""
    from models.neural.tagging import chunk_text

    tokenizer, module = load_encoder(encoder_dir)
    module.eval()
    chunks = [c for t in texts for c in chunk_text(tokenizer, t, max_pieces)]
    with torch.inference_mode():
        reference = encode_chunks(module, chunks)
    out = {}
    for name in (ONNX_FILE, ONNX_INT8_FILE):
        if (encoder_dir / name).is_file():
            states = encode_chunks(OnnxEncoder(encoder_dir / name), chunks)
            out[name] = max(float((a - b).abs().max()) for a, b in zip(states, reference))
    return out


def realnews_scores(nlp: Language, realnews_dir: Path) -> dict[str, Any]:
    """realnews-dev's score.py report of this pipeline's predictions."""
    with tempfile.TemporaryDirectory() as tmp:
        predict_dir(nlp, read_texts(realnews_dir / "docs"), Path(tmp) / "pred")
        return run_reference_scorer(realnews_dir, Path(tmp) / "pred", Path(tmp) / "score.json")


def dev_scores(nlp: Language, dev_docs: list[Any]) -> dict[str, Any]:
    """The corpus scorer's report of this pipeline on the dev split."""
    extractor = Extractor(nlp)  # one text at a time, as the API runs (int8 states depend on the batch)
    preds = {d.id: extractor.extract(d.text) for d in dev_docs}
    return score(dev_docs, preds)


def compare_runtimes(model: str | Path | None, corpus: Path, realnews_dir: Path | None,
                     runtimes: tuple[str, ...] = RUNTIMES) -> dict[str, Any]:
    """Per runtime, the headline scores on realnews-dev and dev; the first runtime is the reference."""
    dev_docs = load_corpus(corpus, "dev")
    results: dict[str, Any] = {"runtimes": {}}
    for runtime in runtimes:
        nlp = runtime_pipeline(model, runtime)
        name, version = model_info(nlp)
        results["model"] = f"{name} {version}"
        used = nlp.get_pipe("encoder").runtime_in_use
        sets = {"dev": dev_scores(nlp, dev_docs)}
        if realnews_dir is not None:
            sets["realnews"] = realnews_scores(nlp, realnews_dir)
        results["runtimes"][runtime] = {
            "used": used,
            "scores": {s: {label: value_at(report, path) for label, path in HEADLINE} for s, report in sets.items()},
        }
        logger.info("scored %s (%s)", runtime, used)
        del nlp
    return results


def quality_table(results: dict[str, Any]) -> str:
    """Markdown: per set and runtime, each headline metric and its change in points against the first runtime."""
    runtimes = list(results["runtimes"])
    reference = results["runtimes"][runtimes[0]]["scores"]
    head = "| set | runtime | " + " | ".join(label for label, _ in HEADLINE) + " | worst change |\n"
    rows = head + "|---|---|" + "---|" * (len(HEADLINE) + 1) + "\n"
    for which in reference:
        for runtime in runtimes:
            scores = results["runtimes"][runtime]["scores"][which]
            cells, worst = [], 0.0
            for label, _ in HEADLINE:
                value, ref = scores[label], reference[which][label]
                if value is None or ref is None:
                    cells.append("–")
                    continue
                delta = 100 * (value - ref)
                worst = min(worst, delta)
                cells.append(f"{value:.3f}" + ("" if runtime == runtimes[0] else f" ({delta:+.1f})"))
            verdict = "" if runtime == runtimes[0] else f"{worst:+.1f}{' ✗' if worst < -MAX_DROP_POINTS else ''}"
            rows += f"| {which} | {results['runtimes'][runtime]['used']} | " + " | ".join(cells) + f" | {verdict} |\n"
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model folder (default: the promoted model)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "annotations" / "corpus")
    parser.add_argument("--realnews", type=Path, default=DEFAULT_REALNEWS_DIR)
    parser.add_argument("--runtimes", default=",".join(RUNTIMES), help=f"comma-separated, of {RUNTIMES}")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    realnews = args.realnews if (args.realnews / "score.py").is_file() else None
    nlp = load_pipeline(args.model)
    if "encoder" not in nlp.pipe_names:
        parser.error("the model has no encoder")
    encoder_dir = nlp.get_pipe("encoder").source
    del nlp
    if encoder_dir is not None and realnews is not None:
        texts = list(read_texts(realnews / "docs").values())
        for name, diff in hidden_state_parity(encoder_dir, texts).items():
            print(f"hidden states, {name} against torch fp32 over {len(texts)} realnews-dev texts: max |diff| {diff:.2e}")
    results = compare_runtimes(args.model, args.corpus, realnews,
                               tuple(r.strip() for r in args.runtimes.split(",") if r.strip()))
    print(f"{results['model']}: headline metrics per encoder runtime (change in points against the first)")
    print(quality_table(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
