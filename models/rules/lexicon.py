"""Lexicons for the rule extractors: reporting cues, sanction triggers, measure and status words.

Every word list the rules use lives here as a named constant (lemmas, lowercase).
"""

from __future__ import annotations

# --- Claims -------------------------------------------------------------------------------

# Verbs that attribute a proposition to their subject, by lemma.
REPORTING_VERBS: frozenset[str] = frozenset(
    {
        "say", "tell", "state", "add", "write", "claim", "allege", "accuse", "deny", "dismiss",
        "reject", "refute", "declare", "estimate", "urge", "warn", "insist", "argue", "assert",
        "maintain", "stress", "note", "announce", "vow", "pledge", "threaten", "demand", "call",
        "condemn", "describe", "brand", "label", "charge", "suggest", "explain", "confirm",
        "predict", "caution", "acknowledge", "admit", "believe", "conclude", "find", "determine",
        "report", "tweet", "post", "recognize", "recognise", "contend", "emphasize", "emphasise",
        "reiterate", "announce", "blame", "criticize", "criticise", "slam", "denounce", "promise",
        "calculate", "project", "put", "counter", "respond", "reply", "comment", "testify",
        "affirm", "signal", "indicate", "observe", "recall", "agree", "concede", "complain",
        "question", "doubt", "lament", "welcome", "hail", "ask", "appeal", "implore", "press",
        "consider", "deem", "recommend", "propose", "berate", "rebuke", "castigate", "lambast", "lambaste",
        "chide", "fault", "defend", "characterize", "characterise", "portray", "decry", "regard",
    }
)
# Reporting verbs that make a claim only through a complement the rules parse, never through a nearby quotation.
COMPLEMENT_ONLY_VERBS: frozenset[str] = frozenset(
    {"consider", "deem", "recommend", "propose", "defend", "characterize", "characterise", "portray", "regard"}
)


# Verbs whose direct object alone is the claim ("denied the accusation", "condemned the raids").
NOUN_OBJECT_CLAIM_VERBS: frozenset[str] = frozenset(
    {"deny", "reject", "dismiss", "refute", "condemn", "describe", "brand", "label", "accuse", "blame",
     "criticize", "criticise", "denounce", "slam", "berate", "rebuke", "castigate", "lambast", "lambaste", "chide",
     "fault"}
)

# Verbs whose object is a claim only with "as" ("recognized the killings as genocide", "defended X as Y").
AS_OBJECT_VERBS: frozenset[str] = frozenset(
    {"recognize", "recognise", "defend", "characterize", "characterise", "portray", "decry", "regard", "hail",
     "welcome"}
)
# Verbs of judgment whose object and predicate are the claim ("considers the merger (to be) a threat").
JUDGMENT_VERBS: frozenset[str] = frozenset({"consider", "deem"})
# Verbs whose "to"-infinitive is the claim ("vowed to retaliate", "threatened to expel the envoys").
COMMITMENT_VERBS: frozenset[str] = frozenset({"vow", "pledge", "promise", "threaten"})
# Verbs whose "of"/"against" phrase is the claim ("warned of retaliation if ...").
WARNING_VERBS: frozenset[str] = frozenset({"warn", "caution"})
# Phrasal verbs of criticism, by lemma: their particle and the preposition before the target ("lashed out at X for Y").
PHRASAL_CUES: dict[str, tuple[str, str]] = {"hit": ("out", "at"), "lash": ("out", "at")}
# Verbs that name their object with a predicate, often quoted ("branded the plan "reckless"").
NAMING_VERBS: frozenset[str] = frozenset({"call", "brand", "label"})
# Verbs whose gerund complement is the claim, a call ("proposed holding talks").
PROPOSAL_VERBS: frozenset[str] = frozenset({"propose", "recommend", "suggest"})
# Verbs whose noun object is a claim when it names a genocide ("recognized the Yazidi genocide").
RECOGNITION_VERBS: frozenset[str] = frozenset({"recognize", "recognise", "acknowledge"})

# Verbs that take "X to do Y" / "on X to do Y" as a call.
CALL_VERBS: frozenset[str] = frozenset({"urge", "call", "demand", "appeal", "implore", "press", "ask"})
# Call verbs whose noun object alone is the call ("demanded the return of the assets").
CALL_OBJECT_VERBS: frozenset[str] = frozenset({"urge", "demand"})

