"""Scores SPEC predictions against corpus gold: entities, claims, sanctions (issue: evaluation scripts).

Entities: exact spans per label, and per-document (label, name) sets. Claims: content by exact
span and by token overlap (token F1 >= 0.5, one to one, best first), claimant accuracy over
matched claims, strict F1 (content and claimant), type accuracy with a confusion matrix,
quote accuracy. Sanctions: an event matches when its authority matches and at least one
target does (as the realnews scorer does), then per-role argument F1, measures micro-F1 and
status accuracy.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from annotations.studio_format import CorpusDoc
from models.labels import CLAIM_TYPES, ENTITY_LABELS, STATUSES

THRESHOLD = 0.5
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(unicodedata.normalize("NFKC", text).lower())


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def similar(a: str, b: str) -> bool:
    """Token F1 >= 0.5, or one side's tokens contained in the other's."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    if token_f1(a, b) >= THRESHOLD:
        return True
    sa, sb = " ".join(ta), " ".join(tb)
    return f" {sa} " in f" {sb} " or f" {sb} " in f" {sa} "


def value_at(report: dict[str, Any] | None, path: tuple[str, ...]) -> float | None:
    """The number at `path` in a score report (this scorer's or realnews-dev's), or None where it is missing."""
    node: Any = report
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return float(node) if isinstance(node, (int, float)) else None


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "pred": n_pred, "gold": n_gold}


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching, best score first."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda x: -x[0]):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _entity_names(pred: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e["name"] for e in pred.get("entities", [])}


def _ref_ok(pred_span: dict[str, Any], names: dict[str, str], gold_texts: list[str]) -> bool:
    cands = [pred_span.get("text", "")]
    if pred_span.get("entity") in names:
        cands.append(names[pred_span["entity"]])
    return any(similar(c, g) for c in cands for g in gold_texts if g)


def claim_matches(g: CorpusDoc, p: dict[str, Any]) -> list[tuple[int, int]]:
    """(predicted, gold) claim index pairs: content token F1 >= 0.5, one to one, best first."""
    t = g.text
    pairs = [(token_f1(pcl["content"]["text"], t[gcl.content[0]:gcl.content[1]]), i, j)
             for i, pcl in enumerate(p["claims"]) for j, gcl in enumerate(g.claims)]
    return _greedy([x for x in pairs if x[0] >= THRESHOLD])


def _claimant_ok(g: CorpusDoc, pcl: dict[str, Any], gcl: Any, names: dict[str, str]) -> bool:
    t = g.text
    gold_claimants = [t[gcl.claimant[0]:gcl.claimant[1]]]
    if gcl.claimant_ref:
        gold_claimants.append(t[gcl.claimant_ref[0]:gcl.claimant_ref[1]])
    return _ref_ok(pcl["claimant"], names, gold_claimants)


def event_matches(g: CorpusDoc, p: dict[str, Any]) -> list[tuple[int, int]]:
    """(predicted, gold) action index pairs: authority and at least one target match, one to one."""
    t = g.text
    names = _entity_names(p)
    cands = []
    for i, a in enumerate(p["sanctions"]):
        for j, b in enumerate(g.sanctions):
            gold_auth = [t[b.authority[0]:b.authority[1]]]
            if b.authority_ref:
                gold_auth.append(t[b.authority_ref[0]:b.authority_ref[1]])
            if not _ref_ok(a["authority"], names, gold_auth):
                continue
            hits = sum(1 for gt in b.targets if any(_ref_ok(pt, names, [t[gt[0]:gt[1]]]) for pt in a["targets"]))
            if hits:
                cands.append((hits + token_f1(a["trigger"]["text"], t[b.trigger[0]:b.trigger[1]]), i, j))
    return _greedy(cands)


def outcomes(gold_docs: list[CorpusDoc], preds: dict[str, dict[str, Any]]) -> dict[str, list[tuple[float, bool]]]:
    """(confidence, correct) of every predicted claim (content and claimant match) and action (event match)."""
    out: dict[str, list[tuple[float, bool]]] = {"claims": [], "sanctions": []}
    for g in gold_docs:
        p = preds.get(g.id, {"entities": [], "claims": [], "sanctions": []})
        names = _entity_names(p)
        ok_claims = {i for i, j in claim_matches(g, p) if _claimant_ok(g, p["claims"][i], g.claims[j], names)}
        out["claims"] += [(float(c["confidence"]), i in ok_claims) for i, c in enumerate(p["claims"])]
        ok_events = {i for i, _ in event_matches(g, p)}
        out["sanctions"] += [(float(a["confidence"]), i in ok_events) for i, a in enumerate(p["sanctions"])]
    return out


