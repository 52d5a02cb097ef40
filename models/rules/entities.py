"""SPEC entity mentions from NER spans, and their grouping into document entities (SPEC 1, 5).

`spec_mentions` runs the steps in order. `clean_mentions` maps NER labels to PERSON/ORG/GPE/NORP
and fixes span edges by the guideline (no leading "the" or other function word, nothing from a
finite verb on, no possessive, no titles, a country's possessive split off an ORG, a religion
split off another NORP word, platforms dropped); a name ending in a company word is ORG, a
PERSON ending in a place word GPE; photo credits and "Washington, D.C." are read whole.
`dateline_mentions` adds the upper-case places that open a paragraph, `surname_mentions` later
one-word mentions of full names; `relabel_mentions` settles labels from the rest of the document
(a company's short name, a name described as an organization or a person, a part of a full
name, the other number of a group name); `norp_mentions` adds group names NER missed.
`group_mentions` puts mentions of one thing together: the same name, an acronym of a longer
name ("EU" / "European Union", "U.S." / "United States"), and a surname or first name of a full
PERSON name; a group takes the label most of its mentions carry. Pure functions; the Doc is
not changed.
"""

from __future__ import annotations

import re
from collections import Counter
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


def _trim(ent: Span, label: str) -> tuple[int, int]:
    """Token bounds of one NER span without what SPEC 1/5 leaves outside a name: leading function words
    ("the", "Via"), anything from a finite verb or adverb on ("Acme Sues"), trailing punctuation and
    possessives, and for a PERSON titles, descriptions and honorifics ("academic Jo Smith QC")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and doc[start].lower_ in lexicon.LEADING_FUNCTION_WORDS:
        start += 1
    end = next((i for i in range(start + 1, end) if doc[i].tag_ in lexicon.NON_NAME_TAGS), end)
    while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct and doc[end - 1].text not in {"."}):
        end -= 1
    if label == "PERSON":
        while start < end - 1 and (doc[start].lower_ in lexicon.PERSON_TITLES or _lowercase_word(doc[start])):
            start += 1
        while end - 1 > start and _lowercase_word(doc[end - 1]):
            end -= 1
        while end - 1 > start and doc[end - 1].lower_ in lexicon.PERSON_SUFFIXES:
            end -= 1
    return start, end


def _possessive_split(doc: Doc, start: int, end: int) -> int | None:
    """The possessive token that splits a place off an ORG ("China's Foreign Ministry"), if any; a
    possessor from ORG_POSSESSORS keeps the ORG whole ("Farmers' Union")."""
    for i in range(start + 1, end - 1):
        if doc[i].text in _POSSESSIVES:
            return None if doc[i - 1].lower_ in lexicon.ORG_POSSESSORS else i
    return None


def _fix_edges(ent: Span, label: str) -> Iterator[tuple[Span, str]]:
    """Apply the span rules of SPEC 1/5 to one NER span; may yield two spans, in text order: a country's
    possessive split off an ORG (GPE China + ORG Foreign Ministry), or a religion after another NORP
    word ("Uighur Muslims": two NORP mentions)."""
    doc = ent.doc
    start, end = _trim(ent, label)
    parts: list[tuple[int, int, str]] = []
    split = _possessive_split(doc, start, end) if label == "ORG" else None
    if split is not None:
        if doc[start].text[:1].isupper():
            parts.append((start, split, "GPE"))
        start = split + 1
    if label == "NORP" and end - start >= 2 and doc[end - 1].lower_ in lexicon.RELIGION_NORPS:
        parts.append((start, end - 1, "NORP"))
        start = end - 1
    parts.append((start, end, label))
    for s, e, lab in parts:
        span = doc[s:e]
        if e > s and span.text.lower() not in lexicon.NON_ENTITIES and any(c.isupper() for c in span.text):
            yield span, _label_by_head(span, lab)


def _label_by_head(span: Span, label: str) -> str:
    """A name ending in a company word is ORG ("Acme Holdings"); a PERSON ending in a place word is GPE."""
    last = span[-1].lower_
    if len(span) >= 2 and last in lexicon.COMPANY_SUFFIXES and label != "ORG":
        return "ORG"
    if len(span) >= 2 and last in lexicon.PLACE_HEADS and label == "PERSON":
        return "GPE"
    return label


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
    return _with_photo_credits(doc, _with_district(doc, _with_state_names(doc, out)))


def _with_state_names(doc: Doc, mentions: list[Span]) -> list[Span]:
    """A form of state and the country after "of (the)" are one GPE ("Democratic Republic of the Congo")."""
    out: list[Span] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == "GPE" and m.label_ == "GPE" and prev[-1].lower_ in lexicon.STATE_FORMS \
                and [t.lower_ for t in doc[prev.end:m.start]] in (["of"], ["of", "the"]):
            out[-1] = Span(doc, prev.start, m.end, label="GPE")
            continue
        out.append(m)
    return out


def _with_district(doc: Doc, mentions: list[Span]) -> list[Span]:
    """"Washington, D.C." is one GPE: the district after the comma belongs to the city's name."""
    out: list[Span] = []
    for m in mentions:
        if out and m.start < out[-1].end:  # the district, now inside the city's span
            continue
        end = m.end
        district = end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text.replace(".", "") == "DC"
        if m.label_ == "GPE" and district:
            m = Span(doc, m.start, end + 2, label="GPE")
        out.append(m)
    return out


