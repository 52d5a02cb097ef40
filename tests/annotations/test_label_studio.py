"""The annotation loop against a real Label Studio server (started and stopped by these tests)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from annotations.corpus import load_corpus, split_of, task_path
from annotations.label_config import label_config
from annotations.loop import Article, pull, push
from annotations.studio_client import LabelStudio, StudioError
from annotations.studio_format import from_task
from models.output import doc_to_dict
from models.pipeline import model_info
from tests.label_studio_server import LS_BIN, TOKEN, LabelStudioServer, free_port, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not LS_BIN.exists(), reason="run `make ls-venv` first")]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    server = LabelStudioServer(tmp_path_factory.mktemp("label-studio")).start()
    client = LabelStudio(server.url, TOKEN)
    yield server, client
    client.close()
    server.stop()


@pytest.fixture(scope="module")
def extract(nlp):
    name, version = model_info(nlp)
    return lambda texts: [doc_to_dict(doc, name, version) for doc in nlp.pipe(texts)]


@pytest.fixture(scope="module")
def pushed(studio, extract, articles):
    _, client = studio
    docs = [Article(f"ls-{k.replace('_', '-')}", text, text.splitlines()[0]) for k, text in articles.items()
            if k != "no_claims"]
    report = push(client, "round-trip", docs, extract, select="uncertain")
    return client, report


def test_config_validates_through_label_studio(studio):
    _, client = studio
    project = client.ensure_project("validate", label_config())
    client.validate_config(project["id"], label_config())
    with pytest.raises(StudioError, match="HTTP 400"):
        client.validate_config(project["id"], "<View><Labels name='x' toName='missing'/></View>")


def test_bad_token_and_server_down_are_one_sentence(studio):
    server, _ = studio
    with LabelStudio(server.url, "wrong-token") as bad, pytest.raises(StudioError, match="rejected the legacy token"):
        bad.whoami()
    expired = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6MTAwMDAwMDAwMH0."
               "c2lnbmF0dXJl")  # a refresh token that expired in 2001
    with pytest.raises(StudioError, match="rejected the personal access token: API key has expired"):
        LabelStudio(server.url, expired)
    with pytest.raises(StudioError, match="No Label Studio token"):
        LabelStudio(server.url, "")
    with LabelStudio(f"http://127.0.0.1:{free_port()}", TOKEN) as down, pytest.raises(StudioError, match="not reachable"):
        down.whoami()


def test_push_imports_tasks_with_predictions(pushed, nlp):
    client, report = pushed
    assert len(report.pushed) == 3
    exported = client.export(report.project_id)
    assert {t["data"]["doc_id"] for t in exported} == set(report.pushed)
    for task in exported:
        pred = client.predictions(task["id"])[0]
        assert pred["model_version"] == nlp.meta["version"] and pred["score"] is not None
        text = task["data"]["text"]
        for item in pred["result"]:
            if item.get("type") == "labels":
                assert text[item["value"]["start"] : item["value"]["end"]] == item["value"]["text"]
    again = push(client, "round-trip", [], lambda texts: [], select="all")
    assert again.project_id == report.project_id  # the project is reused


def _without(result: list[dict], drop) -> list[dict]:
    """The result without the regions `drop` selects, and without relations touching them."""
    gone = {i["id"] for i in result if i.get("type") == "labels" and drop(i)}
    return [i for i in result if i.get("id") not in gone and not (
        i.get("type") == "relation" and (i["from_id"] in gone or i["to_id"] in gone))]


def _corrected(result: list[dict]) -> list[dict]:
    """An annotator's correction: one claim retyped as a threat, the first entity region removed."""
    fixed = copy.deepcopy(result)
    for item in fixed:
        if item.get("from_name") == "claim_type":
            item["value"]["choices"] = ["threat"]
            break
    first_entity = next(i for i in fixed if i.get("from_name") == "entity")
    return _without(fixed, lambda i: i is first_entity)


def test_round_trip_pull_merges_exactly_the_corrections(pushed, tmp_path):
    client, report = pushed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tasks = client.export(report.project_id)
    by_doc = {t["data"]["doc_id"]: t for t in tasks}
    corrected = {}
    for doc_id in report.pushed[:2]:
        task = by_doc[doc_id]
        result = _corrected(client.predictions(task["id"])[0]["result"])
        client.create_annotation(task["id"], result)
        corrected[doc_id] = result
    skipped = by_doc[report.pushed[2]]
    client.create_annotation(skipped["id"], [], was_cancelled=True)

    first = pull(client, "round-trip", corpus)
    assert sorted(first.imported) == sorted(corrected) and first.skipped == 1 and not first.invalid
    for doc_id, result in corrected.items():
        stored = json.loads(task_path(corpus, doc_id).read_text())
        assert stored["annotations"][-1]["meta"]["source"] == "label_studio"
        assert stored["annotations"][-1]["completed_by"] == "annotator@example.org"
        doc = from_task(stored)
        expected = from_task({"data": stored["data"], "annotations": [{"result": result}]})
        assert (doc.entities, doc.claims, doc.sanctions) == (expected.entities, expected.claims, expected.sanctions)
        assert any(c.type == "threat" for c in doc.claims)
    assert not task_path(corpus, skipped["data"]["doc_id"]).exists()

    before = {p.name: p.read_text() for p in corpus.glob("*.json")}
    second = pull(client, "round-trip", corpus)
    assert second.imported == [] and second.superseding == [] and second.unchanged == 2
    assert {p.name: p.read_text() for p in corpus.glob("*.json")} == before

    # a newer version of one annotation supersedes it, and the history is kept
    doc_id = report.pushed[0]
    ann = client.export(report.project_id)
    ann = next(t for t in ann if t["data"]["doc_id"] == doc_id)["annotations"][0]
    newer = _without(ann["result"], lambda i: i.get("from_name") == "entity")
    client.update_annotation(ann["id"], result=newer)
    third = pull(client, "round-trip", corpus)
    assert third.superseding == [doc_id]
    stored = json.loads(task_path(corpus, doc_id).read_text())
    assert len(stored["annotations"]) == 2
    assert from_task(stored).entities == []


def test_malformed_annotation_is_left_out_whole(pushed, tmp_path):
    client, report = pushed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    exported = client.export(report.project_id)
    task = next(t for t in exported if t["data"]["doc_id"] == report.pushed[2])
    result = [i for i in client.predictions(task["id"])[0]["result"] if not (i.get("type") == "relation" and i["labels"] == ["cue"])]
    client.create_annotation(task["id"], result)
    out = pull(client, "round-trip", corpus)
    assert any(report.pushed[2] in line and "CUE relation" in line for line in out.invalid)
    assert not task_path(corpus, report.pushed[2]).exists()


def test_retrain_on_tiny_corpus_decides_by_the_rule(tmp_path):
    from training.retrain import RULE, retrain

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = ROOT / "annotations" / "corpus"
    by_split: dict[str, list] = {"train": [], "dev": [], "test": []}
    for path in sorted(source.glob("*.json")):
        by_split[split_of(path.stem)].append(path)
    for path in by_split["train"][:40] + by_split["dev"][:10] + by_split["test"][:10]:
        shutil.copy(path, corpus / path.name)
    report = retrain(corpus, config=ROOT / "training" / "configs" / "tiny.cfg", packaged_root=tmp_path / "packaged")
    assert report.new_model.is_dir()
    assert report.promoted == (report.new_scores["total"] >= report.current_scores["total"])
    assert RULE in report.table() and ("promoted" in report.table() or "kept" in report.table())
    assert load_corpus(corpus, "dev")


def test_label_studio_calls_the_ml_backend(studio, tmp_path, articles):
    """With API keys on, Label Studio authenticates to the backend with the key as Basic auth password."""
    import os

    from service.security import create_key
    from service.storage.db import database_url, make_engine, migrate, session_factory

    server, client = studio
    engine = make_engine(database_url(str(tmp_path), None))
    migrate(engine)
    with session_factory(engine)() as session:
        _, key = create_key(session, "label-studio")
    engine.dispose()
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "CLAIMSCOPE_DATA_DIR": str(tmp_path), "CLAIMSCOPE_AUTH_MODE": "keys"}
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--model", "rules", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", 120)
        project = client.ensure_project("ml-backend", label_config())
        client.import_tasks(project["id"], [{"data": {"doc_id": "ls-ml", "text": articles["counter_sanctions"]}}])
        task = client.tasks(project["id"])[0]
        assert httpx.post(f"http://127.0.0.1:{port}/ls/predict", json={"tasks": []}).status_code == 401
        client.connect_ml_backend(project["id"], f"http://127.0.0.1:{port}/ls", api_key=key)
        client.retrieve_predictions(project["id"], [task["id"]])
        preds = client.predictions(task["id"])
        assert preds, "Label Studio stored no prediction"
        assert any(i.get("value", {}).get("labels") == ["TRIGGER"] for i in preds[0]["result"])
        assert preds[0]["model_version"]
    finally:
        proc.terminate()
        proc.wait(20)


def test_personal_access_token_works_without_legacy_tokens(studio, tmp_path, articles):
    """Annotators need not enable legacy tokens: a personal access token drives the CLI push and pull,
    read from Label Studio's own variable names (LABEL_STUDIO_URL, LABEL_STUDIO_API_KEY)."""
    import os

    server, _ = studio
    pat = server.personal_access_token()
    with LabelStudio(server.url, pat) as client:
        assert client.token_kind == "personal access token"
        assert client.whoami()["email"] == "annotator@example.org"
    server.legacy_tokens(False, pat)
    try:
        with LabelStudio(server.url, TOKEN) as legacy, pytest.raises(StudioError, match="rejected the legacy token"):
            legacy.whoami()
        src = tmp_path / "articles"
        src.mkdir()
        (src / "pat-one.txt").write_text(articles["counter_sanctions"], encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMSCOPE_LABEL_STUDIO")}
        env.update(LABEL_STUDIO_URL=server.url, LABEL_STUDIO_API_KEY=pat)
        cli = [sys.executable, "-m", "service.cli", "annotate"]
        pushed = subprocess.run(cli + ["push", str(src), "--project", "pat", "--select", "all", "--model", "rules"],
                                capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        assert pushed.returncode == 0, pushed.stderr
        assert "pushed 1" in pushed.stdout
        with LabelStudio(server.url, pat) as client:
            project = client.find_project("pat")
            task = client.tasks(project["id"])[0]
            client.create_annotation(task["id"], client.predictions(task["id"])[0]["result"])
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        pulled = subprocess.run(cli + ["pull", "--project", "pat", "--corpus", str(corpus)],
                                capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        assert pulled.returncode == 0, pulled.stderr
        assert "imported 1" in pulled.stdout and task_path(corpus, "ls-pat-one").exists()
        bad = subprocess.run(cli + ["pull", "--project", "pat", "--corpus", str(corpus)], capture_output=True,
                             text=True, cwd=ROOT, env={**env, "LABEL_STUDIO_API_KEY": "wrong-token"}, timeout=300)
        assert bad.returncode == 1 and "rejected the legacy token" in bad.stderr and "Traceback" not in bad.stderr
    finally:
        server.legacy_tokens(True, pat)
