"""The encoder under ONNX Runtime: export parity with torch, the int8 variant, loading and saving by the component."""

import shutil

import numpy as np
import pytest
import spacy
import torch

from models.errors import Errors
from models.neural.network import base_encoder_path, encode_chunks, load_tokenizer
from models.neural.onnx_encoder import (ONNX_FILE, ONNX_INT8_FILE, OnnxEncoder, encoder_folders, export_model,
                                        export_onnx, quantize_onnx, resolve_threads)
from models.neural.tagging import chunk_text

TOLERANCE = 1e-4  # fp32 ONNX against torch, on hidden states of magnitude ~1
TEXT = ('The EU imposed sanctions on four officials.\n'
        'China denied the accusations, saying they were "based on nothing but lies".\n'
        'Beijing then announced counter-sanctions on ten Europeans.')


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(base_encoder_path())


@pytest.fixture(scope="module")
def tiny_bert(tokenizer):
    """A small random BERT with the MiniLM tokenizer's vocabulary: exports in a second."""
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    return BertModel(config).eval()


@pytest.fixture(scope="module")
def encoder_dir(tmp_path_factory, tokenizer, tiny_bert):
    """A component folder as to_disk writes it: tokenizer, torch weights, encoder.onnx, encoder.int8.onnx."""
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("claimscope_minilm_encoder", name="encoder", config={"max_pieces": 32})
    pipe.tokenizer, pipe.encoder = tokenizer, tiny_bert
    folder = tmp_path_factory.mktemp("encoder")
    pipe.to_disk(folder)
    return folder


def _chunks(tokenizer, max_pieces=32):
    return chunk_text(tokenizer, TEXT, max_pieces)


def _max_diff(a, b):
    """Largest absolute difference between paired states (torch tensors or numpy arrays)."""
    as_array = lambda x: x.detach().numpy() if hasattr(x, "detach") else np.asarray(x)  # noqa: E731
    return max(float(np.abs(as_array(x) - as_array(y)).max()) for x, y in zip(a, b))


def test_export_matches_torch_on_other_shapes_and_padding(tmp_path, tokenizer, tiny_bert):
    path = export_onnx(tiny_bert, tmp_path / ONNX_FILE)
    chunks = _chunks(tokenizer, max_pieces=12)  # many chunks of different lengths: padded batches
    assert len({len(c.input_ids) for c in chunks}) > 1
    with torch.inference_mode():
        expected = encode_chunks(tiny_bert, chunks, batch_size=3)
    got = encode_chunks(OnnxEncoder(path, threads=1), chunks, batch_size=3)
    assert [g.shape for g in got] == [e.shape for e in expected]
    assert all(g.dtype == torch.float32 for g in got)
    assert _max_diff(got, expected) < TOLERANCE


def test_export_leaves_the_module_in_its_mode_and_traces_eval(tmp_path, tokenizer, tiny_bert):
    tiny_bert.train()
    try:
        path = export_onnx(tiny_bert, tmp_path / ONNX_FILE)
        assert tiny_bert.training
    finally:
        tiny_bert.eval()
    chunks = _chunks(tokenizer)
    with torch.inference_mode():
        expected = encode_chunks(tiny_bert, chunks)
    assert _max_diff(encode_chunks(OnnxEncoder(path), chunks), expected) < TOLERANCE  # no dropout in the graph


def test_int8_variant_is_smaller_and_close(tmp_path, tokenizer, tiny_bert):
    fp32 = export_onnx(tiny_bert, tmp_path / ONNX_FILE)
    int8 = quantize_onnx(fp32, tmp_path / ONNX_INT8_FILE)
    assert int8.stat().st_size < fp32.stat().st_size / 2
    chunks = _chunks(tokenizer)
    a, b = encode_chunks(OnnxEncoder(fp32), chunks), encode_chunks(OnnxEncoder(int8), chunks)
    assert OnnxEncoder(int8).quantized and not OnnxEncoder(fp32).quantized
    assert [x.shape for x in a] == [y.shape for y in b]
    cosine = torch.nn.functional.cosine_similarity(torch.cat(a), torch.cat(b), dim=-1)
    assert float(cosine.mean()) > 0.9