CUE_TYPE: dict[str, str] = {
    "deny": "denial", "dismiss": "denial", "reject": "denial", "refute": "denial",
    "accuse": "accusation", "allege": "accusation", "condemn": "accusation", "blame": "accusation",
    "charge": "accusation", "brand": "accusation", "criticize": "accusation", "criticise": "accusation",
    "denounce": "accusation", "slam": "accusation", "describe": "accusation", "label": "accusation",
    "urge": "call_to_action", "call": "call_to_action", "demand": "call_to_action",
    "appeal": "call_to_action", "implore": "call_to_action", "press": "call_to_action",
    "ask": "call_to_action", "recommend": "call_to_action", "propose": "call_to_action",
    "berate": "accusation", "rebuke": "accusation", "castigate": "accusation", "lambast": "accusation",
    "lambaste": "accusation", "chide": "accusation", "fault": "accusation", "decry": "accusation",
    "hit": "accusation", "lash": "accusation",
    "warn": "threat", "threaten": "threat", "vow": "threat", "caution": "threat",
    "estimate": "estimate", "calculate": "estimate", "put": "estimate", "project": "estimate",
}

# Words in the content that point to a type (lowercase substrings, matched on word starts).
# Words that pointed to the wrong type far more often than not in the corpus ("never", "do not",
# "punish", "stop", "release", "financ", ...) are left out.
DENIAL_WORDS: tuple[str, ...] = (
    "lie", "lies", "disinformation", "groundless", "baseless", "fabricat", "unfounded",
    "no evidence", "nothing but", "rumor", "rumour", "smear", "slander", "absurd", "nonsense",
    "not true", "untrue", "does not", "deny", "denies",
    "categorically", "fake", "hoax", "politically motivated",
)
ACCUSATION_WORDS: tuple[str, ...] = (
    "responsible for", "violation", "abuse", "crime", "atrocit", "illegal", "unlawful", "repress",
    "persecut", "torture", "corrupt", "traffick", "aggression", "war crime",
    "complicit", "orchestrat", "helped", "supplied", "evad", "crackdown", "killing",
)
GENOCIDE_WORDS: tuple[str, ...] = ("genocide", "genocidal")
CALL_WORDS: tuple[str, ...] = (
    "must", "should", "calling for", "call on", "urge", "need to", "needs to", "has to",
    "we ask", "demand", "let us", "it is time", "ought to", "end its",
)
THREAT_WORDS: tuple[str, ...] = (
    "will pay", "pay the price", "retaliat", "countermeasure", "counter-measure", "respond firmly",
    "resolute", "consequences", "will not back down", "reciprocal", "will respond", "firmly respond",
    "will take", "necessary measures", "all measures", "hit back", "will not tolerate",
    "decisive", "strike back", "reserve the right", "reserves the right", "will face",
)
ESTIMATE_WORDS: tuple[str, ...] = (
    "estimate", "at least", "more than", "as many as", "up to", "million", "billion", "thousand",
    "percent", "per cent", "%", "hundreds", "thousands", "dozens", "roughly", "about", "nearly",
    "some ",
)

# Strong evidence: content words precise enough for the rule type to overrule the trained head
# (models/rules/claim_types.py `strong_content_type`). Matched on word starts, like the lists above.
# Calling a claim or measure false is a denial (GUIDELINE 30); "falsely" and "lie about" are not here,
# since they usually accuse another party.
STRONG_DENIAL_WORDS: tuple[str, ...] = (
    "lies", "disinformation", "misinformation", "groundless", "baseless", "fabrication", "unfounded",
    "rumor", "rumour", "slander", "hoax", "untrue", "not true", "no evidence", "fiction", "nonsense",
    "absurd", "falsehood", "a smear", "smear campaign", "distortion", "unverified", "unsubstantiated",
)
# Calling a measure illegal, unjust or interference, or condemning it, is an accusation (GUIDELINE 30, SPEC 5).
STRONG_ACCUSATION_WORDS: tuple[str, ...] = (
    "interference", "illegal", "illegitimate", "unlawful", "unjust", "condemn",
)
# Retaliation and warnings of consequences are threats (GUIDELINE 13, 34).
STRONG_THREAT_WORDS: tuple[str, ...] = (
    "retaliat", "countermeasure", "counter-measure", "reciprocal measures", "reciprocal steps",
    "pay the price", "pay a heavy price", "pay a high price", "go unanswered", "reserve the right",
    "reserves the right", "reserved the right", "hit back", "strike back", "adequate response",
    "firm response", "resolute response", "respond firmly", "firmly respond", "respond resolutely",
    "resolutely respond", "will face consequences", "will face the consequences", "necessary measures",
    "necessary steps", "necessary actions", "whatever measures", "whatever steps", "whatever actions",
    "will be held accountable", "will be held to account", "would be held accountable", "would be held to account",
)
# Accusing cues whose content names its object as something ("described the report as lies"):
# the strong content words, not the cue, give the type.
NAMING_CUES: frozenset[str] = frozenset({"describe", "label", "brand"})
# "was falsely accused": the claimant rejects an allegation against it, a denial (SPEC 3).
FALSELY_PASSIVES: tuple[str, ...] = (
    "accused", "implicated", "charged", "named", "linked", "labelled", "labeled", "blamed", "identified",
)
# Verbs that assert acts were genocide ("committed genocide", "amounts to genocide"; SPEC 3).
GENOCIDE_ACT_VERBS: tuple[str, ...] = (
    "commit", "perpetrat", "carry out", "carried out", "carrying out", "amount to", "amounts to",
    "amounted to", "amounting to", "constitute",
)
# Exhortations whose subject is told to act: calls to action (SPEC 3).
STRONG_CALL_WORDS: tuple[str, ...] = (
    "it is critical that", "it is essential that", "it is imperative that", "it is vital that",
    "it is crucial that", "it is urgent that",
)
# Not denying is no denial (GUIDELINE 33): a statement, whatever the head reads into "deny".
NON_DENIAL_WORDS: tuple[str, ...] = ("did not deny", "does not deny", "do not deny", "didn't deny", "doesn't deny")
# Compliance and hedged denials (GUIDELINE 33): the claimant says it kept the rules it is said to have broken.
# Matched as phrases after "has/had (always)" ("had always complied"), "complies with all/every" and the like
# (models/rules/claim_types.py `_COMPLIANCE_RE`); "will comply" is no denial.
COMPLIANCE_VERBS: tuple[str, ...] = ("complied", "abided", "adhered", "acted in full compliance",
                                     "acted in strict compliance", "acted in full accordance",
                                     "acted in strict accordance", "acted in good faith")
