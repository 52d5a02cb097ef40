"""`claimscope annotate config|push|pull|retrain`: the Label Studio loop."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.cli import common
from service.cli.common import ModelOpt, fail
from service.core.config import get_settings

annotate_app = typer.Typer(help="The Label Studio loop: config, push, pull, retrain.", no_args_is_help=True)

logger = logging.getLogger(__name__)


UrlOpt = Annotated[Optional[str], typer.Option(
    "--url", help="Label Studio URL (env CLAIMSCOPE_LABEL_STUDIO_URL or LABEL_STUDIO_URL)")]
TokenOpt = Annotated[Optional[str], typer.Option(
    "--token", help="Label Studio legacy token or personal access token "
    "(env CLAIMSCOPE_LABEL_STUDIO_TOKEN or LABEL_STUDIO_API_KEY)")]
ProjectOpt = Annotated[str, typer.Option("--project", help="Label Studio project title")]


def _studio(url: str | None, token: str | None):
    from annotations.studio_client import LabelStudio, StudioError

    settings = get_settings()
    try:
        client = LabelStudio(url or settings.LABEL_STUDIO_URL,
                             token if token is not None else settings.LABEL_STUDIO_TOKEN)
    except StudioError as err:
        raise fail(str(err), code=1) from None
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
    extractor = Extractor(common._load(model))

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
