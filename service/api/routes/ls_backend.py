"""Label Studio ML-backend protocol under /ls: health, setup, predict, webhook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from annotations.ml_backend import RECORDED_EVENTS, ClaimscopeBackend
from models.extractor import InputError, check_text
from service.api.deps import KeyDep, NlpDep, SettingsDep, SlotsDep
from service.work import run_bounded

router = APIRouter(prefix="/ls", tags=["label-studio"])


class LSHealth(BaseModel):
    status: str
    model_class: str
    model_version: str


class LSSetupRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    project: str | None = None
    schema_: str | None = Field(default=None, alias="schema")


class LSSetupResponse(BaseModel):
    model_version: str


class LSPredictRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    tasks: list[dict[str, Any]] = Field(max_length=256)
    project: str | None = None
    label_config: str | None = None
    params: dict[str, Any] | None = None


class LSPrediction(BaseModel):
    result: list[dict[str, Any]]
    score: float
    model_version: str


class LSPredictResponse(BaseModel):
    results: list[LSPrediction]
    model_version: str


class LSWebhook(BaseModel):
    model_config = ConfigDict(extra="allow")
    action: str
    project: dict[str, Any] | str | None = None


class LSWebhookResponse(BaseModel):
    status: str
    job: str | None


@router.get("/health", response_model=LSHealth)
def ls_health(nlp: NlpDep, _key: KeyDep) -> LSHealth:
    backend = ClaimscopeBackend(nlp)
    return LSHealth(status="UP", model_class=type(backend).__name__, model_version=backend.setup()["model_version"])


@router.post("/setup", response_model=LSSetupResponse)
def ls_setup(body: LSSetupRequest, nlp: NlpDep, _key: KeyDep) -> LSSetupResponse:
    return LSSetupResponse(**ClaimscopeBackend(nlp, project_id=body.project, label_config=body.schema_).setup())


def check_tasks(tasks: list[dict[str, Any]], max_chars: int) -> None:
    """Every task carries `data.text` that /v1/extract would accept; else one sentence naming the task."""
    for i, task in enumerate(tasks):
        data = task.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise InputError(f"Task {i} needs 'data' with a 'text' string.")
        try:
            check_text(data["text"], max_chars)
        except InputError as err:
            raise InputError(f"Task {i}: {err}", err.status_code) from None


@router.post("/predict", response_model=LSPredictResponse)
async def ls_predict(body: LSPredictRequest, nlp: NlpDep, settings: SettingsDep, slots: SlotsDep,
                     _key: KeyDep) -> LSPredictResponse:
    check_tasks(body.tasks, settings.MAX_TEXT_CHARS)
    backend = ClaimscopeBackend(nlp, project_id=body.project, label_config=body.label_config)
    context = (body.params or {}).get("context")
    return await run_bounded(lambda _: LSPredictResponse(**backend.predict(body.tasks, context=context)),
                             settings.REQUEST_TIMEOUT_S, slots)


@router.post("/webhook", response_model=LSWebhookResponse)
def ls_webhook(body: LSWebhook, nlp: NlpDep, settings: SettingsDep, _key: KeyDep) -> LSWebhookResponse:
    if body.action not in RECORDED_EVENTS:
        return LSWebhookResponse(status="ignored", job=None)
    backend = ClaimscopeBackend(nlp)
    result = backend.fit(body.action, body.model_dump(), Path(settings.DATA_DIR), settings.RETRAIN_ON_WEBHOOK)
    return LSWebhookResponse(**result)