# "has always (fully) implemented / observed / respected ...": compliance, a denial (GUIDELINE 33).
OBSERVING_VERBS: tuple[str, ...] = ("implemented", "observed", "respected", "honoured", "honored", "followed",
                                    "obeyed", "enforced", "upheld", "abided by", "adhered to", "complied with")
# "has never been a platform for evading sanctions": what a denier says it has never been.
EVASION_ROUTES: tuple[str, ...] = ("platform", "hub", "route", "conduit", "channel", "haven", "backdoor",
                                   "back door", "loophole", "transit point")
HEDGED_DENIAL_WORDS: tuple[str, ...] = (
    "in full compliance", "in strict compliance", "in full accordance", "in strict accordance",
    "not knowingly", "never knowingly", "acted in good faith",
)
# Adverbs of "violate" that make breaking a rule an accusation ("seriously violated", "in flagrant violation of").
VIOLATION_ADVERBS: tuple[str, ...] = ("directly", "flagrantly", "blatantly", "openly", "seriously", "grossly")
VIOLATION_ADJECTIVES: tuple[str, ...] = ("clear", "flagrant", "direct", "open", "blatant")
# "would respond", "will respond harshly": promised retaliation, a threat (GUIDELINE 13).
RESPONSE_VERBS: tuple[str, ...] = ("respond", "retaliate", "react")
# "will not <verb>" is a refusal, a threat (GUIDELINE 32), or a denial when its object is a finding.
REFUSAL_VERBS: tuple[str, ...] = (
    "accept", "allow", "tolerate", "stand by", "stand idly by", "be intimidated", "be silenced",
    "be blackmailed", "be cowed", "be bullied", "be deterred", "back down", "compromise", "give in", "bow",
    "surrender",
)
# Refusing to accept or recognize one of these is a denial, not a threat (GUIDELINE 32).
FINDING_NOUNS: tuple[str, ...] = (
    "accusation", "allegation", "claim", "finding", "lecture", "criticism", "verdict", "ruling",
    "report", "conclusion", "charge", "resolution", "label",
)

# --- Sanctions ----------------------------------------------------------------------------

# Verbs that are themselves a sanctions action on their object.
ACTION_VERBS: frozenset[str] = frozenset(
    {"sanction", "blacklist", "designate", "freeze", "bar", "ban", "penalize", "penalise", "punish",
     "target", "list", "embargo", "restrict", "block", "expel", "suspend", "prohibit", "outlaw", "relist",
     "immobilise", "immobilize"}
)
# Verbs that lift an action on their object.
LIFT_VERBS: frozenset[str] = frozenset({"lift", "ease", "delist", "unfreeze", "remove", "annul", "revoke",
                                        "end", "drop", "scrap", "terminate", "relax", "waive"})
