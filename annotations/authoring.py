"""Authoring format: articles annotated with plain strings, resolved to character offsets.

Writers annotate in `annotations/source/**/<id>.json` (format in annotations/AUTHORING.md):
every span is a string that occurs in the text, and this module finds its offsets by
fixed, documented rules. The resolved document is what the Label Studio converter
(`annotations/studio_format.py`) writes out. Standard library only.

Run `python3 -m annotations.authoring check FILE...` to validate source files.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from models.labels import CLAIM_TYPES, ENTITY_LABELS, MEASURES, QUOTE_KINDS, STATUSES, STYLES

MIN_WORDS = 150
MAX_WORDS = 1200
# How far (in characters) a claimant or cue may sit from its content, or an argument from its trigger.
MAX_ARGUMENT_DISTANCE = 600
_CLOSING_CHARS = set(".,;:!?\"'\u201d\u2019)")
_OPENING_CHARS = set("\"'\u201c\u2018(")
# Names whose "The" is part of the name (SPEC 1 lists "The Hague"); a leading "the" is otherwise outside.
NAMES_WITH_THE = frozenset({"The Hague", "The Gambia", "The Bahamas"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")


class AuthoringError(ValueError):
    """A source document that cannot be resolved; the message names the field."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class ResolvedClaim:
    content: Span
    claimant: Span
    cue: Span
    type: str
    quote: str
    claimant_ref: Span | None = None


@dataclass
class ResolvedSanction:
    trigger: Span
    authority: Span
    targets: list[Span]
    measures: list[str]
    status: str
    reason: Span | None = None
    date: Span | None = None
    authority_ref: Span | None = None


@dataclass
class ResolvedDocument:
    id: str
    text: str
    meta: dict[str, Any]
    entities: list[tuple[Span, str]] = field(default_factory=list)
    claims: list[ResolvedClaim] = field(default_factory=list)
    sanctions: list[ResolvedSanction] = field(default_factory=list)


def find_all(text: str, needle: str) -> list[Span]:
    """Every occurrence of `needle`, with word boundaries where it starts/ends in a word character."""
    if not needle:
        return []
    pattern = re.escape(needle)
    if needle[0].isalnum():
        pattern = r"(?<![\w])" + pattern
    if needle[-1].isalnum():
        pattern = pattern + r"(?![\w])"
    return [Span(m.start(), m.end(), m.group(0)) for m in re.finditer(pattern, text)]


