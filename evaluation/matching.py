"""Claim-matching evaluation: does a stored claim come up when the same claim is asked in other words?

The set (`evaluation/matching/set-*.jsonl`, written for the project, brief in
annotations/briefs/MATCHING_BRIEF.md) holds groups: an anchor claim, two positives (the same
proposition: paraphrase, indirect or direct quote, translation-style wording, another
description of the claimant, a partial quote) and two hard negatives (same topic or claimant,
another proposition; negated; a changed detail). Groups are split into dev and test by topic, so
one event never sits in both.

Retrieval: in each part, the stored claims are every anchor and every hard negative; each
positive is a query whose one relevant stored claim is its anchor. recall@k is the share of
queries whose anchor is among the k nearest; MAP@5 is the mean of 1/rank (0 past rank 5), the
average precision with one relevant item. Systems: all-MiniLM-L6-v2 as shipped (torch, fp32),
the same model as the service runs it (ONNX Runtime, int8 weights), the fine-tuned encoder of a packaged claimscope model with the same pooling, and BM25.

Thresholds, chosen on dev for the embedder the service runs (the shipped MiniLM under ONNX
Runtime with int8 weights), on the best match of each query (what `match`
answers first), with each query asked both with its claim stored and with it left out (a claim
never said before, where any match is wrong): the match threshold has the best F1; the thread
threshold is the lowest cosine whose best matches are right at least 90% of the time, since
threads join claims transitively. The test part reports both.
Pair separation (the AUC of (anchor, positive) against (anchor, hard negative) cosines) is
reported too: a bi-encoder's cosine cannot tell a negated claim or a changed figure from the
same claim, and the README says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

SET_DIR = Path(__file__).resolve().parent / "matching"
DEV_SHARE = 2  # topics whose hash % 5 is below this are dev (about 40%)
TOKEN_RE = re.compile(r"[a-z0-9]+")


@dataclass
class Group:
    id: str
    topic: str
    anchor: dict[str, Any]
    positives: list[dict[str, Any]]
    negatives: list[dict[str, Any]]

    @property
    def part(self) -> str:
        digest = int(hashlib.sha1(self.topic.encode("utf-8")).hexdigest(), 16)
        return "dev" if digest % 5 < DEV_SHARE else "test"


def load_set(folder: Path = SET_DIR) -> list[Group]:
    """Every group of every set file; a malformed line is a ValueError naming file and line."""
    groups: list[Group] = []
    for path in sorted(folder.glob("set-*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                group = Group(raw["id"], raw["topic"], raw["anchor"], raw["positives"], raw["negatives"])
            except (ValueError, KeyError) as err:
                raise ValueError(f"{path.name} line {n}: {err}") from None
            if len(group.positives) < 1 or len(group.negatives) < 1:
                raise ValueError(f"{path.name} line {n}: a group needs positives and negatives")
            groups.append(group)
    if not groups:
        raise ValueError(f"no matching set under {folder}")
    return groups


@dataclass
class Part:
    """One part's retrieval problem: stored texts, queries, and each query's relevant stored index."""

    stored: list[str]
    stored_kind: list[str]  # "anchor" or "negative"
    stored_group: list[int]
    queries: list[str]
    relevant: list[int]
    query_kind: list[str]


def build_part(groups: list[Group]) -> Part:
    stored, kinds, owner, queries, relevant, qkind = [], [], [], [], [], []
    for g, group in enumerate(groups):
        anchor_at = len(stored)
        stored.append(group.anchor["content"])
        kinds.append("anchor")
        owner.append(g)
        for neg in group.negatives:
            stored.append(neg["content"])
            kinds.append("negative")
            owner.append(g)
        for pos in group.positives:
            queries.append(pos["content"])
            relevant.append(anchor_at)
            qkind.append(pos.get("kind", "?"))
    return Part(stored, kinds, owner, queries, relevant, qkind)


def ranks(scores: np.ndarray, relevant: list[int]) -> np.ndarray:
    """1-based rank of each query's relevant item (ties broken against it)."""
    target = scores[np.arange(len(relevant)), relevant]
    return (scores >= target[:, None]).sum(axis=1)


