"""Each trained component against its rule counterpart: the model with one role switched back to rules.

Variants of one loaded model (switches set at run time, nothing saved): entities from plain
en_core_web_sm (the rule pipeline's NER) against the fine-tuned NER; rule claim spans alone
against rule plus tagged claims; rule claim types against the MiniLM type head; rule
sanctions actions alone against rule plus tagged actions; rule status and measures against
the trained heads. Each is scored on the corpus test split and on realnews-dev (by its own
score.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from spacy.language import Language

from annotations.studio_format import CorpusDoc
from evaluation.realnews import predict_dir, read_texts, run_reference_scorer
from evaluation.scorer import score, value_at
from models.extractor import Extractor
from models.pipeline import build_rule_pipeline

# (component, metric column, path in a test report, path in a realnews report, role, switch, trained value)
COMPONENTS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str, bool], ...] = (
    ("claim spans: + tagged claims", "claim strict F1", ("claims", "strict", "f1"), ("claims", "strict", "f1"),
     "claims", "add_tagged", True),
    ("claim types: MiniLM head", "claim type acc", ("claims", "type_acc", "acc"), ("claims", "type_acc", "acc"),
     "claims", "rule_types", False),
    ("sanctions: + tagged actions", "sanctions event F1", ("sanctions", "event", "f1"), ("sanctions", "event", "f1"),
     "sanctions", "add_tagged", True),
    ("status and measures: trained heads", "measures F1", ("sanctions", "measures", "f1"),
     ("sanctions", "measures", "f1"), "sanctions", "rule_classes", False),
)


def _scores(nlp: Language, test_docs: list[CorpusDoc], realnews_dir: Path | None, work: Path) -> dict[str, Any]:
    extractor = Extractor(nlp)  # one text at a time, as the API runs (int8 states depend on the batch)
    preds = {d.id: extractor.extract(d.text) for d in test_docs}
    out: dict[str, Any] = {"test": score(test_docs, preds) if test_docs else None, "realnews": None}
    if realnews_dir is not None and (realnews_dir / "score.py").is_file():
        predict_dir(nlp, read_texts(realnews_dir / "docs"), work / "pred")
        out["realnews"] = run_reference_scorer(realnews_dir, work / "pred", work / "score.json")
    return out


def _with(nlp: Language, role: str, switch: str, value: bool, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    pipe = nlp.get_pipe(role)
    before = getattr(pipe, switch)
    setattr(pipe, switch, value)
    try:
        return run()
    finally:
        setattr(pipe, switch, before)


def compare_components(nlp: Language, test_docs: list[CorpusDoc], realnews_dir: Path | None, work: Path) -> list[dict[str, Any]]:
    """One row per component: its metric with the trained part and with the rule counterpart, on both sets."""
    rows: list[dict[str, Any]] = []
    rules = _scores(build_rule_pipeline(), test_docs, realnews_dir, work / "rules")
    model = _scores(nlp, test_docs, realnews_dir, work / "model")
    path = ("entities", "micro", "f1")
    rows.append({"component": "entities: fine-tuned NER", "metric": "entity F1", "versus": "en_core_web_sm NER",
                 "test": (value_at(model["test"], path), value_at(rules["test"], path)),
                 "realnews": (value_at(model["realnews"], path), value_at(rules["realnews"], path))})
    for k, (component, metric, tpath, rpath, role, switch, trained) in enumerate(COMPONENTS):
        trained_run = _with(nlp, role, switch, trained, lambda: _scores(nlp, test_docs, realnews_dir, work / f"t{k}"))
        rule_run = _with(nlp, role, switch, not trained, lambda: _scores(nlp, test_docs, realnews_dir, work / f"r{k}"))
        rows.append({"component": component, "metric": metric, "versus": f"{role}.{switch}={not trained}",
                     "test": (value_at(trained_run["test"], tpath), value_at(rule_run["test"], tpath)),
                     "realnews": (value_at(trained_run["realnews"], rpath), value_at(rule_run["realnews"], rpath))})
    return rows


def components_table(rows: list[dict[str, Any]]) -> str:
    """Markdown: trained against rule counterpart per component, test split and realnews-dev."""
    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:.3f}"

    out = ("| component | metric | test: trained | test: rules | realnews: trained | realnews: rules | "
           "realnews gain |\n|---|---|---|---|---|---|---|\n")
    for r in rows:
        (tt, tr), (rt, rr) = r["test"], r["realnews"]
        gain = "–" if rt is None or rr is None else f"{rt - rr:+.3f}"
        out += f"| {r['component']} | {r['metric']} | {fmt(tt)} | {fmt(tr)} | {fmt(rt)} | {fmt(rr)} | {gain} |\n"
    return out
