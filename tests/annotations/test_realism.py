"""Realism statistics: densities, type shares and phenomena patterns."""

import json

from annotations.realism import density, phenomena, reference_density
from annotations.studio_format import CorpusClaim, CorpusDoc, CorpusSanction


def _doc() -> CorpusDoc:
    text = ("MOSCOW - The ministry said it would take all necessary measures, the state news agency TASS reported. "
            "The company declined to comment. The bank was sanctioned in 2022. A spokesman said it complied "
            "with all applicable sanctions. Washington extended sanctions on Ivanov, Petrov and Sidorov.")
    def rng(s):
        i = text.index(s)
        return (i, i + len(s))
    second_said = (rng("said it complied")[0], rng("said it complied")[0] + len("said"))
    claims = [
        CorpusClaim(rng("it would take all necessary measures"), rng("The ministry"), rng("said"), "threat", "indirect"),
        CorpusClaim(rng("it complied with all applicable sanctions"), rng("A spokesman"), second_said, "denial", "indirect"),
    ]
    sanctions = [CorpusSanction(rng("extended sanctions"), rng("Washington"), [rng("Ivanov"), rng("Petrov"), rng("Sidorov")],
                                ["travel_ban"], "imposed")]
    return CorpusDoc(id="cs-h-001", text=text, meta={}, claims=claims, sanctions=sanctions)


def test_density_and_shares():
    d = density([_doc()])
    assert d["documents"] == 1 and d["words"] == 45
    assert d["claims_per_100_words"] == round(200 / 45, 2)
    assert d["claim_type_shares"]["threat"] == 0.5 and d["claim_type_shares"]["statement"] == 0.0


def test_phenomena_patterns():
    p = phenomena([_doc()])
    assert p["agency_relay"] == 2  # "news agency" and "TASS"
    assert p["declined_to_comment"] == 1 and p["agentless_passive"] == 1
    assert p["indirect_threat"] == 1 and p["hedged_or_compliance_denial"] == 1
    assert p["renewal_or_extension"] == 1 and p["entry_ban_list"] == 1


def test_reference_density_reads_statistics_only(tmp_path):
    (tmp_path / "A.json").write_text(json.dumps({"id": "A", "text": "one two three four",
                                                 "claims": [{"type": "denial"}], "sanctions": []}))
    r = reference_density(tmp_path)
    assert r["claims_per_100_words"] == 25.0 and r["claim_type_shares"]["denial"] == 1.0
