"""The `claimscope` command line, one module per command group; command functions stay thin.

Every user error ends with one sentence on stderr and exit code 2 (or 1 for a failed check
or an unreachable server); no tracebacks.
"""

from __future__ import annotations

import typer

from service.cli import annotate, corpus, extract, index, keys, model, serve
from service.core.config import get_settings  # noqa: F401  (tests clear its cache)

app = typer.Typer(help="claimscope: sanctions, attributed claims and entities from news articles.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
for group in (extract.app, serve.app, model.app):
    app.registered_commands += group.registered_commands
app.add_typer(corpus.corpus_app, name="corpus")
app.add_typer(annotate.annotate_app, name="annotate")
app.add_typer(keys.keys_app, name="keys")
app.add_typer(index.index_app, name="index")
app.add_typer(model.model_app, name="model")


def main() -> None:
    app()
