"""FastAPI dependencies as Annotated aliases: the loaded pipeline and the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from spacy.language import Language

from service.core.config import Settings, get_settings


def get_nlp(request: Request) -> Language:
    """The pipeline loaded in the app's lifespan; 503 while none is loaded."""
    nlp = getattr(request.app.state, "nlp", None)
    if nlp is None:
        raise HTTPException(status_code=503, detail="The model is not loaded yet; try again shortly.")
    return nlp


NlpDep = Annotated[Language, Depends(get_nlp)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
