"""The claim embedder: the sentence-transformers computation, under torch and under ONNX Runtime."""

from __future__ import annotations

import numpy as np
import pytest

from models.claim_embedder import ClaimEmbedder, default_key, default_path

TEXTS = ["Moscow denies any role in the cable damage", "the sanctions are illegal and will be answered", "",
         "x " * 400]


@pytest.fixture(scope="module")
def torch_embedder():
    return ClaimEmbedder()


def test_it_is_what_sentence_transformers_computes_for_the_shipped_model(torch_embedder):
    st = pytest.importorskip("sentence_transformers")
    reference = st.SentenceTransformer(str(default_path()), device="cpu", local_files_only=True)
    expected = reference.encode(TEXTS[:3], normalize_embeddings=True)
    assert np.abs(torch_embedder.embed(TEXTS[:3]) - expected).max() < 1e-5
    assert torch_embedder.key == default_key() and torch_embedder.key.startswith("all-MiniLM-L6-v2@")


def test_onnx_runtime_gives_the_same_vectors_and_exports_once(torch_embedder, tmp_path):
    onnx = ClaimEmbedder(cache_dir=tmp_path)
    assert onnx.runtime == "onnxruntime" and onnx.key == torch_embedder.key
    exported = next(tmp_path.rglob("encoder.onnx"))
    assert not list(tmp_path.rglob("encoder.*.onnx"))  # the per-process file was renamed into place
    vectors = onnx.embed(TEXTS)
    assert vectors.shape == (4, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.abs(vectors - torch_embedder.embed(TEXTS)).max() < 1e-4
    stamp = exported.stat().st_mtime_ns
    ClaimEmbedder(cache_dir=tmp_path)
    assert exported.stat().st_mtime_ns == stamp
    assert onnx.embed([]).shape == (0, 384)


def test_int8_vectors_stay_close_and_get_their_own_key(torch_embedder, tmp_path):
    int8 = ClaimEmbedder(cache_dir=tmp_path, int8=True)
    assert int8.runtime == "onnxruntime-int8" and int8.key == torch_embedder.key + "+int8"
    cosines = (int8.embed(TEXTS[:2]) * torch_embedder.embed(TEXTS[:2])).sum(axis=1)
    assert cosines.min() > 0.98
    assert next(tmp_path.rglob("encoder.int8.onnx")).is_file()


CHILD = """
import json, sys
sys.modules["torch"] = None  # as a serving worker that keeps torch out (models/runtime.py)
from models.claim_embedder import ClaimEmbedder
embedder = ClaimEmbedder(cache_dir=sys.argv[1], int8=True)
print(json.dumps({"key": embedder.key, "vectors": embedder.embed(json.loads(sys.argv[2])).tolist(),
                  "torch": sys.modules.get("torch") is not None}))
"""


def test_processes_without_torch_export_in_a_child_and_embed_the_same(tmp_path):
    """Two workers starting together on an empty cache folder: both succeed (they take turns exporting)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "child"), json.dumps(TEXTS[:2])],
                                 cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [child.communicate(timeout=300) for child in children]
    assert [child.returncode for child in children] == [0, 0], [err[-2000:] for _, err in outputs]
    here = ClaimEmbedder(cache_dir=tmp_path / "here", int8=True)
    for out, _ in outputs:
        child = json.loads(out.strip().splitlines()[-1])
        assert child["torch"] is False and child["key"] == here.key
        assert np.abs(np.array(child["vectors"], dtype=np.float32) - here.embed(TEXTS[:2])).max() < 1e-5
    assert next((tmp_path / "child").rglob("encoder.int8.onnx")).is_file()