def test_threads_follow_torch_when_zero():
    assert resolve_threads(3) == 3
    assert 1 <= resolve_threads(0) <= torch.get_num_threads()


def test_to_disk_writes_the_export_and_auto_loads_it(encoder_dir, tokenizer, tiny_bert):
    assert (encoder_dir / ONNX_FILE).is_file() and (encoder_dir / ONNX_INT8_FILE).is_file()
    assert (encoder_dir / "config.json").is_file()  # the torch weights stay for training and the fallback
    nlp = spacy.blank("en")
    onnx_pipe = nlp.add_pipe("claimscope_minilm_encoder", name="onnx", config={"max_pieces": 32}).from_disk(encoder_dir)
    torch_pipe = nlp.add_pipe("claimscope_minilm_encoder", name="torch",
                              config={"max_pieces": 32, "runtime": "torch"}).from_disk(encoder_dir)
    assert onnx_pipe.runtime_in_use == "onnx" and torch_pipe.runtime_in_use == "torch"
    a, b = onnx_pipe(nlp.make_doc(TEXT))._.encoding, torch_pipe(nlp.make_doc(TEXT))._.encoding
    assert [chunk for chunk, _ in a] == [chunk for chunk, _ in b]  # same structure: (chunk, states) pairs
    assert all(isinstance(states, np.ndarray) and states.dtype == np.float32 for _, states in a + b)
    assert _max_diff([s for _, s in a], [s for _, s in b]) < TOLERANCE


def test_quantize_switches_to_the_int8_file_or_falls_back_to_torch(encoder_dir, tmp_path):
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("claimscope_minilm_encoder", name="encoder", config={"max_pieces": 32}).from_disk(encoder_dir)
    pipe.quantize()
    pipe.quantize()  # twice is once
    assert pipe.runtime_in_use == "onnx-int8"
    assert len(pipe(nlp.make_doc(TEXT))._.encoding) == len(pipe.chunks(nlp.make_doc(TEXT)))
    no_int8 = tmp_path / "no-int8"
    shutil.copytree(encoder_dir, no_int8)
    (no_int8 / ONNX_INT8_FILE).unlink()
    other = nlp.add_pipe("claimscope_minilm_encoder", name="other", config={"max_pieces": 32}).from_disk(no_int8)
    other.quantize()
    assert other.runtime_in_use == "torch-int8"
    with pytest.raises(ValueError, match="E012"):
        other.to_disk(tmp_path / "never")


