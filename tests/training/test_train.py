"""Training end to end on a slice of the corpus (tiny config): package, meta, loading, output."""

import json

from models.extractor import Extractor
from models.pipeline import load_pipeline, newest_packaged_model, packaged_models, promote
from training.train import next_version


def test_package_has_meta_and_components(tiny_model):
    meta = json.loads((tiny_model / "meta.json").read_text())
    info = meta["claimscope"]
    assert meta["version"] == "0.0.1" and info["name"] == "claimscope-en" and info["kind"] == "trained"
    assert len(info["training_data_sha256"]) == 64 and info["seed"] == 7
    assert info["config"]["neural"]["epochs"] == 1 and "ner" in info["scores"]
    for part in ("ner", "encoder", "claims", "sanctions", "calibrator/knots", "config.cfg"):
        assert (tiny_model / part).exists()
    assert set(info["switches"]) == {"claims", "sanctions"}
    type_head = info["type_head"]  # the type head refit and the rule-evidence factor, chosen on dev
    assert set(type_head["tried"]) == {"0.01"} and type_head["train_claims"] > 0 and type_head["dev_claims"] > 0
    assert type_head["chosen_c"] in (None, 0.01) and set(type_head["rule_prior"]["tried"]) == {"1.0", "1.4"}
    int8 = type_head["int8"]  # the typing used with the int8 encoder, fitted after packaging, and the API's choice
    assert set(int8["tried"]) == {"0.01"} and int8["train_claims"] == type_head["train_claims"]
    assert set(int8["rule_prior"]["tried"]) == {"1.0", "1.4"} and isinstance(int8["serve_int8"], bool)
    assert set(int8["dev_headline"]["int8"]) == set(int8["dev_headline"]["fp32"]) == {
        "entity F1", "claim strict F1", "claim type acc", "sanctions event F1", "measures F1"}
    assert (tiny_model / "claims" / "heads.int8.npz").is_file() == (int8["chosen_c"] is not None)
    for role in ("claims", "sanctions"):
        saved = json.loads((tiny_model / role / "settings.json").read_text())
        chosen = dict(info["switches"][role]["chosen"])
        if role == "claims":
            chosen["rule_prior"] = type_head["rule_prior"]["chosen"]
            chosen["rule_prior_int8"] = int8["rule_prior"]["chosen"]
        assert saved == chosen
    calibration = info["calibration"]
    assert set(calibration) == {"claims", "sanctions"} and calibration["claims"]["n"] > 0


def test_trained_model_extracts_valid_spec(tiny_model, articles):
    nlp = load_pipeline(tiny_model)
    assert nlp.pipe_names[-4:] == ["encoder", "claims", "sanctions", "calibrator"]
    for role in ("claims", "sanctions"):  # switches chosen on dev are loaded with the heads
        saved = json.loads((tiny_model / role / "settings.json").read_text())
        assert {k: getattr(nlp.get_pipe(role), k) for k in saved} == saved
    text = articles["two_actions"]
    extractor = Extractor(nlp)
    result = extractor.validate(extractor.extract(text))
    assert result.model.version == "0.0.1"
    for claim in result.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text
    for action in result.sanctions:
        assert text[action.trigger.start : action.trigger.end] == action.trigger.text
    for item in result.claims + result.sanctions:
        assert 0.0 <= item.confidence <= 1.0
    strict = extractor.validate(extractor.extract(text, min_confidence=1.0))
    assert all(c.confidence == 1.0 for c in strict.claims + strict.sanctions)
    docs = list(nlp.pipe([text, articles["no_claims"]]))
    assert all(d._.encoding is None for d in docs)  # the encoder's states never leave the pipeline


def test_versions_and_promotion(tiny_model, tmp_path):
    assert next_version(tmp_path) == "1.0.0"
    root = tiny_model.parent
    assert [v for v, _ in packaged_models(root)] == [(0, 0, 1)]
    assert next_version(root) == "0.0.2"
    assert newest_packaged_model(root) is None
    promote(tiny_model, root)
    assert newest_packaged_model(root) == tiny_model


def test_same_data_and_seed_give_the_same_scores(tiny_model, tmp_path):
    from pathlib import Path

    from training.train import train

    root = Path(__file__).resolve().parents[2]
    again = train(root / "annotations" / "corpus", root / "training" / "configs" / "tiny.cfg", out_root=tmp_path,
                  version="0.0.1", do_promote=True)
    assert newest_packaged_model(tmp_path) == again  # promoted under its own output root (issue 12)
    first = json.loads((tiny_model / "meta.json").read_text())["claimscope"]["scores"]
    second = json.loads((again / "meta.json").read_text())["claimscope"]["scores"]
    assert abs(first["ner"]["dev_f1"] - second["ner"]["dev_f1"]) <= 0.005
    assert abs(first["neural"]["dev_best"] - second["neural"]["dev_best"]) <= 0.005


def test_recalibrate_refits_and_saves(tiny_model, tmp_path):
    import shutil
    from pathlib import Path

    from training.calibrate import recalibrate

    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / tiny_model.name
    shutil.copytree(tiny_model, copy)
    summary = recalibrate(copy, root / "annotations" / "corpus")
    assert set(summary) == {"claims", "sanctions"}
    assert summary["claims"]["method"] in {"isotonic", "platt"}
    meta = json.loads((copy / "meta.json").read_text())
    assert meta["claimscope"]["calibration"]["claims"]["method"] == summary["claims"]["method"]
    assert load_pipeline(copy).get_pipe("calibrator").knots["claims"]
