"""`make bench` pieces: articles by length, per-step timings of a pipeline, percentiles."""

import pytest

from evaluation.bench import article, component_ms, component_table, component_words_per_second, percentile

TEXTS = ["The EU imposed sanctions on four officials.\nChina denied the accusations.",
         "Beijing announced counter-sanctions on ten Europeans.\nThe bloc said it would respond."]


@pytest.mark.parametrize("words", [5, 40, 300])
def test_article_has_at_least_the_words_and_only_the_texts_paragraphs(words):
    text = article(TEXTS, words)
    assert len(text.split()) >= words
    paragraphs = {p for t in TEXTS for p in t.split("\n")}
    assert set(text.split("\n\n")) <= paragraphs


def test_component_timings_cover_every_step(nlp):
    ms = component_ms(nlp, article(TEXTS, 60), repeats=2)
    assert list(ms) == ["tokenizer", *nlp.pipe_names]
    assert all(v >= 0 for v in ms.values()) and ms["parser"] > 0
    wps = component_words_per_second(nlp, TEXTS, repeats=1)
    assert list(wps) == list(ms) and all(v > 0 for v in wps.values())


def test_component_table_has_a_row_per_step_and_a_total(nlp):
    table = component_table(nlp, TEXTS, repeats=1, sizes=(20, 50))
    rows = [line.split()[0] for line in table.splitlines()[1:]]
    assert rows == ["tokenizer", *nlp.pipe_names, "total"]


@pytest.mark.parametrize("q, expected", [(50, 50), (95, 95), (100, 100), (0, 1)])
def test_percentile_is_nearest_rank(q, expected):
    assert percentile([float(v) for v in range(100, 0, -1)], q) == expected
