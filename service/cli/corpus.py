"""`claimscope corpus build|validate|stats|agreement`: the annotated corpus."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.cli.common import fail

corpus_app = typer.Typer(help="The annotated corpus: build, validate, stats, agreement.", no_args_is_help=True)

logger = logging.getLogger(__name__)


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
