"""Serving without torch: which models allow it, and a process that keeps torch out extracts the same."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path


from models.runtime import keep_torch_out, model_folder, serves_int8, torch_needs

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """
[components]

[components.encoder]
factory = "claimscope_minilm_encoder"
runtime = "{runtime}"

[components.claims]
factory = "claimscope_claims_tagger"
"""


def _model(tmp_path: Path, runtime: str = "auto", files: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "model"
    (folder / "encoder").mkdir(parents=True)
    (folder / "claims").mkdir()
    (folder / "config.cfg").write_text(CONFIG.format(runtime=runtime), encoding="utf-8")
    (folder / "claims" / "heads.pt").write_bytes(b"")
    for name in files:
        (folder / name).write_bytes(b"")
    return folder


def test_torch_needs_names_each_missing_file(tmp_path):
    folder = _model(tmp_path)
    assert torch_needs(folder) == ["its encoder 'encoder' has no encoder.onnx",
                                   "its component 'claims' has heads.pt but no heads.npz"]
    (folder / "encoder" / "encoder.onnx").write_bytes(b"")
    (folder / "claims" / "heads.npz").write_bytes(b"")
    assert torch_needs(folder) == []
    assert torch_needs(folder, int8=True) == ["its encoder 'encoder' has no encoder.int8.onnx"]


def test_an_encoder_configured_for_torch_needs_it(tmp_path):
    folder = _model(tmp_path, runtime="torch", files=("encoder/encoder.onnx", "claims/heads.npz"))
    assert torch_needs(folder) == ["its encoder 'encoder' is configured to run under torch"]


def _meta(folder: Path, int8: dict | None) -> None:
    type_head = {"chosen_c": 0.005} if int8 is None else {"chosen_c": 0.005, "int8": int8}
    (folder / "meta.json").write_text(json.dumps({"version": "1.0.0", "claimscope": {"type_head": type_head}}))


def test_the_api_serves_int8_by_default_only_where_training_allowed_it(tmp_path):
    folder = _model(tmp_path, files=("encoder/encoder.onnx", "encoder/encoder.int8.onnx"))
    _meta(folder, {"serve_int8": True})
    assert serves_int8(folder) is True
    assert serves_int8(folder, False) is False  # CLAIMSCOPE_ENCODER_INT8=false wins
    _meta(folder, {"serve_int8": False})  # int8 lost more than 0.5 point on dev
    assert serves_int8(folder) is False and serves_int8(folder, True) is True
    _meta(folder, None)  # a model trained before the int8 typing existed
    assert serves_int8(folder) is False
    _meta(folder, {"serve_int8": True})
    (folder / "encoder" / "encoder.int8.onnx").unlink()  # nothing int8 to serve
    assert serves_int8(folder) is False
    (folder / "meta.json").write_text("{not json")
    assert serves_int8(folder) is False
    assert serves_int8("rules") is False and serves_int8("rules", True) is True


def test_the_rule_pipeline_needs_no_torch():
    assert model_folder("rules") is None and torch_needs(None) == []


def test_a_model_that_needs_torch_keeps_it_and_says_why(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="models.runtime"):
        assert keep_torch_out(_model(tmp_path)) is False
    assert "export-onnx" in caplog.text and "no encoder.onnx" in caplog.text
    assert keep_torch_out("rules", wanted=False) is False
    assert sys.modules.get("torch", 0) is not None  # this test process was left alone


SCRIPT = textwrap.dedent("""
    import json, sys
    from models.runtime import keep_torch_out
    blocked = keep_torch_out(sys.argv[1])
    from models.extractor import Extractor
    from models.pipeline import load_pipeline
    nlp = load_pipeline(sys.argv[1])
    out = Extractor(nlp).extract(open(sys.argv[2], encoding="utf-8").read())
    print(json.dumps({"blocked": blocked, "torch": sys.modules.get("torch") is not None,
                      "runtime": nlp.get_pipe("encoder").runtime_in_use, "out": out}))
""")


def test_a_process_without_torch_extracts_what_torch_does(tiny_model, articles, tmp_path):
    from models.extractor import Extractor
    from models.pipeline import load_pipeline

    text = tmp_path / "article.txt"
    text.write_text(articles["two_actions"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tiny_model), str(text)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    child = json.loads(done.stdout.strip().splitlines()[-1])
    assert child["blocked"] is True and child["torch"] is False and child["runtime"] == "onnx"
    assert child["out"] == Extractor(load_pipeline(tiny_model)).extract(articles["two_actions"])
    assert child["out"]["claims"] and child["out"]["sanctions"]
