"""How close the corpus is to real news: lengths, densities, claim-type mix and phenomena counts.

`claimscope corpus stats --realism` compares groups of writer batches with a folder of real
articles in realnews-dev's format. Of the real articles only statistics are read (words,
numbers of claims and actions, claim types); their text is never stored or printed.
Phenomena are counted by patterns over the text and the annotations, so the counts are
estimates (each pattern is named below).
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from annotations.corpus import batch_of
from annotations.studio_format import CorpusDoc
from models.labels import CLAIM_TYPES

_I = re.IGNORECASE
# Phenomenon -> pattern over the whole text (counted per match).
TEXT_PATTERNS: dict[str, re.Pattern[str]] = {
    "agency_relay": re.compile(r"\b(news agency|state media|state television|(TASS|RIA|Interfax|IRNA|Xinhua|KCNA|SANA|BelTA|"
                               r"Anadolu|WAFA|Fars|Tasnim|Yonhap|Kyodo)\b)", _I),
    "declined_to_comment": re.compile(r"declined to comment|did not (immediately )?respond|could not be reached|"
                                      r"did not return|no immediate comment", _I),
    "anonymous_source": re.compile(r"condition of anonymity|asked not to be (named|identified)|people familiar with|"
                                   r"sources (said|told)|not authori[sz]ed to speak", _I),
    "executive_order": re.compile(r"executive order", _I),
    "secondary_sanctions": re.compile(r"secondary (sanction|tariff|penalt)", _I),
    "agentless_passive": re.compile(r"\b(was|were|has been|have been|had been|being) (sanctioned|blacklisted|designated|"
                                    r"listed|placed under sanctions)\b", _I),
    "adjectival_mention": re.compile(r"\b(sanctioned (\w+)|sanctions-(hit|busting|evasion|stricken))\b", _I),
}
_HEDGED_DENIAL = re.compile(r"knowingly|complied|compl(y|ies|iance)|not aware|no evidence|does not (source|supply)", _I)
_INDIRECT_THREAT = re.compile(r"right to respond|necessary measures|not go unanswered|always be answered|in kind|"
                              r"reciproca|respond (firmly|accordingly|decisively)|countermeasures", _I)
_REFUSAL = re.compile(r"\b(will|would|won['\u2019]t|cannot|can['\u2019]t|does not|do not) (not )?(accept|allow|tolerate)\b", _I)
# A quotation inside quoted words: single marks opening after a space (not an apostrophe).
_NESTED_QUOTE = re.compile(r"(?:^|\s)[\u2018'][^\u2018\u2019']{2,120}[\u2019'](?![a-z])")
_LICENCE = re.compile(r"licen[cs]e|waiver|exemption|carve-out", _I)
_CAP = re.compile(r"\bcap\b|price cap|capp", _I)
_RENEWAL = re.compile(r"extend|renew|prolong|roll(ed)? over", _I)


def _words(text: str) -> int:
    return len(text.split())


def phenomena(docs: Iterable[CorpusDoc]) -> dict[str, int]:
    """Estimated counts of the phenomena real reporting has (patterns above, plus annotation-based ones)."""
    c: Counter = Counter()
    for d in docs:
        t = d.text
        for name, pattern in TEXT_PATTERNS.items():
            c[name] += len(pattern.findall(t))
        for cl in d.claims:
            content = t[cl.content[0]:cl.content[1]]
            cue = t[cl.cue[0]:cl.cue[1]].lower()
            c["outlet_relay_or_finding"] += cue.startswith("report")
            c["hedged_or_compliance_denial"] += cl.type == "denial" and bool(_HEDGED_DENIAL.search(content))
            c["indirect_threat"] += cl.type == "threat" and bool(_INDIRECT_THREAT.search(content))
            c["will_not_accept"] += bool(_REFUSAL.search(content))
            c["nested_quote"] += cl.quote != "indirect" and bool(_NESTED_QUOTE.search(content))
        for s in d.sanctions:
            around = t[max(0, s.trigger[0] - 80):s.trigger[1] + 80]
            trigger = t[s.trigger[0]:s.trigger[1]]
            c["licence_or_waiver"] += bool(_LICENCE.search(around))
            c["price_cap"] += bool(_CAP.search(around))
            c["renewal_or_extension"] += bool(_RENEWAL.search(trigger))
            c["delisting_or_relief"] += s.status == "lifted"
            c["entry_ban_list"] += "travel_ban" in s.measures and len(s.targets) >= 3
    return dict(sorted(c.items()))


def density(docs: list[CorpusDoc]) -> dict[str, Any]:
    """Documents, words, lengths, claims and actions per 100 words, claim-type shares."""
    words = [_words(d.text) for d in docs]
    types = Counter(c.type for d in docs for c in d.claims)
    n_claims = sum(types.values())
    n_actions = sum(len(d.sanctions) for d in docs)
    total = sum(words) or 1
    return {
        "documents": len(docs), "words": sum(words),
        "median_words": statistics.median(words) if words else 0, "min_words": min(words, default=0),
        "max_words": max(words, default=0),
        "claims_per_100_words": round(100 * n_claims / total, 2),
        "actions_per_100_words": round(100 * n_actions / total, 2),
        "claim_type_shares": {t: round(types[t] / n_claims, 3) if n_claims else 0.0 for t in CLAIM_TYPES},
    }


def reference_density(docs_dir: Path) -> dict[str, Any]:
    """The same statistics for real articles in realnews-dev's format (statistics only)."""
    files = sorted(docs_dir.glob("*.json"))
    words, types, actions = [], Counter(), 0
    for f in files:
        d = json.loads(f.read_text(encoding="utf-8"))
        words.append(_words(d["text"]))
        types.update(c["type"] for c in d.get("claims", []))
        actions += len(d.get("sanctions", []))
    n_claims = sum(types.values())
    total = sum(words) or 1
    return {
        "documents": len(files), "words": sum(words), "median_words": statistics.median(words) if words else 0,
        "claims_per_100_words": round(100 * n_claims / total, 2),
        "actions_per_100_words": round(100 * actions / total, 2),
        "claim_type_shares": {t: round(types[t] / n_claims, 3) if n_claims else 0.0 for t in CLAIM_TYPES},
    }


def realism(docs: list[CorpusDoc], groups: dict[str, set[str]], reference: Path | None) -> dict[str, Any]:
    """Density per group of writer batches (and the reference), and phenomena per group."""
    out: dict[str, Any] = {}
    for name, batches in groups.items():
        members = [d for d in docs if batch_of(d.id) in batches]
        out[name] = {**density(members), "phenomena": phenomena(members)}
    if reference is not None and reference.is_dir():
        out["reference"] = reference_density(reference)
    return out
