"""Paragraph breaks: a sentence starts after every line break, so headlines and datelines stand alone.

Runs before the parser, which keeps sentence starts that are already set.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimscope_paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start.

    The starts are written in one `from_array`: spaCy's `is_sent_start` setter scans the whole Doc
    for a parse on every call, which made this step grow with the square of the article's length.
    """
    starts = [i for i in range(1, len(doc))
              if not doc[i].is_space and ("\n" in doc[i - 1].text_with_ws[len(doc[i - 1].text):]
                                          or (doc[i - 1].is_space and "\n" in doc[i - 1].text))]
    if starts:
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc
