"""`claimscope serve` keeps torch out of its processes when the model allows it, and answers as torch would."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from evaluation.server_process import ServiceProcess


def _torch_mapped(pids) -> dict[int, bool]:
    """Whether each process has torch's shared library mapped (Linux /proc)."""
    return {pid: "libtorch" in Path(f"/proc/{pid}/maps").read_text() for pid in pids}


def _without_nulls(value):
    """The document as the API sends it (null fields left out)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_serve_runs_without_torch_and_extracts_the_same(tiny_model, articles, tmp_path, workers):
    from models.extractor import Extractor
    from models.pipeline import load_pipeline
    from models.runtime import serves_int8

    env = {"CLAIMSCOPE_CLAIM_MATCHING": "false", "CLAIMSCOPE_WORKERS": str(workers),
           "CLAIMSCOPE_MODEL_PATH": str(tiny_model)}
    server = ServiceProcess(tmp_path, env=env).start()
    try:
        text = articles["two_actions"]
        answers = [httpx.post(f"{server.url}/v1/extract", json={"text": text}, timeout=60) for _ in range(2 * workers)]
        pids = server.peak_rss_mb()
        assert sum(mb > 200 for mb in pids.values()) == workers  # every worker holds a model (the supervisor ~50 MB)
        assert not any(_torch_mapped(pids).values())
    finally:
        server.stop()
    nlp = load_pipeline(tiny_model)
    if serves_int8(tiny_model):  # the server's default encoder, as training chose it for this model
        nlp.get_pipe("encoder").quantize()
    expected = _without_nulls(Extractor(nlp).extract(text))
    assert all(r.status_code == 200 and r.json() == expected for r in answers)


@pytest.mark.slow
def test_serve_keeps_torch_when_told_to(tiny_model, articles, tmp_path):
    env = {"CLAIMSCOPE_CLAIM_MATCHING": "false", "CLAIMSCOPE_SERVE_WITHOUT_TORCH": "false"}
    server = ServiceProcess(tmp_path, model=str(tiny_model), env=env).start()
    try:
        assert httpx.post(f"{server.url}/v1/extract", json={"text": articles["two_actions"]}, timeout=60).status_code == 200
        assert all(_torch_mapped(server.peak_rss_mb()).values())
    finally:
        server.stop()
