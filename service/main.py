"""The FastAPI application: routers, error handlers, and the model loaded once in lifespan."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI

from models.pipeline import load_pipeline
from service.api.main import api_router
from service.api.routes import health, ls_backend
from service.core.config import get_settings
from service.errors import install_error_handlers

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    app.state.nlp = load_pipeline(settings.MODEL_PATH)
    logger.info("model loaded: version %s", app.state.nlp.meta.get("version"))
    yield
    app.state.nlp = None


def create_app() -> FastAPI:
    """A new application; the model loads when it starts serving."""
    app = FastAPI(
        title="claimscope",
        summary="Sanctions actions, attributed claims and named entities from news articles.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.nlp = None
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(api_router, prefix="/v1")
    app.include_router(ls_backend.router)
    return app


app = create_app()