# Verbs that lift a listing with "from the ... list" ("removed X from the list").
DELISTING_VERBS: frozenset[str] = frozenset({"remove", "delete", "strike", "take", "drop"})
# Light verbs whose object names the measure ("imposed sanctions on", "slapped a ban on").
LIGHT_VERBS: frozenset[str] = frozenset(
    {"impose", "announce", "slap", "unveil", "adopt", "approve", "extend", "renew", "expand",
     "introduce", "levy", "place", "put", "apply", "enact", "hit", "issue", "agree", "propose",
     "prepare", "consider", "threaten", "roll", "tighten", "broaden", "reimpose", "re-impose",
     "lift", "ease", "suspend", "end", "remove", "revoke", "relax", "waive", "drop", "scrap",
     "add", "freeze", "order", "authorize", "authorise", "decide", "pass", "restore", "reinstate", "maintain",
     "keep", "prolong", "widen", "weigh", "annul"}
)
# Nouns that name a sanctions measure.
MEASURE_NOUNS: frozenset[str] = frozenset(
    {"sanction", "sanctions", "ban", "embargo", "freeze", "restriction", "penalty", "measure",
     "blacklist", "countermeasure", "counter-sanction", "control", "tariff", "prohibition", "listing",
     "designation", "curb", "package", "blockade"}
)
# Verbs above a measure noun that make it no report of an action ("urged EU sanctions on X", "vetoed").
NOMINAL_BLOCKING_VERBS: frozenset[str] = frozenset(
    {"urge", "call", "demand", "appeal", "press", "ask", "veto", "oppose", "block", "reject", "lift", "ease",
     "threaten", "propose", "consider", "discuss", "weigh", "seek", "proposal", "plan", "threat", "restore",
     "reinstate", "reimpose", "impose", "extend", "renew"}
)
# Third-person verb forms that report an action in a headline ("UK sanctions X"), parsed or not.
HEADLINE_VERB_FORMS: frozenset[str] = frozenset(
    {"sanctions", "blacklists", "targets", "hits", "adds", "lifts", "removes", "extends", "renews", "bans",
     "freezes", "imposes", "slaps", "delists", "unfreezes", "designates", "penalizes", "penalises", "eases",
     "expands", "prolongs", "widens", "annuls", "threatens", "proposes", "bars", "relists", "lists", "ends",
     "terminates", "reinstates", "restores", "reimposes"}
)
# Headline verbs that are an action only when the headline names a measure ("EU hits X with sanctions").
HEADLINE_NEEDS_MEASURE: frozenset[str] = frozenset({"hit", "target", "bar", "list", "extend", "expand", "widen"})
# Status of a headline action by its verb (default imposed; lifting verbs give lifted).
HEADLINE_STATUS: dict[str, str] = {"threaten": "threatened", "propose": "proposed"}
# Trade flows whose ban targets the destination ("exports of X to Y") or the goods ("imports of X").
EXPORT_NOUNS: frozenset[str] = frozenset({"export", "sale", "shipment", "supply", "transfer", "delivery"})
IMPORT_NOUNS: frozenset[str] = frozenset({"import"})
# Participles of "those sanctioned / designated / listed" in a sentence that lists an earlier action's targets.
LISTED_PARTICIPLES: frozenset[str] = frozenset({"sanction", "designate", "list", "target", "blacklist", "name", "add"})
# Words that open a sentence about an earlier action's targets ("Those listed face ...", "Both face ...").
REFERRING_OPENERS: frozenset[str] = frozenset({"those", "they", "these", "both", "each"})
# Participles that speak of targets as listed: a detailing sentence on "those listed" reports a designation.
LISTING_PARTICIPLES: frozenset[str] = frozenset({"list", "designate", "blacklist"})
# Plural nouns for targets that a detailing sentence opens on ("The individuals are subject to ...").
TARGET_NOUNS: frozenset[str] = frozenset(
    {"individual", "person", "entity", "company", "firm", "official", "officer", "man", "woman", "vessel", "ship",
     "tanker", "bank", "organisation", "organization", "group", "businessman", "member", "judge", "commander"})
# Nouns that form a measure compound with the next word ("asset freezes", "travel bans").
MEASURE_MODIFIERS: frozenset[str] = frozenset(
    {"asset", "travel", "visa", "entry", "export", "import", "arms", "trade", "investment", "transit", "flight"}
)
# "add X to the ... list": the list nouns.
LIST_NOUNS: frozenset[str] = frozenset({"list", "blacklist", "register"})

