"""Label Studio task format of the corpus: resolved documents to tasks and back, with SPEC checks.

A task holds `data` (doc_id, text, title, style) and one or more `annotations`; the newest
non-cancelled annotation is the document's labels. Its `result` has span regions (tags
`entity`, `claim`, `sanction`), relations (claimant/cue -> claim, authority -> trigger,
trigger -> target/reason/date, refers_to -> an entity mention) and per-region choices
(`claim_type`, `quote` on claims; `measures`, `status` on triggers). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotations.authoring import ResolvedClaim, ResolvedDocument, ResolvedSanction, Span
from models.labels import (
    CLAIM_SPAN_LABELS,
    CLAIM_TYPES,
    ENTITY_LABELS,
    MEASURES,
    QUOTE_KINDS,
    SANCTION_SPAN_LABELS,
    STATUSES,
)

TO_NAME = "text"
ENTITY_TAG = "entity"
CLAIM_TAG = "claim"
SANCTION_TAG = "sanction"
CHOICE_TAGS: dict[str, tuple[str, ...]] = {
    "claim_type": CLAIM_TYPES,
    "quote": QUOTE_KINDS,
    "measures": MEASURES,
    "status": STATUSES,
}
RELATION_LABELS: tuple[str, ...] = ("claimant", "cue", "authority", "target", "reason", "date", "refers_to")
SPAN_TAGS: dict[str, tuple[str, ...]] = {
    ENTITY_TAG: ENTITY_LABELS,
    CLAIM_TAG: CLAIM_SPAN_LABELS,
    SANCTION_TAG: SANCTION_SPAN_LABELS,
}

CharRange = tuple[int, int]


class FormatError(ValueError):
    """A task that does not satisfy the corpus format; `problems` lists every issue found."""

    def __init__(self, doc_id: str, problems: list[str]) -> None:
        super().__init__(f"{doc_id}: " + "; ".join(problems))
        self.doc_id = doc_id
        self.problems = problems


@dataclass
class CorpusClaim:
    content: CharRange
    claimant: CharRange
    cue: CharRange
    type: str
    quote: str
    claimant_ref: CharRange | None = None


@dataclass
class CorpusSanction:
    trigger: CharRange
    authority: CharRange
    targets: list[CharRange]
    measures: list[str]
    status: str
    reason: CharRange | None = None
    date: CharRange | None = None
    authority_ref: CharRange | None = None


@dataclass
class CorpusDoc:
    """One corpus document with character-offset annotations."""

    id: str
    text: str
    meta: dict[str, Any]
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    claims: list[CorpusClaim] = field(default_factory=list)
    sanctions: list[CorpusSanction] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)


class _ResultBuilder:
    """Collects result items; identical (tag, label, offsets) regions are shared, anchors never."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[dict[str, Any]] = []
        self.shared: dict[tuple[str, str, int, int], str] = {}
        self.counter = 0

    def region(self, tag: str, label: str, span: Span | CharRange, *, share: bool = True) -> str:
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        key = (tag, label, start, end)
        if share and key in self.shared:
            return self.shared[key]
        self.counter += 1
        rid = f"r{self.counter}"
        self.items.append({
            "id": rid, "from_name": tag, "to_name": TO_NAME, "type": "labels", "origin": "manual",
            "value": {"start": start, "end": end, "text": self.text[start:end], "labels": [label]},
        })
        if share:
            self.shared[key] = rid
        return rid

    def choice(self, rid: str, tag: str, values: list[str], span: Span) -> None:
        self.items.append({
            "id": rid, "from_name": tag, "to_name": TO_NAME, "type": "choices", "origin": "manual",
            "value": {"start": span.start, "end": span.end, "text": span.text, "choices": list(values)},
        })

    def relation(self, from_id: str, to_id: str, label: str) -> None:
        self.items.append({"type": "relation", "from_id": from_id, "to_id": to_id, "direction": "right", "labels": [label]})


