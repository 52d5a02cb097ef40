"""What every claimscope command shares: one-sentence failures, the --model option, the cached pipeline, input files."""

from __future__ import annotations

import logging
import sys
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.core.config import get_settings

logger = logging.getLogger(__name__)

EXIT_USAGE = 2

ModelOpt = Annotated[Optional[str], typer.Option("--model", help="model folder ('rules' for the rule pipeline)")]


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def fail(message: str, code: int = EXIT_USAGE) -> "typer.Exit":
    """Print one sentence to stderr and return the Exit to raise."""
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


@lru_cache(maxsize=1)
def pipeline(model: str | None):
    """The pipeline for this process, loaded once, its encoder as the API serves it (CLAIMSCOPE_ENCODER_INT8, else
    int8 where the model's training chose it)."""
    from models.pipeline import load_pipeline, serve_encoder

    settings = get_settings()
    path = model if model is not None else settings.MODEL_PATH
    return serve_encoder(load_pipeline(path), path, settings.ENCODER_INT8)


def _load(model: str | None):
    try:
        return pipeline(model)
    except (FileNotFoundError, OSError, ValueError) as err:
        raise fail(str(err)) from None


def read_input(path: str) -> str:
    """Read an article from a file path or '-' (stdin) as UTF-8; one-sentence errors."""
    from models.errors import Errors

    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise fail(Errors.E007.format(path=path)) from None
    except IsADirectoryError:
        raise fail(f"'{path}' is a folder; give one article file.") from None
    except OSError as err:
        raise fail(f"cannot read '{path}': {err.strerror}.") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise fail(Errors.E006.format(path=path, reason=f"invalid byte at position {err.start}")) from None
