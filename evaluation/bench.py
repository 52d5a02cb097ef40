"""Throughput benchmark: words per second of the claimscope pipeline next to plain en_core_web_sm.

Both run over the same texts (realnews-dev when present, else the test articles) in one
process, one after the other, after a warm-up. Run by `make bench`; prints a table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from spacy.language import Language

from evaluation.baselines import load_sm
from evaluation.realnews import DEFAULT_REALNEWS_DIR, read_texts
from models.output import doc_to_dict
from models.pipeline import load_pipeline, model_info

FALLBACK_TEXTS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"


def bench_texts(realnews_dir: Path = DEFAULT_REALNEWS_DIR) -> list[str]:
    """The benchmark texts: realnews-dev documents, or the test articles where it is absent."""
    docs = realnews_dir / "docs"
    if docs.is_dir():
        return list(read_texts(docs).values())
    return [p.read_text(encoding="utf-8") for p in sorted(FALLBACK_TEXTS.glob("*.txt"))]


def words_per_second(nlp: Language, texts: list[str], repeats: int, full_output: bool) -> float:
    """Words per second over `repeats` passes (one warm-up pass first)."""
    for doc in nlp.pipe(texts[:2]):
        pass
    words = sum(len(t.split()) for t in texts) * repeats
    name, version = model_info(nlp)
    started = time.perf_counter()
    for _ in range(repeats):
        for doc in nlp.pipe(texts, batch_size=16):
            if full_output:
                json.dumps(doc_to_dict(doc, name, version))
    return words / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--model", default=None, help="model folder (default: newest promoted, else rules)")
    args = parser.parse_args(argv)
    texts = bench_texts()
    sm = load_sm()
    pipeline = load_pipeline(args.model)
    sm_wps = words_per_second(sm, texts, args.repeats, full_output=False)
    cs_wps = words_per_second(pipeline, texts, args.repeats, full_output=True)
    name, version = model_info(pipeline)
    n_words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} documents, {n_words} words, {args.repeats} passes each, 1 process")
    print(f"{'system':<40} {'words/s':>10}")
    print(f"{'en_core_web_sm (plain)':<40} {sm_wps:>10.0f}")
    print(f"{f'{name} {version} (extract, JSON out)':<40} {cs_wps:>10.0f}")
    print(f"ratio claimscope / en_core_web_sm: {cs_wps / sm_wps:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
