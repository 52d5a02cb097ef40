"""GET /healthz: the process answers, and says whether its model is loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    model_loaded: bool
    model_version: str | None


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> Health:
    nlp = getattr(request.app.state, "nlp", None)
    return Health(status="ok", model_loaded=nlp is not None, model_version=nlp.meta.get("version") if nlp else None)