# Measure phrases, matched before MEASURE_KEYWORDS and then blanked so their words name no other measure:
# "targeted financial sanctions" freeze assets (no financial restriction); an arms embargo is no trade embargo,
# and a ban on all arms trade, on arms exports or on defence equipment is an arms embargo, not a trade restriction
# ("arms trade" alone often describes what the targets did: "entities involved in the arms trade").
MEASURE_PHRASES: tuple[tuple[str, str], ...] = (
    ("financial sanction", "asset_freeze"), ("arms embargo", "arms_embargo"), ("weapons embargo", "arms_embargo"),
    ("exports of all arms", "arms_embargo"), ("exports of arms", "arms_embargo"), ("export of arms", "arms_embargo"),
    ("sales of arms", "arms_embargo"), ("sale of arms", "arms_embargo"), ("supply of arms", "arms_embargo"),
    ("embargo on arms", "arms_embargo"), ("export of armaments", "arms_embargo"), ("embargo on armaments", "arms_embargo"),
    ("arms and related materi", "arms_embargo"), ("armaments and related materi", "arms_embargo"),
    ("all arms trade", "arms_embargo"), ("ban on arms trade", "arms_embargo"), ("banned arms trade", "arms_embargo"),
    ("bans arms trade", "arms_embargo"), ("all trade in weapons", "arms_embargo"),
    ("arms export", "arms_embargo"), ("arms sales", "arms_embargo"), ("weapons export", "arms_embargo"),
    ("defence export", "arms_embargo"), ("defense export", "arms_embargo"), ("exports of defence", "arms_embargo"),
    ("exports of defense", "arms_embargo"), ("exports of military", "arms_embargo"),
    ("defence equipment", "arms_embargo"), ("defense equipment", "arms_embargo"), ("military items", "arms_embargo"),
    # lists and orders that restrict trade, not designations ("added X to its trade blacklist")
    ("trade blacklist", "trade_restriction"), ("export blacklist", "trade_restriction"),
    ("forced labour blacklist", "trade_restriction"), ("forced labor blacklist", "trade_restriction"),
    ("withhold release order", "trade_restriction"), ("export licence", "trade_restriction"),
    ("export license", "trade_restriction"),
    # cutting banks off the dollar is a financial restriction, not a ban on dealings
    ("dollar transactions", "financial_restriction"), ("dollar clearing", "financial_restriction"),
    ("money laundering concern", "financial_restriction"),
    # blocking sanctions block property
    ("blocking sanctions", "asset_freeze"),
)
# Measure keywords: lowercase substrings of the sentence near the trigger -> SPEC measure.
MEASURE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("asset freeze", "asset_freeze"), ("freeze", "asset_freeze"), ("frozen", "asset_freeze"),
    ("froze", "asset_freeze"), ("freezing", "asset_freeze"), ("immobilis", "asset_freeze"), ("immobiliz", "asset_freeze"),
    ("bar entry", "travel_ban"), ("ban entry", "travel_ban"), ("banning entry", "travel_ban"), ("barring entry", "travel_ban"),
    ("banned entry", "travel_ban"), ("denied entry", "travel_ban"), ("deny entry", "travel_ban"), ("entry to", "travel_ban"),
    ("blocked property", "asset_freeze"), ("block their property", "asset_freeze"),
    ("travel ban", "travel_ban"), ("visa", "travel_ban"), ("entry ban", "travel_ban"),
    ("entering", "travel_ban"), ("barred from entering", "travel_ban"), ("entry into", "travel_ban"),
    ("overflight", "travel_ban"), ("airspace", "travel_ban"), ("barred entry", "travel_ban"), ("banned from travel", "travel_ban"),
    ("barred from travel", "travel_ban"), ("travel to", "travel_ban"), ("property", "asset_freeze"), ("landing", "travel_ban"), ("travel restriction", "travel_ban"),
    ("export control", "trade_restriction"), ("export of", "trade_restriction"), ("export to", "trade_restriction"),
    ("entity list", "trade_restriction"),
    ("import ban", "trade_restriction"), ("export ban", "trade_restriction"), ("imports", "trade_restriction"), ("import of", "trade_restriction"),
    ("exports", "trade_restriction"), ("exporting", "trade_restriction"), ("importing", "trade_restriction"),
    ("technical assistance", "trade_restriction"), ("tariff", "trade_restriction"),
    ("trade restriction", "trade_restriction"), ("trade ban", "trade_restriction"), ("shipments", "trade_restriction"), ("price cap", "trade_restriction"),
    ("investment", "investment_ban"), ("investing", "investment_ban"), ("invest in", "investment_ban"),
    ("doing business", "business_ban"), ("do business", "business_ban"), ("transactions", "business_ban"),
    ("dealings", "business_ban"), ("dealing with", "business_ban"), ("trade with", "trade_restriction"), ("business with", "business_ban"),
    ("arms embargo", "arms_embargo"), ("arms sales", "arms_embargo"), ("weapons embargo", "arms_embargo"),
    ("arms exports", "arms_embargo"), ("embargo", "trade_restriction"),
    ("swift", "financial_restriction"), ("banking", "financial_restriction"), ("debt", "financial_restriction"),
    ("financial", "financial_restriction"), ("bonds", "financial_restriction"), ("loans", "financial_restriction"),
    ("capital markets", "financial_restriction"), ("correspondent", "financial_restriction"),
    ("blacklist", "designation"), ("sanctions list", "designation"), ("sdn", "designation"),
    ("designat", "designation"), ("terrorist organization", "designation"),
    ("terrorist organisation", "designation"),
)

# Measure patterns over the lowercase clause, for words too common to be keywords: seizing or confiscating
# assets freezes them ("ordered the seizure of their assets", "any assets they hold would be seized"), seizing
# power does not, nor does "confiscated property" named as the target's grievance.
MEASURE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:seiz(?:e|es|ing|ure)|confiscat(?:e|es|ing|ion)|seized (?:the|their|its|his|her))\b(?:\s+\S+){0,3}?\s+"
     r"(?:assets|property|properties|funds|accounts|wallets|holdings)\b", "asset_freeze"),
    (r"\b(?:assets|property|properties|funds|accounts|wallets|holdings)\b(?:\s+\S+){0,8}?\s+(?:be |been |being )?"
     r"(?:seized|confiscated)\b", "asset_freeze"),
)