def result_items(doc: ResolvedDocument) -> list[dict[str, Any]]:
    """Label Studio result items (regions, choices, relations) for a resolved document."""
    b = _ResultBuilder(doc.text)
    entity_ids: dict[CharRange, str] = {}
    for span, label in doc.entities:
        entity_ids[(span.start, span.end)] = b.region(ENTITY_TAG, label, span)
    referred: set[str] = set()

    def refer(region: str, ref: Span | None) -> None:
        target = entity_ids.get((ref.start, ref.end)) if ref is not None else None
        if target is not None and region not in referred:
            referred.add(region)
            b.relation(region, target, "refers_to")

    for c in doc.claims:
        cid = b.region(CLAIM_TAG, "CLAIM", c.content, share=False)
        b.choice(cid, "claim_type", [c.type], c.content)
        b.choice(cid, "quote", [c.quote], c.content)
        claimant = b.region(CLAIM_TAG, "CLAIMANT", c.claimant)
        b.relation(claimant, cid, "claimant")
        b.relation(b.region(CLAIM_TAG, "CUE", c.cue), cid, "cue")
        refer(claimant, c.claimant_ref)
    for s in doc.sanctions:
        tid = b.region(SANCTION_TAG, "TRIGGER", s.trigger, share=False)
        b.choice(tid, "status", [s.status], s.trigger)
        if s.measures:
            b.choice(tid, "measures", s.measures, s.trigger)
        authority = b.region(SANCTION_TAG, "AUTHORITY", s.authority)
        b.relation(authority, tid, "authority")
        for t in s.targets:
            b.relation(tid, b.region(SANCTION_TAG, "TARGET", t), "target")
        if s.reason is not None:
            b.relation(tid, b.region(SANCTION_TAG, "REASON", s.reason), "reason")
        if s.date is not None:
            b.relation(tid, b.region(SANCTION_TAG, "DATE", s.date), "date")
        refer(authority, s.authority_ref)
    return b.items


def to_task(doc: ResolvedDocument, *, annotator: str, created_at: str) -> dict[str, Any]:
    """The Label Studio task (with one annotation) for a resolved authoring document."""
    data = {"doc_id": doc.id, "text": doc.text}
    for key in ("title", "style", "url", "published", "event", "outlet"):
        if key in doc.meta:
            data[key] = doc.meta[key]
    return {
        "data": data,
        "annotations": [
            {
                "completed_by": annotator,
                "created_at": created_at,
                "updated_at": created_at,
                "was_cancelled": False,
                "ground_truth": False,
                "result": result_items(doc),
                "meta": {"source": "authoring"},
            }
        ],
        "predictions": [],
    }


def resolved_from_extraction(doc_id: str, text: str, extraction: dict[str, Any]) -> ResolvedDocument:
    """A SPEC section 4 document as a ResolvedDocument, so predictions use the annotation format."""
    def span(x: dict[str, Any] | None) -> Span | None:
        return None if x is None else Span(int(x["start"]), int(x["end"]), text[int(x["start"]):int(x["end"])])

    mentions: dict[str, Span] = {}
    doc = ResolvedDocument(id=doc_id, text=text, meta={})
    for ent in extraction.get("entities", []):
        for m in ent["mentions"]:
            doc.entities.append((span(m), ent["label"]))  # type: ignore[arg-type]
        if ent["mentions"]:
            mentions[ent["id"]] = span(ent["mentions"][0])  # type: ignore[assignment]
    for c in extraction.get("claims", []):
        doc.claims.append(ResolvedClaim(span(c["content"]), span(c["claimant"]), span(c["cue"]),  # type: ignore[arg-type]
                                        c["type"], c["quote"], mentions.get(c["claimant"].get("entity") or "")))
    for s in extraction.get("sanctions", []):
        doc.sanctions.append(ResolvedSanction(
            span(s["trigger"]), span(s["authority"]), [span(t) for t in s["targets"]],  # type: ignore[arg-type,misc]
            list(s["measures"]), s["status"], span(s.get("reason")), span(s.get("date")),
            mentions.get(s["authority"].get("entity") or ""),
        ))
    return doc


