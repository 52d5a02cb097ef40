"""The heads at inference, in numpy: linear layers as arrays, pooling, features and tag probabilities.

Extraction needs no torch. The encoder's word-piece states come from ONNX Runtime as numpy
arrays (or from torch, converted), and each head is one linear layer, so the taggers compute
with the arrays here whatever trained them. That lets a serving worker run without importing
torch at all (models/runtime.py), about 160 MB less per worker. Training keeps torch
(models/neural/network.py holds the torch modules and the same features as tensors).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, NamedTuple

import numpy as np

from models.neural.tagging import Chunk, piece_range


class Linear(NamedTuple):
    """A linear layer's weight [out, in] and bias [out], applied to the last axis."""

    weight: np.ndarray
    bias: np.ndarray

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x @ self.weight.T + self.bias


def layers_from_state(state: Mapping[str, Any]) -> dict[str, Linear]:
    """{head name: Linear} from a heads module's state (`tags.weight`, `claim_type.1.bias`, ...).

    Each head holds one linear layer (after dropout, which inference skips), so a head is named
    by the first part of its parameter names.
    """
    parts: dict[str, dict[str, np.ndarray]] = {}
    for key, value in state.items():
        head, kind = key.split(".", 1)[0], key.rsplit(".", 1)[1]
        array = value.detach().cpu().numpy() if hasattr(value, "detach") else np.asarray(value)
        parts.setdefault(head, {})[kind] = array.astype(np.float32, copy=False)
    return {head: Linear(p["weight"], p["bias"]) for head, p in parts.items()}


def save_layers(layers: Mapping[str, Linear], path: Path) -> None:
    """Write the layers to an .npz file (`<head>.weight`, `<head>.bias`)."""
    arrays = {f"{head}.{kind}": getattr(layer, kind) for head, layer in layers.items() for kind in ("weight", "bias")}
    tmp = Path(path).with_name(Path(path).name + ".tmp.npz")
    np.savez(tmp, **arrays)
    tmp.replace(path)


def load_layers(path: Path) -> dict[str, Linear]:
    """The layers `save_layers` wrote."""
    with np.load(path, allow_pickle=False) as data:
        return layers_from_state({key: data[key] for key in data.files})


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def pool(states: np.ndarray, rng: tuple[int, int] | None) -> np.ndarray:
    """Mean of the states in [i, j), or zeros when the range is missing."""
    if rng is None or rng[1] <= rng[0]:
        return np.zeros(states.shape[-1], dtype=states.dtype)
    return states[rng[0] : rng[1]].mean(axis=0)


def claim_type_features(states: np.ndarray, content: tuple[int, int] | None, cue: tuple[int, int] | None,
                        claimant: tuple[int, int] | None) -> np.ndarray:
    """The claim-type head's input: pooled content, cue and claimant pieces (zeros for a span outside the chunk)."""
    return np.concatenate([pool(states, content), pool(states, cue), pool(states, claimant)])


def context_range(rng: tuple[int, int], n_pieces: int, window: int = 24) -> tuple[int, int]:
    """A window of pieces around a span, inside the chunk's real pieces."""
    return max(1, rng[0] - window), min(n_pieces - 1, rng[1] + window)


def action_features(states: np.ndarray, rng: tuple[int, int], n_pieces: int) -> np.ndarray:
    """The status and measures heads' input: the pooled trigger and its pooled context."""
    return np.concatenate([pool(states, rng), pool(states, context_range(rng, n_pieces))])


class TagProbs(NamedTuple):
    """The most probable tag of each word piece of a chunk, and its probability."""

    values: np.ndarray
    indices: np.ndarray


def tag_probs(tags: Linear, encoded: list[tuple[Chunk, np.ndarray]]) -> list[TagProbs]:
    """`TagProbs` per chunk from a tag layer, in one product over all the chunks' pieces."""
    if not encoded:
        return []
    probs = softmax(tags(np.concatenate([states for _, states in encoded])))
    cuts = np.cumsum([len(states) for _, states in encoded])[:-1]
    return [TagProbs(v, i) for v, i in zip(np.split(probs.max(axis=-1), cuts), np.split(probs.argmax(axis=-1), cuts))]


def tag_confidence(encoded: list[tuple[Chunk, np.ndarray]], probs: list[TagProbs], rng: tuple[int, int]) -> float:
    """Mean probability of the predicted tags over a span's word pieces."""
    for (chunk, _), p in zip(encoded, probs):
        pieces = piece_range(chunk, rng)
        if pieces is not None:
            return float(p.values[pieces[0] : pieces[1]].mean())
    return 0.0
