"""Switch selection on dev: the best combination per role, pinned switches respected."""

from types import SimpleNamespace

import training.select as select


class _FakeNlp:
    def __init__(self):
        self.pipes = {"claims": SimpleNamespace(add_tagged=True, rule_types=False, rule_evidence=False),
                      "sanctions": SimpleNamespace(add_tagged=True, rule_classes=True)}
        self.meta = {"version": "0"}

    def get_pipe(self, name):
        return self.pipes[name]

    def pipe(self, texts):
        return list(texts)


def _fake_score(nlp):
    def score(docs, preds):
        c, s = nlp.pipes["claims"], nlp.pipes["sanctions"]
        # claims: tagged additions and rule evidence help, rule types hurt; sanctions: tagged hurt, rule classes help
        claims = 0.5 + 0.1 * c.add_tagged - 0.2 * c.rule_types + 0.05 * c.rule_evidence
        sanctions = 0.5 - 0.1 * s.add_tagged + 0.05 * s.rule_classes
        return {"claims": {"strict": {"f1": claims}, "type_acc": {"acc": 0.0}},
                "sanctions": {"event": {"f1": sanctions}, "measures": {"f1": 0.0}}}
    return score


def test_best_per_role_and_pinned_switch(monkeypatch):
    nlp = _FakeNlp()
    monkeypatch.setattr(select, "score", _fake_score(nlp))
    monkeypatch.setattr(select, "Extractor", lambda nlp: SimpleNamespace(extract_many=lambda texts: [{} for _ in texts]))
    docs = [SimpleNamespace(id="d1", text="t")]
    chosen = select.select_switches(nlp, docs)
    assert chosen["claims"]["chosen"] == {"add_tagged": True, "rule_types": False, "rule_evidence": True}
    assert len(chosen["claims"]["tried"]) == 8 and len(chosen["sanctions"]["tried"]) == 4
    assert chosen["sanctions"]["chosen"] == {"add_tagged": False, "rule_classes": True}
    pinned = select.select_switches(nlp, docs, {"claims": {"add_tagged": False}})
    assert pinned["claims"]["chosen"] == {"add_tagged": False, "rule_types": False, "rule_evidence": True}
    assert len(pinned["claims"]["tried"]) == 4  # pinned: as many passes as the sanctions role needs
    assert all(t["values"]["add_tagged"] is False for t in pinned["claims"]["tried"])
    assert nlp.pipes["claims"].add_tagged is False and nlp.pipes["sanctions"].add_tagged is False


def test_rule_prior_scores_match_a_fresh_run_of_the_whole_pipeline(tiny_model):
    """The factor's search reruns only the claims tagger and what follows it on parsed dev texts; each factor's
    accuracy must be what the whole pipeline gives (the taggers release the encoder states after use)."""
    from pathlib import Path

    from annotations.corpus import load_corpus
    from evaluation.scorer import score
    from models.extractor import Extractor
    from models.pipeline import load_pipeline

    nlp = load_pipeline(tiny_model)
    dev = load_corpus(Path(__file__).resolve().parents[2] / "annotations" / "corpus", "dev")[:6]
    report = select.select_rule_prior(nlp, dev, (1.0, 3.0))
    assert nlp.get_pipe("claims").rule_prior == report["chosen"]
    extractor = Extractor(nlp)
    for prior in (1.0, 3.0):
        nlp.get_pipe("claims").rule_prior = prior
        fresh = score(dev, {d.id: extractor.extract(d.text) for d in dev})["claims"]["type_acc"]["acc"]
        assert report["tried"][str(prior)] == round(fresh, 4)
