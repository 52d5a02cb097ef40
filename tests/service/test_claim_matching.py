"""Claim matching through the API: similar, match, threads, the index kept in step with the database."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from service.api.deps import get_nlp
from service.core.config import Settings, get_settings
from service.main import create_app, open_matcher, open_storage
from service.matching.index import VectorIndex, folder_for
from service.matching.vectors import count

# Three short reports: the first two carry the same denial (a second outlet relays the quote with small
# changes), the third different claims.
FIRST = ("Moscow rejects report on Baltic cable\n\n"
         "The Kremlin on Monday denied any role in the damage to the undersea cable. Kremlin spokesman Dmitry "
         "Peskov said that \"Russia had nothing to do with the damage to the Baltic Sea cable.\"\n\n"
         "Finland's president said the investigation would continue.")
SECOND = ("Kremlin denies cable sabotage\n\n"
          "Russia's presidential spokesman rejected the accusations. Peskov told reporters that \"Russia had "
          "nothing to do with the damage to the cable in the Baltic Sea.\"\n\n"
          "Investigators have boarded a tanker in the Gulf of Finland.")
THIRD = ("EU weighs new listings\n\n"
         "The European Union will add twelve tankers to its sanctions list next month, diplomats said. "
         "Estonia's foreign minister said the shadow fleet must be stopped before it damages more infrastructure.")


@pytest.fixture
def app_client(nlp, database_url, tmp_path):
    settings = Settings(AUTH_MODE="open", DATABASE_URL=database_url, DATA_DIR=str(tmp_path))
    app = create_app(settings)
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.state.nlp = nlp
    open_storage(app, settings)
    app.state.matcher = open_matcher(app, settings)
    yield app, TestClient(app, raise_server_exceptions=False), settings
    app.state.engine.dispose()


def _store(client, text, url, published):
    r = client.post("/v1/articles", json={"text": text, "url": url, "published": published})
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture
def stored(app_client):
    app, client, settings = app_client
    ids = [_store(client, FIRST, "https://www.northgate.example/a", "2026-03-01"),
           _store(client, SECOND, "https://coastline.example/b", "2026-03-03"),
           _store(client, THIRD, "https://northgate.example/c", "2026-03-05")]
    return app, client, settings, ids


def test_similar_finds_the_same_claim_in_other_words(stored):
    _, client, _, ids = stored
    r = client.get("/v1/claims/similar", params={"text": "Russia denies it damaged the Baltic undersea cable", "k": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"].startswith("all-MiniLM-L6-v2@")
    top = body["items"][0]
    assert top["article_id"] in ids[:2] and "cable" in top["content"] and top["score"] > 0.6
    assert [i["score"] for i in body["items"]] == sorted((i["score"] for i in body["items"]), reverse=True)
    assert top["url"] and top["published"] and top["first_seen"] == top["published"]


def test_filters_claimant_type_and_since(stored):
    _, client, _, ids = stored
    q = "Russia had nothing to do with the cable damage"
    later = client.get("/v1/claims/similar", params={"text": q, "since": "2026-03-02"}).json()["items"]
    assert later and all(i["published"] >= "2026-03-02" for i in later)
    assert ids[0] not in {i["article_id"] for i in later}
    by = client.get("/v1/claims/similar", params={"text": q, "claimant": "estonia"}).json()["items"]
    assert by and all("Estonia" in i["claimant"] or "Estonia" in (i["claimant_entity"] or "") for i in by)
    none = client.get("/v1/claims/similar", params={"text": q, "type": "genocide_declaration"}).json()["items"]
    assert none == []


def test_match_returns_only_matches_above_the_threshold(stored):
    _, client, _, _ = stored
    r = client.post("/v1/claims/match", json={"claims": [
        {"id": "desk-1", "text": "Russia had no involvement in damaging the Baltic cable"},
        {"id": "desk-2", "text": "The central bank raised interest rates by half a point"}]})
    assert r.status_code == 200, r.text
    body = r.json()
    results = {x["id"]: x["matches"] for x in body["results"]}
    assert results["desk-1"] and all(m["score"] >= body["threshold"] for m in results["desk-1"])
    assert results["desk-2"] == []
    strict = client.post("/v1/claims/match", json={"claims": [{"id": "x", "text": "Russia denies the cable damage"}],
                                                   "threshold": 0.99}).json()
    assert strict["threshold"] == 0.99 and strict["results"][0]["matches"] == []


def test_thread_joins_near_duplicates_across_articles_in_time_order(stored):
    _, client, _, ids = stored
    hit = client.get("/v1/claims/similar", params={"text": "Russia was not involved in damaging the cable"}).json()
    first = hit["items"][0]
    r = client.get(f"/v1/claims/{first['id']}/thread")
    assert r.status_code == 200, r.text
    thread = r.json()
    assert thread["articles"] == 2 and {m["article_id"] for m in thread["members"]} == set(ids[:2])
    assert thread["first_seen"] == "2026-03-01"
    assert [m["first_seen"] for m in thread["members"]] == sorted(m["first_seen"] for m in thread["members"])
    assert thread["outlets"] == ["coastline.example", "northgate.example"]
    assert thread["thread_id"] == min(m["id"] for m in thread["members"])
    other = client.get("/v1/claims/similar", params={"text": "twelve tankers added to the sanctions list"}).json()
    lone = client.get(f"/v1/claims/{other['items'][0]['id']}/thread").json()
    assert lone["articles"] == 1


def test_bad_requests_get_clear_errors(stored):
    _, client, _, _ = stored
    assert client.get("/v1/claims/similar").status_code == 422
    assert client.get("/v1/claims/similar", params={"text": "   "}).status_code == 422
    assert client.get("/v1/claims/similar", params={"text": "x", "k": 0}).status_code == 422
    assert client.get("/v1/claims/similar", params={"text": "x", "since": "yesterday"}).status_code == 422
    nul = client.get("/v1/claims/similar", params={"text": "a\x00b"})
    assert nul.status_code == 422 and "NUL" in nul.text
    assert client.post("/v1/claims/match", json={"claims": []}).status_code == 422
    surrogate = client.post("/v1/claims/match", content=b'{"claims": [{"id": "a", "text": "\\ud800"}]}',
                            headers={"Content-Type": "application/json"})
    assert surrogate.status_code == 422 and "claims.0.text" in surrogate.text
    assert client.post("/v1/claims/match", json={"claims": [{"id": "a", "text": "x"}] * 101}).status_code == 422
    missing = client.get("/v1/claims/999999/thread")
    assert missing.status_code == 404 and "No stored claim" in missing.json()["detail"]


def test_off_means_503_not_500(nlp, tmp_path):
    settings = Settings(AUTH_MODE="open", DATA_DIR=str(tmp_path), CLAIM_MATCHING=False)
    app = create_app(settings)
    app.dependency_overrides[get_nlp] = lambda: nlp
    open_storage(app, settings)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.get("/v1/claims/similar", params={"text": "x"})
    assert r.status_code == 503 and "Claim matching" in r.json()["detail"]
    assert client.post("/v1/articles", json={"text": FIRST}).status_code == 201  # storing still works
    app.state.engine.dispose()


def test_index_is_saved_reloaded_and_rebuilt_when_stale(stored):
    app, client, settings, _ = stored
    matcher = app.state.matcher
    matcher.save()
    folder = folder_for(settings.DATA_DIR, matcher.key)
    saved = VectorIndex.load(folder, matcher.key, matcher.embedder.dim)
    assert saved is not None and len(saved) == len(matcher.index) > 0
    with app.state.sessions() as session:
        assert type(matcher).open(matcher, session) == "loaded"
    # an article stored by another process after the save: the next search syncs it in
    other = open_matcher(app, settings)
    before = len(other.index)
    _store(client, "Ministers meet\n\nThe minister said the talks would resume in April, officials said.",
           "https://x.example/d", "2026-03-06")
    with app.state.sessions() as session:
        assert other.sync(session) >= 1 and len(other.index) > before
    # a foreign manifest (another model) is not loaded: the index is rebuilt from the database
    assert VectorIndex.load(folder, "another-model@1", matcher.embedder.dim) is None
    (folder / "manifest.json").write_text("{broken", encoding="utf-8")
    with app.state.sessions() as session:
        assert matcher.open(session) == "rebuilt" and len(matcher.index) == count(session, matcher.key)[0]
    assert VectorIndex.load(folder, matcher.key, matcher.embedder.dim) is not None  # and saved again


def test_exact_and_hnsw_agree_on_near_duplicates():
    rng = np.random.default_rng(7)
    data = rng.standard_normal((3_000, 384)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    exact, graph = VectorIndex("k", 384, exact_below=10**9), VectorIndex("k", 384, exact_below=1_000)
    ids = np.arange(1, 3_001)
    exact.add(ids, data)
    graph.add(ids[:500], data[:500])
    graph.add(ids[500:], data[500:])  # crosses the size: the matrix moves into the graph
    assert exact.backend == "exact" and graph.backend == "hnsw" and len(graph) == 3_000
    queries = data[:200] + 0.05 * rng.standard_normal((200, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    agree = sum(exact.search(q, 1)[0][0] == graph.search(q, 1)[0][0] for q in queries)
    assert agree >= 196
    graph.remove([1, 2, 3])
    assert len(graph) == 2_997 and all(i not in (1, 2, 3) for i, _ in graph.search(data[0], 5))
    batch = exact.search_many(queries[:5], 3)
    assert [b[0][0] for b in batch] == [exact.search(q, 3)[0][0] for q in queries[:5]]


def test_cli_index_status_and_rebuild_backfill_claims_stored_without_vectors(nlp, tmp_path, monkeypatch):
    """Articles stored while matching was off get vectors and threads from `claimscope index rebuild`."""
    import json

    from typer.testing import CliRunner

    from service.cli import app as cli

    settings = Settings(AUTH_MODE="open", DATA_DIR=str(tmp_path), CLAIM_MATCHING=False)
    app = create_app(settings)
    app.dependency_overrides[get_nlp] = lambda: nlp
    app.state.nlp = nlp
    open_storage(app, settings)
    client = TestClient(app)
    _store(client, FIRST, "https://a.example/1", "2026-03-01")
    _store(client, SECOND, "https://b.example/2", "2026-03-02")
    app.state.engine.dispose()
    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    runner = CliRunner()
    before = json.loads(runner.invoke(cli, ["index", "status"]).stdout)
    assert before["claims_without_vector"] > 0 and before["stored_vectors"] == 0
    done = runner.invoke(cli, ["index", "rebuild"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["embedded"] == before["claims_without_vector"] and summary["threads_changed"] >= 1
    after = json.loads(runner.invoke(cli, ["index", "status"]).stdout)
    assert after["claims_without_vector"] == 0 and after["index"] == "loaded"
    get_settings.cache_clear()
