"""Linking tagged spans into claims and actions."""

import pytest

from models.neural.linking import link_actions, link_claims


def _find(text, part, nth=1):
    start = -1
    for _ in range(nth):
        start = text.index(part, start + 1)
    return (start, start + len(part))


@pytest.fixture(scope="module")
def parse(nlp):
    return lambda text: nlp(text)


def test_claim_takes_nearest_cue_and_claimant(parse):
    text = 'The ministry said the move was illegal. Analysts said it would fail.'
    doc = parse(text)
    spans = [(*_find(text, "The ministry"), "CLAIMANT"), (*_find(text, "said"), "CUE"),
             (*_find(text, "the move was illegal"), "CLAIM"), (*_find(text, "Analysts"), "CLAIMANT"),
             (*_find(text, "said", 2), "CUE"), (*_find(text, "it would fail"), "CLAIM")]
    links = link_claims(doc, spans)
    assert [(text[c.claimant[0]:c.claimant[1]], text[c.content[0]:c.content[1]]) for c in links] == [
        ("The ministry", "the move was illegal"), ("Analysts", "it would fail")]


def test_quote_without_cue_continues_previous_claim(parse):
    text = '"We will respond," the spokesman said.\n\n"They will pay the price."'
    doc = parse(text)
    spans = [(*_find(text, "We will respond"), "CLAIM"), (*_find(text, "the spokesman"), "CLAIMANT"),
             (*_find(text, "said"), "CUE"), (*_find(text, "They will pay the price"), "CLAIM")]
    links = link_claims(doc, spans)
    assert len(links) == 2 and links[1].continued and links[1].claimant == links[0].claimant


def test_two_authorities_one_trigger_give_two_actions(parse):
    text = "The EU and Britain imposed sanctions on Acme Corp."
    doc = parse(text)
    spans = [(*_find(text, "EU"), "AUTHORITY"), (*_find(text, "Britain"), "AUTHORITY"),
             (*_find(text, "imposed sanctions"), "TRIGGER"), (*_find(text, "Acme Corp"), "TARGET")]
    actions = link_actions(doc, spans)
    assert [text[a.authority[0]:a.authority[1]] for a in actions] == ["EU", "Britain"]


def test_no_target_no_action(parse):
    text = "The EU imposed sanctions."
    doc = parse(text)
    spans = [(*_find(text, "The EU"), "AUTHORITY"), (*_find(text, "imposed sanctions"), "TRIGGER")]
    assert link_actions(doc, spans) == []
