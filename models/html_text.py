"""HTML to article text (trafilatura): the main text with boilerplate (navigation, ads, footers) removed."""

from __future__ import annotations

import re

import trafilatura

_TAG_RE = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """The article text of an HTML page; the tag-stripped text when no article body is found."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if text and text.strip():
        return text.strip()
    return re.sub(r"\s+\n", "\n", _TAG_RE.sub(" ", html)).strip()
