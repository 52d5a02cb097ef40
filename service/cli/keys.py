"""`claimscope keys create|list|revoke`: API keys of the service."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.common import fail
from service.core.config import get_settings

keys_app = typer.Typer(help="API keys: create, list, revoke (stored hashed in the service database).", no_args_is_help=True)

logger = logging.getLogger(__name__)


def _key_sessions():
    from service.storage.db import database_url, make_engine, migrate, session_factory

    settings = get_settings()
    engine = make_engine(database_url(settings.DATA_DIR, settings.DATABASE_URL))
    migrate(engine)
    return session_factory(engine)


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Argument(help="who or what the key is for")]) -> None:
    """Create a key; it is printed once and stored only as a hash."""
    from service.security import create_key

    with _key_sessions()() as session:
        row, plain = create_key(session, name)
    typer.echo(f"id {row.id} ({row.prefix}…) for {row.name}:\n{plain}\nStore it now: it cannot be shown again.")


@keys_app.command("list")
def keys_list() -> None:
    """The keys: id, prefix, name, created, revoked."""
    from service.security import list_keys

    with _key_sessions()() as session:
        rows = list_keys(session)
    table = Table(title=f"API keys ({len(rows)})")
    for col in ("id", "prefix", "name", "created", "revoked"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r.id), r.prefix, r.name, r.created_at.isoformat(timespec="seconds"),
                      r.revoked_at.isoformat(timespec="seconds") if r.revoked_at else "")
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(ident: Annotated[str, typer.Argument(help="key id or prefix")]) -> None:
    """Revoke a key by id or prefix."""
    from service.security import revoke_key

    with _key_sessions()() as session:
        row = revoke_key(session, ident)
    if row is None:
        raise fail(f"no active key with id or prefix '{ident}'.", code=1)
    typer.echo(f"revoked key {row.id} ({row.prefix}…) for {row.name}")
