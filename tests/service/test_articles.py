"""Stored articles, search and exports through the API, on SQLite and on a real PostgreSQL."""

import json

import pytest
from fastapi.testclient import TestClient

from service.api.deps import get_nlp
from service.core.config import Settings, get_settings
from service.main import create_app, open_storage


@pytest.fixture
def client(nlp, database_url, tmp_path):
    settings = Settings(AUTH_MODE="open", DATABASE_URL=database_url, DATA_DIR=str(tmp_path))
    app = create_app(settings)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.state.nlp = nlp
    open_storage(app, settings)
    yield TestClient(app, raise_server_exceptions=False)
    app.state.engine.dispose()


def test_store_is_idempotent_by_content(client, articles):
    first = client.post("/v1/articles", json={"text": articles["counter_sanctions"], "title": "Counter", "url": "https://example.org/a",
                                              "published": "2026-03-22"})
    assert first.status_code == 201 and first.json()["created"] is True
    again = client.post("/v1/articles", json={"text": articles["counter_sanctions"]})
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    body = client.get(f"/v1/articles/{first.json()['id']}").json()
    assert body["title"] == "Counter" and body["text"] == articles["counter_sanctions"]
    assert body["extraction"]["sanctions"] and len(body["versions"]) == 1


def test_html_input_is_reduced_to_the_article(client, articles):
    html = ("<html><head><title>x</title></head><body><nav>Home | World | Sport</nav><article><p>"
            + articles["two_actions"].replace("\n\n", "</p><p>") + "</p></article><footer>Cookie policy</footer></body></html>")
    r = client.post("/v1/extract", json={"html": html})
    assert r.status_code == 200
    body = r.json()
    assert "Cookie policy" not in body["text"] and "Britain" in body["text"]
    for s in body["sanctions"]:
        assert body["text"][s["trigger"]["start"] : s["trigger"]["end"]] == s["trigger"]["text"]


def test_batch_extract_reports_errors_per_document(client, articles):
    r = client.post("/v1/extract/batch", json={"documents": [{"text": articles["two_actions"]}, {"text": "  "}]})
    assert r.status_code == 200
    results = r.json()["results"]
    assert results[0]["result"]["sanctions"] and "empty" in results[1]["error"]
    too_many = client.post("/v1/extract/batch", json={"documents": [{"text": "a"}] * 33})
    assert too_many.status_code == 422


def test_search_claims_sanctions_and_entities(client, articles):
    for name in ("counter_sanctions", "two_actions", "genocide_motion"):
        assert client.post("/v1/articles", json={"text": articles[name]}).status_code == 201
    denials = client.get("/v1/claims", params={"type": "denial"}).json()
    assert denials["total"] >= 2 and all(h["claim"]["type"] == "denial" for h in denials["items"])
    by_q = client.get("/v1/claims", params={"q": "drones"}).json()
    assert by_q["total"] >= 1 and all("drones" in h["claim"]["content"]["text"].lower() for h in by_q["items"])
    china = client.get("/v1/sanctions", params={"authority": "china"}).json()
    assert china["total"] >= 1
    frozen = client.get("/v1/sanctions", params={"measure": "asset_freeze"}).json()
    assert all("asset_freeze" in h["sanction"]["measures"] for h in frozen["items"])
    paged = client.get("/v1/claims", params={"size": 1, "page": 2}).json()
    assert paged["size"] == 1 and len(paged["items"]) == 1 and paged["total"] > 1
    profile = client.get("/v1/entities/Britain").json()
    assert profile["sanctions"]["total"] == 0 or profile["sanctions"]["items"]
    kanaani = client.get("/v1/entities/Kanaani").json()
    assert kanaani["claims"]["total"] >= 1
    assert client.get("/v1/claims", params={"type": "gossip"}).status_code == 422
    # NUL matches every row on SQLite and breaks PostgreSQL; over-long names are refused (issue 12)
    for path, params in (("/v1/claims", {"claimant": "a\x00"}), ("/v1/sanctions", {"target": "\x00"}),
                         ("/v1/entities/" + "x" * 60_000, {})):
        r = client.get(path, params=params)
        assert r.status_code == 422 and r.json()["detail"].endswith(".")