# Words that make an action a proposal (lemmas of governing verbs).
PROPOSED_STATUS_WORDS: frozenset[str] = frozenset(
    {"propose", "consider", "plan", "discuss", "weigh", "draft", "prepare", "mull", "seek", "push",
     "debate", "recommend", "study", "explore", "bill", "proposal", "call"}
)
# Reporting verbs whose "would" complement is a reported future step (announced), not a threat.
ANNOUNCING_VERBS: frozenset[str] = frozenset({"say", "announce", "state", "confirm", "tell", "add", "declare"})

# Subject pronouns resolved to the speaker of a governing reporting verb ("the Ministry said it had ...").
PRONOUN_AUTHORITIES: frozenset[str] = frozenset({"it", "they", "we", "he", "she"})

# Reason prepositions and their cue nouns.
REASON_PREPS: frozenset[str] = frozenset({"for", "over"})

# Sanctions patterns beyond plain verbs (models/rules/sanctions.py): non-finite triggers, relief,
# exposure, cut-offs, steps named by nouns.
# Common nouns that name a body able to impose a measure, for authorities without a name.
ACTOR_NOUNS: frozenset[str] = frozenset(
    {"government", "administration", "bloc", "ministry", "department", "treasury", "council", "commission",
     "parliament", "congress", "senate", "court", "union", "cabinet", "kremlin", "state", "authority",
     "authorities", "regulator", "office", "agency", "president", "minister", "secretary"}
)
# Verbs that grant relief from a measure, and the relief nouns they take ("granted sanctions relief to X").
RELIEF_VERBS: frozenset[str] = frozenset({"grant", "restore", "sign", "issue", "offer", "give", "extend", "approve", "renew"})
RELIEF_NOUNS: frozenset[str] = frozenset({"relief", "waiver", "exemption", "licence", "license", "carve-out"})
# Verbs that end relief (ending a licence restores the measure) and permit nouns besides RELIEF_NOUNS.
REVOKING_VERBS: frozenset[str] = frozenset({"revoke", "cancel", "rescind", "withdraw", "end", "terminate", "scrap", "pull"})
PERMIT_NOUNS: frozenset[str] = frozenset({"authorization", "authorisation", "permit", "authority", "visa"})
# Verbs that list their object on a list named by "to"/"on" ("added X to", "put X back on the list").
LISTING_VERBS: frozenset[str] = frozenset({"add", "put", "place", "return", "include"})
# Verbs that bar someone from dealing with the real target ("bars Americans from dealing with them").
BARRING_VERBS: frozenset[str] = frozenset({"bar", "ban", "prohibit", "block", "restrict"})
DEALING_VERBS: frozenset[str] = frozenset({"deal", "do", "trade", "invest", "transact", "engage"})
# Instruments whose participle names the action of whoever issues them ("signed an order freezing X").
INSTRUMENT_NOUNS: frozenset[str] = frozenset(
    {"order", "decree", "directive", "proclamation", "regulation", "resolution", "package", "law", "memorandum"})
# Nouns whose "to" infinitive is an action their owner took ("the EU's decision to lift sanctions").
DECISION_NOUNS: frozenset[str] = frozenset({"decision", "move", "ruling", "order", "vote", "step", "action", "agreement"})
# Documents that can be blocked without any measure being imposed ("blocked a statement").
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    {"statement", "resolution", "proposal", "bill", "draft", "plan", "deal", "decision", "motion", "declaration"})
# Heads that name a measure's instrument, not an actor ("the Restricted List bars ...", "the framework targets ...").
INSTRUMENT_HEADS: frozenset[str] = frozenset({"list", "blacklist", "register", "framework", "programme", "program",
                                              "regime", "property", "asset", "assets", "act"})
# Verbs that put a threat as exposure to a measure ("could face sanctions", "would expose them to penalties").
EXPOSURE_VERBS: frozenset[str] = frozenset({"face", "risk", "expose"})
# Verbs of warning whose subject is the one threatening ("warned that X would face sanctions").
THREATENING_VERBS: frozenset[str] = frozenset({"warn", "threaten", "caution", "vow"})
# Verbs that cut aid, trade or borders, and what they cut ("suspended its aid to X", "closed borders with X").
CUTOFF_VERBS: frozenset[str] = frozenset({"suspend", "cut", "halt", "freeze", "stop", "close", "shut", "seal", "end"})
CUTOFF_NOUNS: frozenset[str] = frozenset(
    {"assistance", "aid", "funding", "cooperation", "support", "trade", "transaction", "border", "lending", "loan",
     "credit", "supply", "delivery", "shipment", "export"})
