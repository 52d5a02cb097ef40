"""The HTTP API through TestClient: extraction, health, and clear 4xx answers to bad input."""

import pytest
from fastapi.testclient import TestClient

from service.api.deps import get_nlp
from service.core.config import Settings, get_settings
from service.main import create_app


@pytest.fixture(scope="module")
def client(nlp):
    app = create_app()
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.dependency_overrides[get_settings] = lambda: Settings(MAX_TEXT_CHARS=100_000)
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


def test_openapi_page(client):
    assert client.get("/docs").status_code == 200
    assert "/v1/extract" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "kwargs, status, phrase",
    [
        ({"json": {"text": ""}}, 422, "empty"),
        ({"json": {"text": "   \n\t "}}, 422, "empty"),
        ({"json": {"text": "x" * 5_000_000}}, 413, "limit"),
        ({"content": b'{"text": "unterminated', "headers": {"content-type": "application/json"}}, 422, "not valid JSON"),
        ({"content": b'{"text": "\xff\xfe bad bytes"}', "headers": {"content-type": "application/json"}}, 400, "body"),
        ({"json": {"text": 42}}, 422, "wrong type"),
        ({"json": {"text": ["a", "b"]}}, 422, "wrong type"),
        ({"json": {}}, 422, "required"),
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
    app = create_app()
    r = TestClient(app).post("/v1/extract", json={"text": "The EU sanctioned two firms."})
    assert r.status_code == 503
    assert "not loaded" in r.json()["detail"]
