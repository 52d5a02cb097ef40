"""The `claimscope` command line: extract, serve, corpus and evaluate subcommands.

Every user error ends with one sentence on stderr and exit code 2; no tracebacks.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from service.core.config import get_settings

app = typer.Typer(help="claimscope: sanctions, attributed claims and entities from news articles.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
corpus_app = typer.Typer(help="The annotated corpus: build, validate, stats, agreement.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
annotate_app = typer.Typer(help="The Label Studio loop: config, push, pull, retrain.", no_args_is_help=True)
app.add_typer(annotate_app, name="annotate")
keys_app = typer.Typer(help="API keys: create, list, revoke (stored hashed in the service database).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

logger = logging.getLogger(__name__)

EXIT_USAGE = 2

ModelOpt = Annotated[Optional[str], typer.Option("--model", help="model folder ('rules' for the rule pipeline)")]


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def fail(message: str, code: int = EXIT_USAGE) -> "typer.Exit":
    """Print one sentence to stderr and return the Exit to raise."""
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


@lru_cache(maxsize=1)
def pipeline(model: str | None):
    """The pipeline for this process, loaded once."""
    from models.pipeline import load_pipeline

    return load_pipeline(model if model is not None else get_settings().MODEL_PATH)


def _load(model: str | None):
    try:
        return pipeline(model)
    except (FileNotFoundError, OSError, ValueError) as err:
        raise fail(str(err)) from None


def read_input(path: str) -> str:
    """Read an article from a file path or '-' (stdin) as UTF-8; one-sentence errors."""
    from models.errors import Errors

    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise fail(Errors.E007.format(path=path)) from None
    except IsADirectoryError:
        raise fail(f"'{path}' is a folder; give one article file.") from None
    except OSError as err:
        raise fail(f"cannot read '{path}': {err.strerror}.") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise fail(Errors.E006.format(path=path, reason=f"invalid byte at position {err.start}")) from None


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
    extractor = Extractor(_load(model), get_settings().MAX_TEXT_CHARS)
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
    quantize: Annotated[bool, typer.Option("--quantize/--no-quantize", help="int8 encoder (default): faster; --no-quantize gives the API's exact output")] = True,
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
    from service.main import create_app

    n_workers = workers or settings.WORKERS
    options: dict[str, object] = {}
    if n_workers > 1:  # worker processes import the factory and read settings from the environment
        if model is not None:
            raise fail("--model works with one worker; with --workers N set CLAIMSCOPE_MODEL_PATH instead.")
        app: object = "service.main:create_app"
        options["factory"] = True
    else:
        app = create_app(settings)
    uvicorn.run(
        app, host=host or settings.HOST, port=port or settings.PORT, workers=n_workers,
        log_level=settings.LOG_LEVEL.lower(), log_config=None, access_log=False,
        timeout_graceful_shutdown=settings.GRACEFUL_SHUTDOWN_S, **options,  # type: ignore[arg-type]
        # X-Forwarded-For only from configured proxies: otherwise a client could pick its own address
        proxy_headers=bool(settings.TRUSTED_PROXIES), forwarded_allow_ips=settings.TRUSTED_PROXIES or None,
    )


@corpus_app.command("build")
def corpus_build(
    source: Annotated[Path, typer.Option(help="authoring folder")] = Path("annotations/source"),
    out: Annotated[Path, typer.Option(help="canonical Label Studio task folder")] = Path("annotations/corpus"),
) -> None:
    """Convert authoring files into canonical Label Studio tasks."""
    from annotations.corpus import build_corpus

    try:
        n = build_corpus(source, out)
    except ValueError as err:
        raise fail(str(err), code=1) from None
    typer.echo(f"wrote {n} task(s) to {out}")


@corpus_app.command("agreement")
def corpus_agreement(
    source: Annotated[Path, typer.Option(help="first-pass authoring folder")] = Path("annotations/source"),
    review: Annotated[Path, typer.Option(help="second-pass folder")] = Path("annotations/review"),
    blind: Annotated[Path, typer.Option(help="blind second annotation (made from the text alone)")] = Path("annotations/blind"),
    corpus: Annotated[Path, typer.Option(help="canonical Label Studio task folder")] = Path("annotations/corpus"),
) -> None:
    """Agreement per task: writer vs reviewer passes (exact F1), and the blind annotation scored against the corpus."""
    from annotations.agreement import agreement

    out: dict[str, object] = {"review_pass": agreement(source, review)}
    if blind.is_dir():
        from evaluation.blind_agreement import agreement_summary, blind_agreement

        groups = {"all": None, "v1 (batches a-g)": set("abcdefg"), "v2 (batches h-n)": set("hijklmn")}
        results = {name: blind_agreement(corpus, blind, batches) for name, batches in groups.items()}
        out["blind"] = {name: agreement_summary(r) for name, r in results.items()}
        out["blind_skipped"] = results["all"]["skipped"]
    typer.echo(json.dumps(out, indent=2))


@corpus_app.command("validate")
def corpus_validate(
    corpus: Annotated[Path, typer.Option(help="canonical Label Studio task folder")] = Path("annotations/corpus"),
) -> None:
    """Check every task's offsets, labels, relations and choices against SPEC."""
    from annotations.corpus import validate_corpus

    n, errors = validate_corpus(corpus)
    for e in errors:
        typer.echo(e)
    typer.echo(f"{n} task(s) checked, {len(errors)} error(s)")
    if errors:
        raise typer.Exit(1)