def _capitalized_run(doc: Doc, start: int, step: int, limit: int = 4) -> int:
    """The far end (exclusive, in the direction `step`) of capitalized words from token `start`."""
    i = start
    while 0 <= i < len(doc) and abs(i - start) < limit and doc[i].is_alpha and doc[i].text[:1].isupper():
        i += step
    return i


def _with_photo_credits(doc: Doc, mentions: list[Span]) -> list[Span]:
    """A photo credit "(Agency Photo/First Last)" names an ORG and a PERSON; NER spans across it give way."""
    credits: list[Span] = []
    for tok in doc[1:-2]:
        if tok.lower_ not in {"photo", "photos"} or doc[tok.i + 1].text != "/":
            continue
        agency_start = _capitalized_run(doc, tok.i - 1, -1) + 1
        name_end = _capitalized_run(doc, tok.i + 2, 1)
        if agency_start < tok.i:
            credits.append(Span(doc, agency_start, tok.i, label="ORG"))
        if name_end - (tok.i + 2) >= 2:
            credits.append(Span(doc, tok.i + 2, name_end, label="PERSON"))
    # the credit's words and the "Photo" after the agency
    taken = _tokens_of(credits) | {c.end for c in credits if c.label_ == "ORG"}
    kept = [m for m in mentions if not taken & set(range(m.start, m.end))]
    return sorted([*kept, *credits], key=lambda s: s.start)


_DASHES = {"-", "\u2014", "\u2013"}


def _caps_word(tok) -> bool:  # type: ignore[no-untyped-def]
    """An upper-case word ("LISBON")."""
    return tok.is_upper and tok.is_alpha


def _dateline_places(doc: Doc, i: int) -> list[tuple[int, int]]:
    """Token ranges of the upper-case places that open a paragraph at token `i` before a dash, a bracket,
    or a comma that a dash follows on the same line ("LISBON -", "OSLO/PORT-AU-PRINCE (Wire) -",
    "SAN JOSE, COSTA RICA -"); empty if the paragraph opens otherwise."""
    places: list[tuple[int, int]] = []
    start = end = i
    while end < len(doc) and end - i < 8:
        tok = doc[end]
        joined = (tok.text in _DASHES and not doc[end - 1].whitespace_  # PORT-AU-PRINCE
                  and end + 1 < len(doc) and _caps_word(doc[end + 1]))
        if _caps_word(tok) or (joined and end > start):
            end += 1
        elif tok.text == "/" and end > start:
            places.append((start, end))
            start = end = end + 1
        else:
            break
    if end == start or end >= len(doc) or len(doc[i]) < 3:
        return []
    stop = doc[end].text
    line = doc[end:min(end + 8, len(doc))]
    dash_follows = any(t.text in _DASHES for t in line) and not any("\n" in t.text_with_ws for t in line[:-1])
    if stop in _DASHES or stop == "(" or (stop == "," and dash_follows):
        return [*places, (start, end)]
    return []


def dateline_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
    """Upper-case places opening a paragraph before a dash or bracket ("LISBON -") are GPE; NER spans
    inside them give way."""
    places: list[tuple[int, int]] = []
    for tok in doc:
        if tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or doc[tok.i - 1].is_space:
            places.extend(_dateline_places(doc, tok.i))
    inside = {i for a, b in places for i in range(a, b)}
    kept = [m for m in mentions if not inside & set(range(m.start, m.end))]
    taken = _tokens_of(kept)
    extra = [Span(doc, a, b, label="GPE") for a, b in places if not taken & set(range(a, b))]
    return sorted([*kept, *extra], key=lambda s: s.start)


def _company_short_names(mentions: list[Span]) -> set[str]:
    """Names of suffixed companies without the suffix ("Acme" for "Acme Corp."), and their first word."""
    short: set[str] = set()
    for m in mentions:
        if m.label_ == "ORG" and len(m) >= 2 and m[-1].lower_ in lexicon.COMPANY_SUFFIXES:
            end = m.end - 1
            while end > m.start + 1 and (m.doc[end - 1].lower_ in lexicon.COMPANY_SUFFIXES or m.doc[end - 1].is_punct):
                end -= 1
            short.add(m.doc[m.start:end].text)
            short.add(m[0].text)
    return short


def _person_name_parts(mentions: list[Span]) -> Counter:
    """Surnames and leading parts of full PERSON names ("Park" and "Ana Lee" of "Ana Lee Park"), each
    counted once per full-name mention, plus the one-word PERSON mentions themselves."""
    parts: Counter = Counter()
    for m in mentions:
        if m.label_ != "PERSON":
            continue
        if len(m) == 1:
            parts[m.text] += 1
            continue
        parts[m[-1].text] += 1
        parts.update(m.doc[m.start:end].text for end in range(m.start + 2, m.end))
    return parts


