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


@pytest.mark.parametrize(
    "text, expected",
    [
        # a pronoun subject under a reporting verb is the speaker; "would" in reported speech is announced
        (
            "The Foreign Ministry said it would impose sanctions on three American defence firms.",
            ("The Foreign Ministry", ("three American defence firms",), ("designation",), "announced", "impose sanctions"),
        ),
        # a live-blog time stamp before the subject is not the authority
        (
            "09:40 GMT - Ottawa froze the assets of two shipping companies.",
            ("Ottawa", ("two shipping companies",), ("asset_freeze",), "imposed", "froze"),
        ),
        # a relative pronoun target is its antecedent (and the name the antecedent describes)
        (
            "Canada blacklisted the Delta Mining Group, a firm that the European Union sanctioned in 2021.",
            ("the European Union", ("the Delta Mining Group", "a firm"), ("designation",), "imposed", "sanctioned"),
        ),
        # "asset freezes and travel bans" misread as verbs is no second action
        (
            "The Council imposed asset freezes and travel bans on eleven army officers.",
            ("The Council", ("eleven army officers",), ("asset_freeze", "travel_ban"), "imposed", "imposed asset freezes"),
        ),
        # headline verb forms, whatever the parser makes of them
        (
            "Norway sanctions three Belarusian judges over protest trials",
            ("Norway", ("three Belarusian judges",), ("designation",), "imposed", "sanctions"),
        ),
        (
            "U.S. lifts sanctions on Venezuelan oil firm, blacklists two bankers",
            ("U.S.", ("two bankers",), ("designation",), "imposed", "blacklists"),
        ),
        # nominal reports with a named authority
        (
            "Japan's sanctions on Russian banks angered Moscow.",
            ("Japan", ("Russian banks",), ("designation",), "imposed", "sanctions"),
        ),
        (
            "The shipping magnate, who is under U.S. sanctions, denied wrongdoing.",
            ("U.S.", ("The shipping magnate",), ("designation",), "imposed", "sanctions"),
        ),
        # "added X to the list" with the list attached to a conjunct; "removed X from the list"
        (
            "The agency has added Acme Robotics and four other firms to the Entity List.",
            ("The agency", ("Acme Robotics", "four other firms"), ("trade_restriction",), "imposed", "added"),
        ),
        (
            "The Council removed ten tankers from its sanctions list on Friday.",
            ("The Council", ("ten tankers",), ("designation",), "lifted", "removed"),
        ),
        # restoring sanctions is a light verb
        (
            "The government restored sanctions on the port operator.",
            ("The government", ("the port operator",), ("designation",), "imposed", "restored sanctions"),
        ),
        # a participle with an agent: the noun it modifies is the target
        (
            "Trade minister Lee Ji-ho, himself sanctioned by Canada, called the move absurd.",
            ("Canada", ("Trade minister Lee Ji-ho",), ("designation",), "imposed", "sanctioned"),
        ),
        # an export ban targets the destination
        (
            "Britain banned exports of drones to Iran.",
            ("Britain", ("Iran",), ("trade_restriction",), "imposed", "banned"),
        ),
        # "Those sanctioned include X" adds X to the previous action
        (
            "The EU sanctioned five generals. Those sanctioned include army chief Min Lwin.",
            ("The EU", ("five generals", "army chief Min Lwin"), ("designation",), "imposed", "sanctioned"),
        ),
    ],
)
def test_added_patterns(nlp, text, expected):
    assert expected in _actions(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a gerund after "for": the object of the verb the phrase hangs on acts
        (
            "Pyongyang condemned Washington for imposing new sanctions against its shipping firms.",
            ("Washington", ("its shipping firms",), ("designation",), "imposed", "imposing new sanctions"),
        ),
        # a gerund after "to" on a verb: that verb's subject acts
        (
            "Diplomats said the bloc had given the go-ahead to lifting its oil sanctions on Venezuela.",
            ("the bloc", ("Venezuela",), ("designation",), "lifted", "lifting its oil sanctions"),
        ),
        # a participle on the measure noun, with an agent or a named modifier
        (
            "The ministry protested the sanctions imposed Tuesday by Canada against three generals.",
            ("Canada", ("three generals",), ("designation",), "imposed", "imposed"),
        ),
        (
            "Moscow rejected the expanded EU sanctions imposed on it last week.",
            ("EU", ("it",), ("designation",), "imposed", "imposed"),
        ),
        # an infinitive on a decision-like noun: the noun's owner acts (without its possessive marker)
        (
            "Ankara criticised the Treasury's decision to lift sanctions against the shipping magnate.",
            ("the Treasury", ("the shipping magnate",), ("designation",), "lifted", "lift sanctions"),
        ),
        (
            "Beijing opposes the Commerce Department's move to blacklist 12 firms.",
            ("the Commerce Department", ("12 firms",), ("designation",), "imposed", "blacklist"),
        ),
        # an import ban hits the named origin of the goods
        (
            "On Monday, Washington banned the import of cotton from the Xinjiang Production Company.",
            ("Washington", ("the Xinjiang Production Company",), ("trade_restriction",), "imposed", "banned"),
        ),
        # an "including" list that hangs on the verb adds targets
        (
            "The Union and Britain imposed sanctions on six army officers on Tuesday, including the colonel who led the coup.",
            ("Britain", ("six army officers", "the colonel"), ("designation",), "imposed", "imposed sanctions"),
        ),
        # relief and waivers are lifting
        (
            "On Monday the State Department restored some sanctions relief to Venezuela's oil sector.",
            ("the State Department", ("Venezuela's oil sector",), (), "lifted", "restored some sanctions relief"),
        ),
        (
            "The minister signed three sanctions waivers related to Iraq's electricity imports.",
            ("The minister", ("Iraq's electricity imports",), ("trade_restriction",), "lifted", "signed three sanctions waivers"),
        ),
        # ending a licence restores the measure on whoever held it
        (
            "Washington revoked a licence covering the state copper miner Cuprum.",
            ("Washington", ("the state copper miner Cuprum",), ("designation",), "imposed", "revoked a licence"),
        ),
        (
            "The president said he was revoking Halvard Oil's licence to export crude.",
            ("The president", ("Halvard Oil",), ("designation",), "imposed", "revoking"),
        ),
        # an order's participle is the action of whoever signed it
        (
            "The minister signed an executive order freezing all Ruritanian government property in Canada.",
            ("The minister", ("all Ruritanian government property in Canada",), ("asset_freeze",), "imposed", "freezing"),
        ),
        # listing verbs other than "add"
        (
            "The president returned Ruritania to the terrorism list on Monday.",
            ("The president", ("Ruritania",), ("designation",), "imposed", "returned"),
        ),
        # barring people from dealing with someone targets that someone
        (
            "The order bars Americans from dealing with the two shipping firms.",
            ("The order", ("the two shipping firms",), ("business_ban",), "imposed", "bars"),
        ),
        # a list as subject: the authority is its named modifier
        (
            "The new EU sanctions list placed restrictive measures on 28 Russian officials.",
            ("EU", ("28 Russian officials",), ("designation",), "imposed", "placed restrictive measures"),
        ),
        # exposure to a measure, with a modal or under a warning, is a threat
        (
            "Officials said firms that keep trading with the regime could face U.S. penalties.",
            ("U.S.", ("firms",), ("designation",), "threatened", "face U.S. penalties"),
        ),
        (
            "The minister warned that the two banks would face sanctions.",
            ("The minister", ("the two banks",), ("designation",), "threatened", "face sanctions"),
        ),
        (
            "Breaking the ceiling could expose shippers to EU sanctions.",
            ("EU", ("shippers",), ("designation",), "threatened", "expose"),
        ),
        # cutting aid, trade or borders with someone; suspending a measure lifts it
        (
            "Germany suspended all trade with the junta in March.",
            ("Germany", ("the junta",), ("trade_restriction",), "imposed", "suspended all trade"),
        ),
        (
            "West African leaders on Sunday closed their borders with Mali and froze its assets at the central bank.",
            ("West African leaders", ("Mali",), ("travel_ban", "trade_restriction"), "imposed", "closed their borders"),
        ),
        (
            "Washington cut military aid to the government on Tuesday.",
            ("Washington", ("the government",), (), "imposed", "cut military aid"),
        ),
        (
            "The EU suspended its restrictive measures on Myanmar in 2012.",
            ("The EU", ("Myanmar",), ("designation",), "lifted", "suspended its restrictive measures"),
        ),
        # a step named by a noun: "ordered the lifting of sanctions", "approved the extension of sanctions"
        (
            "The president said last week he would order the lifting of US sanctions on Ruritania.",
            ("The president", ("Ruritania",), ("designation",), "lifted", "order the lifting of US sanctions"),
        ),
        (
            "The council approved the extension of sanctions against five militia leaders.",
            ("The council", ("five militia leaders",), ("designation",), "imposed", "approved the extension of sanctions"),
        ),
        # revoking visas is a travel ban; a measure named after a country targets it
        (
            "U.S. revokes all visas for Ruritanian passport holders",
            ("U.S.", ("Ruritanian passport holders",), ("travel_ban",), "imposed", "revokes all visas"),
        ),
        (
            "Britain extended the Libya arms embargo until 2027.",
            ("Britain", ("Libya",), ("arms_embargo",), "imposed", "extended"),
        ),
        # a headline may end on a quotation
        (
            'U.S. sanctions 16 Maduro allies over disputed vote; Caracas calls it "a crime"',
            ("U.S.", ("16 Maduro allies",), ("designation",), "imposed", "sanctions"),
        ),
        # cutting supplies or exports to someone
        (
            "China halted exports of gallium to the United States on Monday.",
            ("China", ("the United States",), ("trade_restriction",), "imposed", "halted exports"),
        ),
        # banning or barring people, with no other measure named, keeps them out
        (
            "Estonia had already banned 11 Georgians on December 1.",
            ("Estonia", ("11 Georgians",), ("travel_ban",), "imposed", "banned"),
        ),
        (
            "Beijing bans UK MPs after criticism over sanctions",
            ("Beijing", ("UK MPs",), ("travel_ban",), "imposed", "bans"),
        ),
        # suspending a member state needs no measure noun
        (
            "The African Union suspended Niger after the coup.",
            ("The African Union", ("Niger",), ("designation",), "imposed", "suspended"),
        ),
    ],
)
def test_nonfinite_and_relief_patterns(nlp, text, expected):
    assert expected in _actions(nlp, text)


