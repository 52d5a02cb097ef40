"""The SPEC section 4 output document as pydantic models; also the API's response schema."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.labels import CLAIM_TYPES, ENTITY_LABELS, MEASURES, QUOTE_KINDS, STATUSES  # noqa: E402

EntityLabel = Literal[ENTITY_LABELS]  # type: ignore[valid-type]
ClaimType = Literal[CLAIM_TYPES]  # type: ignore[valid-type]
QuoteKind = Literal[QUOTE_KINDS]  # type: ignore[valid-type]
Measure = Literal[MEASURES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]


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