@corpus_app.command("stats")
def corpus_stats(
    corpus: Annotated[Path, typer.Option(help="canonical Label Studio task folder")] = Path("annotations/corpus"),
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    realism: Annotated[bool, typer.Option("--realism", help="lengths, densities, type mix and phenomena of v1 and v2 "
                                                              "batches against real articles (JSON)")] = False,
    against: Annotated[Path, typer.Option(help="real articles in realnews-dev's format (statistics only)")] = Path(
        "../shared/realnews-dev/docs"),
) -> None:
    """Coverage counts of the corpus, per split; with --realism, how close it is to real news."""
    from annotations.stats import corpus_stats as compute, render_stats

    if realism:
        from annotations.corpus import load_corpus
        from annotations.realism import realism as compare

        try:
            docs = load_corpus(corpus)
        except ValueError as err:
            raise fail(str(err), code=1) from None
        groups = {"v1 (batches a-g)": set("abcdefg"), "v2 (batches h-n)": set("hijklmn")}
        typer.echo(json.dumps(compare(docs, groups, against), indent=2))
        return
    try:
        stats = compute(corpus)
    except ValueError as err:
        raise fail(str(err), code=1) from None
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
    else:
        Console().print(render_stats(stats))


def _train(run_training, corpus: Path, config: Path, out: Path, version, seed, promote: bool, progress) -> Path:
    try:
        return run_training(corpus, config, out, version=version, seed=seed, do_promote=promote, progress=progress)
    except ValueError as err:
        raise fail(str(err), code=1) from None


