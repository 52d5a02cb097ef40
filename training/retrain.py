"""`claimscope annotate retrain`: pull corrections, train a new version, compare on dev, promote only if not worse.

Promotion rule: the new model is promoted when its dev score (entity F1 + claim strict F1 +
sanctions event F1, each on the corpus dev split) is at least the current default model's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from annotations.corpus import load_corpus
from annotations.loop import PullReport, pull
from annotations.studio_client import LabelStudio
from evaluation.scorer import score
from models.extractor import Extractor
from models.pipeline import PACKAGED_DIR, load_pipeline, newest_packaged_model, promote
from training.train import DEFAULT_CONFIG, train

RULE = "promote if dev(entity F1 + claim strict F1 + sanctions event F1) of the new model >= the current model's"
PARTS = (("entity F1", ("entities", "micro", "f1")), ("claim strict F1", ("claims", "strict", "f1")),
         ("sanctions event F1", ("sanctions", "event", "f1")))


@dataclass
class RetrainReport:
    pulled: PullReport | None
    new_model: Path
    current: str
    new_scores: dict[str, float]
    current_scores: dict[str, float]
    promoted: bool

    def table(self) -> str:
        lines = [f"| dev score | current ({self.current}) | new ({self.new_model.name}) | delta |", "|---|---|---|---|"]
        for name, _ in PARTS + (("total", ()),):
            a, b = self.current_scores[name], self.new_scores[name]
            lines.append(f"| {name} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
        lines.append(f"\nrule: {RULE}\ndecision: {'promoted' if self.promoted else 'kept the current model'}")
        return "\n".join(lines)


def dev_scores(model: str | Path | None, corpus_dir: Path) -> dict[str, float]:
    """The promotion parts and their total for one model on the dev split."""
    nlp = load_pipeline(model)
    docs = load_corpus(corpus_dir, "dev")
    extractor = Extractor(nlp)
    preds = {d.id: document for d, document in zip(docs, extractor.extract_many(d.text for d in docs))}
    report = score(docs, preds)
    out: dict[str, float] = {}
    for label, path in PARTS:
        node: Any = report
        for key in path:
            node = node[key]
        out[label] = float(node)
    out["total"] = sum(out[label] for label, _ in PARTS)
    return out


def retrain(corpus_dir: Path, *, client: LabelStudio | None = None, project: str | None = None,
            config: Path = DEFAULT_CONFIG, packaged_root: Path = PACKAGED_DIR,
            progress: Callable[[str, float], None] | None = None) -> RetrainReport:
    """Pull (when a client is given), train without promoting, compare on dev, promote by the rule."""
    pulled = pull(client, project, corpus_dir) if client is not None and project else None
    current_path = newest_packaged_model(packaged_root)
    current_scores = dev_scores(current_path if current_path is not None else "rules", corpus_dir)
    new_model = train(corpus_dir, config, packaged_root, do_promote=False, progress=progress)
    new_scores = dev_scores(new_model, corpus_dir)
    promoted = new_scores["total"] >= current_scores["total"]
    if promoted:
        promote(new_model, packaged_root)
    return RetrainReport(pulled, new_model, current_path.name if current_path else "rules", new_scores,
                         current_scores, promoted)