def _distance(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def nearest(text: str, needle: str, anchor: Span, what: str, *, disjoint: bool = True) -> Span:
    """The occurrence of `needle` closest to `anchor` (ties go to the earlier one)."""
    spans = find_all(text, needle)
    if disjoint:
        spans = [s for s in spans if s.end <= anchor.start or s.start >= anchor.end or s == anchor] or spans
    if not spans:
        raise AuthoringError(f"{what} {needle!r} does not occur in the text")
    best = min(spans, key=lambda s: (_distance(s, anchor), s.start))
    if _distance(best, anchor) > MAX_ARGUMENT_DISTANCE:
        raise AuthoringError(
            f"{what} {needle!r} is {_distance(best, anchor)} characters from {anchor.text[:40]!r} "
            f"(at most {MAX_ARGUMENT_DISTANCE})"
        )
    return best


def nth(text: str, needle: str, n: int, what: str) -> Span:
    """The n-th (1-based) occurrence of `needle`; several occurrences need an explicit n."""
    spans = find_all(text, needle)
    if not spans:
        raise AuthoringError(f"{what} {needle!r} does not occur in the text")
    if n < 1 or n > len(spans):
        raise AuthoringError(f"{what} {needle!r} occurs {len(spans)} time(s); n={n} is out of range")
    return spans[n - 1]


def _need(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise AuthoringError(f"{where}: missing field {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        raise AuthoringError(f"{where}: field {key!r} must be {kind.__name__}, got {type(value).__name__}")
    return value


def _check_edges(span: Span, where: str) -> None:
    """Spans start and end on a word: no surrounding spaces, no trailing punctuation or quote marks."""
    if span.text != span.text.strip():
        raise AuthoringError(f"{where}: {span.text!r} has leading or trailing white space")
    if span.text[-1] in _CLOSING_CHARS and not span.text.endswith(("Ltd.", "Co.", "Inc.", "Corp.", "S.A.", "U.S.", "U.K.", "Jr.", "Bros.")):
        raise AuthoringError(f"{where}: {span.text!r} ends with punctuation or a quotation mark")
    if span.text[0] in _OPENING_CHARS:
        raise AuthoringError(f"{where}: {span.text!r} starts with a quotation mark or bracket")


def resolve_entities(text: str, entries: list[dict[str, Any]]) -> list[tuple[Span, str]]:
    """Label every occurrence of each listed surface form; longer forms win overlaps."""
    candidates: list[tuple[Span, str]] = []
    seen: dict[str, str] = {}
    for i, ent in enumerate(entries):
        where = f"entities[{i}]"
        label = _need(ent, "label", str, where)
        surface = _need(ent, "text", str, where)
        if label not in ENTITY_LABELS:
            raise AuthoringError(f"{where}: label {label!r} is not one of {list(ENTITY_LABELS)}")
        if surface in seen and seen[surface] != label:
            raise AuthoringError(f"{where}: {surface!r} is listed as both {seen[surface]} and {label}")
        seen[surface] = label
        if surface.lower().startswith("the ") and surface not in NAMES_WITH_THE:
            raise AuthoringError(f"{where}: {surface!r}: a leading 'the' stays outside entity spans")
        spans = find_all(text, surface)
        if not spans:
            raise AuthoringError(f"{where}: {surface!r} does not occur in the text")
        skip = set(ent.get("skip", []))
        for k, span in enumerate(spans, start=1):
            if k not in skip:
                _check_edges(span, where)
                candidates.append((span, label))
    # Longest first; a shorter candidate overlapping a kept one is dropped.
    candidates.sort(key=lambda c: (-(c[0].end - c[0].start), c[0].start))
    kept: list[tuple[Span, str]] = []
    for span, label in candidates:
        if all(span.end <= k.start or span.start >= k.end for k, _ in kept):
            kept.append((span, label))
    kept.sort(key=lambda c: c[0].start)
    return kept


def resolve_claim(text: str, claim: dict[str, Any], where: str) -> ResolvedClaim:
    """Content by its n-th occurrence; cue nearest the content (or its `cue_n`-th occurrence); claimant nearest the cue."""
    ctype = _need(claim, "type", str, where)
    if ctype not in CLAIM_TYPES:
        raise AuthoringError(f"{where}: type {ctype!r} is not one of {list(CLAIM_TYPES)}")
    quote = _need(claim, "quote", str, where)
    if quote not in QUOTE_KINDS:
        raise AuthoringError(f"{where}: quote {quote!r} is not one of {list(QUOTE_KINDS)}")
    content = nth(text, _need(claim, "content", str, where), int(claim.get("n", 1)), f"{where}: content")
    _check_edges(content, f"{where}: content")
    cue_text = _need(claim, "cue", str, where)
    if "cue_n" in claim:  # an explicit occurrence where the nearest one is another speaker's verb
        cue = nth(text, cue_text, int(claim["cue_n"]), f"{where}: cue")
        if _distance(cue, content) > MAX_ARGUMENT_DISTANCE:
            raise AuthoringError(f"{where}: cue {cue_text!r} occurrence {claim['cue_n']} is too far from the content")
    else:
        cue = nearest(text, cue_text, content, f"{where}: cue")
    claimant = nearest(text, _need(claim, "claimant", str, where), cue, f"{where}: claimant")
    _check_edges(claimant, f"{where}: claimant")
    ref = claim.get("claimant_ref")
    ref_span = nearest(text, ref, claimant, f"{where}: claimant_ref") if ref else None
    if ref_span is not None and _distance(ref_span, claimant) > MAX_ARGUMENT_DISTANCE:
        raise AuthoringError(f"{where}: claimant_ref {ref!r} is too far from the claimant")
    return ResolvedClaim(content, claimant, cue, ctype, quote, ref_span)


def resolve_sanction(text: str, action: dict[str, Any], where: str) -> ResolvedSanction:
    """Trigger by its n-th occurrence; authority, targets, reason and date nearest the trigger."""
    status = _need(action, "status", str, where)
    if status not in STATUSES:
        raise AuthoringError(f"{where}: status {status!r} is not one of {list(STATUSES)}")
    measures = _need(action, "measures", list, where)
    for m in measures:
        if m not in MEASURES:
            raise AuthoringError(f"{where}: measure {m!r} is not one of {list(MEASURES)}")
    if len(set(measures)) != len(measures):
        raise AuthoringError(f"{where}: a measure is listed twice")
    trigger = nth(text, _need(action, "trigger", str, where), int(action.get("n", 1)), f"{where}: trigger")
    authority = nearest(text, _need(action, "authority", str, where), trigger, f"{where}: authority")
    _check_edges(authority, f"{where}: authority")
    target_texts = _need(action, "targets", list, where)
    if not target_texts:
        raise AuthoringError(f"{where}: no target, no action (SPEC section 5)")
    targets = []
    for j, t in enumerate(target_texts):
        span = nearest(text, t, trigger, f"{where}: targets[{j}]")
        _check_edges(span, f"{where}: targets[{j}]")
        targets.append(span)
    if len(set(targets)) != len(targets):
        raise AuthoringError(f"{where}: a target is listed twice")
    reason = action.get("reason")
    date = action.get("date")
    ref = action.get("authority_ref")
    return ResolvedSanction(
        trigger=trigger,
        authority=authority,
        targets=targets,
        measures=list(measures),
        status=status,
        reason=nearest(text, reason, trigger, f"{where}: reason") if reason else None,
        date=nearest(text, date, trigger, f"{where}: date") if date else None,
        authority_ref=nearest(text, ref, authority, f"{where}: authority_ref") if ref else None,
    )


def resolve(doc: dict[str, Any]) -> ResolvedDocument:
    """Resolve one source document; raises AuthoringError naming the first problem."""
    doc_id = _need(doc, "id", str, "document")
    if not _ID_RE.match(doc_id):
        raise AuthoringError(f"id {doc_id!r} must be lowercase letters, digits and '-'")
    text = _need(doc, "text", str, doc_id)
    style = doc.get("style")
    if style not in STYLES:
        raise AuthoringError(f"{doc_id}: style {style!r} is not one of {list(STYLES)}")
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise AuthoringError(f"{doc_id}: {words} words; articles have {MIN_WORDS}-{MAX_WORDS}")
    meta = {k: v for k, v in doc.items() if k not in {"text", "entities", "claims", "sanctions"}}
    out = ResolvedDocument(id=doc_id, text=text, meta=meta)
    out.entities = resolve_entities(text, _need(doc, "entities", list, doc_id))
    out.claims = [
        resolve_claim(text, c, f"{doc_id}: claims[{i}]") for i, c in enumerate(_need(doc, "claims", list, doc_id))
    ]
    out.sanctions = [
        resolve_sanction(text, s, f"{doc_id}: sanctions[{i}]")
        for i, s in enumerate(_need(doc, "sanctions", list, doc_id))
    ]
    contents = [(c.content.start, c.content.end) for c in out.claims]
    if len(set(contents)) != len(contents):
        raise AuthoringError(f"{doc_id}: two claims have the same content span (use n to pick occurrences)")
    return out


def load_source(path: Path) -> dict[str, Any]:
    """Read one source file; a file that is not a JSON object is an AuthoringError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AuthoringError(f"{path}: not valid UTF-8 JSON ({err})") from None
    if not isinstance(data, dict):
        raise AuthoringError(f"{path}: the file must hold one JSON object")
    return data


def iter_source_files(paths: Iterable[Path]) -> Iterable[Path]:
    """Expand folders into their *.json files, sorted."""
    for p in paths:
        if p.is_dir():
            yield from sorted(p.rglob("*.json"))
        else:
            yield p


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        sys.stderr.write("usage: python3 -m annotations.authoring check FILE_OR_DIR...\n")
        return 2
    errors = 0
    n = 0
    ids: dict[str, Path] = {}
    for path in iter_source_files(Path(a) for a in argv[1:]):
        n += 1
        try:
            doc = resolve(load_source(path))
            if doc.id in ids:
                raise AuthoringError(f"id {doc.id!r} is also used by {ids[doc.id]}")
            ids[doc.id] = path
        except AuthoringError as err:
            errors += 1
            sys.stdout.write(f"{path}: {err}\n")
    sys.stdout.write(f"{n} file(s) checked, {errors} with errors\n")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
