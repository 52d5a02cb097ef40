"""Quotation segments by rules over the raw text: pairs quotation marks per paragraph.

Tolerates the unbalanced quotes of real text (SPEC 3): a closing mark with no opening one
starts its segment at the paragraph (or previous segment) start, and an opening mark with
no closing one runs to the end of the paragraph.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

_PARAGRAPH_RE = re.compile(r"[^\n]+")
_OPEN = "\u201c"
_CLOSE = "\u201d"
_STRAIGHT = '"'
_MARKS_RE = re.compile(f"[{_OPEN}{_CLOSE}{_STRAIGHT}]")
_TRIM = " \t,.;:!?\u2014-"


class Quote(NamedTuple):
    """A quoted segment: [start, end) excludes the marks; `opened`/`closed` say which marks exist."""

    start: int
    end: int
    opened: bool
    closed: bool


def _is_opening(text: str, i: int, lo: int, hi: int) -> bool:
    """A straight quote opens when preceded by a start, space or bracket and followed by a non-space."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isspace() or before in "([{\u2014-:":
        return not after.isspace()
    return False


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding spaces and punctuation."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def find_quotes(text: str) -> Iterator[Quote]:
    """Yield quoted segments in text order, one paragraph (line) at a time."""
    for para in _PARAGRAPH_RE.finditer(text):
        lo, hi = para.start(), para.end()
        open_at: int | None = None
        seg_floor = lo
        for mark in _MARKS_RE.finditer(text, lo, hi):  # only the marks: the loop once went character by character
            i, ch = mark.start(), mark.group()
            opening = ch == _OPEN or (ch == _STRAIGHT and open_at is None and _is_opening(text, i, lo, hi))
            if opening and open_at is None:
                open_at = i
                continue
            if ch == _OPEN:  # a second opening mark: the first one never closed
                s, e = _trimmed(text, open_at + 1, i)  # type: ignore[operator]
                if e > s:
                    yield Quote(s, e, True, False)
                open_at = i
                continue
            # a closing mark
            if open_at is not None:
                s, e = _trimmed(text, open_at + 1, i)
                if e > s:
                    yield Quote(s, e, True, True)
                open_at = None
            else:
                s, e = _trimmed(text, seg_floor, i)
                if e > s:
                    yield Quote(s, e, False, True)
            seg_floor = i + 1
        if open_at is not None:
            s, e = _trimmed(text, open_at + 1, hi)
            if e > s:
                yield Quote(s, e, True, False)