def _described_as_org(m: Span) -> bool:
    """A name right after an organization noun ("the miner Acme") or in apposition to one ("Acme, a miner")."""
    doc = m.doc
    before = doc[m.start - 1] if m.start > 0 else None
    if before is not None and before.is_lower and before.lower_ in lexicon.ORG_DESCRIPTORS:
        return True
    if m.end >= len(doc) or doc[m.end].text != ",":
        return False
    return any(c.dep_ == "appos" and c.lower_ in lexicon.ORG_DESCRIPTORS and c.i - m.end <= 6 for c in m.root.children)


def _described_as_person(m: Span) -> bool:
    """A name in apposition to a noun for a person ("the minister's adviser, Jo Park")."""
    head = m.root.head
    return m.root.dep_ == "appos" and head.i < m.start and head.is_lower and (
        head.lower_ in lexicon.PERSON_NOUNS or head.lower_ in lexicon.PERSON_TITLES)


def _number_variants(text: str) -> set[str]:
    """The other grammatical number of a group name ("Kazakhs" for "Kazakh", "Tutsi" for "Tutsis")."""
    return {text[:-1]} if text.endswith("s") else {text + "s"}


def _group_variants(mentions: list[Span]) -> set[str]:
    """The other number of every one-word NORP mention."""
    return {v for m in mentions if m.label_ == "NORP" and len(m) == 1 for v in _number_variants(m.text)}


def _tokens_of(spans: list[Span]) -> set[int]:
    """Token indexes the spans cover."""
    return {i for m in spans for i in range(m.start, m.end)}


def relabel_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
    """Labels the rest of the document settles: a suffixed company's short name or a name described as an
    organization is ORG; a part of a full PERSON name ("Park" of "Ana Lee Park") is PERSON unless the
    document uses that name with another label more often; the other number of a NORP ("Tutsi" beside
    "Tutsis") is NORP."""
    companies = _company_short_names(mentions)
    people = _person_name_parts(mentions)
    others = Counter(m.text for m in mentions if m.label_ != "PERSON")
    groups = _group_variants(mentions)
    out: list[Span] = []
    for m in mentions:
        label = m.label_
        if label in {"PERSON", "GPE"} and (_described_as_org(m) or (label == "PERSON" and m.text in companies)):
            label = "ORG"
        elif label in {"GPE", "NORP", "ORG"} and (people[m.text] >= others[m.text] or _described_as_person(m)):
            label = "PERSON"
        elif label in {"GPE", "PERSON", "ORG"} and len(m) == 1 and m.text in groups:
            label = "NORP"
        out.append(m if label == m.label_ else Span(doc, m.start, m.end, label=label))
    return out


def norp_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
    """Capitalized words NER missed that name a group: a religion ("Muslims") or the other number of a
    NORP mention in the document ("Kazakhs" after "Kazakh")."""
    groups = _group_variants(mentions)
    taken = _tokens_of(mentions)
    extra = [
        Span(doc, tok.i, tok.i + 1, label="NORP")
        for tok in doc
        if tok.i not in taken and tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper
        and (tok.text in groups or tok.lower_ in lexicon.RELIGION_NORPS)
    ]
    return sorted([*mentions, *extra], key=lambda s: s.start)


def surname_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
    """Later one-word mentions of a full PERSON name ("Zhu" after "Zhu Hailun") that NER missed."""
    names: dict[str, Span] = {}
    for m in mentions:
        if m.label_ == "PERSON" and len(m) >= 2:
            names.setdefault(m[-1].text, m)
            names.setdefault(m[0].text, m)  # family name first ("Zhu Hailun" ... "Zhu")
    taken = _tokens_of(mentions)
    extra: list[Span] = []
    for tok in doc:
        full = names.get(tok.text)
        if full is None or tok.i in taken or tok.i < full.end or not tok.text[:1].isupper():
            continue
        extra.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
    return sorted([*mentions, *extra], key=lambda s: s.start)


def spec_mentions(doc: Doc) -> list[Span]:
    """All SPEC mentions of a Doc with NER spans: cleaned, datelines and later surnames added, labels the
    document settles, and group names NER missed."""
    mentions = surname_mentions(doc, dateline_mentions(doc, clean_mentions(doc)))
    return norp_mentions(doc, relabel_mentions(doc, mentions))


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


def _majority_label(spans: list[Span], tie: str) -> str:
    """The label most mentions of one thing carry; on a tie, the label of its name (`tie`)."""
    counts = Counter(s.label_ for s in spans)
    best = max(counts.values())
    return tie if counts[tie] == best else next(lab for lab, n in counts.items() if n == best)


def group_mentions(doc: Doc, mentions: list[Span]) -> list[EntityGroup]:
    """Group SPEC mentions of one thing; a group's name is its longest mention, its label the one most
    of its mentions carry."""
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
        label = _majority_label(spans, name_span.label_)
        out.append(EntityGroup(label, name_span.text, tuple(Mention(s.start_char, s.end_char, s.label_) for s in spans)))
    out.sort(key=lambda g: g.mentions[0].start)
    return out
