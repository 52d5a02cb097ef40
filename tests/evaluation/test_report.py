"""`claimscope evaluate` end to end on the rule pipeline: report files, realnews agreement, compare."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.realnews import DEFAULT_REALNEWS_DIR
from evaluation.report import compare, evaluate, load_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    realnews = DEFAULT_REALNEWS_DIR if (DEFAULT_REALNEWS_DIR / "score.py").is_file() else None
    out = tmp_path_factory.mktemp("run")
    return out, evaluate("rules", ROOT / "annotations" / "corpus", realnews, out, baselines=True), realnews


def test_report_files(run):
    out, report, _ = run
    for name in ("report.json", "report.md", "claim_type_confusion.png", "status_confusion.png", "entity_f1_per_label.png"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0
    assert [s["system"] for s in report["systems"]][0] == "en_core_web_sm entities"
    assert "## Corpus test split" in (out / "report.md").read_text()
    md = (out / "report.md").read_text()
    assert "## Corpus test split against realnews-dev" in md and "| gap (realnews − test) |" in md
    assert "## Calibration" in md and (out / "reliability.png").stat().st_size > 0
    assert report["systems"][-1]["function_word_spans"]["test"] == []  # well-formed actions only


def test_realnews_figures_agree_with_reference_scorer(run):
    out, report, realnews = run
    if realnews is None:
        pytest.skip("realnews-dev is not beside the checkout")
    ref = out / "ref.json"
    subprocess.run([sys.executable, str(realnews / "score.py"), str(realnews / "docs"),
                    str(out / "model" / "realnews-pred"), "--json", str(ref)], check=True, capture_output=True)
    expected = json.loads(ref.read_text())
    ours = report["systems"][-1]["realnews"]
    for path in (("entities", "micro", "f1"), ("claims", "strict", "f1"), ("sanctions", "event", "f1")):
        a, b = expected, ours
        for k in path:
            a, b = a[k], b[k]
        assert a == b


def test_compare_prints_deltas(run):
    out, _, _ = run
    table = compare(load_report(out), load_report(out / "report.json"))
    assert "| test: claim strict F1 |" in table and "+0.000" in table


def test_cli_compare_takes_two_runs(run, tmp_path):
    from typer.testing import CliRunner

    from service import cli

    out, _, _ = run
    r = CliRunner().invoke(cli.app, ["evaluate", "--compare", str(out), str(out / "report.json")])
    assert r.exit_code == 0 and "| test: claim strict F1 |" in r.stdout
    missing = CliRunner().invoke(cli.app, ["evaluate", "--compare", str(tmp_path / "none"), str(out)])
    assert missing.exit_code == 2 and "no report.json" in missing.output


def test_the_model_is_scored_with_the_encoder_the_api_serves(tiny_model):
    from models.pipeline import load_pipeline
    from models.runtime import serves_int8
    from evaluation.report import _set_encoder, _system_name

    served = _set_encoder(load_pipeline(tiny_model), tiny_model, "served")
    runtime = served.get_pipe("encoder").runtime_in_use
    assert runtime == ("onnx-int8" if serves_int8(tiny_model) else "onnx")
    assert ("int8 encoder" in _system_name(served)) == serves_int8(tiny_model)  # reports say which encoder
    assert _set_encoder(load_pipeline(tiny_model), tiny_model, "fp32").get_pipe("encoder").runtime_in_use == "onnx"
    assert _set_encoder(load_pipeline(tiny_model), tiny_model, "int8").get_pipe("encoder").runtime_in_use == "onnx-int8"
    with pytest.raises(ValueError, match="encoder must be one of"):
        _set_encoder(load_pipeline(tiny_model), tiny_model, "fp16")


def test_cli_evaluate_refuses_an_unknown_encoder():
    r = subprocess.run([sys.executable, "-m", "service.cli", "evaluate", "--encoder", "fp16"], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 2 and "--encoder must be" in r.stderr and "Traceback" not in r.stderr
