"""The MiniLM encoder under ONNX Runtime: export from torch, int8 dynamic quantization, and the inference session.

A packaged model keeps its torch weights (training and the fallback need them) and, beside
them in the encoder component's folder, `encoder.onnx` (fp32, dynamic batch and sequence axes,
one output `last_hidden_state`) and `encoder.int8.onnx` (its linear and embedding weights
quantized to int8 per channel by `onnxruntime.quantization.quantize_dynamic`). `OnnxEncoder`
encodes chunks with numpy arrays only (`encode_chunks`: no torch in the process), and can also be
called like the transformers module (`encoder(input_ids=..., attention_mask=...).last_hidden_state`,
torch tensors in and out) by code that compares runtimes. Export and quantization need torch and
import it when called.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from models.neural.tagging import Chunk, padded_batches, padded_inputs

logger = logging.getLogger(__name__)

ONNX_FILE = "encoder.onnx"
ONNX_INT8_FILE = "encoder.int8.onnx"
ENCODER_FACTORY = "claimscope_minilm_encoder"
INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAME = "last_hidden_state"
OPSET = 17  # ONNX opset of the export; onnxruntime >= 1.20 runs it
# The int8 variant: per-channel weight scales keep the hidden states about 3x closer to fp32 than
# per-tensor ones (mean |difference| 0.06 against 0.13 over realnews-dev chunks) at the same speed.
QUANTIZE_PER_CHANNEL = True


_default_threads = 0  # set by `set_default_threads`: this process's share of the cores


class EncoderOutput(NamedTuple):
    """What the transformers module returns, as far as the pipeline reads it."""

    last_hidden_state: Any


def _last_hidden_state(encoder: Any) -> Any:
    """The encoder with positional inputs and one output: the graph torch.onnx.export traces."""
    from torch import nn

    class LastHiddenState(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    return LastHiddenState()


def _example_inputs(encoder: Any) -> tuple[Any, Any]:
    """Two rows, the second padded: the trace must hold the attention mask's real path (an all-ones mask is skipped)."""
    import torch

    device = next(encoder.parameters()).device
    vocab = int(getattr(getattr(encoder, "config", None), "vocab_size", 1000))
    ids = torch.tensor([[1, 5, 6, 7, 8, 2], [1, 9, 10, 2, 0, 0]], dtype=torch.long, device=device) % vocab
    mask = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], dtype=torch.long, device=device)
    return ids, mask