def current_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The newest annotation that was not cancelled, or None."""
    anns = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not anns:
        return None
    return max(anns, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), str(a.get("id", ""))))


def from_task(task: dict[str, Any]) -> CorpusDoc:
    """Read a task's current annotation into a CorpusDoc; FormatError lists every problem."""
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise FormatError(str(task.get("id", "?")) if isinstance(task, dict) else "?", ["task has no data.text"])
    text: str = data["text"]
    doc_id = str(data.get("doc_id") or task.get("id") or "?")
    problems: list[str] = []
    ann = current_annotation(task)
    if ann is None:
        raise FormatError(doc_id, ["task has no completed annotation"])
    regions: dict[str, tuple[str, str, int, int]] = {}
    choices: dict[tuple[str, str], list[str]] = {}
    relations: list[tuple[str, str, str]] = []
    for n, item in enumerate(ann.get("result") or []):
        if not isinstance(item, dict):
            problems.append(f"result[{n}] is not an object")
            continue
        kind = item.get("type")
        if kind == "relation":
            labels = item.get("labels") or []
            if len(labels) != 1 or labels[0] not in RELATION_LABELS:
                problems.append(f"relation {item.get('from_id')}->{item.get('to_id')} has labels {labels}")
                continue
            relations.append((str(item.get("from_id")), str(item.get("to_id")), labels[0]))
            continue
        value = item.get("value") or {}
        rid = str(item.get("id"))
        tag = item.get("from_name")
        if kind == "labels":
            start, end, labels = value.get("start"), value.get("end"), value.get("labels") or []
            if tag not in SPAN_TAGS:
                problems.append(f"region {rid} uses unknown tag {tag!r}")
                continue
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
                problems.append(f"region {rid} has offsets {start}..{end} outside the text")
                continue
            if value.get("text") is not None and value["text"] != text[start:end]:
                problems.append(f"region {rid}: text {value['text']!r} != input[{start}:{end}] {text[start:end]!r}")
            if len(labels) != 1 or labels[0] not in SPAN_TAGS[tag]:
                problems.append(f"region {rid} ({tag}) has labels {labels}")
                continue
            if rid in regions:
                problems.append(f"region id {rid} is used twice")
            regions[rid] = (tag, labels[0], start, end)
        elif kind == "choices":
            if tag not in CHOICE_TAGS:
                problems.append(f"choices on {rid} use unknown tag {tag!r}")
                continue
            values = value.get("choices") or []
            bad = [v for v in values if v not in CHOICE_TAGS[tag]]
            if bad:
                problems.append(f"choices {tag} on {rid} has values {bad} not in SPEC")
            choices[(rid, tag)] = list(values)
        else:
            problems.append(f"result[{n}] has unknown type {kind!r}")
    doc = CorpusDoc(id=doc_id, text=text, meta={k: v for k, v in data.items() if k not in {"text"}})
    doc.provenance = {k: ann.get(k) for k in ("completed_by", "created_at", "updated_at", "id", "meta") if ann.get(k) is not None}
    incoming: dict[str, list[tuple[str, str]]] = {}
    outgoing: dict[str, list[tuple[str, str]]] = {}
    for src, dst, label in relations:
        if src not in regions or dst not in regions:
            problems.append(f"relation {label} {src}->{dst} points to a missing region")
            continue
        incoming.setdefault(dst, []).append((src, label))
        outgoing.setdefault(src, []).append((dst, label))

    def rng(rid: str) -> CharRange:
        return regions[rid][2], regions[rid][3]

    def ref_of(rid: str) -> CharRange | None:
        refs = [d for d, lab in outgoing.get(rid, []) if lab == "refers_to" and regions[d][0] == ENTITY_TAG]
        return rng(refs[0]) if refs else None

    for rid, (tag, label, start, end) in sorted(regions.items(), key=lambda kv: (kv[1][2], kv[0])):
        if tag == ENTITY_TAG:
            doc.entities.append((start, end, label))
        elif label == "CLAIM":
            claimants = [s for s, lab in incoming.get(rid, []) if lab == "claimant"]
            cues = [s for s, lab in incoming.get(rid, []) if lab == "cue"]
            ctype = choices.get((rid, "claim_type"), [])
            quote = choices.get((rid, "quote"), [])
            if len(claimants) != 1 or regions[claimants[0]][1] != "CLAIMANT":
                problems.append(f"claim {rid} {text[start:end][:40]!r} needs exactly one CLAIMANT relation")
                continue
            if len(cues) != 1 or regions[cues[0]][1] != "CUE":
                problems.append(f"claim {rid} {text[start:end][:40]!r} needs exactly one CUE relation")
                continue
            if len(ctype) != 1 or len(quote) != 1:
                problems.append(f"claim {rid} needs one claim_type and one quote choice")
                continue
            doc.claims.append(CorpusClaim(rng(rid), rng(claimants[0]), rng(cues[0]), ctype[0], quote[0], ref_of(claimants[0])))
        elif label == "TRIGGER":
            auths = [s for s, lab in incoming.get(rid, []) if lab == "authority"]
            outs = outgoing.get(rid, [])
            targets = [d for d, lab in outs if lab == "target" and regions[d][1] == "TARGET"]
            reasons = [d for d, lab in outs if lab == "reason" and regions[d][1] == "REASON"]
            dates = [d for d, lab in outs if lab == "date" and regions[d][1] == "DATE"]
            status = choices.get((rid, "status"), [])
            measures = choices.get((rid, "measures"), [])
            if len(auths) != 1 or regions[auths[0]][1] != "AUTHORITY":
                problems.append(f"trigger {rid} {text[start:end][:40]!r} needs exactly one AUTHORITY relation")
                continue
            if not targets:
                problems.append(f"trigger {rid} {text[start:end][:40]!r} has no TARGET (SPEC 5: no target, no action)")
                continue
            if len(status) != 1:
                problems.append(f"trigger {rid} needs one status choice")
                continue
            if len(set(measures)) != len(measures):
                problems.append(f"trigger {rid} lists a measure twice")
            doc.sanctions.append(CorpusSanction(
                rng(rid), rng(auths[0]), sorted(rng(t) for t in targets), list(measures), status[0],
                rng(reasons[0]) if reasons else None, rng(dates[0]) if dates else None, ref_of(auths[0]),
            ))
    if problems:
        raise FormatError(doc_id, problems)
    return doc
