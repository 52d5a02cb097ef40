"""Doc extensions the claimscope components fill: `doc._.entities`, `doc._.claims`, `doc._.sanctions`.

Values are lists of plain JSON-able dicts with character offsets, so Docs keep them through
DocBin (store_user_data=True) and multiprocessing. `doc._.encoding` holds the neural encoder's
word-piece states between the encoder and the taggers; the last tagger releases it, so it
never leaves the pipeline. Installed idempotently at import.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS: tuple[str, ...] = ("entities", "claims", "sanctions", "encoding")

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
