"""`claimscope serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.cli.common import ModelOpt, fail
from service.core.config import get_settings

app = typer.Typer()

logger = logging.getLogger(__name__)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="address to bind")] = None,
    port: Annotated[Optional[int], typer.Option(help="port")] = None,
    workers: Annotated[Optional[int], typer.Option(help="worker processes, each loads the model once")] = None,
    model: ModelOpt = None,
) -> None:
    """Start the HTTP API (docs at /docs)."""
    import uvicorn

    from service.logging_config import configure_logging

    settings = get_settings()
    if model is not None:  # --model goes into the settings, and from there into the app
        settings = settings.model_copy(update={"MODEL_PATH": model})
    if settings.DATABASE_URL is None:  # SQLite lives in DATA_DIR: it must take writes before we start
        probe = Path(settings.DATA_DIR) / ".write-test"
        try:
            probe.parent.mkdir(parents=True, exist_ok=True)
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError as err:
            raise fail(f"the data directory '{settings.DATA_DIR}' is not writable ({err.strerror or err}); "
                       "set CLAIMSCOPE_DATA_DIR to a writable folder.", code=1) from None
    configure_logging(settings.LOG_LEVEL, settings.JSON_LOGS)
    logger.info("serving", extra={"auth_mode": settings.AUTH_MODE, "workers": workers or settings.WORKERS})
    n_workers = workers or settings.WORKERS
    options: dict[str, object] = {}
    if n_workers > 1:  # worker processes import the factory and read settings from the environment
        if model is not None:
            raise fail("--model works with one worker; with --workers N set CLAIMSCOPE_MODEL_PATH instead.")
        if n_workers != settings.WORKERS:  # each worker sizes its threads by WORKERS, read from the environment
            raise fail(f"with several workers set CLAIMSCOPE_WORKERS={n_workers} instead of --workers {n_workers} "
                       "(each worker reads it to take its share of the cores).")
        app: object = "service.worker_app:create_app"  # keeps torch out of each worker, then builds the app
        options["factory"] = True
    else:
        from models.runtime import keep_torch_out, serves_int8

        keep_torch_out(settings.MODEL_PATH, settings.SERVE_WITHOUT_TORCH,
                   serves_int8(settings.MODEL_PATH, settings.ENCODER_INT8))
        from service.main import create_app

        app = create_app(settings)
    uvicorn.run(
        app, host=host or settings.HOST, port=port or settings.PORT, workers=n_workers,
        log_level=settings.LOG_LEVEL.lower(), log_config=None, access_log=False,
        timeout_graceful_shutdown=settings.GRACEFUL_SHUTDOWN_S, **options,  # type: ignore[arg-type]
        # stalled or idle connections are bounded: at most MAX_CONNECTIONS per worker (then 503), heads
        # of at most MAX_HEADER_BYTES, idle keep-alive closed after 5 s; bodies must arrive in BODY_READ_TIMEOUT_S
        limit_concurrency=settings.MAX_CONNECTIONS, h11_max_incomplete_event_size=settings.MAX_HEADER_BYTES,
        timeout_keep_alive=5,
        # with several workers the supervisor pings each; a worker busy loading the model or extracting
        # can miss uvicorn's 5 s default, and a killed worker drops its requests and restarts (found by
        # evaluation/load_bench.py with 2 workers)
        timeout_worker_healthcheck=settings.WORKER_HEALTHCHECK_S,
        # X-Forwarded-For only from configured proxies: otherwise a client could pick its own address
        proxy_headers=bool(settings.TRUSTED_PROXIES), forwarded_allow_ips=settings.TRUSTED_PROXIES or None,
    )
