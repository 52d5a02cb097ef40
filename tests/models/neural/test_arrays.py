"""The numpy heads compute what the torch modules compute, and they travel on disk as heads.npz."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
import torch

from models.components.claims_tagger import ClaimsTagger
from models.components.sanctions_tagger import SanctionsTagger
from models.neural import arrays, network
from models.neural.heads import ARRAYS_FILE, HEADS_FILE, export_head_arrays
from models.neural.tagging import Chunk

HIDDEN = 8


@pytest.fixture()
def states() -> np.ndarray:
    return np.random.default_rng(0).normal(size=(12, HIDDEN)).astype(np.float32)


def test_pool_and_claim_features_match_torch(states):
    t = torch.from_numpy(states)
    for rng in [(1, 4), (0, 12), (5, 5), None]:
        assert np.allclose(arrays.pool(states, rng), network.pool(t, rng).numpy(), atol=1e-6)
    got = arrays.claim_type_features(states, (2, 6), None, (7, 9))
    want = network.claim_type_features(t, (2, 6), None, (7, 9)).numpy()
    assert got.shape == (3 * HIDDEN,) and np.allclose(got, want, atol=1e-6)
    assert not got[HIDDEN : 2 * HIDDEN].any()  # the missing cue pools to zeros


def test_head_layers_match_the_torch_heads(states):
    torch.manual_seed(0)
    heads = network.SanctionHeads(HIDDEN).eval()
    layers = arrays.layers_from_state(heads.state_dict())
    assert set(layers) == {"tags", "status", "measures"}
    features = arrays.action_features(states, (3, 5), len(states))
    with torch.inference_mode():
        want_status = heads.status(torch.from_numpy(features)).softmax(-1).numpy()
        want_measures = heads.measures(torch.from_numpy(features)).sigmoid().numpy()
        want_tags = heads.tags(torch.from_numpy(states)).softmax(-1)
    assert np.allclose(arrays.softmax(layers["status"](features)), want_status, atol=1e-6)
    assert np.allclose(arrays.sigmoid(layers["measures"](features)), want_measures, atol=1e-6)
    chunks = [(Chunk(0, 1, [0] * 5, [None] * 5), states[:5]), (Chunk(1, 2, [0] * 7, [None] * 7), states[5:])]
    probs = arrays.tag_probs(layers["tags"], chunks)
    assert [len(p.values) for p in probs] == [5, 7]
    assert np.allclose(np.concatenate([p.values for p in probs]), want_tags.max(-1).values.numpy(), atol=1e-6)
    assert np.array_equal(np.concatenate([p.indices for p in probs]), want_tags.argmax(-1).numpy())
    assert arrays.tag_probs(layers["tags"], []) == []


def test_layers_follow_training_of_the_torch_module():
    tagger = ClaimsTagger(spacy.blank("en"), "claims", hidden=HIDDEN)
    with torch.no_grad():
        tagger.heads.tags.bias.fill_(0.5)
    assert np.all(tagger.layers["tags"].bias == 0.5)


def test_to_disk_writes_both_files_and_arrays_alone_load(tmp_path, states):
    tagger = SanctionsTagger(spacy.blank("en"), "sanctions", hidden=HIDDEN)
    tagger.add_tagged = False  # a chosen setting travels in settings.json
    tagger.to_disk(tmp_path / "s")
    assert (tmp_path / "s" / HEADS_FILE).is_file() and (tmp_path / "s" / ARRAYS_FILE).is_file()
    (tmp_path / "s" / HEADS_FILE).unlink()
    loaded = SanctionsTagger(spacy.blank("en"), "sanctions", hidden=HIDDEN).from_disk(tmp_path / "s")
    assert loaded.heads is None and loaded.add_tagged is False
    features = arrays.action_features(states, (3, 5), len(states))
    for name in ("tags", "status", "measures"):
        x = states if name == "tags" else features
        assert np.array_equal(loaded.layers[name](x), tagger.layers[name](x))


def test_a_folder_without_heads_is_one_sentence(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"\[E014\].*heads\.npz"):
        ClaimsTagger(spacy.blank("en"), "claims", hidden=HIDDEN).from_disk(tmp_path)


def test_export_head_arrays_writes_npz_beside_each_pt(tmp_path):
    tagger = ClaimsTagger(spacy.blank("en"), "claims", hidden=HIDDEN)
    tagger.to_disk(tmp_path / "claims")
    (tmp_path / "claims" / ARRAYS_FILE).unlink()
    assert export_head_arrays(tmp_path) == [tmp_path / "claims" / ARRAYS_FILE]
    loaded = arrays.load_layers(tmp_path / "claims" / ARRAYS_FILE)
    assert np.array_equal(loaded["claim_type"].weight, tagger.layers["claim_type"].weight)
