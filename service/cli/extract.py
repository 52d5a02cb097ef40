"""`claimscope extract` and `claimscope extract-batch`: one article or an archive into SPEC documents."""

from __future__ import annotations

import logging
import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli import common
from service.cli.common import ModelOpt, OutputFormat, fail, read_input
from service.core.config import get_settings

app = typer.Typer()

logger = logging.getLogger(__name__)


def print_tables(result) -> None:
    """Readable tables of entities, sanctions and claims."""
    console = Console()
    ents = Table(title=f"Entities ({len(result.entities)})")
    for col in ("id", "label", "name", "mentions"):
        ents.add_column(col)
    for e in result.entities:
        ents.add_row(e.id, e.label, e.name, str(len(e.mentions)))
    sanc = Table(title=f"Sanctions ({len(result.sanctions)})")
    for col in ("id", "status", "authority", "targets", "measures", "trigger"):
        sanc.add_column(col)
    for s in result.sanctions:
        sanc.add_row(s.id, s.status, s.authority.text, "; ".join(t.text for t in s.targets), ", ".join(s.measures), s.trigger.text)
    claims = Table(title=f"Claims ({len(result.claims)})")
    for col in ("id", "type", "quote", "claimant", "cue", "content"):
        claims.add_column(col)
    for c in result.claims:
        claims.add_row(c.id, c.type, c.quote, c.claimant.text, c.cue.text, c.content.text)
    console.print(ents, sanc, claims)


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="article text file, or - for stdin")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="json (SPEC section 4) or table")] = OutputFormat.json,
    model: ModelOpt = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="leave out claims and actions below this calibrated confidence")] = 0.0,
) -> None:
    """Extract entities, sanctions and claims from one article."""
    from models.extractor import Extractor, InputError

    text = read_input(file)
    extractor = Extractor(common._load(model), get_settings().MAX_TEXT_CHARS)
    try:
        result = extractor.validate(extractor.extract(text, min_confidence))
    except InputError as err:
        raise fail(str(err)) from None
    if fmt is OutputFormat.table:
        print_tables(result)
    else:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command("extract-batch")
def extract_batch(
    source: Annotated[Path, typer.Argument(help="folder of .txt/.html files, or a JSONL of {id, text|html}")],
    out: Annotated[Path, typer.Argument(help="output JSONL: one SPEC document (or error) per line")],
    processes: Annotated[int, typer.Option(help="worker processes (local engine) or actors (ray); one core each", min=1)] = os.cpu_count() or 1,
    batch_size: Annotated[int, typer.Option(help="documents per batch", min=1)] = 16,
    engine: Annotated[Engine, typer.Option(help="local processes, or a Ray cluster (RAY_ADDRESS, else a local one)")] = Engine.local,
    quantize: Annotated[bool, typer.Option("--quantize/--no-quantize", help="int8 encoder (default, encoder.int8.onnx): faster; --no-quantize gives the API's exact output")] = True,
    model: ModelOpt = None,
) -> None:
    """Extract an archive; a rerun skips finished ids, and a document that fails is recorded, not fatal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from service.batch.local import run_local

    if not source.exists():
        raise fail(f"'{source}' does not exist.")
    if out.exists() and out.is_dir():
        raise fail(f"'{out}' is a folder; give the output JSONL file.")
    model_arg = model if model is not None else get_settings().MODEL_PATH
    kwargs = dict(model=model_arg, batch_size=batch_size, max_chars=get_settings().MAX_TEXT_CHARS, quantize=quantize)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f} docs/s"), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, disable=not sys.stderr.isatty(), console=Console(stderr=True)) as bar:
        task = bar.add_task("extracting", total=None, rate=0.0)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, rate=done / max(1e-9, time.perf_counter() - started))

        if engine is Engine.ray:
            try:
                from service.batch.ray_engine import run_ray
            except ImportError:
                raise fail("the ray engine needs the 'ray' package: pip install 'claimscope[ray]'.") from None
            report = run_ray(source, out, workers=processes, progress=progress, **kwargs)
        else:
            report = run_local(source, out, processes=processes, progress=progress, **kwargs)
    seconds = time.perf_counter() - started
    typer.echo(f"wrote {report.written} line(s) ({report.errors} error(s)), skipped {report.skipped} finished, "
               f"{report.written / max(seconds, 1e-9):.1f} docs/s, peak RSS per worker "
               f"{max(report.workers.values(), default=0):.0f} MB")
