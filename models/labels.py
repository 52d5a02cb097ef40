"""The SPEC label sets (sections 1-3): the one place the fixed vocabularies live.

Standard library only, so that corpus tools run without the model stack.
"""

from __future__ import annotations

ENTITY_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP")
CLAIM_TYPES: tuple[str, ...] = (
    "denial",
    "accusation",
    "genocide_declaration",
    "call_to_action",
    "threat",
    "estimate",
    "statement",
)
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
MEASURES: tuple[str, ...] = (
    "asset_freeze",
    "travel_ban",
    "trade_restriction",
    "investment_ban",
    "business_ban",
    "arms_embargo",
    "financial_restriction",
    "designation",
)
STATUSES: tuple[str, ...] = ("imposed", "announced", "threatened", "proposed", "lifted")

# Span labels used inside the Label Studio config, besides the entity labels.
CLAIM_SPAN_LABELS: tuple[str, ...] = ("CLAIM", "CLAIMANT", "CUE")
SANCTION_SPAN_LABELS: tuple[str, ...] = ("TRIGGER", "AUTHORITY", "TARGET", "REASON", "DATE")

STYLES: tuple[str, ...] = ("wire", "press_release", "explainer", "liveblog", "analysis", "regional")
