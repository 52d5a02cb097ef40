"""`claimscope train`, `calibrate`, `evaluate`, `model export-onnx` and `model fit-int8`: making, scoring and exporting models."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.cli.common import ModelOpt, fail

app = typer.Typer()
model_app = typer.Typer(help="Packaged models: export for inference.", no_args_is_help=True)

logger = logging.getLogger(__name__)


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
    encoder: Annotated[str, typer.Option("--encoder", help="served (the encoder as the API serves the model: int8 "
                                         "where training chose it) | fp32 | int8")] = "served",
    task: Annotated[str, typer.Option("--task", help="extraction (the model on the test split and realnews-dev) | "
                                      "matching (claim matching set: MiniLM, the model's pooled encoder, BM25)")] = "extraction",
) -> None:
    """Score a model and its baselines on the test split and realnews-dev; or compare two runs; or claim matching."""
    from evaluation.realnews import DEFAULT_REALNEWS_DIR
    from evaluation.report import ENCODERS
    from evaluation.report import compare as compare_reports, evaluate as run_evaluation, headline_table, load_report

    if task not in ("extraction", "matching"):
        raise fail("--task must be 'extraction' or 'matching'.")
    if encoder not in ENCODERS:
        raise fail(f"--encoder must be one of {', '.join(ENCODERS)}.")
    if task == "matching":
        _evaluate_matching(model, out)
        return

    if compare:
        try:
            typer.echo(compare_reports(load_report(compare[0]), load_report(compare[1])))
        except (FileNotFoundError, json.JSONDecodeError, KeyError) as err:
            raise fail(f"cannot compare: {err}") from None
        return
    folder = realnews or DEFAULT_REALNEWS_DIR
    try:
        report = run_evaluation(model, corpus, folder if (folder / "score.py").is_file() else None, out, baselines,
                                components, encoder)
    except (FileNotFoundError, RuntimeError, ValueError) as err:
        raise fail(str(err), code=1) from None
    typer.echo("Corpus test split\n" + headline_table(report, "test"))
    typer.echo("realnews-dev\n" + headline_table(report, "realnews"))
    if report.get("components"):
        from evaluation.components import components_table

        typer.echo("Trained components against their rule counterparts\n" + components_table(report["components"]))
    typer.echo(f"report: {out / 'report.md'} (and report.json, *.png)")


def _evaluate_matching(model: str | None, out: Path) -> None:
    from evaluation.matching import evaluate as run_matching, table
    from models.pipeline import newest_packaged_model

    folder = Path(model) if model and model != "rules" else (None if model == "rules" else newest_packaged_model())
    try:
        report = run_matching(folder)
    except (FileNotFoundError, ValueError) as err:
        raise fail(str(err), code=1) from None
    out.mkdir(parents=True, exist_ok=True)
    (out / "matching.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out / "matching.md").write_text(table(report) + "\n", encoding="utf-8")
    typer.echo(table(report))
    typer.echo(f"report: {out / 'matching.md'} (and matching.json)")


@model_app.command("export-onnx")
def export_onnx(
    model: Annotated[Optional[Path], typer.Argument(help="a packaged model folder (default: the promoted model)")] = None,
    int8: Annotated[bool, typer.Option("--int8/--no-int8", help="also write the int8 variant (used by extract-batch)")] = True,
) -> None:
    """Write encoder.onnx (and encoder.int8.onnx) into a packaged model's encoder folder, and heads.npz beside
    its heads, so it can be served without torch; `train` does it itself."""
    from models.neural.heads import export_head_arrays
    from models.neural.onnx_encoder import export_model
    from models.pipeline import newest_packaged_model

    folder = model if model is not None else newest_packaged_model()
    if folder is None or not (folder / "meta.json").is_file() or not (folder / "config.cfg").is_file():
        raise fail(f"no packaged model at '{folder or 'models/packaged/CURRENT'}'.")
    logging.basicConfig(level=logging.WARNING)
    try:
        written = export_model(folder, int8=int8)
        written += export_head_arrays(folder) if written else []
    except (OSError, ValueError, RuntimeError) as err:
        raise fail(f"export failed: {err}", code=1) from None
    if not written:
        raise fail(f"the model at '{folder}' has no MiniLM encoder to export.")
    for path in written:
        typer.echo(f"wrote {path} ({path.stat().st_size / 2**20:.0f} MB)")


@model_app.command("fit-int8")
def fit_int8(
    model: Annotated[Optional[Path], typer.Argument(help="a packaged model folder (default: the promoted model)")] = None,
    corpus: Annotated[Path, typer.Option(help="canonical corpus folder (train and dev splits)")] = Path("annotations/corpus"),
) -> None:
    """Fit the claim typing used with the int8 encoder (a type layer on its states, its rule prior) and decide on
    dev whether the API serves int8 by default; `train` does it itself, this upgrades an older package."""
    from models.pipeline import newest_packaged_model
    from training.int8_typing import refit_package

    folder = model if model is not None else newest_packaged_model()
    if folder is None or not (folder / "meta.json").is_file() or not (folder / "config.cfg").is_file():
        raise fail(f"no packaged model at '{folder or 'models/packaged/CURRENT'}'.")
    logging.basicConfig(level=logging.WARNING)
    try:
        report = refit_package(folder, corpus)
    except (OSError, ValueError) as err:
        raise fail(f"cannot fit the int8 typing: {err}", code=1) from None
    if "skipped" in report:
        raise fail(f"the model at '{folder}' has {report['skipped']}; `claimscope model export-onnx` writes it.",
                   code=1)
    rule_prior = report.get("rule_prior", {}).get("chosen")
    typer.echo(f"int8 type layer: C={report['chosen_c']} (None: the fp32 layer is kept), rule prior {rule_prior}")
    fp32, int8 = report["dev_headline"]["fp32"], report["dev_headline"]["int8"]
    for label in fp32:
        typer.echo(f"  dev {label}: fp32 {fp32[label]:.3f}, int8 {int8[label]:.3f} ({100 * (int8[label] - fp32[label]):+.1f})")
    typer.echo("the API serves int8 by default" if report["serve_int8"] else
               "the API keeps fp32 by default (int8 loses more than 0.5 point on a dev headline metric)")
