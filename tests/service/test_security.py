"""API keys, rate limit, body limit, CORS, request ids, readiness and metrics."""

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service import cli
from service.api.deps import get_nlp
from service.core.config import Settings, get_settings
from service.main import create_app, open_storage
from service.security import create_key


def _app(nlp, tmp_path, **overrides):
    settings = Settings(DATA_DIR=str(tmp_path), **overrides)
    app = create_app(settings)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.state.nlp = nlp
    open_storage(app, settings)
    return app, TestClient(app, raise_server_exceptions=False)


def test_keys_are_required_hashed_and_revocable(nlp, tmp_path):
    app, client = _app(nlp, tmp_path)
    body = {"text": "The EU sanctioned two firms."}
    r = client.post("/v1/extract", json=body)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized" and r.headers["www-authenticate"] == "Bearer"
    with app.state.sessions() as session:
        row, plain = create_key(session, "desk")
        assert plain not in (row.key_hash, row.prefix) and len(row.key_hash) == 64
    assert client.post("/v1/extract", json=body, headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    assert client.post("/v1/extract", json=body, headers={"X-API-Key": plain}).status_code == 200
    assert client.post("/v1/extract", json=body, headers={"Authorization": "Bearer cs_wrong"}).status_code == 401
    runner = CliRunner()
    env = {"CLAIMSCOPE_DATA_DIR": str(tmp_path)}
    get_settings.cache_clear()
    try:
        listed = runner.invoke(cli.app, ["keys", "list"], env=env)
        assert "desk" in listed.stdout and plain not in listed.stdout
        assert runner.invoke(cli.app, ["keys", "revoke", str(row.id)], env=env).exit_code == 0
        assert runner.invoke(cli.app, ["keys", "revoke", "cs_nothing"], env=env).exit_code == 1
        created = runner.invoke(cli.app, ["keys", "create", "second"], env=env)
        assert created.exit_code == 0 and "cs_" in created.stdout
    finally:
        get_settings.cache_clear()
    assert client.post("/v1/extract", json=body, headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    assert client.get("/healthz").status_code == 200  # operations need no key


def test_rate_limit_per_key(nlp, tmp_path):
    _, client = _app(nlp, tmp_path, AUTH_MODE="open", RATE_LIMIT_PER_MINUTE=3)
    codes = [client.post("/v1/extract", json={"text": "The EU sanctioned two firms."}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    r = client.post("/v1/extract", json={"text": "x"})
    assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1


def test_body_limit_and_structured_errors(nlp, tmp_path):
    _, client = _app(nlp, tmp_path, AUTH_MODE="open", MAX_BODY_BYTES=1000)
    r = client.post("/v1/extract", json={"text": "x" * 2000})
    assert r.status_code == 413 and r.json()["code"] == "body_too_large" and r.json()["request_id"]


def test_cors_off_by_default_and_on_when_configured(nlp, tmp_path):
    _, closed = _app(nlp, tmp_path, AUTH_MODE="open")
    pre = {"Origin": "https://desk.example.org", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in closed.options("/v1/extract", headers=pre).headers
    _, opened = _app(nlp, tmp_path / "b", AUTH_MODE="open", CORS_ORIGINS=["https://desk.example.org"])
    assert opened.options("/v1/extract", headers=pre).headers["access-control-allow-origin"] == "https://desk.example.org"


def test_request_ids_readiness_and_metrics(nlp, tmp_path):
    app, client = _app(nlp, tmp_path, AUTH_MODE="open")
    r = client.post("/v1/extract", json={"text": "The EU sanctioned two firms."}, headers={"X-Request-ID": "abc123"})
    assert r.headers["x-request-id"] == "abc123"
    assert len(client.get("/healthz").headers["x-request-id"]) == 32
    assert client.get("/readyz").json() == {"ready": True, "model_loaded": True, "database": True, "retrain_running": False}
    metrics = client.get("/metrics").text
    assert 'claimscope_requests_total{method="POST",route="/v1/extract",status="200"}' in metrics
    assert "claimscope_documents_total" in metrics and "claimscope_request_seconds_bucket" in metrics
    app.state.nlp = None
    assert client.get("/readyz").status_code == 503


def test_body_limit_applies_to_streamed_bodies(nlp, tmp_path):
    _, client = _app(nlp, tmp_path, AUTH_MODE="open", MAX_BODY_BYTES=1000)

    def chunks():
        yield b'{"text": "'
        for _ in range(10):
            yield b"x" * 200
        yield b'"}'

    r = client.post("/v1/extract", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "body_too_large"


def test_failed_key_checks_are_limited_per_address(nlp, tmp_path):
    _, client = _app(nlp, tmp_path, AUTH_FAILURES_PER_MINUTE=3)
    body = {"text": "The EU sanctioned two firms."}
    codes = [client.post("/v1/extract", json=body, headers={"Authorization": "Bearer cs_guess"}).status_code
             for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    r = client.post("/v1/extract", json=body)
    assert r.status_code == 429 and "failed key checks" in r.json()["detail"] and int(r.headers["retry-after"]) >= 1


def test_rate_limit_window_is_per_caller(nlp, tmp_path):
    from service.security import RateLimiter

    limiter = RateLimiter(2, "memory://")
    assert [limiter.retry_after("a") for _ in range(3)][:2] == [0, 0] and limiter.retry_after("a") > 0
    assert limiter.retry_after("b") == 0  # another caller has its own window


def test_forwarded_for_is_not_trusted_by_default(tmp_path):
    import httpx

    from evaluation.server_process import ServiceProcess

    server = ServiceProcess(tmp_path, model="rules", env={"CLAIMSCOPE_RATE_LIMIT_PER_MINUTE": "3"}).start()
    try:
        codes = [httpx.post(f"{server.url}/v1/extract", json={"text": "The EU sanctioned two firms."},
                            headers={"X-Forwarded-For": f"10.0.0.{i}"}, timeout=30).status_code for i in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]  # a new forwarded address is no new caller
    finally:
        server.stop()


def test_unknown_host_names_are_refused(nlp, tmp_path):
    _, client = _app(nlp, tmp_path, AUTH_MODE="open", ALLOWED_HOSTS=["127.0.0.1", "testserver"])
    assert client.get("/healthz").status_code == 200
    evil = client.get("/docs/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert evil.status_code == 400 and "evil.example" not in evil.headers.get("location", "")


def test_a_read_only_database_gives_503_with_the_request_id_and_readyz_says_so(nlp, tmp_path):
    from sqlalchemy import create_engine

    from service.storage.db import session_factory

    app, client = _app(nlp, tmp_path, AUTH_MODE="open")
    assert client.get("/readyz").status_code == 200
    path = tmp_path / "claimscope.db"
    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", connect_args={"check_same_thread": False})
    app.state.engine, app.state.sessions = read_only, session_factory(read_only)
    r = client.post("/v1/articles", json={"text": "The EU sanctioned two firms."}, headers={"X-Request-ID": "rid-1"})
    assert r.status_code == 503 and r.json()["request_id"] == "rid-1" and "nothing was stored" in r.json()["detail"]
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["database"] is False
    read_only.dispose()


def test_an_unexpected_error_keeps_the_request_id(nlp, tmp_path):
    from service.api.deps import get_extractor

    app, client = _app(nlp, tmp_path, AUTH_MODE="open")

    def broken():
        raise RuntimeError("boom")

    app.dependency_overrides[get_extractor] = broken
    r = client.post("/v1/extract", json={"text": "The EU sanctioned two firms."}, headers={"X-Request-ID": "rid-2"})
    assert r.status_code == 500 and r.json() == {"detail": "Internal error; the request was not processed.",
                                                 "code": "internal_error", "request_id": "rid-2"}
    assert "boom" not in r.text and r.headers["x-request-id"] == "rid-2"


def _asgi_post(app, path: str, headers: list[tuple[bytes, bytes]], stall: bool):
    """Call the app directly with a client whose body never arrives (stall) and collect the answer."""
    import asyncio

    sent: list[dict] = []
    reads = {"n": 0}

    async def receive():
        reads["n"] += 1
        if stall:
            await asyncio.sleep(3600)
        return {"type": "http.request", "body": b'{"text": "x"}', "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")] + headers,
             "client": ("10.0.0.9", 5555), "server": ("testserver", 80), "scheme": "http", "http_version": "1.1",
             "root_path": "", "state": {}}

    async def run():
        await asyncio.wait_for(app(scope, receive, send), timeout=10)

    asyncio.run(run())
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, reads["n"]


def test_the_key_is_checked_before_the_body_is_read(nlp, tmp_path):
    """An unauthenticated client that never finishes its body is refused at once, its body unread."""
    app, _ = _app(nlp, tmp_path)
    status, body, reads = _asgi_post(app, "/v1/articles", [(b"content-length", b"950000")], stall=True)
    assert status == 401 and b"API key is required" in body and reads == 0
    status, _, reads = _asgi_post(app, "/ls/predict", [(b"authorization", b"Bearer cs_wrong")], stall=True)
    assert status == 401 and reads == 0


def test_a_body_that_stops_arriving_gets_408(nlp, tmp_path):
    app, _ = _app(nlp, tmp_path, AUTH_MODE="open", BODY_READ_TIMEOUT_S=0.3)
    status, body, reads = _asgi_post(app, "/v1/extract", [(b"content-length", b"50")], stall=True)
    assert status == 408 and b"did not arrive within 0.3 s" in body and reads == 1


def test_serve_bounds_connections_and_heads(monkeypatch, tmp_path):
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.app, ["serve", "--model", "rules"],
                                    env={"CLAIMSCOPE_DATA_DIR": str(tmp_path), "CLAIMSCOPE_MAX_CONNECTIONS": "64"})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert seen["limit_concurrency"] == 64 and seen["h11_max_incomplete_event_size"] == 16_384
    assert seen["timeout_keep_alive"] == 5 and seen["timeout_worker_healthcheck"] == 120