@pytest.mark.parametrize(
    "text, measures",
    [
        ("Canada imposed sanctions on five army officers on Friday. The five face asset freezes and are barred from "
         "travelling to Canada, after Ottawa extended its arms embargo.", ("asset_freeze", "travel_ban")),
        # "sanctioned" stays a designation besides the measures detailed
        ("Japan sanctioned three judges. The judges will be barred entry to Japan and their property there blocked.",
         ("travel_ban", "asset_freeze", "designation")),
        # a next sentence about something else gives nothing
        ("Japan sanctioned three judges. The decision angered Beijing.", ("designation",)),
    ],
)
def test_measures_detailed_in_the_next_sentence(nlp, text, measures):
    assert _actions(nlp, text)[0][2] == measures


def test_coordinated_headline_authorities(nlp):
    assert _actions(nlp, "Canada and Australia sanction Myanmar generals") == [
        ("Canada", ("Myanmar generals",), ("designation",), "imposed", "sanction"),
        ("Australia", ("Myanmar generals",), ("designation",), "imposed", "sanction"),
    ]


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
        "Beijing hits back at Brussels",
        "Lawmakers urged EU sanctions on the officials responsible.",
        "Germany warned against imposing sanctions on China.",
        "The senators praised the plan to impose sanctions on the refinery.",
        "Iran welcomes US sanctions relief",
        "At the Security Council, Russia blocked a statement supporting the sanctions.",
        "The bank faces sanctions over its Iran business.",
        "The airline suspended flights to Beirut because of the fighting.",
        "Moscow condemned the imposition of sanctions against its diplomats.",
        "The league suspended the striker for three matches.",
        "Critics questioned the Treasury's ability to designate and add persons to the sanctions list.",
    ],
)
def test_no_action_without_authority_and_target(nlp, text):
    assert _actions(nlp, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a participle that freezes assets details the action; a listing verb stays a designation
        (
            "Ottawa sanctioned four prison wardens, freezing their assets in Canada.",
            ("Ottawa", ("four prison wardens",), ("asset_freeze", "designation"), "imposed", "sanctioned"),
        ),
        # "targeted financial sanctions" freeze assets: no financial restriction
        (
            "Canberra imposed targeted financial sanctions and travel bans on six militia commanders.",
            ("Canberra", ("six militia commanders",), ("asset_freeze", "travel_ban"), "imposed",
             "imposed targeted financial sanctions"),
        ),
        # barring entry is a travel ban
        (
            "The ministry said it would bar entry to nine European lawmakers.",
            ("The ministry", ("nine European lawmakers",), ("travel_ban",), "announced", "bar"),
        ),
        # an embargo that is not on arms restricts trade; an arms embargo stays an arms embargo
        (
            "The bloc imposed an embargo on Ruritanian timber.",
            ("The bloc", ("Ruritanian timber",), ("trade_restriction",), "imposed", "imposed an embargo"),
        ),
        (
            "The council imposed an arms embargo on Ruritania.",
            ("The council", ("Ruritania",), ("arms_embargo",), "imposed", "imposed an arms embargo"),
        ),
        # banning goods is a trade restriction
        (
            "Warsaw banned Ruritanian coal last year.",
            ("Warsaw", ("Ruritanian coal",), ("trade_restriction",), "imposed", "banned"),
        ),
        (
            "The government will ban the export of drone engines to Ruritania.",
            ("The government", ("Ruritania",), ("trade_restriction",), "announced", "ban"),
        ),
        # barring ships or aircraft keeps them out: a travel ban
        (
            "In May, Malaysia barred all Ruritanian-flagged vessels.",
            ("Malaysia", ("all Ruritanian-flagged vessels",), ("travel_ban",), "imposed", "barred"),
        ),
        # an active "listed" by a named actor, in a text about sanctions, is a designation
        (
            "The sanctions regime dates from 2001. Canada listed the Northern Brigade as a terrorist entity in 2012.",
            ("Canada", ("the Northern Brigade",), ("designation",), "imposed", "listed"),
        ),
    ],
)
def test_measure_vocabulary(nlp, text, expected):
    assert expected in _actions(nlp, text)


