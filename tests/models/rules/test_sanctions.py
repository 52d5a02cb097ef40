"""Sanctions actions by rules: triggers, arguments, measures and status (SPEC 2, 5)."""

import pytest

from models.output import doc_to_dict


def _actions(nlp, text):
    out = doc_to_dict(nlp(text), "t", "0")
    return [
        (s["authority"]["text"], tuple(t["text"] for t in s["targets"]), tuple(s["measures"]), s["status"], s["trigger"]["text"])
        for s in out["sanctions"]
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "In retaliation, China imposed counter-sanctions on five members of the European Parliament on Monday.",
            ("China", ("five members of the European Parliament",), ("designation",), "imposed", "imposed counter-sanctions"),
        ),
        (
            "The U.S. Treasury Department added 12 companies to its Entity List on Friday.",
            ("The U.S. Treasury Department", ("12 companies",), ("trade_restriction",), "imposed", "added"),
        ),
        (
            "The EU lifted sanctions on three Belarusian potash firms.",
            ("The EU", ("three Belarusian potash firms",), ("designation",), "lifted", "lifted sanctions"),
        ),
        (
            "Washington threatened to impose new sanctions on Caracas if the elections are postponed.",
            ("Washington", ("Caracas",), ("designation",), "threatened", "impose new sanctions"),
        ),
        (
            "The bloc is considering a ban on Russian liquefied natural gas imports.",
            ("The bloc", ("Russian liquefied natural gas imports",), ("trade_restriction",), "proposed", "considering a ban"),
        ),
        (
            "The European Union imposed an asset freeze on four senior officials, including Zhu Hailun.",
            ("The European Union", ("four senior officials", "Zhu Hailun"), ("asset_freeze",), "imposed",
             "imposed an asset freeze"),
        ),
    ],
)
def test_action_patterns(nlp, text, expected):
    assert expected in _actions(nlp, text)


def test_two_actions_in_one_sentence(nlp):
    text = "The United States sanctioned two Iranian oil firms and Britain froze the assets of three shipping companies."
    assert _actions(nlp, text) == [
        ("The United States", ("two Iranian oil firms",), ("designation",), "imposed", "sanctioned"),
        ("Britain", ("three shipping companies",), ("asset_freeze",), "imposed", "froze"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The law authorizing sanctions was passed in 2016.",
        "The EU reserved the right to respond.",
        "Lawmakers urged the government to impose sanctions on the officials responsible.",
        "Sanctions have hurt the economy for years.",
    ],
)
def test_no_action_without_authority_and_target(nlp, text):
    assert _actions(nlp, text) == []
