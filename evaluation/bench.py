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
4. Where the time goes: milliseconds per pipeline step (the tokenizer, then each component
   called on the Doc) for a 300-, 800- and 2,000-word article, and words per second of each
   step over all the texts.
5. The encoder's runtimes (torch, torch int8, ONNX Runtime fp32, ONNX Runtime int8): p50/p95 milliseconds
   per 800-word article through the Extractor, and of the encoder alone.

`--only components,runtimes` runs some of these (names: throughput, length, batch, components,
runtimes); each article is made of the texts' paragraphs in turn, so no text is stored here.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import torch
from spacy.language import Language

from evaluation.baselines import load_sm
from evaluation.encoder_runtimes import RUNTIMES, runtime_pipeline
from evaluation.realnews import DEFAULT_REALNEWS_DIR, read_texts
from models.extractor import Extractor
from models.pipeline import load_pipeline, model_info, serve_encoder
from models.runtime import serves_int8

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


def article(texts: list[str], words: int) -> str:
    """One article of at least `words` words: the texts' paragraphs in turn, a blank line between them."""
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    chosen: list[str] = []
    n = 0
    while n < words:
        chosen.append(paragraphs[len(chosen) % len(paragraphs)])
        n += len(chosen[-1].split())
    return "\n\n".join(chosen)


