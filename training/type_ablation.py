"""Claim-type ablation: the fine-tuned MiniLM type head against a spaCy textcat, on gold claim spans.

Both classify the test split's gold claims (cue and content given), so only the classifier
differs. The textcat (spaCy's bag-of-words + CNN ensemble) is trained here on the train
split's gold claims as "cue: content"; the MiniLM head is the one in the model folder.
Run: `python -m training.type_ablation --model models/packaged/<model>`.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
import torch
from spacy.training import Example
from spacy.util import minibatch

from annotations.corpus import load_corpus
from models.labels import CLAIM_TYPES
from models.neural.network import claim_type_features, encode_chunks
from models.neural.tagging import piece_range
from models.pipeline import load_pipeline


def _items(docs):
    for d in docs:
        for c in d.claims:
            yield d, c


def textcat_accuracy(train_docs, test_docs, epochs: int, seed: int) -> float:
    """Accuracy of a spaCy textcat trained on "cue: content" of the train split's gold claims."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat")
    for label in CLAIM_TYPES:
        textcat.add_label(label)

    def example(d, c) -> Example:
        text = f"{d.text[c.cue[0]:c.cue[1]]}: {d.text[c.content[0]:c.content[1]]}"
        return Example.from_dict(nlp.make_doc(text), {"cats": {t: float(t == c.type) for t in CLAIM_TYPES}})

    train = [example(d, c) for d, c in _items(train_docs)]
    optimizer = nlp.initialize(lambda: train)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(train)
        for batch in minibatch(train, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    test = [example(d, c) for d, c in _items(test_docs)]
    correct = 0
    for ex, doc in zip(test, nlp.pipe([e.reference.text for e in test])):
        gold = max(ex.reference.cats, key=ex.reference.cats.get)
        correct += max(doc.cats, key=doc.cats.get) == gold
    return correct / len(test) if test else 0.0


def minilm_accuracy(model: Path, test_docs) -> float:
    """Accuracy of the model's MiniLM type head on the same gold spans."""
    nlp = load_pipeline(model)
    encoder, claims = nlp.get_pipe("encoder"), nlp.get_pipe("claims")
    correct = total = 0
    for d in test_docs:
        chunks = encoder.chunks(nlp.make_doc(d.text))
        with torch.inference_mode():
            states = encode_chunks(encoder.encoder, chunks)
            for c in d.claims:
                for chunk, st in zip(chunks, states):
                    rng = piece_range(chunk, c.content)
                    if rng is None:
                        continue
                    feats = claim_type_features(st, rng, piece_range(chunk, c.cue), piece_range(chunk, c.claimant))
                    correct += CLAIM_TYPES[int(claims.heads.claim_type(feats).argmax())] == c.type
                    total += 1
                    break
    return correct / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--corpus", default=Path("annotations/corpus"), type=Path)
    parser.add_argument("--epochs", default=10, type=int)
    parser.add_argument("--seed", default=42, type=int)
    args = parser.parse_args(argv)
    train_docs, test_docs = load_corpus(args.corpus, "train"), load_corpus(args.corpus, "test")
    result = {
        "test_claims": sum(len(d.claims) for d in test_docs),
        "minilm_head_acc": round(minilm_accuracy(args.model, test_docs), 4),
        "spacy_textcat_acc": round(textcat_accuracy(train_docs, test_docs, args.epochs, args.seed), 4),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
