"""Property-based fuzzing of every operation in the OpenAPI schema (schemathesis, in-process over ASGI).

Whatever schemathesis generates from the schema, valid (positive) or deliberately invalid (negative),
the service must answer with a success or a client error, never a 5xx. The app is built like the
`client` fixture of test_articles.py: open auth, SQLite under tmp_path, the rule pipeline.

Each operation and generation mode is its own test case, with at most 25 examples, so a failure names
the operation. (schemathesis' lazy `from_fixture` loader is not used: it breaks on pytest 9.)
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from fastapi.testclient import TestClient
from schemathesis.checks import not_a_server_error

from service.api.deps import get_nlp
from service.core.config import Settings, get_settings
from service.main import create_app, open_matcher, open_storage

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 25


def _operations() -> list[tuple[str, str]]:
    spec = create_app(Settings(AUTH_MODE="open")).openapi()
    return [(method.upper(), path) for path, methods in spec["paths"].items() for method in methods]


OPERATIONS = _operations()


@asynccontextmanager
async def _no_lifespan(_app):  # type: ignore[no-untyped-def]
    # The real lifespan reads the process settings and loads the default model; this app is set up by hand.
    yield


@pytest.fixture
def api_schema(nlp, tmp_path):
    # A rate limit high enough that no generated request is answered 429 instead of being exercised.
    app_settings = Settings(AUTH_MODE="open", DATA_DIR=str(tmp_path), RATE_LIMIT_PER_MINUTE=1_000_000)
    app = create_app(app_settings)
    app.router.lifespan_context = _no_lifespan
    app.dependency_overrides[get_settings] = lambda: app_settings
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.state.nlp = nlp
    open_storage(app, app_settings)
    app.state.matcher = open_matcher(app, app_settings)  # claim matching operations run, not 503
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.engine.dispose()


def test_every_operation_is_in_the_schema():
    assert len(OPERATIONS) >= 17
    assert ("GET", "/v1/claims/similar") in OPERATIONS and ("POST", "/v1/claims/match") in OPERATIONS
    assert ("POST", "/v1/articles") in OPERATIONS and ("POST", "/ls/predict") in OPERATIONS


def _fuzz(operation, mode: GenerationMode, **fixed) -> None:  # type: ignore[no-untyped-def]
    """Up to MAX_EXAMPLES generated requests to one operation; fails on the first 5xx."""

    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):  # type: ignore[no-untyped-def]
        response = case.call()
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}\n"
            f"reproduce: {case.as_curl_command()}")
        case.validate_response(response, checks=[not_a_server_error])

    try:
        check()
    except Unsatisfiable:
        # An operation without parameters or body (or with only free-form strings) has no invalid input.
        if mode is GenerationMode.POSITIVE:
            raise
        pytest.skip(f"schemathesis can generate no invalid request for {operation.method.upper()} {operation.path}")


MODES = pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)


@MODES
@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_generated_request_gets_a_server_error(api_schema, method, path, mode):
    _fuzz(api_schema[path][method], mode)


@MODES
@pytest.mark.parametrize("method,path", [("GET", "/v1/articles/{article_id}"), ("POST", "/v1/articles/{article_id}/extract")])
def test_requests_about_a_stored_article_get_no_server_error(api_schema, articles, method, path, mode):
    # Generated ids are never stored ones (404); this fixes the id so exports and re-extraction run too.
    stored = TestClient(api_schema.app).post("/v1/articles", json={"text": articles["two_actions"], "url": "https://example.org/x"})
    assert stored.status_code == 201
    _fuzz(api_schema[path][method], mode, path_parameters={"article_id": stored.json()["id"]})


@MODES
def test_thread_of_a_stored_claim_gets_no_server_error(api_schema, articles, mode):
    client = TestClient(api_schema.app)
    assert client.post("/v1/articles", json={"text": articles["counter_sanctions"]}).status_code == 201
    claim = client.get("/v1/claims/similar", params={"text": "sanctions", "k": 1}).json()["items"][0]
    _fuzz(api_schema["/v1/claims/{claim_id}/thread"]["GET"], mode, path_parameters={"claim_id": claim["id"]})