# Verbs that put a measure on hold: with a measure as object they lift it ("suspended the ban").
SUSPENDING_VERBS: frozenset[str] = frozenset({"suspend", "pause"})
# Nouns for a step on a measure named by "of" ("the lifting of sanctions", "the imposition of sanctions").
LIFTING_NOUNS: frozenset[str] = frozenset({"lifting", "removal", "easing", "suspension", "termination", "relaxation",
                                           "repeal", "end"})
IMPOSING_NOUNS: frozenset[str] = frozenset({"imposition", "reimposition", "re-imposition", "introduction", "extension",
                                            "renewal", "expansion", "tightening"})
# Verbs that take a step named by a noun, besides the light verbs ("ordered the lifting of ...").
STEP_TAKING_VERBS: frozenset[str] = frozenset({"order", "announce", "approve", "authorize", "authorise", "sign",
                                               "begin", "start", "complete", "finalize", "finalise", "vote", "endorse"})

# Verbs that list their object whatever else is named: "sanctioned X, freezing their assets" is a designation too.
DESIGNATING_VERBS: frozenset[str] = frozenset({"sanction", "designate", "blacklist"})
# Goods and trade flows: banning, blocking or restricting them is a trade restriction ("banned Russian coal",
# "a ban on products made with forced labour", "barred sales of chips").
GOODS_NOUNS: frozenset[str] = frozenset(
    {"export", "import", "sale", "shipment", "transshipment", "transit", "product", "good", "goods", "item", "commodity",
     "cargo", "coal", "oil", "crude", "gas", "lng", "petroleum", "fuel", "diesel", "steel", "aluminium", "aluminum",
     "metal", "diamond", "gold", "timber", "wood", "cotton", "potash", "fertilizer", "fertiliser", "cement", "seafood",
     "fish", "grain", "wheat", "technology", "chip", "semiconductor", "component", "equipment", "machinery", "software",
     "textile", "apparel", "garment", "tomato", "polysilicon", "mineral", "vodka", "caviar", "luxury"})
# Measure nouns that, over goods, restrict trade ("a ban on Russian oil").
GOODS_BAN_NOUNS: frozenset[str] = frozenset({"ban", "prohibition", "restriction", "curb", "embargo", "control"})
# Verbs that, with people as targets and no other measure named, keep them out (a travel ban).
PERSON_BARRING_VERBS: frozenset[str] = frozenset({"ban", "bar"})
PEOPLE_NOUNS: frozenset[str] = frozenset(
    {"official", "lawmaker", "mp", "politician", "minister", "citizen", "people", "individual", "person", "diplomat",
     "member", "judge", "general", "officer", "journalist", "legislator", "senator", "relative", "leader", "mps",
     "delegation", "national", "reporter", "correspondent", "envoy", "family"})
# Ships, aircraft and vehicles: barring them (from ports, airspace, roads) is a travel ban (SPEC 5: landing bans).
CRAFT_NOUNS: frozenset[str] = frozenset(
    {"ship", "vessel", "tanker", "airline", "aircraft", "plane", "flight", "carrier", "truck", "lorry", "vehicle", "jet"})

# --- Entities -----------------------------------------------------------------------------

# Titles kept outside PERSON spans (lowercase).
PERSON_TITLES: frozenset[str] = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady", "dame", "qc", "kc",
     "president", "minister", "spokesman", "spokeswoman", "spokesperson", "secretary", "senator",
     "sen.", "rep.", "lawmaker", "general", "gen.", "prime", "chancellor", "ambassador", "envoy",
     "governor", "mayor", "judge", "prosecutor", "premier", "king", "queen", "prince", "sheikh",
     "commissioner", "deputy", "chairman", "chairwoman", "director", "chief", "colonel", "leader",
     "baroness", "baron", "viscount", "countess", "earl", "duke", "pope", "rabbi", "imam", "cardinal",
     "academic", "diplomat", "professor", "prof.", "activist", "lawyer", "journalist", "researcher",
     "scholar", "analyst", "economist", "historian", "dissident", "businessman", "businesswoman", "tycoon",
     "billionaire", "oligarch", "commander", "captain", "lieutenant", "admiral", "officer", "congressman",
     "congresswoman", "legislator", "councillor", "attorney", "bishop", "archbishop", "reverend", "rev.",
     "undersecretary", "vice", "acting", "foreign", "defence", "defense"}
)
# Nouns for people that a name in apposition to ("her adviser, Jo Park") makes a PERSON, with PERSON_TITLES.
PERSON_NOUNS: frozenset[str] = frozenset(
    {"adviser", "advisor", "aide", "official", "daughter", "son", "wife", "husband", "brother", "sister",
     "father", "mother", "widow", "founder", "owner", "head", "critic", "opponent", "ally", "deputy",
     "successor", "predecessor", "negotiator", "representative", "candidate"}
)
# Honorifics after a name (SPEC 5: "Geoffrey Nice QC" -> Geoffrey Nice).
PERSON_SUFFIXES: frozenset[str] = frozenset({"qc", "kc", "mp", "mep", "obe", "mbe", "cbe"})
# Lower-case particles that belong inside names ("Ursula von der Leyen", "Bashar al-Assad").
NAME_PARTICLES: frozenset[str] = frozenset({"von", "van", "der", "den", "de", "del", "della", "la", "le", "du", "da", "di",
                                            "bin", "bint", "al", "el", "ibn", "ben", "dos", "das", "y"})