def test_runtime_onnx_without_the_file_and_unknown_runtime_fail(encoder_dir, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(encoder_dir, bare)
    for name in (ONNX_FILE, ONNX_INT8_FILE):
        (bare / name).unlink()
    nlp = spacy.blank("en")
    auto = nlp.add_pipe("claimscope_minilm_encoder", name="auto", config={"max_pieces": 32}).from_disk(bare)
    assert auto.runtime_in_use == "torch"  # no export: torch, as before
    forced = nlp.add_pipe("claimscope_minilm_encoder", name="forced", config={"max_pieces": 32, "runtime": "onnx"})
    with pytest.raises(FileNotFoundError, match="E011"):
        forced.from_disk(bare)
    with pytest.raises(ValueError, match=r"\[E010\]"):
        nlp.add_pipe("claimscope_minilm_encoder", name="bad", config={"runtime": "tensorrt"})
    assert Errors.E010.startswith("[E010]")


def test_saving_an_onnx_loaded_encoder_copies_its_files(encoder_dir, tmp_path):
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("claimscope_minilm_encoder", name="encoder", config={"max_pieces": 32}).from_disk(encoder_dir)
    pipe.to_disk(tmp_path / "copy")
    names = {p.name for p in (tmp_path / "copy").iterdir()}
    assert {ONNX_FILE, ONNX_INT8_FILE, "config.json", "model.safetensors", "tokenizer.json"} <= names
    pipe.to_disk(encoder_dir)  # in place (recalibration saves the model over itself): nothing is lost
    again = nlp.add_pipe("claimscope_minilm_encoder", name="again", config={"max_pieces": 32}).from_disk(encoder_dir)
    doc = nlp.make_doc(TEXT)
    assert _max_diff([s for _, s in pipe(doc)._.encoding], [s for _, s in again(nlp.make_doc(TEXT))._.encoding]) == 0


def test_export_off_removes_stale_files(encoder_dir, tokenizer, tiny_bert, tmp_path):
    target = tmp_path / "stale"
    shutil.copytree(encoder_dir, target)
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("claimscope_minilm_encoder", name="encoder", config={"max_pieces": 32, "export_onnx": False})
    pipe.tokenizer, pipe.encoder = tokenizer, tiny_bert
    pipe.to_disk(target)
    assert not (target / ONNX_FILE).exists() and not (target / ONNX_INT8_FILE).exists()


def test_packaged_model_has_the_export_and_runs_it(tiny_model, articles):
    """Training packages encoder.onnx; the loaded pipeline uses it, and its output equals torch's."""
    from models.extractor import Extractor
    from models.pipeline import load_pipeline

    assert encoder_folders(tiny_model) == [tiny_model / "encoder"]
    assert (tiny_model / "encoder" / ONNX_FILE).is_file() and (tiny_model / "encoder" / ONNX_INT8_FILE).is_file()
    onnx_nlp = load_pipeline(tiny_model)
    torch_nlp = load_pipeline(tiny_model, {"components.encoder.runtime": "torch"})
    assert onnx_nlp.get_pipe("encoder").runtime_in_use == "onnx"
    assert torch_nlp.get_pipe("encoder").runtime_in_use == "torch"
    for name in ("two_actions", "counter_sanctions"):
        assert Extractor(onnx_nlp).extract(articles[name]) == Extractor(torch_nlp).extract(articles[name])


def test_export_model_writes_into_an_older_package(tiny_model, tmp_path):
    copy = tmp_path / tiny_model.name
    shutil.copytree(tiny_model, copy)
    for name in (ONNX_FILE, ONNX_INT8_FILE):
        (copy / "encoder" / name).unlink()
    assert export_model(copy, int8=False) == [copy / "encoder" / ONNX_FILE]
    assert not (copy / "encoder" / ONNX_INT8_FILE).exists()
    assert export_model(copy) == [copy / "encoder" / ONNX_FILE, copy / "encoder" / ONNX_INT8_FILE]


@pytest.mark.model
def test_real_encoder_export_parity_and_same_output(tmp_path, articles):
    """The promoted model's encoder: exported to a temp folder, its states and the pipeline's output equal torch's."""
    from models.extractor import Extractor
    from models.pipeline import load_pipeline, newest_packaged_model

    folder = newest_packaged_model()
    if folder is None or not encoder_folders(folder):
        pytest.skip("no promoted trained model (make model)")
    nlp = load_pipeline(folder, {"components.encoder.runtime": "torch"})
    pipe = nlp.get_pipe("encoder")
    expected = Extractor(nlp).extract(articles["two_actions"])
    path = export_onnx(pipe.encoder, tmp_path / ONNX_FILE)
    chunks = pipe.chunks(nlp.make_doc(articles["two_actions"] + "\n" + articles["counter_sanctions"]))
    with torch.inference_mode():
        reference = encode_chunks(pipe.encoder, chunks)
    pipe.encoder = OnnxEncoder(path)
    assert _max_diff(encode_chunks(pipe.encoder, chunks), reference) < TOLERANCE
    assert Extractor(nlp).extract(articles["two_actions"]) == expected
