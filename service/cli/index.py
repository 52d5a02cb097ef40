"""`claimscope index rebuild|status`: the claim vectors and the nearest-neighbour index of stored claims."""

from __future__ import annotations

import json
import logging

import typer
from sqlalchemy.exc import OperationalError

from service.cli.common import fail
from service.core.config import get_settings

index_app = typer.Typer(help="Claim matching index: embed stored claims, rebuild the index and threads.",
                        no_args_is_help=True)

logger = logging.getLogger(__name__)


def _matcher_and_sessions():
    from service.matching.index import service_embedder
    from service.matching.matcher import ClaimMatcher
    from service.storage.db import database_url, make_engine, migrate, session_factory

    settings = get_settings()
    try:
        engine = make_engine(database_url(settings.DATA_DIR, settings.DATABASE_URL))
        migrate(engine)
    except OperationalError as err:
        raise fail(f"cannot open the database: {err.orig}.", code=1) from None
    chosen = {"threshold": settings.CLAIM_MATCH_THRESHOLD, "thread_threshold": settings.CLAIM_THREAD_THRESHOLD}
    embedder = service_embedder(settings)
    matcher = ClaimMatcher(embedder, settings.DATA_DIR, **{k: v for k, v in chosen.items() if v is not None})
    return matcher, session_factory(engine), engine


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Embed stored claims without a vector, rebuild the index under DATA_DIR from the database, recompute threads."""
    matcher, sessions, engine = _matcher_and_sessions()
    try:
        with sessions() as session:
            summary = matcher.rebuild(session, progress=lambda line: typer.echo(line, err=True))
    finally:
        engine.dispose()
    typer.echo(json.dumps(summary, indent=2))


@index_app.command("status")
def index_status() -> None:
    """Stored vectors, claims still without one, and the saved index (loaded or rebuilt if stale)."""
    matcher, sessions, engine = _matcher_and_sessions()
    try:
        with sessions() as session:
            how = matcher.open(session)
            summary = {**matcher.status(session), "index": how}
    finally:
        engine.dispose()
    typer.echo(json.dumps(summary, indent=2))