def score(gold_docs: list[CorpusDoc], preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The full score report for predictions keyed by document id."""
    ent_counts: dict[str, Counter] = defaultdict(Counter)
    name_counts: Counter = Counter()
    c_exact: Counter = Counter()
    c_overlap: Counter = Counter()
    claimant_ok = strict_tp = type_ok = quote_ok = matched_claims = 0
    type_conf: dict[str, Counter] = defaultdict(Counter)
    ev: Counter = Counter()
    role: dict[str, Counter] = defaultdict(Counter)
    meas: Counter = Counter()
    status_ok = matched_events = 0
    status_conf: dict[str, Counter] = defaultdict(Counter)
    for g in gold_docs:
        p = preds.get(g.id, {"entities": [], "claims": [], "sanctions": []})
        t = g.text
        names = _entity_names(p)
        # entities
        gold_m = {(s, e, lab) for s, e, lab in g.entities}
        pred_m = {(m["start"], m["end"], ent["label"]) for ent in p["entities"] for m in ent["mentions"]}
        for lab in ENTITY_LABELS:
            gl = {x for x in gold_m if x[2] == lab}
            pl = {x for x in pred_m if x[2] == lab}
            ent_counts[lab].update(tp=len(gl & pl), pred=len(pl), gold=len(gl))
        gold_names = {(lab, " ".join(tokens(t[s:e]))) for s, e, lab in g.entities}
        pred_names = {(lab, " ".join(tokens(t[s:e]))) for s, e, lab in pred_m}
        name_counts.update(tp=len(gold_names & pred_names), pred=len(pred_names), gold=len(gold_names))
        # claims
        gc = g.claims
        pc = p["claims"]
        gold_spans = {c.content for c in gc}
        c_exact.update(tp=sum(1 for c in pc if (c["content"]["start"], c["content"]["end"]) in gold_spans),
                       pred=len(pc), gold=len(gc))
        matches = claim_matches(g, p)
        c_overlap.update(tp=len(matches), pred=len(pc), gold=len(gc))
        for i, j in matches:
            pcl, gcl = pc[i], gc[j]
            matched_claims += 1
            ok = _claimant_ok(g, pcl, gcl, names)
            claimant_ok += ok
            strict_tp += ok
            type_ok += pcl["type"] == gcl.type
            quote_ok += pcl["quote"] == gcl.quote
            type_conf[gcl.type][pcl["type"]] += 1
        # sanctions
        gs = g.sanctions
        ps = p["sanctions"]
        ev_matches = event_matches(g, p)
        ev.update(tp=len(ev_matches), pred=len(ps), gold=len(gs))
        for i, j in ev_matches:
            a, b = ps[i], gs[j]
            matched_events += 1
            status_ok += a["status"] == b.status
            status_conf[b.status][a["status"]] += 1
            pm, gm = set(a["measures"]), set(b.measures)
            meas.update(tp=len(pm & gm), pred=len(pm), gold=len(gm))
        for name, gold_spans_r, pred_spans_r in (
            ("authority", [s.authority for s in gs], [x["authority"] for x in ps]),
            ("target", [tt for s in gs for tt in s.targets], [tt for x in ps for tt in x["targets"]]),
            ("trigger", [s.trigger for s in gs], [x["trigger"] for x in ps]),
        ):
            gold_texts = sorted({t[a:b] for a, b in gold_spans_r})
            pred_texts = sorted({x["text"] for x in pred_spans_r})
            rp = _greedy([(token_f1(pt, gt), i, j) for i, pt in enumerate(pred_texts) for j, gt in enumerate(gold_texts)
                          if token_f1(pt, gt) >= THRESHOLD])
            role[name].update(tp=len(rp), pred=len(pred_texts), gold=len(gold_texts))
    ent_total = sum((c for c in ent_counts.values()), Counter())
    return {
        "n_docs": len(gold_docs),
        "entities": {
            "micro": prf(ent_total["tp"], ent_total["pred"], ent_total["gold"]),
            "per_label": {lab: prf(c["tp"], c["pred"], c["gold"]) for lab, c in ent_counts.items()},
            "names": prf(name_counts["tp"], name_counts["pred"], name_counts["gold"]),
        },
        "claims": {
            "content_exact": prf(c_exact["tp"], c_exact["pred"], c_exact["gold"]),
            "content": prf(c_overlap["tp"], c_overlap["pred"], c_overlap["gold"]),
            "claimant_acc": {"acc": claimant_ok / matched_claims if matched_claims else 0.0, "n": matched_claims},
            "strict": prf(strict_tp, c_overlap["pred"], c_overlap["gold"]),
            "type_acc": {"acc": type_ok / matched_claims if matched_claims else 0.0, "n": matched_claims},
            "quote_acc": {"acc": quote_ok / matched_claims if matched_claims else 0.0, "n": matched_claims},
            "type_confusion": {g: {p: type_conf[g][p] for p in CLAIM_TYPES} for g in CLAIM_TYPES},
        },
        "sanctions": {
            "event": prf(ev["tp"], ev["pred"], ev["gold"]),
            "roles": {k: prf(v["tp"], v["pred"], v["gold"]) for k, v in role.items()},
            "measures": prf(meas["tp"], meas["pred"], meas["gold"]),
            "status_acc": {"acc": status_ok / matched_events if matched_events else 0.0, "n": matched_events},
            "status_confusion": {g: {p: status_conf[g][p] for p in STATUSES} for g in STATUSES},
        },
    }