def test_listing_needs_a_sanctions_text(nlp):
    assert _actions(nlp, "The report listed the Northern Brigade among the largest employers.") == []


@pytest.mark.parametrize("text, date", [
    ("The European Union imposed sanctions on four officials on Monday.", "on Monday"),
    ("On Thursday the Treasury sanctioned two shipping firms.", "On Thursday"),
])
def test_the_date_attached_to_the_trigger_is_read(nlp, text, date):
    """A DATE under the trigger, or under a preposition of it (it once compared Tokens by identity and never matched)."""
    (action,) = doc_to_dict(nlp(text), "t", "0")["sanctions"]
    assert action["date"]["text"] == date == text[action["date"]["start"]:action["date"]["end"]]


def test_an_object_parsed_as_an_adverbial_noun_is_found(nlp):
    # "designated Korvex Monday" with "Korvex" hung on the verb as an adverbial noun (a parse the
    # small model makes): the misparsed object is the name, not the weekday.
    from spacy.tokens import Doc

    from models.rules.sanctions import _misparsed_object

    words = ["Ostland", "designated", "Korvex", "Monday", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 1, 1, 1],
              deps=["nsubj", "ROOT", "npadvmod", "npadvmod", "punct"],
              pos=["PROPN", "VERB", "PROPN", "PROPN", "PUNCT"])
    assert _misparsed_object(doc[1]) is not None and _misparsed_object(doc[1]).i == 2
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 3, 1, 1],  # "Korvex" under "Monday": not the verb's
              deps=["nsubj", "ROOT", "compound", "npadvmod", "punct"],
              pos=["PROPN", "VERB", "PROPN", "PROPN", "PUNCT"])
    assert _misparsed_object(doc[1]) is None
