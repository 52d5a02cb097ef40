"""`claimscope evaluate`: a model and its baselines on the corpus test split and realnews-dev, as JSON, Markdown and PNG.

Systems side by side: plain en_core_web_sm entities, the rule-first pipeline, the model under
test and the previous model version (when one is packaged). realnews-dev is scored by its own
score.py (subprocess); the test split by evaluation/scorer.py.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language

from annotations.corpus import load_corpus
from evaluation.baselines import SM_ENTITIES, load_sm, sm_entities_document
from evaluation.calibration_report import realnews_outcomes, summarize
from evaluation.components import compare_components, components_table
from evaluation.plots import write_plots
from evaluation.realnews import predict_dir, read_texts, run_reference_scorer
from evaluation.scorer import outcomes, score, value_at
from models.extractor import Extractor
from models.components.encoder import encoder_runtime
from models.pipeline import PACKAGED_DIR, build_rule_pipeline, load_pipeline, model_info, packaged_models, serve_encoder

logger = logging.getLogger(__name__)

# (column, path in a test-split report, path in a realnews report)
HEADLINE: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("entity F1", ("entities", "micro", "f1"), ("entities", "micro", "f1")),
    ("claim content F1", ("claims", "content", "f1"), ("claims", "content", "f1")),
    ("claim strict F1", ("claims", "strict", "f1"), ("claims", "strict", "f1")),
    ("claim type acc", ("claims", "type_acc", "acc"), ("claims", "type_acc", "acc")),
    ("sanctions event F1", ("sanctions", "event", "f1"), ("sanctions", "event", "f1")),
    ("measures F1", ("sanctions", "measures", "f1"), ("sanctions", "measures", "f1")),
    ("status acc", ("sanctions", "status_acc", "acc"), ("sanctions", "status_acc", "acc")),
)


# Closed-class words that never name an authority, a trigger or a target on their own (issue 10).
FUNCTION_WORDS: frozenset[str] = frozenset(
    "the a an of on in to for by with at from into over under about has have had will would shall should can could "
    "may might must is are was were be been being do does did not and or but that which as than own its their his "
    "her our my me".split()
)


def function_word_spans(preds: Iterable[dict[str, Any]]) -> list[str]:
    """Authorities, triggers and targets that are a single function word ("The", "on", "own")."""
    found = []
    for doc in preds:
        for action in doc.get("sanctions", []):
            for role, span in [("authority", action["authority"]), ("trigger", action["trigger"]),
                               *(("target", t) for t in action["targets"])]:
                if span["text"].strip().lower() in FUNCTION_WORDS:
                    found.append(f"{role} {span['text']!r}")
    return found


def _system_name(nlp: Language) -> str:
    name, version = model_info(nlp)
    kind = nlp.meta.get("claimscope", {}).get("kind", "trained")
    runtime = encoder_runtime(nlp)
    return f"{name} {version} ({kind}{', int8 encoder' if runtime.endswith('int8') else ''})"


ENCODERS = ("served", "fp32", "int8")  # served: as the API serves the model by default (models/runtime.py serves_int8)


def _set_encoder(nlp: Language, model: str | Path | None, encoder: str) -> Language:
    """The pipeline with its encoder quantized when `encoder` asks for int8, or (served) when the API would."""
    if encoder not in ENCODERS:
        raise ValueError(f"encoder must be one of {', '.join(ENCODERS)}, not '{encoder}'")
    return serve_encoder(nlp, model, None if encoder == "served" else encoder == "int8")


def _pipeline_preds(nlp: Language, docs) -> dict[str, dict[str, Any]]:
    """Each document extracted on its own, as the API does (an int8 encoder's states depend on the batch)."""
    extractor = Extractor(nlp)
    return {d.id: extractor.extract(d.text) for d in docs}


def score_system(label: str, nlp: Language | None, test_docs, realnews_dir: Path | None, work: Path) -> dict[str, Any]:
    """Test-split and realnews-dev scores of one system (nlp None: the sm entities baseline)."""
    work.mkdir(parents=True, exist_ok=True)
    entry: dict[str, Any] = {"system": label}
    if nlp is None:
        sm = load_sm()
        preds = {d.id: sm_entities_document(sm, d.text) for d in test_docs}
    else:
        preds = _pipeline_preds(nlp, test_docs)
    entry["test"] = score(test_docs, preds) if test_docs else None
    entry["function_word_spans"] = {"test": function_word_spans(preds.values())}
    calibration: dict[str, Any] = {}
    if nlp is not None and test_docs:
        calibration["test"] = summarize(outcomes(test_docs, preds))
    if realnews_dir is not None and (realnews_dir / "score.py").is_file():
        pred_dir = work / "realnews-pred"
        if nlp is None:
            pred_dir.mkdir(parents=True, exist_ok=True)
            for doc_id, text in read_texts(realnews_dir / "docs").items():
                (pred_dir / f"{doc_id}.json").write_text(json.dumps(sm_entities_document(sm, text)), encoding="utf-8")
        else:
            predict_dir(nlp, read_texts(realnews_dir / "docs"), pred_dir)
        entry["realnews"] = run_reference_scorer(realnews_dir, pred_dir, work / "realnews-score.json")
        entry["function_word_spans"]["realnews"] = function_word_spans(
            json.loads(p.read_text(encoding="utf-8")) for p in sorted(pred_dir.glob("*.json")))
        if nlp is not None:
            calibration["realnews"] = summarize(realnews_outcomes(entry["realnews"], pred_dir))
    else:
        entry["realnews"] = None
    entry["calibration"] = calibration or None
    return entry


def evaluate(model: str | None, corpus_dir: Path, realnews_dir: Path | None, out_dir: Path,
             baselines: bool = True, components: bool = False, encoder: str = "served") -> dict[str, Any]:
    """Score the model (and baselines) and write report.json, report.md and plots into out_dir.

    With `components`, a trained model is also scored with each role switched back to its
    rule counterpart (evaluation/components.py). `encoder`: the model's encoder as the API serves
    it ('served'), or forced to 'fp32' or 'int8'; the previous model is scored as served.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    test_docs = load_corpus(corpus_dir, "test") if corpus_dir.is_dir() else []
    nlp = _set_encoder(load_pipeline(model), model, encoder)
    systems: list[dict[str, Any]] = []
    if baselines:
        systems.append(score_system(SM_ENTITIES, None, test_docs, realnews_dir, out_dir / "sm"))
        if nlp.meta.get("claimscope", {}).get("kind") != "rules":
            systems.append(score_system(_system_name(build_rule_pipeline()), build_rule_pipeline(), test_docs,
                                        realnews_dir, out_dir / "rules"))
        previous = _previous_model(nlp)
        if previous is not None:
            prev = _set_encoder(load_pipeline(previous), previous, "served")
            systems.append(score_system(_system_name(prev), prev, test_docs, realnews_dir, out_dir / "previous"))
    systems.append(score_system(_system_name(nlp), nlp, test_docs, realnews_dir, out_dir / "model"))
    report: dict[str, Any] = {"model": _system_name(nlp), "test_docs": len(test_docs), "systems": systems}
    if components and nlp.meta.get("claimscope", {}).get("kind") == "trained":
        report["components"] = compare_components(nlp, test_docs, realnews_dir, out_dir / "components")
    (out_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text(markdown_report(report), encoding="utf-8")
    write_plots(report, out_dir)
    return report


def _previous_model(nlp: Language) -> Path | None:
    """The packaged model version just below the evaluated one, if any."""
    version = nlp.meta.get("version")
    older = [p for v, p in packaged_models(PACKAGED_DIR) if v < _vtuple(version)]
    return older[-1] if older else None


def _vtuple(version: Any) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in str(version).split("."))
    except ValueError:
        return (0,)


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def headline_table(report: dict[str, Any], which: str) -> str:
    """Markdown: one row per system, the headline scores on `which` ('test' or 'realnews')."""
    head = "| system | " + " | ".join(c for c, _, _ in HEADLINE) + " |\n|---|" + "---|" * len(HEADLINE) + "\n"
    rows = ""
    for s in report["systems"]:
        data = s.get(which)
        if data is None:
            continue
        cells = []
        for col, tpath, rpath in HEADLINE:
            value = value_at(data, tpath if which == "test" else rpath)
            empty = s["system"] == SM_ENTITIES and not col.startswith("entity")
            cells.append("–" if empty else _fmt(value))
        rows += f"| {s['system']} | " + " | ".join(cells) + " |\n"
    return head + rows


def gap_table(report: dict[str, Any]) -> str:
    """Markdown: per system with both, each headline score on the test split, on realnews-dev, and the gap."""
    rows = "| system | score | corpus test | realnews-dev | gap (realnews − test) |\n|---|---|---|---|---|\n"
    for s in report["systems"]:
        if s["system"] == SM_ENTITIES or not s.get("test") or not s.get("realnews"):
            continue
        for col, tpath, rpath in HEADLINE:
            t, r = value_at(s["test"], tpath), value_at(s["realnews"], rpath)
            gap = "–" if t is None or r is None else f"{r - t:+.3f}"
            rows += f"| {s['system']} | {col} | {_fmt(t)} | {_fmt(r)} | {gap} |\n"
    return rows


def calibration_table(report: dict[str, Any]) -> str:
    """Markdown: outputs, accuracy, mean confidence and ECE of the evaluated model, per kind and set."""
    cal = report["systems"][-1].get("calibration") or {}
    rows = "| set | kind | outputs | right | mean confidence | ECE |\n|---|---|---|---|---|---|\n"
    for which, kinds in cal.items():
        for kind, v in kinds.items():
            rows += (f"| {which} | {kind} | {v['n']} | {_fmt(v['accuracy'])} | {_fmt(v['mean_confidence'])} "
                     f"| {_fmt(v['ece'])} |\n")
    return rows


def markdown_report(report: dict[str, Any]) -> str:
    out = [f"# Evaluation of {report['model']}\n",
           f"## Corpus test split ({report['test_docs']} documents)\n", headline_table(report, "test"),
           "\n## realnews-dev (scored by its score.py)\n", headline_table(report, "realnews"),
           "\n## Corpus test split against realnews-dev\n", gap_table(report),
           "\n## Calibration (reliability plot: reliability.png)\n", calibration_table(report)]
    fw = report["systems"][-1].get("function_word_spans") or {}
    out.append("\nSingle function words as authority, trigger or target: "
               + ", ".join(f"{which} {len(found)}" for which, found in fw.items()) + "\n")
    if report.get("components"):
        out += ["\n## Trained components against their rule counterparts\n", components_table(report["components"])]
    model = report["systems"][-1]
    test = model.get("test")
    if test:
        out.append("\n## Entities per label (test split, exact spans)\n")
        out.append("| label | P | R | F1 |\n|---|---|---|---|\n")
        for lab, v in sorted(test["entities"]["per_label"].items()):
            out.append(f"| {lab} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} |\n")
        c = test["claims"]
        out.append("\n## Claims (test split)\n")
        out.append(f"content exact F1 {c['content_exact']['f1']:.3f}; token-overlap F1 {c['content']['f1']:.3f}; "
                   f"claimant accuracy {c['claimant_acc']['acc']:.3f}; strict F1 {c['strict']['f1']:.3f}; "
                   f"type accuracy {c['type_acc']['acc']:.3f}; quote accuracy {c['quote_acc']['acc']:.3f}\n")
        s = test["sanctions"]
        out.append("\n## Sanctions (test split)\n")
        out.append("| role | P | R | F1 |\n|---|---|---|---|\n")
        for role, v in s["roles"].items():
            out.append(f"| {role} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} |\n")
        out.append(f"\nevent F1 {s['event']['f1']:.3f}; measures micro-F1 {s['measures']['f1']:.3f}; "
                   f"status accuracy {s['status_acc']['acc']:.3f}\n")
    return "".join(out)


def load_report(path: Path) -> dict[str, Any]:
    """A report.json, given its file or its run folder."""
    file = path / "report.json" if path.is_dir() else path
    if not file.is_file():
        raise FileNotFoundError(f"no report.json at '{path}'")
    return json.loads(file.read_text(encoding="utf-8"))


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Markdown delta table of the evaluated models of two reports (B minus A)."""
    sa, sb = a["systems"][-1], b["systems"][-1]
    lines = [f"A: {sa['system']}\nB: {sb['system']}\n\n| score | A | B | B − A |\n|---|---|---|---|\n"]
    for which in ("test", "realnews"):
        for col, tpath, rpath in HEADLINE:
            path = tpath if which == "test" else rpath
            va, vb = value_at(sa.get(which), path), value_at(sb.get(which), path)
            delta = "–" if va is None or vb is None else f"{vb - va:+.3f}"
            lines.append(f"| {which}: {col} | {_fmt(va)} | {_fmt(vb)} | {delta} |\n")
    return "".join(lines)
