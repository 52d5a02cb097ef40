"""The SPEC section 4 output document as pydantic models; also the API's response schema."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal["PERSON", "ORG", "GPE", "NORP"]
ClaimType = Literal["denial", "accusation", "genocide_declaration", "call_to_action", "threat", "estimate", "statement"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Measure = Literal[
    "asset_freeze", "travel_ban", "trade_restriction", "investment_ban", "business_ban", "arms_embargo",
    "financial_restriction", "designation",
]
Status = Literal["imposed", "announced", "threatened", "proposed", "lifted"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelInfo(_Strict):
    name: str
    version: str


class TextSpan(_Strict):
    """A span of the submitted text: `text == input[start:end]`, offsets in characters, end exclusive."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class LinkedSpan(TextSpan):
    """A span that may refer to an entity of the document (`entity` is its id, or null)."""

    entity: str | None = None


class Entity(_Strict):
    id: str
    label: EntityLabel
    name: str
    mentions: list[TextSpan]


class Sanction(_Strict):
    id: str
    status: Status
    measures: list[Measure]
    authority: LinkedSpan
    targets: list[LinkedSpan]
    trigger: TextSpan
    reason: TextSpan | None = None
    date: TextSpan | None = None
    confidence: float = Field(ge=0.0, le=1.0)


class Claim(_Strict):
    id: str
    type: ClaimType
    quote: QuoteKind
    content: TextSpan
    claimant: LinkedSpan
    cue: TextSpan
    confidence: float = Field(ge=0.0, le=1.0)


class Extraction(_Strict):
    """The whole output document for one article."""

    model: ModelInfo
    entities: list[Entity]
    sanctions: list[Sanction]
    claims: list[Claim]
