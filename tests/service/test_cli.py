"""The claimscope CLI: extract to JSON and tables, and one-sentence errors with exit code 2."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from service import cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def _rules_pipeline(nlp, monkeypatch):
    monkeypatch.setattr(cli.common, "_load", lambda model: nlp)


def test_extract_json(tmp_path, articles):
    path = tmp_path / "a.txt"
    path.write_text(articles["counter_sanctions"], encoding="utf-8")
    r = runner.invoke(cli.app, ["extract", str(path)])
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert body["sanctions"] and body["claims"]


def test_extract_min_confidence(articles):
    everything = json.loads(runner.invoke(cli.app, ["extract", "-"], input=articles["two_actions"]).stdout)
    none = runner.invoke(cli.app, ["extract", "-", "--min-confidence", "1"], input=articles["two_actions"])
    assert none.exit_code == 0
    kept = json.loads(none.stdout)
    assert len(kept["claims"]) < len(everything["claims"]) and all(c["confidence"] == 1 for c in kept["claims"])
    bad = runner.invoke(cli.app, ["extract", "-", "--min-confidence", "2"], input=articles["two_actions"])
    assert bad.exit_code == 2


def test_extract_stdin_table(articles):
    r = runner.invoke(cli.app, ["extract", "-", "--format", "table"], input=articles["two_actions"])
    assert r.exit_code == 0, r.output
    assert "Sanctions" in r.stdout and "Claims" in r.stdout and "Britain" in r.stdout


@pytest.mark.parametrize(
    "content, phrase",
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (b"The EU \xff\xfe sanctioned", "not valid UTF-8"),
        (b"x" * 5_000_000, "limit"),
    ],
)
def test_bad_files_exit_2_with_one_sentence(tmp_path, content, phrase):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    r = runner.invoke(cli.app, ["extract", str(path)])
    assert r.exit_code == 2
    assert phrase in r.output and "Traceback" not in r.output


def test_missing_file(tmp_path):
    r = runner.invoke(cli.app, ["extract", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2 and "does not exist" in r.output


def test_real_process_prints_no_traceback(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xc3\x28 invalid")
    proc = subprocess.run([sys.executable, "-m", "service.cli", "extract", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not valid UTF-8" in proc.stderr and "Traceback" not in proc.stderr


def test_corpus_stats_realism_compares_v2_with_real_news():
    r = runner.invoke(cli.app, ["corpus", "stats", "--realism"])
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    v2 = body["v2 (batches h-n)"]
    assert v2["documents"] >= 350 and v2["median_words"] >= 600
    assert 0.7 * 2.0 < v2["claims_per_100_words"] and set(v2["phenomena"]) >= {"agency_relay", "declined_to_comment"}


def test_serve_refuses_a_data_dir_it_cannot_write(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {"CLAIMSCOPE_DATA_DIR": str(blocker / "data"), "CLAIMSCOPE_AUTH_MODE": "open"}
    cli.get_settings.cache_clear()
    try:
        r = runner.invoke(cli.app, ["serve", "--port", "1"], env=env)
    finally:
        cli.get_settings.cache_clear()
    assert r.exit_code == 1 and "is not writable" in r.output and "Traceback" not in r.output


def test_serve_model_with_several_workers_is_one_sentence(tmp_path):
    r = runner.invoke(cli.app, ["serve", "--workers", "2", "--model", "rules", "--port", "1"],
                      env={"CLAIMSCOPE_DATA_DIR": str(tmp_path)})
    assert r.exit_code == 2 and "CLAIMSCOPE_MODEL_PATH" in r.output and "Traceback" not in r.output


def test_model_export_onnx_writes_the_files(tiny_model, tmp_path):
    import shutil

    copy = tmp_path / tiny_model.name
    shutil.copytree(tiny_model, copy)
    for name in ("encoder/encoder.onnx", "encoder/encoder.int8.onnx", "claims/heads.npz", "sanctions/heads.npz"):
        (copy / name).unlink()
    r = runner.invoke(cli.app, ["model", "export-onnx", str(copy), "--no-int8"])
    assert r.exit_code == 0, r.output
    assert (copy / "encoder" / "encoder.onnx").is_file() and not (copy / "encoder" / "encoder.int8.onnx").exists()
    assert (copy / "claims" / "heads.npz").is_file() and (copy / "sanctions" / "heads.npz").is_file()
    assert "encoder.onnx" in r.stdout and "heads.npz" in r.stdout


def test_model_export_onnx_needs_a_packaged_model(tmp_path):
    r = runner.invoke(cli.app, ["model", "export-onnx", str(tmp_path)])
    assert r.exit_code == 2 and "no packaged model" in r.output


def test_model_fit_int8_upgrades_a_package_trained_without_it(tiny_model, tmp_path):
    import json
    import shutil

    copy = tmp_path / tiny_model.name
    shutil.copytree(tiny_model, copy)
    meta = json.loads((copy / "meta.json").read_text())
    del meta["claimscope"]["type_head"]["int8"]  # as packaged before the int8 typing existed
    (copy / "meta.json").write_text(json.dumps(meta))
    (copy / "claims" / "heads.int8.npz").unlink(missing_ok=True)
    r = runner.invoke(cli.app, ["model", "fit-int8", str(copy)])
    assert r.exit_code == 0, r.output
    int8 = json.loads((copy / "meta.json").read_text())["claimscope"]["type_head"]["int8"]
    assert isinstance(int8["serve_int8"], bool) and "dev claim type acc: fp32" in r.stdout
    assert (copy / "claims" / "heads.int8.npz").is_file() == (int8["chosen_c"] is not None)
    settings = json.loads((copy / "claims" / "settings.json").read_text())
    assert settings["rule_prior_int8"] == int8["rule_prior"]["chosen"]
    (copy / "encoder" / "encoder.int8.onnx").unlink()
    r = runner.invoke(cli.app, ["model", "fit-int8", str(copy)])
    assert r.exit_code == 1 and "has no encoder.int8.onnx" in r.output and "Traceback" not in r.output
    r = runner.invoke(cli.app, ["model", "fit-int8", str(tmp_path / "nothing")])
    assert r.exit_code == 2 and "no packaged model" in r.output


def test_serve_several_workers_need_the_setting_each_worker_reads(tmp_path):
    r = runner.invoke(cli.app, ["serve", "--workers", "2", "--port", "1"], env={"CLAIMSCOPE_DATA_DIR": str(tmp_path)})
    assert r.exit_code == 2 and "CLAIMSCOPE_WORKERS=2" in r.output and "Traceback" not in r.output


def test_each_worker_takes_its_share_of_the_cores():
    import os

    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    from models.neural.onnx_encoder import resolve_threads, set_default_threads
    from service.core.config import Settings
    from service.main import set_threads

    before = torch.get_num_threads()
    blas_before = {pool["user_api"]: pool["num_threads"] for pool in threadpool_info()}.get("blas")
    cores = len(os.sched_getaffinity(0))
    try:
        assert set_threads(Settings(WORKERS=1)) == cores and torch.get_num_threads() == cores
        assert resolve_threads(0) == max(1, cores - 1)  # the encoder's session leaves a core to spaCy's parse
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
        assert set_threads(Settings(WORKERS=cores * 4)) == 1 and resolve_threads(0) == 1
        assert set_threads(Settings(WORKERS=1, TORCH_THREADS=3)) == 3 and resolve_threads(0) == min(3, cores)
    finally:
        torch.set_num_threads(before)
        set_default_threads(0)
        if blas_before:
            threadpool_limits(limits=blas_before, user_api="blas")


@pytest.mark.parametrize("int8, runtime", [(True, "onnx-int8"), (False, "onnx")])
def test_commands_load_the_encoder_the_api_serves(tiny_model, monkeypatch, int8, runtime):
    from service.core.config import Settings

    monkeypatch.setattr(cli.common, "get_settings", lambda: Settings(ENCODER_INT8=int8))
    nlp = cli.common.pipeline.__wrapped__(str(tiny_model))  # uncached: extract and annotate's pipeline
    assert nlp.get_pipe("encoder").runtime_in_use == runtime