def retrieval_metrics(rank: np.ndarray) -> dict[str, float]:
    return {
        "recall@1": round(float(np.mean(rank <= 1)), 4),
        "recall@5": round(float(np.mean(rank <= 5)), 4),
        "map@5": round(float(np.mean(np.where(rank <= 5, 1.0 / rank, 0.0))), 4),
        "queries": int(len(rank)),
    }


def bm25_scores(part: Part) -> np.ndarray:
    from rank_bm25 import BM25Okapi
    from spacy.lang.en.stop_words import STOP_WORDS

    def tokens(text: str) -> list[str]:
        return [t for t in TOKEN_RE.findall(text.lower()) if t not in STOP_WORDS] or ["_"]

    bm25 = BM25Okapi([tokens(t) for t in part.stored])
    return np.stack([bm25.get_scores(tokens(q)) for q in part.queries])


def cosine_scores(embed: Callable[[list[str]], np.ndarray], part: Part) -> np.ndarray:
    return embed(part.queries) @ embed(part.stored).T


def pair_scores(embed: Callable[[list[str]], np.ndarray], groups: list[Group]) -> tuple[np.ndarray, np.ndarray]:
    """Cosines of (anchor, positive) pairs and of (anchor, hard negative) pairs."""
    pos = [(g.anchor["content"], p["content"]) for g in groups for p in g.positives]
    neg = [(g.anchor["content"], n["content"]) for g in groups for n in g.negatives]
    def cos(pairs: list[tuple[str, str]]) -> np.ndarray:
        return (embed([a for a, _ in pairs]) * embed([b for _, b in pairs])).sum(axis=1)
    return cos(pos), cos(neg)


THREAD_PRECISION = 0.90


def best_match_quality(scores: np.ndarray, part: Part, threshold: float) -> dict[str, float]:
    """Precision and recall of each query's best match at or above the threshold.

    Every query is asked twice: once with its claim stored (the best match should be it), and
    once with its claim left out of the store, as for a claim never said before (any match is
    wrong, most often a hard negative of the same story).
    """
    rows = np.arange(len(part.relevant))
    relevant = np.array(part.relevant)
    best = scores.argmax(axis=1)
    said = scores[rows, best] >= threshold
    right = said & (best == relevant)
    absent = scores.copy()
    absent[rows, relevant] = -np.inf
    false_new = absent.max(axis=1) >= threshold
    p = int(right.sum()) / max(1, int(said.sum()) + int(false_new.sum()))
    r = int(right.sum()) / max(1, len(best))
    return {"threshold": round(float(threshold), 2), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "new_claims_matched": round(float(false_new.mean()), 4)}


GRID = np.round(np.arange(0.30, 0.96, 0.01), 2)


def choose_thresholds(scores: np.ndarray, part: Part) -> dict[str, dict[str, float]]:
    """On dev: the match threshold (best F1) and the thread threshold (lowest with precision >= 90%)."""
    table = [best_match_quality(scores, part, float(t)) for t in GRID]
    match = max(table, key=lambda q: (q["f1"], -q["threshold"]))
    precise = [q for q in table if q["precision"] >= THREAD_PRECISION and q["threshold"] >= match["threshold"]]
    thread = precise[0] if precise else table[-1]
    return {"match": match, "thread": thread}


