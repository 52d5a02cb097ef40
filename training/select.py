"""Choosing the trained components' switches on dev: tagged additions, rule-or-head classes and rule evidence, per role,
and the weight of the rules' type evidence.

Each role keeps what scores best on the dev split through the whole pipeline: claims by
strict F1 plus type accuracy, sanctions by event F1 plus measures F1. The chosen values
are saved with the components (models/neural/network.py HeadsOnDisk). realnews-dev is never
used here.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from annotations.studio_format import CorpusDoc
from evaluation.scorer import score
from models.extractor import Extractor

logger = logging.getLogger(__name__)

# (pipe, switches tried); every role's allowed combinations run side by side, one pass each.
SWITCHES: dict[str, tuple[str, ...]] = {"claims": ("add_tagged", "rule_types", "rule_evidence"),
                                        "sanctions": ("add_tagged", "rule_classes")}


def _objective(report: dict[str, Any], role: str) -> float:
    if role == "claims":
        return report["claims"]["strict"]["f1"] + report["claims"]["type_acc"]["acc"]
    return report["sanctions"]["event"]["f1"] + report["sanctions"]["measures"]["f1"]


def _allowed(keys: tuple[str, ...], pinned: dict[str, bool]) -> list[tuple[bool, ...]]:
    """Every value combination of `keys` that holds the pinned values."""
    return [values for values in itertools.product([True, False], repeat=len(keys))
            if all(pinned.get(k, v) == v for k, v in zip(keys, values))]


def select_switches(nlp: Language, dev_docs: list[CorpusDoc],
                    fixed: dict[str, dict[str, bool]] | None = None) -> dict[str, Any]:
    """Try every allowed value combination per role (the roles side by side in the same passes); set and
    return the best per role.

    `fixed` (the config's `[select]` section) pins switches to a value: only combinations
    holding that value are tried. The number of passes is the largest number of combinations of one role.
    """
    extractor = Extractor(nlp)
    fixed = fixed or {}
    combos = {role: _allowed(keys, fixed.get(role, {})) for role, keys in SWITCHES.items()}
    tried: dict[str, list[tuple[float, tuple[bool, ...]]]] = {role: [] for role in SWITCHES}
    for i in range(max(len(c) for c in combos.values())):
        for role, keys in SWITCHES.items():
            for key, value in zip(keys, combos[role][i % len(combos[role])]):
                setattr(nlp.get_pipe(role), key, value)
        preds = {d.id: document for d, document in zip(dev_docs, extractor.extract_many(d.text for d in dev_docs))}
        report = score(dev_docs, preds)
        for role in SWITCHES:
            if i < len(combos[role]):
                tried[role].append((round(_objective(report, role), 4), combos[role][i]))
    chosen: dict[str, Any] = {}
    for role, keys in SWITCHES.items():
        best_score, best = max(tried[role], key=lambda x: x[0])
        pipe = nlp.get_pipe(role)
        for key, value in zip(keys, best):
            setattr(pipe, key, value)
        chosen[role] = {"chosen": dict(zip(keys, best)), "dev_objective": best_score, "fixed": fixed.get(role, {}),
                        "tried": [{"values": dict(zip(keys, v)), "dev_objective": s} for s, v in tried[role]]}
        logger.info("%s: chose %s (dev %.3f)", role, chosen[role]["chosen"], best_score)
    return chosen


def select_rule_prior(nlp: Language, dev_docs: list[CorpusDoc], priors: tuple[float, ...],
                      setting: str = "rule_prior") -> dict[str, Any]:
    """Set the claims tagger's `setting` (its factor on the head's probability of the rule type) to the value
    with the best claim type accuracy on dev, the lowest on a tie; return what was tried.

    Only meaningful with `rule_evidence` on; the head's probabilities change with every model, so
    the factor is chosen again for each (`rule_prior_int8`: the one used with the int8 encoder).
    The dev texts go through the components before the claims tagger once; each factor reruns
    only the tagger and what follows it.
    """
    pipe = nlp.get_pipe("claims")
    extractor = Extractor(nlp)
    rest = nlp.pipe_names[nlp.pipe_names.index("claims"):]
    with nlp.select_pipes(disable=rest):  # one text at a time, as the API runs (int8 states depend on the batch)
        parsed = [(doc, doc._.encoding) for doc in (nlp(d.text) for d in dev_docs)]
    tried: list[tuple[float, float]] = []
    for prior in priors:
        setattr(pipe, setting, prior)
        preds = {d.id: extractor.document(_rerun(nlp, rest, *parsed_doc)) for d, parsed_doc in zip(dev_docs, parsed)}
        tried.append((round(score(dev_docs, preds)["claims"]["type_acc"]["acc"], 4), prior))
    best_acc, best = max(tried, key=lambda x: (x[0], -x[1]))
    setattr(pipe, setting, best)
    logger.info("claims: %s %s (dev type accuracy %.3f)", setting, best, best_acc)
    return {"chosen": best, "dev_type_acc": best_acc, "tried": {str(p): a for a, p in tried}}


def _rerun(nlp: Language, names: list[str], doc: Doc, encoding: Any) -> Doc:
    """`doc` after the components `names`, called in turn on its encoder states (which the taggers may release);
    each component overwrites what it set the last time."""
    doc._.encoding = encoding
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc
