"""The HTTP API through TestClient: extraction, health, and clear 4xx answers to bad input."""

import json

import pytest
from fastapi.testclient import TestClient

from service.api.deps import get_nlp
from service.core.config import Settings, get_settings
from service.main import create_app


OPEN = dict(MAX_TEXT_CHARS=100_000, AUTH_MODE="open", MAX_BODY_BYTES=1_000_000)


@pytest.fixture(scope="module")
def client(nlp):
    app = create_app(Settings(**OPEN))
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.dependency_overrides[get_settings] = lambda: Settings(**OPEN)
    app.state.nlp = nlp
    return TestClient(app, raise_server_exceptions=False)  # no `with`: lifespan (model load) is skipped


def test_extract_returns_spec_document(client, articles):
    text = articles["two_actions"]
    r = client.post("/v1/extract", json={"text": text})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"model", "entities", "sanctions", "claims"}
    assert body["model"]["name"] == "claimscope-en"
    for c in body["claims"]:
        assert text[c["content"]["start"] : c["content"]["end"]] == c["content"]["text"]


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert "encoder" in r.json()  # None for the rule pipeline, else the encoder's runtime


def test_openapi_page(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "content-security-policy" in page.headers
    assert "cdn.jsdelivr" not in page.text and "/docs-assets/swagger-ui-bundle.js" in page.text
    script = client.get("/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"] and len(script.content) > 100_000
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200
    assert client.get("/redoc").status_code == 404
    assert "/v1/extract" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "kwargs, status, phrase",
    [
        ({"json": {"text": ""}}, 422, "empty"),
        ({"json": {"text": "   \n\t "}}, 422, "empty"),
        ({"json": {"text": "x" * 5_000_000}}, 413, "limit"),
        ({"json": {"text": "x" * 200_000}}, 413, "limit"),
        ({"json": {"text": "fine", "html": "<p>both</p>"}}, 422, "Send exactly one"),
        ({"content": b"[" * 100_000 + b"]" * 100_000, "headers": {"content-type": "application/json"}}, 400, "body"),
        ({"content": bytes(range(256)) * 10, "headers": {"content-type": "application/octet-stream"}}, 422, ""),
        ({"content": b'{"text": "unterminated', "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
        ({"content": b'{"text": "a lone \\ud800 surrogate"}', "headers": {"content-type": "application/json"}}, 422,
         "not valid Unicode"),
        ({"json": {"text": "a NUL \u0000 inside"}}, 422, "NUL"),
        ({"json": {"text": "fine", "title": "bad \u0000 title"}}, 422, "NUL"),
        ({"content": b'{"text": "\xff\xfe bad bytes"}', "headers": {"content-type": "application/json"}}, 400, "body"),
        ({"json": {"text": 42}}, 422, "wrong type"),
        ({"json": {"text": ["a", "b"]}}, 422, "wrong type"),
        ({"json": {}}, 422, "exactly one"),
        ({"json": {"text": "fine", "colour": "red"}}, 422, "not accepted"),
        ({"json": [1, 2, 3]}, 422, ""),
    ],
)
def test_bad_input_is_a_clear_4xx(client, kwargs, status, phrase):
    r = client.post("/v1/extract", **kwargs)
    assert r.status_code == status
    body = r.json()
    assert isinstance(body["detail"], str) and phrase in body["detail"]
    assert "Traceback" not in r.text


def test_no_model_loaded_is_503(nlp):
    app = create_app(Settings(**OPEN))
    app.dependency_overrides[get_settings] = lambda: Settings(**OPEN)
    r = TestClient(app).post("/v1/extract", json={"text": "The EU sanctioned two firms."})
    assert r.status_code == 503
    assert "not loaded" in r.json()["detail"]


def test_ls_backend_protocol(client, articles, tmp_path):
    assert client.get("/ls/health").json()["status"] == "UP"
    assert client.post("/ls/setup", json={"project": "1.1", "schema": "<View/>"}).json()["model_version"]
    tasks = [{"id": 7, "data": {"text": articles["two_actions"]}}, {"id": 8, "data": {"text": articles["no_claims"]}}]
    r = client.post("/ls/predict", json={"tasks": tasks, "project": "1.1", "label_config": "<View/>"})
    assert r.status_code == 200
    results = r.json()["results"]
    assert len(results) == 2
    text = articles["two_actions"]
    regions = [i for i in results[0]["result"] if i["type"] == "labels"]
    assert regions and all(text[i["value"]["start"] : i["value"]["end"]] == i["value"]["text"] for i in regions)
    assert any(i["value"]["labels"] == ["TRIGGER"] for i in regions)
    assert any(i["type"] == "relation" for i in results[0]["result"])


def test_ls_webhook_queues_retrain(client, tmp_path):
    client.app.dependency_overrides[get_settings] = lambda: Settings(**OPEN, DATA_DIR=str(tmp_path))
    try:
        r = client.post("/ls/webhook", json={"action": "START_TRAINING", "project": {"id": 3, "title": "desk"}})
        assert r.json()["status"] == "queued"
        queued = (tmp_path / "retrain-queue.jsonl").read_text().splitlines()
        assert len(queued) == 1 and '"desk"' in queued[0]
        assert client.post("/ls/webhook", json={"action": "PROJECT_UPDATED"}).json()["status"] == "ignored"
    finally:
        client.app.dependency_overrides[get_settings] = lambda: Settings(**OPEN)


def test_min_confidence_filters_claims_and_actions(client, articles):
    text = articles["two_actions"]
    everything = client.post("/v1/extract", json={"text": text}).json()
    confidences = sorted(x["confidence"] for x in everything["claims"] + everything["sanctions"])
    assert len(confidences) >= 2
    cut = confidences[len(confidences) // 2]
    kept = client.post("/v1/extract", json={"text": text, "min_confidence": cut}).json()
    assert all(x["confidence"] >= cut for x in kept["claims"] + kept["sanctions"])
    assert len(kept["claims"]) + len(kept["sanctions"]) == sum(c >= cut for c in confidences)
    assert [c["id"] for c in kept["claims"]] == [f"C{i}" for i in range(1, len(kept["claims"]) + 1)]
    bad = client.post("/v1/extract", json={"text": text, "min_confidence": 1.5})
    assert bad.status_code == 422 and "min_confidence" in bad.text


def test_a_bad_document_in_a_batch_gets_its_own_error(client):
    body = b'{"documents": [{"text": "The EU sanctioned two firms."}, {"text": "bad \\ud800"}]}'
    r = client.post("/v1/extract/batch", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    results = r.json()["results"]
    assert "result" in results[0] and "not valid Unicode" in results[1]["error"]


def test_security_headers_and_page_policy(client):
    page = client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    api = client.get("/healthz")
    assert api.headers["x-content-type-options"] == "nosniff" and "content-security-policy" not in api.headers


@pytest.mark.parametrize("body, phrase", [
    ({"tasks": [{"data": "a string"}]}, "Task 0 needs 'data'"),
    ({"tasks": [{"data": {"text": 5}}]}, "Task 0 needs 'data'"),
    ({"tasks": [{"data": {"text": "ok text"}}, {"data": {"text": "x" * 200_000}}]}, "Task 1:"),
    ({"data": ["x"]}, "tasks"),
])
def test_ls_predict_refuses_malformed_tasks(client, body, phrase):
    r = client.post("/ls/predict", json=body)
    assert 400 <= r.status_code < 500 and phrase in r.json()["detail"]


def test_webhook_retrains_one_at_a_time_and_readyz_shows_it(client, tmp_path, monkeypatch):
    import time

    from annotations import ml_backend

    monkeypatch.setattr(ml_backend, "retrain_command", lambda project: ["sleep", "3"])
    client.app.dependency_overrides[get_settings] = lambda: Settings(**OPEN, DATA_DIR=str(tmp_path),
                                                                     RETRAIN_ON_WEBHOOK=True)
    try:
        first = client.post("/ls/webhook", json={"action": "START_TRAINING", "project": {"id": 3, "title": "desk"}})
        second = client.post("/ls/webhook", json={"action": "START_TRAINING", "project": {"id": 3, "title": "desk"}})
        assert first.json()["status"] == "queued" and "already running" in second.json()["status"]
        assert client.get("/readyz").json()["retrain_running"] is True
        assert "claimscope_retrain_running 1.0" in client.get("/metrics").text
        assert len(list(tmp_path.glob("retrain-*.log"))) == 1  # the second webhook started nothing
        deadline = time.time() + 20
        while ml_backend.retrain_state(tmp_path)["running"] and time.time() < deadline:
            time.sleep(0.2)
        assert not ml_backend.retrain_state(tmp_path)["running"] and not (tmp_path / "retrain.lock").exists()
        assert client.get("/readyz").json()["retrain_running"] is False
    finally:
        client.app.dependency_overrides[get_settings] = lambda: Settings(**OPEN)


def test_create_app_uses_the_settings_it_is_given(nlp):
    app = create_app(Settings(MAX_TEXT_CHARS=50, AUTH_MODE="open"))  # no override of get_settings
    app.dependency_overrides[get_nlp] = lambda: nlp
    r = TestClient(app, raise_server_exceptions=False).post("/v1/extract", json={"text": "The EU sanctioned firms. " * 4})
    assert r.status_code == 413 and "50" in r.json()["detail"]


@pytest.mark.parametrize("int8, runtime", [(False, "onnx"), (True, "onnx-int8"), (None, "as trained")])
def test_encoder_int8_setting_picks_the_runtime(tiny_model, tmp_path, articles, int8, runtime):
    if runtime == "as trained":  # unset: int8 where training found it within 0.5 point of fp32 on dev
        serve = json.loads((tiny_model / "meta.json").read_text())["claimscope"]["type_head"]["int8"]["serve_int8"]
        runtime = "onnx-int8" if serve else "onnx"
    settings = Settings(**OPEN, MODEL_PATH=str(tiny_model), DATA_DIR=str(tmp_path), CLAIM_MATCHING=False,
                        ENCODER_INT8=int8)
    app = create_app(settings)
    app.dependency_overrides[get_settings] = lambda: settings
    with TestClient(app) as c:  # lifespan: the model is loaded as the service loads it
        assert app.state.nlp.get_pipe("encoder").runtime_in_use == runtime
        assert c.get("/healthz").json()["encoder"] == runtime  # operators see what encodes
        assert app.state.nlp.pipe_names[0] == "encoder_start"
        r = c.post("/v1/extract", json={"text": articles["two_actions"]})
        assert r.status_code == 200 and r.json()["model"]["version"] == "0.0.1"
