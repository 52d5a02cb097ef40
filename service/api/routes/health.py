"""Operations: GET /healthz (the process answers), /readyz (model loaded, database reachable and writable), /metrics."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from annotations.ml_backend import retrain_state
from service.api.deps import SettingsDep
from service.metrics import REGISTRY, RETRAIN_RUNNING
from service.storage.db import ping, writable

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str
    model_loaded: bool
    model_version: str | None
    encoder: str | None = None  # what encodes for the trained taggers: onnx, onnx-int8, torch, torch-int8; None: rules


class Ready(BaseModel):
    ready: bool
    model_loaded: bool
    database: bool
    retrain_running: bool = False


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> Health:
    nlp = getattr(request.app.state, "nlp", None)
    encoder = nlp.get_pipe("encoder").runtime_in_use if nlp is not None and "encoder" in nlp.pipe_names else None
    return Health(status="ok", model_loaded=nlp is not None, model_version=nlp.meta.get("version") if nlp else None,
                  encoder=encoder)


@router.get("/readyz", response_model=Ready, responses={503: {"model": Ready}})
def readyz(request: Request, settings: SettingsDep) -> Response:
    engine = getattr(request.app.state, "engine", None)
    running = retrain_state(Path(settings.DATA_DIR))["running"]
    RETRAIN_RUNNING.set(1 if running else 0)
    body = Ready(ready=False, model_loaded=getattr(request.app.state, "nlp", None) is not None,
                 database=engine is not None and ping(engine) and writable(engine), retrain_running=running)
    body.ready = body.model_loaded and body.database
    return JSONResponse(body.model_dump(), status_code=200 if body.ready else 503)


@router.get("/metrics", include_in_schema=False)
def metrics(settings: SettingsDep) -> Response:
    RETRAIN_RUNNING.set(1 if retrain_state(Path(settings.DATA_DIR))["running"] else 0)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
