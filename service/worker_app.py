"""The app factory each uvicorn worker process imports when the API runs several workers.

It keeps torch out of the worker (models/runtime.py) before anything imports spaCy, then
builds the app from the environment's settings; `claimscope serve` with one worker does the
same in its own process.
"""

from __future__ import annotations

from typing import Any


def create_app() -> Any:
    from models.runtime import keep_torch_out, serves_int8
    from service.core.config import get_settings

    settings = get_settings()
    keep_torch_out(settings.MODEL_PATH, settings.SERVE_WITHOUT_TORCH,
                   serves_int8(settings.MODEL_PATH, settings.ENCODER_INT8))
    from service.main import create_app as create

    return create(settings)
