"""The web page end to end: a real server (rule pipeline, open mode) driven by headless Chromium through Playwright."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.label_studio_server import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "counter_sanctions.txt"
SCREENSHOT = ROOT / "test-artifacts" / "web-page.png"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium (Debian package chromium)"),
]


@pytest.fixture
def server(tmp_path):
    """`claimscope serve` with the rule pipeline, open mode and a fresh data folder; stopped afterwards."""
    port = free_port()
    env = {**os.environ, "CLAIMSCOPE_AUTH_MODE": "open", "CLAIMSCOPE_DATA_DIR": str(tmp_path / "data")}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--model", "rules", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{url}/healthz", 90)
        except TimeoutError:
            log.flush()
            pytest.fail(f"the server did not start:\n{(tmp_path / 'server.log').read_text()[-3000:]}")
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(5)
        log.close()


def column(table, header: str) -> list[str]:
    """The texts of one column of a result table, found by its header."""
    headers = [h.strip().lower() for h in table.locator("thead th").all_inner_texts()]
    index = headers.index(header.lower()) + 1
    return [t.strip() for t in table.locator(f"tbody tr td:nth-child({index})").all_inner_texts()]


def test_web_page_extracts_and_shows_the_article(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    text = ARTICLE.read_text(encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            console_errors: list[str] = []
            page.on("pageerror", lambda err: console_errors.append(str(err)))
            page.goto(server + "/")
            sync_api.expect(page).to_have_title(re.compile("claimscope"))

            # An empty article: the API's own message is shown, readably.
            page.click("#extract")
            error = page.locator("#error")
            sync_api.expect(error).to_be_visible()
            sync_api.expect(error).to_contain_text("The text is empty or only white space")
            assert "{" not in error.inner_text()

            # Another outlet's copy of the story is already stored: its claims are "seen before".
            copy = "Wire copy: " + text + "\n\nReporting by the desk."
            stored = page.request.post(server + "/v1/articles", data={"text": copy, "url": "https://other.example/copy",
                                                                     "published": "2026-01-02"})
            assert stored.status == 201, stored.text()

            # The fixture article: stored, read back, highlighted and tabulated.
            page.fill("#text", text)
            page.fill("#title", "Beijing hits back at Brussels")
            page.click("#extract")
            sync_api.expect(page.locator("#results")).to_be_visible(timeout=30_000)
            sync_api.expect(error).to_be_hidden()
            sanctions = page.locator("#sanctions-table")
            claims = page.locator("#claims-table")
            sync_api.expect(sanctions.locator("tbody tr").first).to_be_visible()
            sync_api.expect(page.locator("#entities-table tbody tr").first).to_be_visible()

            assert "China" in column(sanctions, "Authority")
            assert "denial" in column(claims, "Type")
            assert page.locator("#entities-table tbody tr").count() > 0

            article_text = page.locator("#article-text")
            assert article_text.inner_text() == text  # highlights change nothing in the text
            for kind in ("entity", "authority", "target", "trigger", "claimant", "cue", "content"):
                assert article_text.locator(f".hl.k-{kind}").count() > 0, kind
            china = article_text.locator(".k-authority").first.inner_text()
            assert china == "China"

            seen = claims.locator("td.seen li").first
            sync_api.expect(seen).to_be_visible(timeout=30_000)
            assert "2026-01-02" in seen.inner_text()
            seen.locator("button.thread").click()
            sync_api.expect(seen.locator(".thread-list")).to_contain_text("2 articles", timeout=30_000)
            sync_api.expect(seen.locator(".thread-list")).to_contain_text("other.example")

            href = page.locator("#link-json").evaluate("a => a.href")
            match = re.fullmatch(re.escape(server) + r"/v1/articles/([A-Za-z0-9_-]+)", href)
            assert match, href
            article_id = match.group(1)
            assert page.locator("#link-ftm").evaluate("a => a.href").endswith(f"/v1/articles/{article_id}?format=ftm")
            assert page.locator("#link-claimreview").evaluate("a => a.href").endswith(
                f"/v1/articles/{article_id}?format=claimreview")
            assert page.request.get(href).json()["id"] == article_id

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            assert not console_errors, console_errors
        finally:
            browser.close()
