"""Measures of sanctions actions by rules: detailing sentences, arms and trade phrases, names, other actors' clauses."""

import pytest

from models.output import doc_to_dict


def _measures(nlp, text):
    out = doc_to_dict(nlp(text), "t", "0")
    return [(s["authority"]["text"], s["trigger"]["text"], tuple(s["measures"])) for s in out["sanctions"]]


def _first(nlp, text):
    return _measures(nlp, text)[0][2]


@pytest.mark.parametrize(
    "text, measures",
    [
        # "Those listed ..." details the action before it, and speaks of a listing (SPEC 5, GUIDELINE 16)
        ("Ruritania on Monday imposed sanctions on six hackers it accused of attacking hospitals.\n\n"
         "Those listed face an asset freeze and a travel ban.", ("asset_freeze", "travel_ban", "designation")),
        # a plural target noun or "Both" opens a detailing sentence
        ("Freedonia has today sanctioned seven members of a smuggling ring. The individuals are subject to an asset "
         "freeze and a travel ban.", ("asset_freeze", "travel_ban", "designation")),
        ("Ruritania imposed sanctions on two provincial governors. Both face an asset freeze and a ban on entering "
         "the country.", ("asset_freeze", "travel_ban")),
        # "Their assets ...", "Under the measures, ..."
        ("Freedonia imposed sanctions on three judges. Their assets will be frozen.", ("asset_freeze",)),
        ("Ruritania imposed sanctions on four generals. Under the measures, the government froze any assets the "
         "generals hold in the country.", ("asset_freeze",)),
        # detailing sentences follow one another; the listing one adds a designation
        ("The council adopted restrictive measures against three individuals. Those listed include two militia "
         "commanders. They are subject to an asset freeze. The listed individuals are also subject to a travel ban.",
         ("asset_freeze", "travel_ban", "designation")),
        # a reported clause about "those listed"
        ("Ruritania imposed sanctions on 15 foreign nationals. The ministry said those listed would be barred from "
         "entering the country.", ("travel_ban", "designation")),
        # a sentence about something else gives nothing
        ("Ruritania imposed sanctions on three judges. The decision angered its neighbours.", ("designation",)),
    ],
)
def test_measures_detailed_after_the_action(nlp, text, measures):
    assert _first(nlp, text) == measures


@pytest.mark.parametrize(
    "text, measures",
    [
        # a ban on all arms trade, on arms exports or on defence equipment is an arms embargo, not a trade restriction
        ("The council has banned all arms trade with Ruritania since 2006.", ("arms_embargo",)),
        ("Freedonia has banned arms exports to Ruritania since that year.", ("arms_embargo",)),
        ("Freedonia has also banned exports of all arms and related material to Ruritania.", ("arms_embargo",)),
        ("The State Department ended exports of defense equipment to the island.", ("arms_embargo",)),
        # "the arms trade" that the targets took part in names no measure
        ("Ruritania blacklisted four firms involved in the arms trade.", ("designation",)),
        # trade blacklists restrict trade; barring banks from dollar transactions restricts finance
        ("The Commerce Department added 14 Ruritanian firms to its trade blacklist.", ("trade_restriction",)),
        ("The Treasury barred 14 Ruritanian banks from dollar transactions.", ("financial_restriction",)),
        ("The Treasury is imposing full blocking sanctions on two Ruritanian banks.", ("asset_freeze",)),
        # seizing assets freezes them; seizing power does not
        ("The minister banned the Ruritanian Cultural Centre, ordering the seizure of its assets.", ("asset_freeze",)),
        ("The bloc sanctioned the officers who seized power last week.", ("designation",)),
    ],
)
def test_measure_phrases(nlp, text, measures):
    assert _first(nlp, text) == measures


def test_names_name_no_measure(nlp):
    # a bank's name holds "Trade" and "Investment": no trade restriction, no investment ban
    text = "The Treasury blacklisted the Ruritanian Foreign Trade Bank and the Ruritanian Investment Bank."
    assert _first(nlp, text) == ("designation",)


def test_list_names_keep_their_measure(nlp):
    assert _first(nlp, "The Commerce Department added 12 companies to its Entity List on Friday.") == ("trade_restriction",)


def test_another_actors_clause_gives_no_measure(nlp):
    text = ("The State Department on Thursday imposed visa restrictions on 100 Ruritanian officials, as the Treasury "
            "Department froze the assets of three prison administrators.")
    assert _measures(nlp, text) == [
        ("The State Department", "imposed visa restrictions", ("travel_ban",)),
        ("the Treasury Department", "froze", ("asset_freeze",)),
    ]
