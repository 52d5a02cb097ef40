"""The FastAPI application: routers, middleware, error handlers; model and database set up once in lifespan."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from models.pipeline import load_pipeline, model_info, serve_encoder
from service.api.main import api_router
from service.api.routes import health, ls_backend
from service.core.config import Settings, get_settings
from service.errors import install_error_handlers
from service.matching.matcher import ClaimMatcher
from service.matching.vectors import count_missing
from service.metrics import MODEL_INFO
from service.middleware import (BodyLimitMiddleware, KeyFirstMiddleware, RequestContextMiddleware,
                                SecurityHeadersMiddleware)
from service.security import RateLimiter
from service.storage.db import database_url, make_engine, migrate, session_factory

logger = logging.getLogger(__name__)
WEB_DIR = Path(__file__).resolve().parent / "web"
DOCS_ASSETS = "/docs-assets"


def open_storage(app: FastAPI, settings: Settings) -> None:
    """Connect the database (SQLite file under DATA_DIR, or DATABASE_URL) and migrate it to head."""
    engine = make_engine(database_url(settings.DATA_DIR, settings.DATABASE_URL))
    migrate(engine)
    app.state.engine = engine
    app.state.sessions = session_factory(engine)


def set_threads(settings: Settings) -> int:
    """Each worker's share of the cores (returned) for torch, when loaded, and for the ONNX encoder less one core:
    a request's text is encoded while spaCy parses it on the request's own thread (encoding ahead), so the
    encoder leaves that core to spaCy. TORCH_THREADS, when set, is used for both as it is."""
    import os

    from models.neural.heads import torch_usable
    from models.neural.onnx_encoder import set_default_threads
    from models.runtime import limit_blas_threads

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    threads = settings.TORCH_THREADS or max(1, cores // settings.WORKERS)
    # 2 cores, int8 encoder, 825-word article through the Extractor, 60 interleaved rounds: one encoder
    # thread p50 189 / p95 274 ms and 333 ms of CPU, two threads 207 / 282 ms and 341 ms of CPU
    set_default_threads(settings.TORCH_THREADS or max(1, threads - 1))
    limit_blas_threads(1)  # the heads' small products: a BLAS pool of their own only contends with the encoder
    if torch_usable():
        import torch

        torch.set_num_threads(threads)
    return threads


def open_matcher(app: FastAPI, settings: Settings) -> ClaimMatcher:
    """The claim embedder and the index of stored claims (loaded from DATA_DIR or rebuilt from the database)."""
    from service.matching.index import service_embedder

    chosen = {"threshold": settings.CLAIM_MATCH_THRESHOLD, "thread_threshold": settings.CLAIM_THREAD_THRESHOLD}
    embedder = service_embedder(settings)
    matcher = ClaimMatcher(embedder, settings.DATA_DIR, **{k: v for k, v in chosen.items() if v is not None})
    with app.state.sessions() as session:
        how = matcher.open(session)
        missing = count_missing(session, matcher.key)
    logger.info("claim index " + how, extra={"claims": len(matcher.index), "backend": matcher.index.backend})
    if missing:
        logger.warning("stored claims without a vector; run `claimscope index rebuild`", extra={"claims": missing})
    return matcher


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings  # the settings create_app was given, not the environment's
    open_storage(app, settings)
    set_threads(settings)
    app.state.nlp = serve_encoder(load_pipeline(settings.MODEL_PATH), settings.MODEL_PATH, settings.ENCODER_INT8)
    if "encoder" in app.state.nlp.pipe_names:
        logger.info("extraction encoder", extra={"runtime": app.state.nlp.get_pipe("encoder").runtime_in_use})
    MODEL_INFO.labels(*model_info(app.state.nlp)).set(1)
    app.state.matcher = open_matcher(app, settings) if settings.CLAIM_MATCHING else None
    logger.info("ready", extra={"model_version": app.state.nlp.meta.get("version"), "auth_mode": settings.AUTH_MODE})
    yield
    if app.state.matcher is not None:
        app.state.matcher.save()
    app.state.matcher = None
    app.state.nlp = None
    app.state.engine.dispose()


def mount_docs(app: FastAPI) -> None:
    """`/docs`: Swagger UI from the pinned `swagger-ui-bundle-v2` package, so the page needs no CDN."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="claimscope API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new application; the model and the database are set up when it starts serving."""
    settings = settings or get_settings()
    app = FastAPI(
        title="claimscope",
        summary="Sanctions actions, attributed claims and named entities from news articles.",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,  # served below from the pinned, packaged Swagger UI, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.dependency_overrides[get_settings] = lambda: settings  # routes see the same settings
    app.state.nlp = None
    app.state.matcher = None
    app.state.sessions = None
    app.state.engine = None
    app.state.slots = threading.BoundedSemaphore(settings.EXTRACTION_SLOTS)
    app.state.limiter = RateLimiter(settings.RATE_LIMIT_PER_MINUTE, settings.RATE_LIMIT_STORAGE_URI)
    app.state.auth_failures = RateLimiter(settings.AUTH_FAILURES_PER_MINUTE, settings.RATE_LIMIT_STORAGE_URI,
                                          namespace="auth-failures")
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(api_router, prefix="/v1")
    app.include_router(ls_backend.router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    mount_docs(app)

    if settings.CORS_ORIGINS:
        app.add_middleware(CORSMiddleware, allow_origins=settings.CORS_ORIGINS, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key"])
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.MAX_BODY_BYTES, read_timeout_s=settings.BODY_READ_TIMEOUT_S)
    app.add_middleware(KeyFirstMiddleware, asgi_app=app)  # runs before the body is read
    app.add_middleware(SecurityHeadersMiddleware, page_paths=("/", "/docs"))
    app.add_middleware(RequestContextMiddleware)
    # outermost: a request for another host name (DNS rebinding, spoofed Host) gets 400 before anything runs
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.ALLOWED_HOSTS)
    return app


app = create_app()
