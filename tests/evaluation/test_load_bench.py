"""The HTTP load benchmark runs end to end against one and two worker processes (reduced sizes)."""

from __future__ import annotations

import re

import pytest

from evaluation import load_bench

pytestmark = pytest.mark.slow


def test_load_bench_reports_every_worker_count_and_level(capsys):
    rc = load_bench.main(["--model", "rules", "--workers", "1,2", "--concurrency", "1,4", "--requests", "3,8",
                          "--warmup", "1", "--article-words", "150", "--article-requests", "2"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert out.count("encoder none (rules)") == 2  # each server says what encodes (the rule model: nothing)
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit() and len(line.split()) == 8]
    assert {(r[0], r[1]) for r in rows} == {("1", "1"), ("1", "4"), ("2", "1"), ("2", "4")}
    assert all(r[3] == "0" for r in rows)  # no errors
    long_rows = [line.split() for line in out.split("one client, one", 1)[1].splitlines()[2:4]]
    assert [r[0] for r in long_rows] == ["1", "2"] and all(r[1] == "0" for r in long_rows)
    memory = out.split("peak resident memory", 1)[1]
    one, two = (line for line in memory.splitlines() if "worker(s):" in line)
    assert one.count(" MB") == 1  # one worker runs in the serve process
    assert two.count(" MB") >= 3  # the supervisor, two workers (and multiprocessing's resource tracker)
    assert all(100 < float(mb.replace(",", "")) < 5000 for mb in re.findall(r"([\d,]+) MB", one))
