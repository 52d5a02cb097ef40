"""The Label Studio labeling config generated from the SPEC label set (`claimscope annotate config`).

Span tags `entity`, `claim` and `sanction`, relations between regions, and per-region
choices for claim type, quote kind, measures and status, named as annotations/studio_format.py
reads them.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from annotations.studio_format import CHOICE_TAGS, CLAIM_TAG, ENTITY_TAG, RELATION_LABELS, SANCTION_TAG, SPAN_TAGS, TO_NAME

COLOURS: dict[str, str] = {
    "PERSON": "#f4a261", "ORG": "#2a9d8f", "GPE": "#8ab17d", "NORP": "#e9c46a",
    "CLAIM": "#a8dadc", "CLAIMANT": "#457b9d", "CUE": "#e63946",
    "TRIGGER": "#ff6b6b", "AUTHORITY": "#6a4c93", "TARGET": "#1982c4", "REASON": "#8ac926", "DATE": "#ffca3a",
}
# Which span label each choice group belongs to, and whether several values may be chosen.
CHOICE_REGIONS: dict[str, tuple[str, str, bool]] = {
    "claim_type": (CLAIM_TAG, "CLAIM", False),
    "quote": (CLAIM_TAG, "CLAIM", False),
    "measures": (SANCTION_TAG, "TRIGGER", True),
    "status": (SANCTION_TAG, "TRIGGER", False),
}
HEADINGS = {ENTITY_TAG: "Entities", CLAIM_TAG: "Claims", SANCTION_TAG: "Sanctions"}


def label_config() -> str:
    """The labeling config XML."""
    lines = ["<View>", '  <Header value="$title"/>']
    for tag, labels in SPAN_TAGS.items():
        lines.append(f"  <Header value={quoteattr(HEADINGS[tag])} size=\"6\"/>")
        lines.append(f'  <Labels name="{tag}" toName="{TO_NAME}" showInline="true">')
        for lab in labels:
            lines.append(f'    <Label value="{lab}" background="{COLOURS[lab]}"/>')
        lines.append("  </Labels>")
    lines.append('  <Relations>')
    for rel in RELATION_LABELS:
        lines.append(f'    <Relation value="{rel}"/>')
    lines.append("  </Relations>")
    lines.append(f'  <Text name="{TO_NAME}" value="$text"/>')
    for name, values in CHOICE_TAGS.items():
        tag, label, multiple = CHOICE_REGIONS[name]
        kind = "multiple" if multiple else "single-radio"
        lines.append(f'  <View visibleWhen="region-selected" whenTagName="{tag}" whenLabelValue="{label}">')
        lines.append(f'    <Header value="{name}" size="6"/>')
        lines.append(f'    <Choices name="{name}" toName="{TO_NAME}" perRegion="true" choice="{kind}" showInline="true">')
        for v in values:
            lines.append(f'      <Choice value="{v}"/>')
        lines.append("    </Choices>")
        lines.append("  </View>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"
