"""Quotation segments, including unbalanced marks (SPEC 3)."""

import pytest

from models.rules.quotes import find_quotes


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "no deal" today.', [("no deal", True, True)]),
        ("She said \u201cwe will not back down.\u201d", [("we will not back down", True, True)]),
        ('nothing but lies," the ministry said.', [("nothing but lies", False, True)]),
        ('The minister said: "we will respond', [("we will respond", True, False)]),
        ("No quotes at all, only the EU's plan.", []),
        ('"One." Then "two."', [("One", True, True), ("two", True, True)]),
    ],
)
def test_find_quotes(text, expected):
    got = [(text[q.start : q.end], q.opened, q.closed) for q in find_quotes(text)]
    assert got == expected


def test_quotes_do_not_cross_paragraphs():
    text = 'First "open quote\n\nSecond paragraph," said X.'
    got = [text[q.start : q.end] for q in find_quotes(text)]
    assert got == ["open quote", "Second paragraph"]