@app.command()
def train(
    config: Annotated[Path, typer.Option(help="training config")] = Path("training/configs/default.cfg"),
    corpus: Annotated[Path, typer.Option(help="canonical corpus folder")] = Path("annotations/corpus"),
    out: Annotated[Optional[Path], typer.Option(help="folder for model packages (default models/packaged)")] = None,
    seed: Annotated[Optional[int], typer.Option(help="random seed (default: the config's)")] = None,
    version: Annotated[Optional[str], typer.Option(help="model version (default: next patch version)")] = None,
    promote: Annotated[bool, typer.Option("--promote/--no-promote", help="make it the default model")] = True,
) -> None:
    """Train the pipeline on the corpus train split (dev split for model selection)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from models.pipeline import PACKAGED_DIR
    from training.train import train as run_training

    if not config.is_file():
        raise fail(f"no training config at '{config}'.")
    logging.basicConfig(level=logging.WARNING)
    if sys.stdout.isatty():
        columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                   TimeElapsedColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=False) as bar:
            task = bar.add_task("training", total=1.0)
            folder = _train(run_training, corpus, config, out or PACKAGED_DIR, version, seed, promote,
                            lambda msg, frac: bar.update(task, completed=min(frac, 1.0), description=msg))
    else:  # logs and CI: one line per 5 %
        shown = [-1]

        def line(msg: str, frac: float) -> None:
            step = int(frac * 20)
            if step > shown[0]:
                shown[0] = step
                typer.echo(f"{100 * frac:5.1f}% {msg}")

        folder = _train(run_training, corpus, config, out or PACKAGED_DIR, version, seed, promote, line)
    typer.echo(f"model written to {folder}" + (" and promoted" if promote else ""))


@app.command()
def calibrate(
    model: Annotated[Path, typer.Argument(help="a packaged model folder")],
    corpus: Annotated[Path, typer.Option(help="canonical corpus folder (its dev split is used)")] = Path("annotations/corpus"),
) -> None:
    """Refit a packaged model's confidence calibrator on the dev split (as training does last)."""
    from training.calibrate import recalibrate

    if not (model / "meta.json").is_file():
        raise fail(f"no packaged model at '{model}'.")
    try:
        summary = recalibrate(model, corpus)
    except (ValueError, FileNotFoundError) as err:
        raise fail(str(err), code=1) from None
    typer.echo(json.dumps(summary, indent=2))


@app.command()
def evaluate(
    model: ModelOpt = None,
    corpus: Annotated[Path, typer.Option(help="canonical corpus folder (its test split is scored)")] = Path("annotations/corpus"),
    realnews: Annotated[Optional[Path], typer.Option(help="realnews-dev folder (default ../shared/realnews-dev)")] = None,
    out: Annotated[Path, typer.Option(help="run folder for predictions, report.json/md and plots")] = Path("evaluation/runs/latest"),
    baselines: Annotated[bool, typer.Option("--baselines/--no-baselines", help="also score sm, rules, previous model")] = True,
    compare: Annotated[Optional[tuple[Path, Path]], typer.Option("--compare", help="two run folders or report.json files A B: print B - A")] = None,
    components: Annotated[bool, typer.Option("--components", help="also score each trained component against its rule counterpart")] = False,
) -> None:
    """Score a model and its baselines on the test split and realnews-dev; or compare two runs."""
    from evaluation.realnews import DEFAULT_REALNEWS_DIR
    from evaluation.report import compare as compare_reports, evaluate as run_evaluation, headline_table, load_report

    if compare:
        try:
            typer.echo(compare_reports(load_report(compare[0]), load_report(compare[1])))
        except (FileNotFoundError, json.JSONDecodeError, KeyError) as err:
            raise fail(f"cannot compare: {err}") from None
        return
    folder = realnews or DEFAULT_REALNEWS_DIR
    try:
        report = run_evaluation(model, corpus, folder if (folder / "score.py").is_file() else None, out, baselines,
                                components)
    except (FileNotFoundError, RuntimeError, ValueError) as err:
        raise fail(str(err), code=1) from None
    typer.echo("Corpus test split\n" + headline_table(report, "test"))
    typer.echo("realnews-dev\n" + headline_table(report, "realnews"))
    if report.get("components"):
        from evaluation.components import components_table

        typer.echo("Trained components against their rule counterparts\n" + components_table(report["components"]))
    typer.echo(f"report: {out / 'report.md'} (and report.json, *.png)")


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


UrlOpt = Annotated[Optional[str], typer.Option("--url", help="Label Studio URL (env CLAIMSCOPE_LABEL_STUDIO_URL)")]
TokenOpt = Annotated[Optional[str], typer.Option("--token", help="Label Studio API token (env CLAIMSCOPE_LABEL_STUDIO_TOKEN)")]
ProjectOpt = Annotated[str, typer.Option("--project", help="Label Studio project title")]


def _studio(url: str | None, token: str | None):
    from annotations.studio_client import LabelStudio, StudioError

    settings = get_settings()
    client = LabelStudio(url or settings.LABEL_STUDIO_URL, token if token is not None else settings.LABEL_STUDIO_TOKEN)
    try:
        client.whoami()
    except StudioError as err:
        client.close()
        raise fail(str(err), code=1) from None
    return client


