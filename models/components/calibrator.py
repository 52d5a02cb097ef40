"""Confidence calibrator: maps each claim's and action's raw confidence through isotonic knots fitted on dev.

The last component of a trained pipeline. Without fitted knots it leaves confidences as
they are, so the rule pipeline and older packages behave as before. Knots are fitted by
training (training/calibrate.py) and saved as JSON in the component's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from models.calibration import Knots, apply_knots

KINDS: tuple[str, ...] = ("claims", "sanctions")


@Language.factory("claimscope_confidence_calibrator", assigns=["doc._.claims", "doc._.sanctions"],
                  requires=["doc._.claims", "doc._.sanctions"], default_config={})
def make_confidence_calibrator(nlp: Language, name: str) -> "ConfidenceCalibrator":
    return ConfidenceCalibrator(nlp, name)


class ConfidenceCalibrator(Pipe):
    """Replaces `confidence` on every claim and action with its calibrated value (kept raw in `raw_confidence`)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.knots: dict[str, Knots] = {kind: [] for kind in KINDS}

    def __call__(self, doc: Doc) -> Doc:
        try:
            for kind in KINDS:
                for item in getattr(doc._, kind) or []:
                    raw = float(item.get("raw_confidence", item["confidence"]))
                    item["raw_confidence"] = raw
                    item["confidence"] = round(apply_knots(self.knots[kind], raw), 3)
            return doc
        except Exception as err:
            return self.get_error_handler()(self.name, self, [doc], err)  # type: ignore[return-value]

    def set_knots(self, kind: str, knots: Knots) -> None:
        if kind not in KINDS:
            raise ValueError(f"calibration kinds are {list(KINDS)}, got {kind!r}")
        self.knots[kind] = [(float(x), float(y)) for x, y in knots]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        util.to_disk(util.ensure_path(path), {"knots": lambda p: srsly.write_json(p, self.knots)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "ConfidenceCalibrator":
        self.knots = {kind: [] for kind in KINDS}

        def load(p: Path) -> None:
            data: dict[str, Any] = srsly.read_json(p)
            for kind in KINDS:
                self.set_knots(kind, data.get(kind, []))

        util.from_disk(util.ensure_path(path), {"knots": load}, exclude)
        return self