def pair_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a same-claim pair outscores a hard-negative pair (ties count half)."""
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return round(float(greater + 0.5 * ties), 4)


def hard_negative_wins(scores: np.ndarray, part: Part) -> float:
    """Share of queries where a hard negative of their own group outscores their anchor."""
    wins = 0
    for q, anchor in enumerate(part.relevant):
        group = part.stored_group[anchor]
        negs = [i for i, (g, k) in enumerate(zip(part.stored_group, part.stored_kind)) if g == group and k == "negative"]
        wins += any(scores[q, i] >= scores[q, anchor] for i in negs)
    return round(wins / max(1, len(part.relevant)), 4)


def evaluate(model: Path | None = None, folder: Path = SET_DIR) -> dict[str, Any]:
    """Scores of every system on dev and test, and the threshold chosen on dev (MiniLM as shipped)."""
    from models.claim_embedder import ClaimEmbedder, shared_embedder
    from models.neural.onnx_encoder import encoder_folders
    from service.core.config import Settings
    from service.matching.index import service_embedder

    groups = load_set(folder)
    parts = {name: [g for g in groups if g.part == name] for name in ("dev", "test")}
    systems: dict[str, Callable[[list[str]], np.ndarray] | None] = {
        "minilm": shared_embedder().embed, "service": service_embedder(Settings()).embed}
    encoders = encoder_folders(model) if model is not None else []
    if encoders:  # the fine-tuned MiniLM inside a packaged model, pooled the same way
        systems["finetuned"] = ClaimEmbedder(encoders[0], key=f"finetuned:{model.name}").embed
    systems["bm25"] = None
    report: dict[str, Any] = {
        "set": {"groups": len(groups), "positives": sum(len(g.positives) for g in groups),
                "negatives": sum(len(g.negatives) for g in groups),
                "dev_groups": len(parts["dev"]), "test_groups": len(parts["test"]),
                "topics": len({g.topic for g in groups})},
        "systems": {}, "model": str(model) if model else None,
    }
    for name, embed in systems.items():
        entry_by_part: dict[str, Any] = {}
        scores_of: dict[str, tuple[np.ndarray, Part]] = {}
        for part_name, part_groups in parts.items():
            part = build_part(part_groups)
            scores = bm25_scores(part) if embed is None else cosine_scores(embed, part)
            scores_of[part_name] = (scores, part)
            rank = ranks(scores, part.relevant)
            entry = retrieval_metrics(rank)
            entry["hard_negative_wins"] = hard_negative_wins(scores, part)
            kinds = np.array(part.query_kind)
            entry["recall@1_by_kind"] = {k: round(float(np.mean(rank[kinds == k] <= 1)), 4) for k in sorted(set(kinds))}
            if embed is not None:
                pos, neg = pair_scores(embed, part_groups)
                entry["pair_auc"] = pair_auc(pos, neg)
            entry_by_part[part_name] = entry
        if embed is not None:
            chosen = choose_thresholds(*scores_of["dev"])
            test_scores, test_part = scores_of["test"]
            entry_by_part["thresholds"] = {
                kind: {"dev": q, "test": best_match_quality(test_scores, test_part, q["threshold"])}
                for kind, q in chosen.items()}
        report["systems"][name] = entry_by_part
    chosen = report["systems"]["service"]["thresholds"]  # for what the service runs
    report["match_threshold"] = chosen["match"]["dev"]["threshold"]
    report["thread_threshold"] = chosen["thread"]["dev"]["threshold"]
    return report


def table(report: dict[str, Any]) -> str:
    """The README's table: retrieval on the test part, and the thresholds chosen on dev with their test quality."""
    names = {"minilm": "all-MiniLM-L6-v2 as shipped (torch, fp32)",
             "service": "the same under ONNX Runtime, int8 weights (the service)",
             "finetuned": "claimscope fine-tuned encoder, pooled",
             "bm25": "BM25 (rank-bm25)"}
    lines = ["| system | recall@1 | recall@5 | MAP@5 | hard negative ranked first | pair AUC | "
             "match threshold (dev) | best match P / R (test) |", "|---|---|---|---|---|---|---|---|"]
    for key, entry in report["systems"].items():
        t = entry["test"]
        th = entry.get("thresholds", {}).get("match")
        cut = f"{th['dev']['threshold']:.2f}" if th else "–"
        pr = f"{th['test']['precision']:.3f} / {th['test']['recall']:.3f}" if th else "–"
        auc = f"{t['pair_auc']:.3f}" if "pair_auc" in t else "–"
        lines.append(f"| {names.get(key, key)} | {t['recall@1']:.3f} | {t['recall@5']:.3f} | {t['map@5']:.3f} | "
                     f"{t['hard_negative_wins']:.3f} | {auc} | {cut} | {pr} |")
    s = report["set"]
    thread = report["systems"]["service"]["thresholds"]["thread"]
    lines.append(f"\nThread threshold (lowest cosine whose best matches are right >= 90% on dev): "
                 f"{thread['dev']['threshold']:.2f}; on test precision {thread['test']['precision']:.3f}, "
                 f"recall {thread['test']['recall']:.3f}.")
    lines.append(f"Set: {s['groups']} groups on {s['topics']} topics ({s['positives']} same-claim queries, "
                 f"{s['negatives']} hard negatives); test part {s['test_groups']} groups, dev {s['dev_groups']}.")
    return "\n".join(lines)