# Platforms and products that are not entities (SPEC 1).
NON_ENTITIES: frozenset[str] = frozenset(
    {"twitter", "x", "facebook", "wechat", "weibo", "telegram", "instagram", "youtube", "tiktok",
     "whatsapp", "linkedin", "truth social"}
)
# Function words that never open a name ("Via Reuters", "Except Norway"): dropped from a span's start.
LEADING_FUNCTION_WORDS: frozenset[str] = frozenset(
    {"the", "a", "an", "via", "except", "including", "like", "unlike", "amid", "despite", "against", "by",
     "from", "with", "without", "to", "for", "at", "on", "in", "of", "as", "and", "but", "or", "if",
     "should", "would", "could", "must"}
)
# Tags of words that never continue a name (finite verbs, adverbs): a span is cut before them ("Acme Sues").
NON_NAME_TAGS: frozenset[str] = frozenset({"VBZ", "VBD", "VBP", "RB"})
# Last words that make a name a company ("Acme Holdings", "Borg AG", "Zeta Mining"): such a span is ORG
# whatever NER said.
COMPANY_SUFFIXES: frozenset[str] = frozenset(
    {"corp", "corp.", "corporation", "inc", "inc.", "incorporated", "ltd", "ltd.", "limited", "llc", "plc",
     "co", "co.", "ag", "sa", "s.a.", "gmbh", "nv", "n.v.", "bv", "spa", "s.p.a.", "jsc", "pjsc", "ojsc",
     "group", "holding", "holdings", "company", "industries", "enterprises", "mining", "petroleum", "oil",
     "energy", "airlines", "airways", "shipping", "steel", "motors", "resources", "technologies",
     "electronics", "pharmaceuticals", "chemicals", "logistics", "investments", "partners", "trading"}
)
# Forms of state that take their country after "of" ("Democratic Republic" + "of the" + "Congo": one GPE).
STATE_FORMS: frozenset[str] = frozenset(
    {"republic", "kingdom", "federation", "emirate", "emirates", "principality", "sultanate", "commonwealth"}
)
# Last words that make a name a place ("Shan State", "Kuwait City"): never a PERSON.
PLACE_HEADS: frozenset[str] = frozenset(
    {"state", "province", "region", "oblast", "krai", "county", "district", "governorate", "prefecture",
     "territory", "territories", "island", "islands", "city"}
)
# Religious groups; after another NORP word they are a second NORP mention ("Uighur Muslims": two, SPEC 5).
RELIGION_NORPS: frozenset[str] = frozenset(
    {"muslim", "muslims", "christian", "christians", "buddhist", "buddhists", "hindu", "hindus", "jew",
     "jews", "jewish", "catholic", "catholics", "protestant", "protestants", "sikh", "sikhs", "orthodox"}
)
# Possessors that keep an ORG whole ("Farmers' Union", "Treasury Department's Office of ..."): people
# nouns and organization heads; any other possessor inside an ORG is a place split off as GPE.
ORG_POSSESSORS: frozenset[str] = frozenset(
    {"people", "peoples", "workers", "women", "children", "lawyers", "farmers", "veterans", "citizens",
     "journalists", "students", "teachers", "soldiers", "martyrs", "mothers", "writers", "employers",
     "department", "ministry", "treasury", "university", "office", "bank", "council", "commission",
     "committee", "agency", "court", "party", "army", "union", "institute", "college", "school", "foundation"}
)
# Common nouns that describe an organization; a name right after one ("the miner Acme", "rights group
# Foo") or in apposition to one ("Foo, a Paris daily") is ORG.
ORG_DESCRIPTORS: frozenset[str] = frozenset(
    {"company", "firm", "giant", "maker", "manufacturer", "conglomerate", "lender", "bank", "insurer",
     "carrier", "airline", "shipper", "subsidiary", "brand", "group", "outlet", "newspaper", "broadcaster",
     "agency", "daily", "tabloid", "website", "magazine", "channel", "organization", "organisation", "ngo",
     "charity", "think-tank", "militia", "startup", "refiner"}
)
# spaCy labels kept, and their SPEC label.
SPACY_LABEL_MAP: dict[str, str] = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}

# Pronouns resolvable to a claimant entity, and the labels each may refer to.
PRONOUN_LABELS: dict[str, tuple[str, ...]] = {
    "he": ("PERSON",), "she": ("PERSON",), "him": ("PERSON",), "her": ("PERSON",),
    "it": ("ORG", "GPE"), "they": ("ORG", "GPE", "NORP", "PERSON"), "we": ("ORG", "GPE"),
}