def export_onnx(encoder: Any, path: Path) -> Path:
    """Write the torch encoder to `path` as ONNX (dynamic batch and sequence axes, output last_hidden_state)."""
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    was_training = encoder.training
    wrapper = _last_hidden_state(encoder).eval()  # eval before export: the exporter restores the wrapper's mode
    dynamic_axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUT_NAMES, OUTPUT_NAME)}
    tmp = path.with_name(path.name + ".tmp")
    try:
        with warnings.catch_warnings():
            # The TorchScript exporter is deprecated in favour of the dynamo one, which needs onnxscript (not a
            # dependency); its tracer warnings are about shape arithmetic the dynamic axes cover.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            with torch.no_grad():
                torch.onnx.export(wrapper, _example_inputs(encoder), str(tmp), input_names=list(INPUT_NAMES),
                                  output_names=[OUTPUT_NAME], dynamic_axes=dynamic_axes, opset_version=OPSET,
                                  do_constant_folding=True, dynamo=False)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
        encoder.train(was_training)
    logger.info("exported the encoder to %s (%d MB)", path, path.stat().st_size // 2**20)
    return path


def quantize_onnx(src: Path, dst: Path) -> Path:
    """Write an int8 dynamically quantized copy of the ONNX encoder at `src` to `dst`."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    dst = Path(dst)
    tmp = dst.with_name(dst.name + ".tmp")
    try:
        quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, per_channel=QUANTIZE_PER_CHANNEL)
        tmp.replace(dst)
    finally:
        tmp.unlink(missing_ok=True)
    logger.info("quantized %s to int8 at %s (%d MB)", src, dst, dst.stat().st_size // 2**20)
    return dst


def set_default_threads(threads: int) -> None:
    """The intra-op threads a session gets when its component asks for 0 (a worker's share of the cores)."""
    global _default_threads
    _default_threads = max(0, threads)


def resolve_threads(threads: int) -> int:
    """Intra-op threads of a session: `threads`; for 0 the process's default (`set_default_threads`), else
    torch's thread count when torch is loaded, else the CPUs this process may use."""
    if threads > 0:
        return threads
    allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if _default_threads:
        return max(1, min(_default_threads, allowed))
    torch = sys.modules.get("torch")
    return max(1, min(torch.get_num_threads(), allowed)) if torch is not None else allowed


class OnnxEncoder:
    """An ONNX Runtime session over an exported encoder, called like the transformers module.

    The session is created on first use, so a worker that switches to the int8 file never loads
    the fp32 one.
    """

    def __init__(self, path: Path, threads: int = 0) -> None:
        self.path = Path(path)
        self.threads = threads
        self._session: Any = None
        self._lock = threading.Lock()  # concurrent first requests create one session

    def __getstate__(self) -> dict[str, Any]:  # a session does not pickle: the copy makes its own
        return {"path": self.path, "threads": self.threads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], state["threads"])  # type: ignore[misc]

    @property
    def quantized(self) -> bool:
        return self.path.name == ONNX_INT8_FILE

    @property
    def session(self) -> Any:
        with self._lock:
            if self._session is None:
                self._session = self._open()
        return self._session

    def _open(self) -> Any:
        """A CPU session over the file, with `threads` intra-op threads and no spinning between runs."""
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = resolve_threads(self.threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Threads sleep instead of spinning between runs: the rest of the pipeline needs the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        logger.info("onnxruntime session on %s with %d intra-op thread(s)", self.path.name, options.intra_op_num_threads)
        return session

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """[batch, sequence, hidden] float32 states of int64 [batch, sequence] inputs."""
        (states,) = self.session.run([OUTPUT_NAME], {"input_ids": input_ids, "attention_mask": attention_mask})
        return states

    def encode_chunks(self, chunks: list[Chunk], batch_size: int = 16) -> list[np.ndarray]:
        """States [pieces, hidden] of each chunk (padding removed), in `padded_batches` (as network.encode_chunks)."""
        out: list[np.ndarray] = []
        for batch in padded_batches(chunks, batch_size):
            states = self.run(*padded_inputs(batch))
            out.extend(states[row, : len(c.input_ids)] for row, c in enumerate(batch))
        return out

    def __call__(self, input_ids: Any, attention_mask: Any) -> EncoderOutput:
        """Torch tensors in and out, as the transformers module (for code that compares the runtimes)."""
        import torch

        return EncoderOutput(torch.from_numpy(self.run(input_ids.numpy(), attention_mask.numpy())))


def write_onnx_files(encoder: Any | None, folder: Path, int8: bool = True,
                     onnx_source: Path | None = None) -> list[Path]:
    """Write encoder.onnx (exported from `encoder`, else copied from `onnx_source`) and, with `int8`, encoder.int8.onnx.

    A stale int8 file is removed when `int8` is off, so a folder never holds ONNX files from
    other weights than its own.
    """
    folder = Path(folder)
    fp32 = folder / ONNX_FILE
    if encoder is not None:
        export_onnx(encoder, fp32)
    elif onnx_source is not None and Path(onnx_source).resolve() != fp32.resolve():
        shutil.copyfile(onnx_source, fp32)
    written = [fp32]
    int8_path = folder / ONNX_INT8_FILE
    if int8:
        source_int8 = Path(onnx_source).parent / ONNX_INT8_FILE if onnx_source is not None else None
        if encoder is None and source_int8 is not None and source_int8.is_file():
            if source_int8.resolve() != int8_path.resolve():
                shutil.copyfile(source_int8, int8_path)
        else:
            quantize_onnx(fp32, int8_path)
        written.append(int8_path)
    else:
        int8_path.unlink(missing_ok=True)
    return written


def remove_onnx_files(folder: Path) -> None:
    """Remove the ONNX files of a component folder (its torch weights changed and export is off)."""
    for name in (ONNX_FILE, ONNX_INT8_FILE):
        (Path(folder) / name).unlink(missing_ok=True)


def encoder_folders(model_dir: Path) -> list[Path]:
    """The folders of a packaged model's MiniLM encoder components (by factory, from its config.cfg)."""
    from spacy import util

    config = util.load_config(Path(model_dir) / "config.cfg", interpolate=False)
    return [Path(model_dir) / name for name, block in config.get("components", {}).items()
            if isinstance(block, dict) and block.get("factory") == ENCODER_FACTORY]


def export_model(model_dir: Path, int8: bool = True) -> list[Path]:
    """Export the encoder of a packaged model folder to ONNX in place (for models packaged before the export existed).

    Returns the files written; an empty list when the model has no MiniLM encoder (the rule pipeline).
    """
    from models.neural.network import load_encoder

    written: list[Path] = []
    for folder in encoder_folders(model_dir):
        _, encoder = load_encoder(folder)
        encoder.eval()
        with tempfile.TemporaryDirectory() as tmp:  # a failed export leaves the model folder as it was
            files = write_onnx_files(encoder, Path(tmp), int8=int8)
            for f in files:
                shutil.move(str(f), folder / f.name)
                written.append(folder / f.name)
        if not int8:
            (folder / ONNX_INT8_FILE).unlink(missing_ok=True)
    return written
