"""The canonical corpus: build, validate, stable split, statistics."""

import json
import shutil
from pathlib import Path

from annotations.corpus import build_corpus, group_of, split_assignment, split_of, validate_corpus
from annotations.stats import corpus_stats

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "annotations" / "source" / "examples"


def test_split_is_stable_and_near_70_15_15_for_documents_outside_batches():
    ids = [f"ls-{i:04d}" for i in range(2000)]
    first = [split_of(i, assignment={}) for i in ids]
    assert first == [split_of(i, assignment={}) for i in ids]
    share = {s: first.count(s) / len(ids) for s in ("train", "dev", "test")}
    assert 0.66 < share["train"] < 0.74 and 0.12 < share["dev"] < 0.18 and 0.12 < share["test"] < 0.18
    # adding documents never moves existing ones
    assert [split_of(i, assignment={}) for i in ids[:100]] == first[:100]


def test_groups_never_cross_splits():
    table = {"batch:a": "train", "batch:b": "test"}
    assert {split_of(f"cs-a-{i:03d}", assignment=table) for i in range(50)} == {"train"}
    assert {split_of(f"cs-b-{i:03d}", "some-event", assignment=table) for i in range(50)} == {"test"}
    # an unassigned batch stays whole; documents of one event outside batches stay together
    assert len({split_of(f"cs-q-{i:03d}", assignment=table) for i in range(50)}) == 1
    assert len({split_of(f"ls-{i}", "eu-package-14", assignment=table) for i in range(50)}) == 1
    assert group_of("cs-a-001") == "batch:a" and group_of("ls-7", "ev") == "event:ev" and group_of("ls-7") == "doc:ls-7"


def test_committed_split_keeps_batches_apart():
    table = split_assignment()
    assert table, "annotations/splits.json assigns the writer batches"
    assert {"train", "dev", "test"} <= set(table.values())


def test_build_then_validate(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(EXAMPLES, src)
    n = build_corpus(src, tmp_path / "corpus")
    assert n == 1
    count, errors = validate_corpus(tmp_path / "corpus")
    assert (count, errors) == (1, [])


def test_validate_reports_broken_offsets(tmp_path):
    build_corpus(EXAMPLES, tmp_path / "corpus")
    path = next((tmp_path / "corpus").glob("*.json"))
    task = json.loads(path.read_text())
    task["annotations"][0]["result"][0]["value"]["end"] = 10**6
    path.write_text(json.dumps(task))
    count, errors = validate_corpus(tmp_path / "corpus")
    assert count == 1 and len(errors) == 1 and "outside the text" in errors[0]


def test_rebuild_keeps_label_studio_annotations(tmp_path):
    build_corpus(EXAMPLES, tmp_path / "corpus")
    path = next((tmp_path / "corpus").glob("*.json"))
    task = json.loads(path.read_text())
    pulled = dict(task["annotations"][0], completed_by="annotator@example.org", meta={"source": "label_studio"})
    task["annotations"].append(pulled)
    path.write_text(json.dumps(task))
    build_corpus(EXAMPLES, tmp_path / "corpus")
    again = json.loads(path.read_text())
    assert [a["completed_by"] for a in again["annotations"]] == ["authoring", "annotator@example.org"]


def test_stats_count_the_example(tmp_path):
    build_corpus(EXAMPLES, tmp_path / "corpus")
    stats = corpus_stats(tmp_path / "corpus")
    assert stats["all"]["documents"] == 1
    assert stats["all"]["claim_types"]["genocide_declaration"] == 1
    assert stats["all"]["measures"]["travel_ban"] == 2
    assert stats["all"]["hard_cases"]["pronoun_claimant"] == 2


def test_committed_corpus_is_valid():
    count, errors = validate_corpus(ROOT / "annotations" / "corpus")
    assert count >= 1 and errors == []


def test_validate_reports_an_event_across_splits(tmp_path):
    build_corpus(EXAMPLES, tmp_path / "corpus")
    path = next((tmp_path / "corpus").glob("*.json"))
    task = json.loads(path.read_text())
    path.unlink()
    table = split_assignment()
    train = next(g for g, s in table.items() if s == "train").split(":")[1]
    test = next(g for g, s in table.items() if s == "test").split(":")[1]
    for doc_id in (f"cs-{train}-900", f"cs-{test}-900"):
        task["data"]["doc_id"] = doc_id
        task["data"]["event"] = "one-event"
        (tmp_path / "corpus" / f"{doc_id}.json").write_text(json.dumps(task))
    count, errors = validate_corpus(tmp_path / "corpus")
    assert count == 2 and len(errors) == 1 and "one-event" in errors[0] and "crosses" in errors[0]
