"""Serving without torch: whether a model folder can run on ONNX Runtime and numpy alone, and keeping torch out.

Extraction never calls torch when the encoder runs under ONNX Runtime and the heads are read
as arrays (models/neural/arrays.py), yet spaCy's thinc imports torch whenever it is installed,
about 160 MB resident in every worker. A serving process calls `keep_torch_out` before spaCy
is imported: when the model it will load holds everything needed (the encoder's
`encoder.onnx`, every head's `heads.npz`), torch is made unimportable in that process, and
thinc, transformers and our components take their torch-free paths. Nothing here imports
spaCy or torch.
"""

from __future__ import annotations

import configparser
import json
import logging
import sys
from pathlib import Path

from models.neural.heads import ARRAYS_FILE, HEADS_FILE
from models.neural.onnx_encoder import ENCODER_FACTORY, ONNX_FILE, ONNX_INT8_FILE

logger = logging.getLogger(__name__)

PACKAGED_DIR = Path(__file__).resolve().parent / "packaged"


def promoted_model(root: Path = PACKAGED_DIR) -> Path | None:
    """The folder models/packaged/CURRENT names, if it holds a model (what `load_pipeline()` loads)."""
    current = root / "CURRENT"
    if current.is_file():
        path = root / current.read_text(encoding="utf-8").strip()
        if (path / "meta.json").is_file():
            return path
    return None


def model_folder(model_path: str | Path | None) -> Path | None:
    """The folder `load_pipeline(model_path)` would load, or None for the rule pipeline."""
    if model_path is None:
        return promoted_model()
    if str(model_path) in {"", "rules"}:
        return None
    return Path(model_path)


def serves_int8(model_path: str | Path | None, setting: bool | None = None) -> bool:
    """Whether the API quantizes the encoder of the model at `model_path`: `setting` when given (True or False);
    unset, when the model's training found int8 within issue 11's quality rule on dev (meta.json
    `type_head.int8.serve_int8`, written by training/int8_typing.py) and the package has the int8 file."""
    if setting is not None:
        return setting
    folder = model_folder(model_path)
    if folder is None:
        return False
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    chosen = ((meta.get("claimscope") or {}).get("type_head") or {}).get("int8") or {}
    return chosen.get("serve_int8") is True and any(folder.glob(f"*/{ONNX_INT8_FILE}"))


def torch_needs(folder: Path | None, int8: bool = False) -> list[str]:
    """Why extraction with the model at `folder` (its encoder quantized with `int8`) would need torch."""
    if folder is None:
        return []  # the rule pipeline: spaCy's own models only
    config = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        config.read(folder / "config.cfg", encoding="utf-8")
    except (OSError, configparser.Error) as err:
        return [f"its config.cfg cannot be read ({err})"]
    needs = []
    for section in config.sections():
        if not section.startswith("components.") or section.count(".") != 1:
            continue
        name = section.split(".", 1)[1]
        block = config[section]
        if block.get("factory", "").strip('"') == ENCODER_FACTORY:
            if block.get("runtime", '"auto"').strip('"') == "torch":
                needs.append(f"its encoder '{name}' is configured to run under torch")
            elif not (folder / name / ONNX_FILE).is_file():
                needs.append(f"its encoder '{name}' has no {ONNX_FILE}")
            elif int8 and not (folder / name / ONNX_INT8_FILE).is_file():
                needs.append(f"its encoder '{name}' has no {ONNX_INT8_FILE}")
        if (folder / name / HEADS_FILE).is_file() and not (folder / name / ARRAYS_FILE).is_file():
            needs.append(f"its component '{name}' has {HEADS_FILE} but no {ARRAYS_FILE}")
    return needs


def limit_blas_threads(threads: int = 1) -> None:
    """Run numpy's BLAS (OpenBLAS) on `threads` threads in this process from now on.

    The heads' products are small; with a BLAS pool of its own beside ONNX Runtime's threads and
    spaCy's, an 825-word extraction took p50 321-330 ms instead of 304 ms on 2 cores.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


def block_torch() -> bool:
    """Make `import torch` fail in this process (ImportError); False when torch is already imported."""
    if sys.modules.get("torch") is not None:
        return False
    sys.modules["torch"] = None  # type: ignore[assignment]
    return True


def keep_torch_out(model_path: str | Path | None, wanted: bool = True, int8: bool = False) -> bool:
    """Block torch in this serving process when `wanted` and the model needs none; True when blocked.

    Call it before spaCy is imported. When the model needs torch, the reasons are logged with
    the command that removes them.
    """
    if not wanted:
        return False
    needs = torch_needs(model_folder(model_path), int8)
    if needs:
        logger.warning("serving with torch loaded: the model %s; `claimscope model export-onnx` writes the "
                       "missing files", "; ".join(needs))
        return False
    if not block_torch():
        logger.info("torch was imported before the model: serving with torch loaded")
        return False
    return True
