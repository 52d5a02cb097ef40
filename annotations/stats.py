"""Corpus coverage counts (issue: corpus coverage), per split and in total, for `claimscope corpus stats`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from annotations.corpus import SPLITS, load_corpus, split_of
from models.labels import CLAIM_TYPES, ENTITY_LABELS, MEASURES, QUOTE_KINDS, STATUSES
from annotations.studio_format import CorpusDoc
from models.rules.quotes import find_quotes

# Regimes and themes, recognised by keywords in the document (lowercase, word starts).
THEMES: dict[str, tuple[str, ...]] = {
    "Russia/Ukraine": ("russia", "kremlin", "ukrain", "moscow"),
    "Belarus": ("belarus", "lukashenko", "minsk"),
    "Iran": ("iran", "tehran", "irgc"),
    "North Korea": ("north korea", "pyongyang", "dprk"),
    "Myanmar": ("myanmar", "burma", "rohingya", "junta"),
    "Xinjiang/Uyghurs": ("xinjiang", "uyghur", "uighur"),
    "Hong Kong": ("hong kong",),
    "Tibet": ("tibet",),
    "Venezuela": ("venezuela", "maduro", "pdvsa"),
    "Nicaragua": ("nicaragua", "ortega"),
    "Cuba": ("cuba", "havana"),
    "Syria": ("syria", "assad", "damascus", "captagon"),
    "Sudan": ("sudan", "darfur", "rapid support forces"),
    "Sahel coups": ("mali", "niger", "burkina", "ecowas", "guinea", "gabon"),
    "Haiti": ("haiti",),
    "Afghanistan": ("afghanistan", "taliban"),
    "Balkans": ("dodik", "republika srpska", "serbia", "bosnia"),
    "Magnitsky/human rights": ("magnitsky", "human rights sanctions"),
    "Cyber": ("cyber", "ransomware", "hacker", "spyware"),
    "Terrorism": ("terroris", "hezbollah", "hamas", "houthi", "isis", "islamic state", "al-qaeda"),
    "Forced labour": ("forced labor", "forced labour"),
    "Narcotics/fentanyl": ("fentanyl", "cartel", "narcotic"),
    "Turkey": ("turkey", "ankara", "caatsa", "s-400"),
    "Georgia": ("georgia", "tbilisi"),
    "Armenia/Azerbaijan": ("armenia", "azerbaijan", "karabakh"),
    "Ethiopia/Eritrea": ("ethiopia", "tigray", "eritrea"),
    "DR Congo/Rwanda": ("congo", "rwanda", "m23"),
    "Zimbabwe": ("zimbabwe",),
    "Export controls/chips": ("export control", "semiconductor", "chip"),
}

_SENT_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'\u201d\u2019]?|\n|$)")
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}


def _norm(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"[\u2019']s$", "", text)
    return re.sub(r"\s+", " ", text).lower()


def _sentence_index(text: str, pos: int) -> int:
    for i, m in enumerate(_SENT_RE.finditer(text)):
        if m.start() <= pos < m.end():
            return i
    return -1


def doc_counts(doc: CorpusDoc) -> Counter:
    """The countable facts of one document."""
    c: Counter = Counter()
    t = doc.text
    c["documents"] += 1
    c["words"] += len(t.split())
    for _, _, label in doc.entities:
        c[f"entity:{label}"] += 1
    for cl in doc.claims:
        c[f"claim_type:{cl.type}"] += 1
        c[f"quote:{cl.quote}"] += 1
        claimant = t[cl.claimant[0] : cl.claimant[1]]
        if claimant.lower() in _PRONOUNS:
            c["hard:pronoun_claimant"] += 1
        elif claimant[:1].islower() and not any(s >= cl.claimant[0] and e <= cl.claimant[1] for s, e, _ in doc.entities):
            c["hard:descriptive_claimant"] += 1
    unbalanced = [q for q in find_quotes(t) if not (q.opened and q.closed)]
    for cl in doc.claims:
        if cl.quote != "indirect" and any(q.start < cl.content[1] and cl.content[0] < q.end for q in unbalanced):
            c["hard:quote_missing_mark"] += 1
    shared = Counter((cl.claimant, cl.cue) for cl in doc.claims)
    c["hard:claim_over_sentences"] += sum(n - 1 for n in shared.values() if n > 1)
    sentences = Counter(_sentence_index(t, s.trigger[0]) for s in doc.sanctions)
    c["hard:two_actions_one_sentence"] += sum(1 for n in sentences.values() if n >= 2)
    for s in doc.sanctions:
        c[f"status:{s.status}"] += 1
        for m in s.measures:
            c[f"measure:{m}"] += 1
        if len(s.targets) > 1 or any(t[a:b][:1].islower() for a, b in s.targets):
            c["hard:targets_list_or_description"] += 1
    if not doc.sanctions:
        c["hard:doc_without_sanctions"] += 1
    if not doc.claims:
        c["hard:doc_without_claims"] += 1
    c[f"style:{doc.meta.get('style', 'unknown')}"] += 1
    return c


def _sets(doc: CorpusDoc) -> dict[str, set[str]]:
    t = doc.text
    low = t.lower()
    authorities = set()
    for s in doc.sanctions:
        ref = s.authority_ref or s.authority
        authorities.add(_norm(t[ref[0] : ref[1]]))
    return {
        "authorities": authorities,
        "counter_sanction_authorities": {a for a in authorities if a in {"china", "beijing", "russia", "moscow", "iran", "tehran", "belarus", "minsk", "venezuela", "caracas", "north korea", "pyongyang"}},
        "cues": {_norm(t[c.cue[0] : c.cue[1]]) for c in doc.claims},
        "themes": {name for name, keys in THEMES.items() if any(re.search(r"(?<![a-z])" + re.escape(k), low) for k in keys)},
    }


def corpus_stats(corpus_dir: Path) -> dict[str, Any]:
    """Counts per split and in total; distinct authorities, cues and themes as counts and lists."""
    docs = load_corpus(corpus_dir)
    result: dict[str, Any] = {}
    groups: dict[str, list[CorpusDoc]] = {s: [] for s in SPLITS}
    for d in docs:
        groups[split_of(d.id, d.meta.get("event"))].append(d)
    groups["all"] = docs
    for name, members in groups.items():
        counts: Counter = Counter()
        sets: dict[str, set[str]] = {}
        for d in members:
            counts.update(doc_counts(d))
            for key, values in _sets(d).items():
                sets.setdefault(key, set()).update(values)
        entry: dict[str, Any] = {
            "documents": counts["documents"],
            "words": counts["words"],
            "entities": {lab: counts[f"entity:{lab}"] for lab in ENTITY_LABELS},
            "claim_types": {t: counts[f"claim_type:{t}"] for t in CLAIM_TYPES},
            "quote_kinds": {q: counts[f"quote:{q}"] for q in QUOTE_KINDS},
            "measures": {m: counts[f"measure:{m}"] for m in MEASURES},
            "statuses": {s: counts[f"status:{s}"] for s in STATUSES},
            "hard_cases": {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("hard:")},
            "styles": {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("style:")},
            "distinct": {k: len(v) for k, v in sets.items()},
        }
        if name == "all":
            entry["lists"] = {k: sorted(v) for k, v in sets.items()}
        result[name] = entry
    return result


def render_stats(stats: dict[str, Any]):
    """A rich table: one row per count, one column per split."""
    from rich.table import Table

    table = Table(title="claimscope corpus coverage")
    table.add_column("count")
    cols = [*SPLITS, "all"]
    for c in cols:
        table.add_column(c, justify="right")
    rows: list[tuple[str, list[Any]]] = [("documents", [stats[c]["documents"] for c in cols]),
                                         ("words", [stats[c]["words"] for c in cols])]
    for section in ("entities", "claim_types", "quote_kinds", "measures", "statuses", "hard_cases", "styles", "distinct"):
        keys = sorted({k for c in cols for k in stats[c][section]})
        for k in keys:
            rows.append((f"{section}: {k}", [stats[c][section].get(k, 0) for c in cols]))
    for label, values in rows:
        table.add_row(label, *[str(v) for v in values])
    return table