@annotate_app.command("config")
def annotate_config(
    out: Annotated[Optional[Path], typer.Option(help="write the XML here (default: stdout)")] = None,
) -> None:
    """The labeling config generated from the SPEC label set."""
    from annotations.label_config import label_config

    xml = label_config()
    if out is None:
        sys.stdout.write(xml)
    else:
        out.write_text(xml, encoding="utf-8")
        typer.echo(f"wrote {out}")


@annotate_app.command("push")
def annotate_push(
    paths: Annotated[list[Path], typer.Argument(help="article files (.txt, .json) or folders")],
    project: ProjectOpt = "claimscope",
    select: Annotated[str, typer.Option(help="uncertain | random | all")] = "uncertain",
    limit: Annotated[Optional[int], typer.Option(help="push at most N articles")] = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    model: ModelOpt = None,
) -> None:
    """Import articles as tasks with the current model's predictions."""
    from annotations.loop import SELECTIONS, push, read_articles
    from annotations.studio_client import StudioError
    from models.extractor import Extractor

    if select not in SELECTIONS:
        raise fail(f"--select must be one of {', '.join(SELECTIONS)}.")
    try:
        articles = read_articles(paths)
    except (ValueError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise fail(f"cannot read the articles: {err}.") from None
    extractor = Extractor(_load(model))

    def run(texts: list[str]) -> list[dict]:
        return list(extractor.extract_many(texts))

    with _studio(url, token) as client:
        try:
            report = push(client, project, articles, run, select=select, limit=limit)
        except StudioError as err:
            raise fail(str(err), code=1) from None
    typer.echo(f"project {report.project_id}: pushed {len(report.pushed)}, already there {len(report.already_there)}")


@annotate_app.command("pull")
def annotate_pull(
    project: ProjectOpt = "claimscope",
    corpus: Annotated[Path, typer.Option(help="canonical corpus folder")] = Path("annotations/corpus"),
    url: UrlOpt = None,
    token: TokenOpt = None,
) -> None:
    """Merge the project's annotations into the corpus, with provenance."""
    from annotations.loop import pull
    from annotations.studio_client import StudioError

    with _studio(url, token) as client:
        try:
            report = pull(client, project, corpus)
        except (StudioError, ValueError) as err:
            raise fail(str(err), code=1) from None
    typer.echo(f"imported {len(report.imported)}, superseding {len(report.superseding)}, unchanged {report.unchanged}, "
               f"skipped {report.skipped}, left out {len(report.invalid)}")
    for line in report.invalid:
        typer.echo(f"left out: {line}")


@annotate_app.command("retrain")
def annotate_retrain(
    project: ProjectOpt = "claimscope",
    corpus: Annotated[Path, typer.Option(help="canonical corpus folder")] = Path("annotations/corpus"),
    config: Annotated[Path, typer.Option(help="training config")] = Path("training/configs/default.cfg"),
    out: Annotated[Optional[Path], typer.Option(help="folder for model packages (default models/packaged)")] = None,
    url: UrlOpt = None,
    token: TokenOpt = None,
    no_pull: Annotated[bool, typer.Option("--no-pull", help="train on the corpus as it is")] = False,
) -> None:
    """Pull, train, evaluate on dev, and promote the new model only if it is not worse."""
    from annotations.studio_client import StudioError
    from models.pipeline import PACKAGED_DIR
    from training.retrain import retrain

    client = None if no_pull else _studio(url, token)
    try:
        report = retrain(corpus, client=client, project=project, config=config, packaged_root=out or PACKAGED_DIR)
    except (StudioError, ValueError) as err:
        raise fail(str(err), code=1) from None
    finally:
        if client is not None:
            client.close()
    if report.pulled is not None:
        typer.echo(f"pulled: imported {len(report.pulled.imported)}, superseding {len(report.pulled.superseding)}")
    typer.echo(report.table())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
