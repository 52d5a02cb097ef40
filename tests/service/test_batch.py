"""extract-batch: inputs, per-document errors, resume after a kill, processes and the Ray engine agree."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.batch.local import run_local
from service.batch.records import finished_ids, iter_records

ROOT = Path(__file__).resolve().parents[2]


def _lines(path: Path) -> dict[str, dict]:
    return {json.loads(line)["id"]: json.loads(line) for line in path.read_text().splitlines()}


@pytest.fixture
def jsonl(tmp_path, articles) -> Path:
    path = tmp_path / "in.jsonl"
    rows = [{"id": f"{name}-{k}", "text": text} for k in range(3) for name, text in articles.items()]
    rows += [{"id": "blank", "text": "   "}, {"id": "html", "html": "<html><body><nav>Home</nav><article><p>"
             + articles["two_actions"].replace("\n\n", "</p><p>") + "</p></article></body></html>"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json at all\n" + json.dumps({"text": "no id"}) + "\n")
    return path


def test_folder_input_reads_txt_and_html(tmp_path, articles):
    (tmp_path / "a.txt").write_text(articles["no_claims"])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>" + articles["two_actions"] + "</p></body></html>")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe oops")
    records = {r.id: r for r in iter_records(tmp_path)}
    assert set(records) == {"a", "sub/b", "bad"}
    assert "Britain" in records["sub/b"].text and "<p>" not in records["sub/b"].text
    assert records["bad"].error and "UTF-8" in records["bad"].error


def test_errors_are_recorded_and_the_run_goes_on(jsonl, tmp_path):
    out = tmp_path / "out.jsonl"
    report = run_local(jsonl, out, model="rules")
    lines = _lines(out)
    assert report.written == len(lines) == 16 and report.errors == 3
    assert "empty" in lines["blank"]["error"] and "not valid JSON" in lines["line-15"]["error"]
    assert lines["html"]["sanctions"] and "Home" not in json.dumps(lines["html"]["entities"])
    assert set(lines["two_actions-0"]) == {"id", "model", "entities", "sanctions", "claims"}


def test_resume_skips_finished_and_repairs_a_torn_line(jsonl, tmp_path):
    out = tmp_path / "out.jsonl"
    run_local(jsonl, out, model="rules")
    full = out.read_text().splitlines()
    out.write_text("\n".join(full[:5]) + "\n" + full[5][: len(full[5]) // 2])  # killed while writing line 6
    assert len(finished_ids(out)) == 5
    report = run_local(jsonl, out, model="rules")
    assert report.skipped == 5 and report.written == len(full) - 5
    assert _lines(out) == {json.loads(x)["id"]: json.loads(x) for x in full}


def test_two_processes_match_one(jsonl, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_local(jsonl, one, model="rules", batch_size=4)
    report = run_local(jsonl, two, model="rules", processes=2, batch_size=4)
    assert _lines(one) == _lines(two)
    assert len(report.workers) == 2 and all(rss > 0 for rss in report.workers.values())


@pytest.mark.slow
def test_ray_engine_with_two_workers_matches_local(jsonl, tmp_path):
    pytest.importorskip("ray")
    from service.batch.ray_engine import run_ray

    local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_local(jsonl, local, model="rules", batch_size=4)
    report = run_ray(jsonl, distributed, model="rules", workers=2, batch_size=4)
    assert _lines(local) == _lines(distributed)
    assert len(report.workers) == 2


def test_a_killed_run_loses_no_finished_line(tmp_path, articles):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "text": articles["two_actions"]}) for i in range(400)) + "\n")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "service.cli", "extract-batch", str(src), str(out), "--model", "rules", "--batch-size", "8"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 16):
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = [line for line in out.read_text().split("\n")[:-1]]
    assert before, "the run was killed before it finished a batch"
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    after = out.read_text().splitlines()
    assert after[: len(before)] == before
    assert sorted(json.loads(x)["id"] for x in after) == sorted(f"d{i}" for i in range(400))
