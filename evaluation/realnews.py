"""realnews-dev evaluation: predict on ../shared/realnews-dev and score with its own score.py.

The reference scorer is run as a subprocess, never copied. Documents are read for their
text only; gold labels are never used to change predictions.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

from spacy.language import Language

from models.extractor import Extractor

logger = logging.getLogger(__name__)

DEFAULT_REALNEWS_DIR = Path(__file__).resolve().parents[2] / "shared" / "realnews-dev"


def read_texts(docs_dir: Path) -> dict[str, str]:
    """Document id -> text for every gold file in `docs_dir`."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(docs_dir.glob("*.json"))}


def predict_dir(nlp: Language, texts: dict[str, str], out_dir: Path) -> None:
    """Write the SPEC output for each text to `out_dir/<id>.json`, each text extracted on its own as the API does
    (an int8 encoder's states depend on the texts batched with it)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    extractor = Extractor(nlp)
    for doc_id, text in texts.items():
        (out_dir / f"{doc_id}.json").write_text(json.dumps(extractor.extract(text)), encoding="utf-8")


def run_reference_scorer(realnews_dir: Path, pred_dir: Path, json_out: Path) -> dict[str, Any]:
    """Run realnews-dev's score.py on a prediction folder; returns its JSON report."""
    cmd = [sys.executable, str(realnews_dir / "score.py"), str(realnews_dir / "docs"), str(pred_dir), "--json", str(json_out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"score.py failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return json.loads(json_out.read_text(encoding="utf-8"))