def test_reextraction_keeps_the_old_result(client, articles, nlp):
    created = client.post("/v1/articles", json={"text": articles["two_actions"]}).json()
    old_version = nlp.meta["version"]
    nlp.meta["version"] = "9.9.9"
    try:
        r = client.post(f"/v1/articles/{created['id']}/extract")
    finally:
        nlp.meta["version"] = old_version
    assert r.status_code == 200 and r.json()["model_version"] == "9.9.9"
    versions = client.get(f"/v1/articles/{created['id']}").json()["versions"]
    assert [(v["model_version"], v["current"]) for v in versions] == [(old_version, False), ("9.9.9", True)]


def test_exports(client, articles):
    created = client.post("/v1/articles", json={"text": articles["two_actions"], "url": "https://example.org/d",
                                                "published": "2026-05-01"}).json()
    ftm = client.get(f"/v1/articles/{created['id']}", params={"format": "ftm"}).json()
    schemata = {e["schema"] for e in ftm}
    assert {"Article", "Sanction", "Documentation"} <= schemata
    sanction = next(e for e in ftm if e["schema"] == "Sanction")
    assert sanction["properties"]["authority"] and sanction["properties"]["startDate"] == ["2026-05-01"]
    cr = client.get(f"/v1/articles/{created['id']}", params={"format": "claimreview"})
    assert cr.headers["content-type"].startswith("application/ld+json")
    graph = cr.json()["@graph"]
    assert graph and graph[0]["@type"] == "ClaimReview"
    assert graph[0]["itemReviewed"]["appearance"]["url"] == "https://example.org/d"
    assert client.get("/v1/articles/nope").status_code == 404
    assert client.get(f"/v1/articles/{created['id']}", params={"format": "xml"}).status_code == 422


def test_claimreview_is_safe_to_embed_and_inputs_are_checked(client):
    text = 'Officials said "</script><script>alert(1)</script> & more" about the sanctions.'
    created = client.post("/v1/articles", json={"text": text, "title": "<b>Title</b>"}).json()
    cr = client.get(f"/v1/articles/{created['id']}", params={"format": "claimreview"})
    assert "<" not in cr.text and ">" not in cr.text and "&" not in cr.text
    assert "</script>" in json.dumps(cr.json())  # the escapes decode back to the same strings
    for field, value in (("url", "javascript:alert(1)"), ("url", "ftp://example.org"), ("published", "yesterday")):
        r = client.post("/v1/articles", json={"text": "The EU sanctioned two firms.", field: value})
        assert r.status_code == 422 and field in r.json()["detail"]
    ok = client.post("/v1/articles", json={"text": "The EU sanctioned two firms.", "published": "2026-03-22T10:00:00Z"})
    assert ok.status_code in (200, 201)


def test_a_timed_out_article_is_not_stored_and_queued_work_never_starts(nlp, tmp_path):
    import threading
    import time

    calls = []

    class SlowNlp:
        """The rule pipeline, one second slower per document."""

        meta = nlp.meta

        def __call__(self, text):
            calls.append(text)
            time.sleep(1.0)
            return nlp(text)

    settings = Settings(AUTH_MODE="open", DATA_DIR=str(tmp_path), REQUEST_TIMEOUT_S=0.3, EXTRACTION_SLOTS=1)
    app = create_app(settings)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_nlp] = lambda: SlowNlp()
    app.state.nlp = nlp
    open_storage(app, settings)
    client = TestClient(app, raise_server_exceptions=False)
    results = []

    def post(i):
        results.append(client.post("/v1/articles", json={"text": f"The EU sanctioned firm number {i}."}).status_code)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [504, 504, 504]
    assert "nothing was stored" in client.post("/v1/articles", json={"text": "The EU sanctioned firm X."}).json()["detail"]
    time.sleep(1.5)  # let the work in flight finish
    assert client.get("/v1/claims").json()["total"] == 0
    with app.state.sessions() as session:
        from service.storage.tables import Article

        assert session.query(Article).count() == 0  # a 504 means not stored
    assert len(calls) <= 2  # one slot: requests still waiting when they timed out never ran
    app.state.engine.dispose()
