"""SPEC entity mentions from NER spans, and their grouping into document entities (SPEC 1, 5).

`clean_mentions` maps NER labels to PERSON/ORG/GPE/NORP and fixes span edges by the
guideline (no leading "the", no possessive, no titles, a country's possessive split off an
ORG, platforms dropped). `group_mentions` puts mentions of one thing together: the same
name, an acronym of a longer name ("EU" / "European Union", "U.S." / "United States"), and
a surname or first name of a full PERSON name. Pure functions; the Doc is not changed.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from spacy.tokens import Doc, Span

from models.rules import lexicon

_STOP_INITIALS = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "&"}
_POSSESSIVES = {"'s", "\u2019s", "'", "\u2019"}


class Mention(NamedTuple):
    start: int
    end: int
    label: str


class EntityGroup(NamedTuple):
    label: str
    name: str
    mentions: tuple[Mention, ...]


def _lowercase_word(tok) -> bool:  # type: ignore[no-untyped-def]
    """A lower-case word that is no name particle ("von", "al", "de" stay)."""
    return tok.is_alpha and tok.is_lower and tok.lower_ not in lexicon.NAME_PARTICLES


def _fix_edges(ent: Span, label: str) -> Iterator[tuple[Span, str]]:
    """Apply the span rules of SPEC 1/5 to one NER span; may yield two spans (possessive split)."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct and doc[end - 1].text not in {"."}):
        end -= 1
    if label == "PERSON":  # titles and descriptions stay outside a name ("academic Jo Smith", "Baroness Kennedy")
        while start < end - 1 and (doc[start].lower_ in lexicon.PERSON_TITLES or _lowercase_word(doc[start])):
            start += 1
        while end - 1 > start and _lowercase_word(doc[end - 1]):
            end -= 1
        while end - 1 > start and doc[end - 1].lower_ in lexicon.PERSON_SUFFIXES:
            end -= 1
    if label == "ORG":  # "China's Foreign Ministry": GPE China + ORG Foreign Ministry
        for i in range(start + 1, end - 1):
            if doc[i].text in _POSSESSIVES:
                left = doc[start:i]
                if left.text[:1].isupper():
                    yield left, "GPE"
                start = i + 1
                break
    if end <= start:
        return
    span = doc[start:end]
    if span.text.lower() in lexicon.NON_ENTITIES or not any(c.isupper() for c in span.text):
        return
    yield span, label


def clean_mentions(doc: Doc) -> list[Span]:
    """NER spans with SPEC labels and SPEC edges; other NER labels (DATE, ...) pass through unchanged."""
    out: list[Span] = []
    for ent in doc.ents:
        label = lexicon.SPACY_LABEL_MAP.get(ent.label_)
        if label is None:
            out.append(ent)
            continue
        for span, lab in _fix_edges(ent, label):
            out.append(Span(doc, span.start, span.end, label=lab))
    return out


def dateline_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
    """An upper-case place opening a paragraph before a dash or bracket ("LISBON -") is a GPE."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    extra: list[Span] = []
    for tok in doc:
        starts_par = tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or doc[tok.i - 1].is_space
        if not starts_par or not tok.is_upper or not tok.is_alpha or len(tok) < 3:
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].is_upper and doc[end].is_alpha and end - tok.i < 3:
            end += 1
        if end < len(doc) and doc[end].text in {"-", "\u2014", "\u2013", "(", ","} and not taken & set(range(tok.i, end)):
            extra.append(Span(doc, tok.i, end, label="GPE"))
    return sorted([*mentions, *extra], key=lambda s: s.start)


def surname_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
    """Later one-word mentions of a full PERSON name ("Zhu" after "Zhu Hailun") that NER missed."""
    names: dict[str, Span] = {}
    for m in mentions:
        if m.label_ == "PERSON" and len(m) >= 2:
            names.setdefault(m[-1].text, m)
            names.setdefault(m[0].text, m)  # family name first ("Zhu Hailun" ... "Zhu")
    taken = {i for m in mentions for i in range(m.start, m.end)}
    extra: list[Span] = []
    for tok in doc:
        full = names.get(tok.text)
        if full is None or tok.i in taken or tok.i < full.end or not tok.text[:1].isupper():
            continue
        extra.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
    return sorted([*mentions, *extra], key=lambda s: s.start)


def _key(text: str) -> str:
    return re.sub(r"[^\w ]", "", text.lower()).replace("the ", "").strip()


def _initials(text: str) -> str:
    words = [w for w in re.split(r"[\s-]+", text) if w and w.lower() not in _STOP_INITIALS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _acronym(text: str) -> str | None:
    """The letters of an acronym ("EU", "U.S.", "OFAC"), or None if the mention is not one."""
    letters = text.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return letters
    return None


def group_mentions(doc: Doc, mentions: list[Span]) -> list[EntityGroup]:
    """Group SPEC mentions of one thing; a group's name is its longest mention."""
    groups: list[list[Span]] = []
    by_key: dict[str, int] = {}
    for m in mentions:
        if m.label_ not in lexicon.SPACY_LABEL_MAP.values():
            continue
        key = _key(m.text)
        if key in by_key:
            groups[by_key[key]].append(m)
            continue
        by_key[key] = len(groups)
        groups.append([m])
    # Merge acronyms and partial person names into the group of the fuller name.
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    full_names = [(i, g[0].text, g[0].label_) for i, g in enumerate(groups)]
    for i, text, label in full_names:
        acro = _acronym(text)
        for j, other, other_label in full_names:
            if i == j or find(i) == find(j):
                continue
            if acro and len(other.split()) >= 2 and _initials(other) == acro and other_label in {"ORG", "GPE"}:
                parent[find(i)] = find(j)
            elif label == "PERSON" and other_label == "PERSON" and len(text.split()) == 1:
                parts = other.split()
                if len(parts) >= 2 and text in (parts[-1], parts[0]):
                    parent[find(i)] = find(j)
    merged: dict[int, list[Span]] = {}
    for i, g in enumerate(groups):
        merged.setdefault(find(i), []).extend(g)
    out: list[EntityGroup] = []
    for spans in merged.values():
        spans.sort(key=lambda s: s.start_char)
        name_span = max(spans, key=lambda s: (len(s.text), -s.start_char))
        label = name_span.label_
        out.append(EntityGroup(label, name_span.text, tuple(Mention(s.start_char, s.end_char, s.label_) for s in spans)))
    out.sort(key=lambda g: g.mentions[0].start)
    return out
