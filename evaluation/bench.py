"""Benchmarks printed by `make bench`: throughput against plain en_core_web_sm, memory per worker, scaling.

1. Words per second in one process, over the same texts (realnews-dev when present, else the
   test articles), after a warm-up: plain en_core_web_sm, the rule pipeline, the default
   model, and the default model with its encoder quantized (int8). The ratios to sm print.
2. Cost by article length: milliseconds per 1,000 words for one article of 1,000 to 100,000
   words (flat when the pipeline is linear in the length).
3. `claimscope extract-batch`, run as a user runs it (a subprocess), with 1 and 2 worker
   processes over the same texts repeated: documents per second without start-up (a run on
   one document per process is subtracted), the speed-up, and the peak resident memory of
   each worker as the command reports it.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spacy.language import Language

from evaluation.baselines import load_sm
from evaluation.realnews import DEFAULT_REALNEWS_DIR, read_texts
from models.extractor import Extractor
from models.pipeline import load_pipeline, model_info

ROOT = Path(__file__).resolve().parents[1]
FALLBACK_TEXTS = ROOT / "tests" / "fixtures" / "articles"


def bench_texts(realnews_dir: Path = DEFAULT_REALNEWS_DIR) -> list[str]:
    """The benchmark texts: realnews-dev documents, or the test articles where it is absent."""
    docs = realnews_dir / "docs"
    if docs.is_dir():
        return list(read_texts(docs).values())
    return [p.read_text(encoding="utf-8") for p in sorted(FALLBACK_TEXTS.glob("*.txt"))]


def words_per_second(nlp: Language, texts: list[str], repeats: int, full_output: bool) -> float:
    """Words per second over `repeats` passes (one warm-up pass first)."""
    for _ in nlp.pipe(texts[:2]):
        pass
    words = sum(len(t.split()) for t in texts) * repeats
    extractor = Extractor(nlp)
    started = time.perf_counter()
    for _ in range(repeats):
        for doc in nlp.pipe(texts, batch_size=16):
            if full_output:
                json.dumps(extractor.document(doc))
    return words / (time.perf_counter() - started)


def length_curve(nlp: Language, texts: list[str], sizes: tuple[int, ...] = (1_000, 10_000, 30_000, 100_000)) -> list[tuple[int, float]]:
    """(words, ms per 1,000 words) for one article of each size, made of the texts' paragraphs in turn."""
    extractor = Extractor(nlp)
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    out = []
    for size in sizes:
        chosen: list[str] = []
        n = 0
        while n < size:
            chosen.append(paragraphs[len(chosen) % len(paragraphs)])
            n += len(chosen[-1].split())
        started = time.perf_counter()
        json.dumps(extractor.extract("\n\n".join(chosen)))
        out.append((n, 1000 * (time.perf_counter() - started) / n * 1000))
    return out


def _run_batch(src: Path, out: Path, processes: int, model: str | None, quantize: bool) -> tuple[float, float]:
    """(wall seconds, peak RSS per worker in MB) of one `claimscope extract-batch` run, driven as a user runs it."""
    cmd = [sys.executable, "-m", "service.cli", "extract-batch", str(src), str(out), "--processes", str(processes),
           "--batch-size", "4", "--quantize" if quantize else "--no-quantize"]
    if model is not None:
        cmd += ["--model", model]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"extract-batch failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    rss = re.search(r"peak RSS per worker (\d+) MB", done.stdout)
    return seconds, float(rss.group(1)) if rss else 0.0


def batch_scaling(texts: list[str], copies: int, model: str | None, quantize: bool) -> dict[str, dict[str, float]]:
    """docs/s and peak RSS per worker of `claimscope extract-batch` with 1 and 2 processes.

    Each process count runs twice, once on one document per process (start-up: model loading)
    and once on all documents; docs/s is the extra documents over the extra time.
    """
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for processes in (1, 2):
            src = Path(tmp) / "in.jsonl"
            src.write_text("".join(json.dumps({"id": f"{k}-{i}", "text": t}) + "\n"
                                   for k in range(copies) for i, t in enumerate(texts)), encoding="utf-8")
            small = Path(tmp) / f"small-{processes}.jsonl"
            small.write_text("".join(json.dumps({"id": f"s-{i}", "text": texts[i % len(texts)]}) + "\n"
                                     for i in range(processes)), encoding="utf-8")
            startup, _ = _run_batch(small, Path(tmp) / f"small-out-{processes}.jsonl", processes, model, quantize)
            seconds, rss = _run_batch(src, Path(tmp) / f"out-{processes}.jsonl", processes, model, quantize)
            extra_docs = copies * len(texts) - processes
            results[f"{processes}x1"] = {"processes": processes, "threads": 1,
                                         "docs_per_s": extra_docs / max(seconds - startup, 1e-9), "peak_rss_mb": rss}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--copies", type=int, default=8, help="times the texts are repeated for the scaling run")
    parser.add_argument("--model", default=None, help="model folder (default: newest promoted, else rules)")
    args = parser.parse_args(argv)
    texts = bench_texts()
    n_words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} documents, {n_words} words, {args.repeats} passes each, 1 process")
    sm_wps = words_per_second(load_sm(), texts, args.repeats, full_output=False)
    rows = [("en_core_web_sm (plain)", sm_wps)]
    rules = load_pipeline("rules")
    rows.append(("claimscope rules (extract, JSON out)", words_per_second(rules, texts, args.repeats, True)))
    pipeline = load_pipeline(args.model)
    name, version = model_info(pipeline)
    rows.append((f"{name} {version} (extract, JSON out)", words_per_second(pipeline, texts, args.repeats, True)))
    if "encoder" in pipeline.pipe_names:
        pipeline.get_pipe("encoder").quantize()
        rows.append((f"{name} {version} int8 encoder", words_per_second(pipeline, texts, args.repeats, True)))
    print(f"{'system':<44} {'words/s':>9} {'× sm':>6}")
    for label, wps in rows:
        print(f"{label:<44} {wps:>9.0f} {wps / sm_wps:>6.2f}")
    for label, nlp in (("rules", rules), (f"{name} {version}", load_pipeline(args.model))):
        curve = length_curve(nlp, texts)
        print(f"\ncost by article length, {label} (ms per 1,000 words; flat means linear):")
        for n, ms in curve:
            print(f"  {n:>7} words: {ms:8.0f} ms / 1,000 words")
        print(f"  longest / shortest: {curve[-1][1] / curve[0][1]:.2f}x")
    quantize = "encoder" in pipeline.pipe_names
    scaling = batch_scaling(texts, args.copies, args.model, quantize=quantize)
    print(f"\nextract-batch, {args.copies * len(texts)} documents{' (int8 encoder, the batch default)' if quantize else ''}:")
    for r in scaling.values():
        print(f"  {r['processes']} process(es) x {r['threads']} torch thread(s): {r['docs_per_s']:.2f} docs/s, "
              f"peak RSS per worker {r['peak_rss_mb']:.0f} MB")
    if scaling["1x1"]["docs_per_s"]:
        print(f"  speed-up 1 -> 2 processes (one thread each): {scaling['2x1']['docs_per_s'] / scaling['1x1']['docs_per_s']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
