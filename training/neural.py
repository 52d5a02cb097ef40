"""Joint fine-tuning of the MiniLM encoder with the claim and sanction heads (multi-task), on CPU or GPU.

Loss: BIO cross-entropy of both span layers + claim type + action status (cross-entropy) +
measures (binary cross-entropy). The epoch with the best dev score (claims strict F1 plus
sanctions event F1, through the real decode-and-link path) is kept.
"""

from __future__ import annotations

import copy
import logging
import random
from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

from models.labels import CLAIM_TYPES
from models.neural.network import ClaimHeads, SanctionHeads, claim_type_features, pool
from training.data import EncodedDoc

logger = logging.getLogger(__name__)


@dataclass
class NeuralConfig:
    epochs: int = 4
    batch_size: int = 8
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    freeze_layers: int = 2
    max_pieces: int = 256
    max_chunks: int = 0  # 0: all; a positive number caps chunks per epoch (reduced runs)
    type_class_weights: bool = False  # claim-type loss weighted by inverse square-root class frequency (lower on dev)


def device() -> torch.device:
    """A GPU when one is present, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _freeze(encoder: nn.Module, layers: int) -> None:
    """Freeze the embeddings and the lowest `layers` transformer layers (faster CPU training)."""
    for p in encoder.embeddings.parameters():
        p.requires_grad = layers <= 0
    for i, layer in enumerate(encoder.encoder.layer):
        for p in layer.parameters():
            p.requires_grad = i >= layers


def _batches(docs: list[EncodedDoc], size: int, rng: random.Random, cap: int, pool: int = 32):
    """Shuffled batches of (doc, chunk index) pairs; chunks of similar length share a batch (less padding).

    The shuffled pairs are cut into pools of `pool` batches, each pool is sorted by chunk
    length and cut into batches, and the batches are shuffled again.
    """
    pairs = [(d, k) for d in docs for k in range(len(d.chunks))]
    rng.shuffle(pairs)
    if cap:
        pairs = pairs[:cap]
    batches = []
    for p in range(0, len(pairs), size * pool):
        chunk_pool = sorted(pairs[p : p + size * pool], key=lambda dk: len(dk[0].chunks[dk[1]].input_ids))
        batches += [chunk_pool[i : i + size] for i in range(0, len(chunk_pool), size)]
    rng.shuffle(batches)
    yield from batches


def type_weights(docs: list[EncodedDoc]) -> torch.Tensor:
    """Claim-type loss weights: (n / (k * n_class)) ** 0.5, so rare types count more without dominating."""
    counts = torch.ones(len(CLAIM_TYPES))
    for d in docs:
        for item in d.claim_items:
            counts[item.type] += 1
    return (counts.sum() / (len(CLAIM_TYPES) * counts)).sqrt()


def _step_loss(encoder, claim_heads, sanction_heads, batch, dev: torch.device,
               weights: torch.Tensor | None = None) -> torch.Tensor:
    width = max(len(d.chunks[k].input_ids) for d, k in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    ctags = torch.full((len(batch), width), -100, dtype=torch.long)
    stags = torch.full((len(batch), width), -100, dtype=torch.long)
    for row, (d, k) in enumerate(batch):
        n = len(d.chunks[k].input_ids)
        ids[row, :n] = torch.tensor(d.chunks[k].input_ids)
        mask[row, :n] = 1
        ctags[row, :n] = torch.tensor(d.claim_tags[k])
        stags[row, :n] = torch.tensor(d.sanction_tags[k])
    states = encoder(input_ids=ids.to(dev), attention_mask=mask.to(dev)).last_hidden_state
    ce = nn.functional.cross_entropy
    loss = ce(claim_heads.tags(states).flatten(0, 1), ctags.to(dev).flatten(), ignore_index=-100)
    loss = loss + ce(sanction_heads.tags(states).flatten(0, 1), stags.to(dev).flatten(), ignore_index=-100)
    type_x, type_y, act_x, status_y, measure_y = [], [], [], [], []
    for row, (d, k) in enumerate(batch):
        for item in d.claim_items:
            if item.chunk == k:
                type_x.append(claim_type_features(states[row], item.content, item.cue, item.claimant))
                type_y.append(item.type)
        for item in d.sanction_items:
            if item.chunk == k:
                act_x.append(torch.cat([pool(states[row], item.trigger), pool(states[row], item.context)]))
                status_y.append(item.status)
                measure_y.append(item.measures)
    if type_x:
        loss = loss + ce(claim_heads.claim_type(torch.stack(type_x)), torch.tensor(type_y, device=dev),
                         weight=None if weights is None else weights.to(dev))
    if act_x:
        x = torch.stack(act_x)
        loss = loss + ce(sanction_heads.status(x), torch.tensor(status_y, device=dev))
        loss = loss + nn.functional.binary_cross_entropy_with_logits(
            sanction_heads.measures(x), torch.tensor(measure_y, device=dev))
    return loss


def train_neural(encoder: nn.Module, claim_heads: ClaimHeads, sanction_heads: SanctionHeads,
                 train: list[EncodedDoc], cfg: NeuralConfig, seed: int,
                 evaluate: Callable[[], float] | None = None,
                 progress: Callable[[str, float], None] | None = None) -> dict[str, float]:
    """Train in place; keeps the epoch with the best `evaluate()` score (or the last, without one)."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    dev = device()
    modules = [encoder, claim_heads, sanction_heads]
    for m in modules:
        m.to(dev)
    _freeze(encoder, cfg.freeze_layers)
    groups = [
        {"params": [p for p in encoder.parameters() if p.requires_grad], "lr": cfg.encoder_lr},
        {"params": [*claim_heads.parameters(), *sanction_heads.parameters()], "lr": cfg.head_lr},
    ]
    optimizer = torch.optim.AdamW(groups, weight_decay=cfg.weight_decay)
    n_chunks = sum(len(d.chunks) for d in train)
    if cfg.max_chunks:
        n_chunks = min(n_chunks, cfg.max_chunks)
    steps = max(1, cfg.epochs * ((n_chunks + cfg.batch_size - 1) // cfg.batch_size))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    weights = type_weights(train) if cfg.type_class_weights else None
    best_score, best_state, step = -1.0, None, 0
    history: dict[str, float] = {}
    for epoch in range(1, cfg.epochs + 1):
        for m in modules:
            m.train()
        total = 0.0
        epoch_steps = 0
        for batch in _batches(train, cfg.batch_size, rng, cfg.max_chunks):
            loss = _step_loss(encoder, claim_heads, sanction_heads, batch, dev, weights)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_([p for g in groups for p in g["params"]], 1.0)
            optimizer.step()
            scheduler.step()
            total += loss.item()
            step += 1
            epoch_steps += 1
            if progress:
                progress(f"neural epoch {epoch}/{cfg.epochs} mean loss {total / epoch_steps:.3f}", step / steps)
        for m in modules:
            m.eval()
        if evaluate is not None:
            for m in modules:
                m.to("cpu")
            score = evaluate()
            for m in modules:
                m.to(dev)
        else:
            score = float(epoch)
        history[f"epoch_{epoch}_dev"] = score
        logger.info("neural epoch %d loss %.3f dev %.3f", epoch, total, score)
        if score > best_score:
            best_score = score
            best_state = [copy.deepcopy(m.state_dict()) for m in modules]
    if best_state is not None:
        for m, state in zip(modules, best_state):
            m.load_state_dict(state)
    for m in modules:
        m.to("cpu").eval()
    history["dev_best"] = best_score
    return history
