"""NER fine-tuning: en_core_web_sm's `ner` on the corpus, with rehearsal, keeping the best epoch on dev."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import Callable

from spacy.language import Language
from spacy.training import Example
from spacy.util import minibatch

from models.labels import ENTITY_LABELS
from models.rules.entities import clean_mentions

logger = logging.getLogger(__name__)


@dataclass
class NerConfig:
    epochs: int = 12
    batch_size: int = 8
    dropout: float = 0.2
    patience: int = 3


def spec_entity_f1(nlp: Language, examples: list[Example]) -> float:
    """Exact-span micro F1 of SPEC-label mentions, after the claimscope span clean-up."""
    tp = n_pred = n_gold = 0
    for ex, doc in zip(examples, nlp.pipe([e.reference.text for e in examples], batch_size=16)):
        pred = {(s.start_char, s.end_char, s.label_) for s in clean_mentions(doc) if s.label_ in ENTITY_LABELS}
        gold = {(s.start_char, s.end_char, s.label_) for s in ex.reference.ents if s.label_ in ENTITY_LABELS}
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def train_ner(nlp: Language, train: list[Example], dev: list[Example], cfg: NerConfig, seed: int,
              progress: Callable[[str, float], None] | None = None) -> dict[str, float]:
    """Update `nlp`'s ner in place; returns the dev F1 before and after (best epoch kept)."""
    rng = random.Random(seed)
    ner = nlp.get_pipe("ner")
    before = spec_entity_f1(nlp, dev) if dev else 0.0
    best, best_bytes, stale = before, ner.to_bytes(), 0
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(1, cfg.epochs + 1):
            order = list(train)
            rng.shuffle(order)
            losses: dict[str, float] = {}
            for batch in minibatch(order, size=cfg.batch_size):
                nlp.update(batch, sgd=optimizer, drop=cfg.dropout, losses=losses)
            score = spec_entity_f1(nlp, dev) if dev else 0.0
            logger.info("ner epoch %d loss %.1f dev F1 %.3f", epoch, losses.get("ner", 0.0), score)
            if progress:
                progress(f"ner epoch {epoch}/{cfg.epochs} dev F1 {score:.3f}", epoch / cfg.epochs)
            if score > best or not dev:
                best, best_bytes, stale = score, ner.to_bytes(), 0
            else:
                stale += 1
                if stale >= cfg.patience:
                    break
    ner.from_bytes(best_bytes)
    return {"dev_f1_base": before, "dev_f1": best}