def length_curve(nlp: Language, texts: list[str], sizes: tuple[int, ...] = (1_000, 10_000, 30_000, 100_000)) -> list[tuple[int, float]]:
    """(words, ms per 1,000 words) for one article of each size, made of the texts' paragraphs in turn."""
    extractor = Extractor(nlp)
    out = []
    for size in sizes:
        text = article(texts, size)
        n = len(text.split())
        started = time.perf_counter()
        json.dumps(extractor.extract(text))
        out.append((n, 1000 * (time.perf_counter() - started) / n * 1000))
    return out


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank q-th percentile (0-100) of `values`."""
    ranked = sorted(values)
    return ranked[max(0, min(len(ranked) - 1, math.ceil(q / 100 * len(ranked)) - 1))]


def step_seconds(nlp: Language, text: str) -> dict[str, float]:
    """Seconds of each pipeline step on one text: the tokenizer (make_doc), then each component called on the Doc."""
    times: dict[str, float] = {}
    started = time.perf_counter()
    doc = nlp.make_doc(text)
    times["tokenizer"] = time.perf_counter() - started
    for name, proc in nlp.pipeline:
        if name == "encoder_start":  # encoding ahead would hide the encoder's cost in the steps it overlaps
            continue
        started = time.perf_counter()
        doc = proc(doc)
        times[name] = time.perf_counter() - started
    return times


def component_ms(nlp: Language, text: str, repeats: int) -> dict[str, float]:
    """Median milliseconds of each pipeline step on one text over `repeats` runs (after one warm-up run)."""
    step_seconds(nlp, text)
    runs = [step_seconds(nlp, text) for _ in range(repeats)]
    return {name: 1000 * statistics.median(r[name] for r in runs) for name in runs[0]}


def component_words_per_second(nlp: Language, texts: list[str], repeats: int) -> dict[str, float]:
    """Words per second of each pipeline step over all the texts (median of `repeats` passes, after a warm-up)."""
    words = sum(len(t.split()) for t in texts)
    step_seconds(nlp, texts[0])
    passes = []
    for _ in range(repeats):
        total: dict[str, float] = {}
        for text in texts:
            for name, seconds in step_seconds(nlp, text).items():
                total[name] = total.get(name, 0.0) + seconds
        passes.append(total)
    return {name: words / max(statistics.median(p[name] for p in passes), 1e-9) for name in passes[0]}


def component_table(nlp: Language, texts: list[str], repeats: int, sizes: tuple[int, ...] = (300, 800, 2_000)) -> str:
    """Plain-text table: ms per step for an article of each size, and each step's words/s over the texts."""
    articles = {size: article(texts, size) for size in sizes}
    per_size = {size: component_ms(nlp, text, repeats) for size, text in articles.items()}
    wps = component_words_per_second(nlp, texts, max(1, repeats // 2))
    steps = list(wps)
    head = f"{'step':<16}" + "".join(f"{len(articles[s].split()):>7,} w ms" for s in sizes) + f"{'words/s':>12}"
    lines = [head]
    for name in steps:
        lines.append(f"{name:<16}" + "".join(f"{per_size[s][name]:>12.1f}" for s in sizes) + f"{wps[name]:>12,.0f}")
    total_wps = 1 / sum(1 / v for v in wps.values())
    lines.append(f"{'total':<16}" + "".join(f"{sum(per_size[s].values()):>12.1f}" for s in sizes) + f"{total_wps:>12,.0f}")
    return "\n".join(lines)


def _timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return 1000 * (time.perf_counter() - started)


def runtime_table(model: str | None, texts: list[str], repeats: int, words: int = 800) -> str:
    """Plain-text table: per encoder runtime, ms per article of `words` words through the Extractor (JSON out,
    p50/p95) and of the encoder alone.

    All runtimes are loaded first and run in turn, one article each per round, so that load from
    other processes on the machine falls on every runtime alike.
    """
    text = article(texts, words)
    pipelines: dict[str, Language] = {}
    lines = [f"{len(text.split())}-word article, {repeats} rounds over the runtimes in turn, one process, "
             f"{torch.get_num_threads()} torch thread(s)"]
    for runtime in RUNTIMES:
        try:
            pipelines[runtime] = runtime_pipeline(model, runtime)
        except FileNotFoundError as err:
            lines.append(f"{runtime}: skipped ({err})")
    extractors = {runtime: Extractor(nlp) for runtime, nlp in pipelines.items()}
    total: dict[str, list[float]] = {runtime: [] for runtime in pipelines}
    alone: dict[str, list[float]] = {runtime: [] for runtime in pipelines}
    for round_ in range(repeats + 2):  # two warm-up rounds
        for runtime, nlp in pipelines.items():
            ms = _timed_ms(lambda: json.dumps(extractors[runtime].extract(text)))
            doc = nlp.make_doc(text)
            encoder_ms = _timed_ms(lambda: nlp.get_pipe("encoder")(doc))
            if round_ >= 2:
                total[runtime].append(ms)
                alone[runtime].append(encoder_ms)
    lines.append(f"{'runtime':<12}{'p50 ms':>9}{'p95 ms':>9}{'encoder p50':>13}{'encoder p95':>13}")
    for runtime, nlp in pipelines.items():
        lines.append(f"{nlp.get_pipe('encoder').runtime_in_use:<12}{percentile(total[runtime], 50):>9.0f}"
                     f"{percentile(total[runtime], 95):>9.0f}{percentile(alone[runtime], 50):>13.0f}"
                     f"{percentile(alone[runtime], 95):>13.0f}")
    return "\n".join(lines)


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


SECTIONS = ("throughput", "length", "batch", "components", "runtimes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--copies", type=int, default=8, help="times the texts are repeated for the scaling run")
    parser.add_argument("--latency-runs", type=int, default=30, help="runs per encoder runtime for p50/p95")
    parser.add_argument("--model", default=None, help="model folder (default: newest promoted, else rules)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {SECTIONS}")
    parser.add_argument("--threads", type=int, default=0, help="torch (and ONNX Runtime) threads; 0: torch's default")
    args = parser.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = only - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    texts = bench_texts()
    n_words = sum(len(t.split()) for t in texts)
    pipeline = load_pipeline(args.model)
    name, version = model_info(pipeline)
    neural = "encoder" in pipeline.pipe_names
    if neural:
        served = "onnx-int8" if serves_int8(args.model) else pipeline.get_pipe("encoder").runtime_in_use
        print(f"model: {name} {version}, encoder loaded {pipeline.get_pipe('encoder').runtime_in_use}, "
              f"served by the API as {served}")
    if "throughput" in only:
        print(f"texts: {len(texts)} documents, {n_words} words, {args.repeats} passes each, 1 process")
        sm_wps = words_per_second(load_sm(), texts, args.repeats, full_output=False)
        rows = [("en_core_web_sm (plain)", sm_wps)]
        rows.append(("claimscope rules (extract, JSON out)",
                     words_per_second(load_pipeline("rules"), texts, args.repeats, True)))
        rows.append((f"{name} {version} {pipeline.get_pipe('encoder').runtime_in_use if neural else ''} (extract, JSON out)",
                     words_per_second(pipeline, texts, args.repeats, True)))
        if neural:
            quantized = load_pipeline(args.model)
            quantized.get_pipe("encoder").quantize()
            rows.append((f"{name} {version} {quantized.get_pipe('encoder').runtime_in_use} encoder",
                         words_per_second(quantized, texts, args.repeats, True)))
            del quantized
        print(f"{'system':<44} {'words/s':>9} {'× sm':>6}")
        for label, wps in rows:
            print(f"{label:<44} {wps:>9.0f} {wps / sm_wps:>6.2f}")
    if "components" in only:
        served = serve_encoder(load_pipeline(args.model), args.model)  # the encoder as the API serves this model
        runtime = served.get_pipe("encoder").runtime_in_use if neural else "no"
        print(f"\nwhere the time goes, {name} {version}, {runtime} encoder as served (ms per step, median of "
              f"{args.repeats} runs; words/s of each step over the {len(texts)} texts):")
        print(component_table(served, texts, args.repeats))
        del served
    if "runtimes" in only and neural:
        print(f"\nencoder runtimes, {name} {version}:")
        print(runtime_table(args.model, texts, args.latency_runs))
    if "length" in only:
        for label, nlp in (("rules", load_pipeline("rules")), (f"{name} {version}", load_pipeline(args.model))):
            curve = length_curve(nlp, texts)
            print(f"\ncost by article length, {label} (ms per 1,000 words; flat means linear):")
            for n, ms in curve:
                print(f"  {n:>7} words: {ms:8.0f} ms / 1,000 words")
            print(f"  longest / shortest: {curve[-1][1] / curve[0][1]:.2f}x")
    if "batch" in only:
        scaling = batch_scaling(texts, args.copies, args.model, quantize=neural)
        print(f"\nextract-batch, {args.copies * len(texts)} documents{' (int8 encoder, the batch default)' if neural else ''}:")
        for r in scaling.values():
            print(f"  {r['processes']} process(es) x {r['threads']} thread(s): {r['docs_per_s']:.2f} docs/s, "
                  f"peak RSS per worker {r['peak_rss_mb']:.0f} MB")
        if scaling["1x1"]["docs_per_s"]:
            print(f"  speed-up 1 -> 2 processes (one thread each): {scaling['2x1']['docs_per_s'] / scaling['1x1']['docs_per_s']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
