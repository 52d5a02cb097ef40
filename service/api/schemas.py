"""Request and response models of the articles, batch and search routes (the SPEC document is models.schema)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.schema import Claim, Extraction, Sanction

T = TypeVar("T")


class ArticleIn(BaseModel):
    """An article: its text, or HTML reduced to the article text; optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article text; offsets in the answer point into it")
    html: str | None = Field(default=None, description="an HTML page; boilerplate is removed and offsets point into the reduced text")
    title: str | None = Field(default=None, max_length=1000, pattern=r"^[^\x00]*$")
    url: str | None = Field(default=None, max_length=2000, pattern=r"^[^\x00]*$")
    published: str | None = Field(default=None, max_length=64, description="publication date, ISO 8601")

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        """Only http(s) addresses: a `javascript:` URL would run in pages that link the export."""
        if value is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
            raise ValueError("'url' must be an http:// or https:// address")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        """An ISO 8601 date or date-time ("2026-03-22", "2026-03-22T10:00:00Z")."""
        if value is not None:
            try:
                datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError("'published' must be an ISO 8601 date such as 2026-03-22") from None
        return value

    @model_validator(mode="after")
    def _one_source(self) -> "ArticleIn":
        if (self.text is None) == (self.html is None):
            raise ValueError("send exactly one of 'text' and 'html'")
        return self


class ExtractIn(ArticleIn):
    """An article to extract from, with the confidence below which claims and actions are left out."""

    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0,
                                  description="leave out claims and actions whose calibrated confidence is lower")


class ExtractionOut(Extraction):
    """The SPEC document, plus the text the offsets point into when the input was HTML."""

    text: str | None = Field(default=None, description="the reduced article text (only for html input)")


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[ExtractIn] = Field(min_length=1, max_length=32)


class BatchItem(BaseModel):
    index: int
    result: ExtractionOut | None = None
    error: str | None = None


class BatchOut(BaseModel):
    results: list[BatchItem]


class ArticleCreated(BaseModel):
    id: str
    created: bool
    model_version: str


class ExtractionVersion(BaseModel):
    model_version: str
    created_at: datetime
    current: bool


class ArticlePublic(BaseModel):
    id: str
    title: str | None
    url: str | None
    published: str | None
    created_at: datetime
    text: str
    extraction: Extraction
    versions: list[ExtractionVersion]


class Page(BaseModel, Generic[T]):
    total: int
    page: int
    size: int
    items: list[T]


class ClaimHit(BaseModel):
    article_id: str
    claim: Claim


class SanctionHit(BaseModel):
    article_id: str
    sanction: Sanction


class EntityProfile(BaseModel):
    name: str
    claims: Page[ClaimHit]
    sanctions: Page[SanctionHit]


# -- claim matching (service/api/routes/claim_matching.py) ---------------------------------------

def claim_text(value: str) -> str:
    """A claim to look up: not blank, no NUL, valid Unicode (the same rules as article text)."""
    from models.extractor import InputError, check_text

    try:
        return check_text(value, CLAIM_TEXT_CHARS)
    except InputError as err:
        raise ValueError(str(err)) from None


CLAIM_TEXT_CHARS = 2_000


class StoredClaim(BaseModel):
    """A stored claim near the one asked about, with its article."""

    id: int = Field(description="stored claim id (for /v1/claims/{id}/thread)")
    score: float = Field(description="cosine similarity of the contents, -1 to 1")
    content: str
    claimant: str
    claimant_entity: str | None = None
    type: str
    article_id: str
    claim_id: str = Field(description="the claim's id inside its article's extraction (C1, C2, ...)")
    title: str | None = None
    url: str | None = None
    published: str | None = None
    first_seen: str = Field(description="published date of its article, else when it was stored")
    thread_id: int


class SimilarOut(BaseModel):
    query: str
    model: str = Field(description="embedding model and version")
    items: list[StoredClaim]


class ClaimToMatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$", description="your id for this claim")
    text: str = Field(min_length=1, max_length=CLAIM_TEXT_CHARS, description="the claim's content")

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return claim_text(value)


class MatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claims: list[ClaimToMatch] = Field(min_length=1, max_length=100)
    k: int = Field(default=5, ge=1, le=20, description="most matches per claim")
    threshold: float | None = Field(default=None, ge=-1.0, le=1.0,
                                    description="lowest cosine counted as the same claim; default: the service's")


class MatchResult(BaseModel):
    id: str
    matches: list[StoredClaim]


class MatchOut(BaseModel):
    model: str
    threshold: float
    results: list[MatchResult]


class ThreadOut(BaseModel):
    """Near-duplicate claims across stored articles, in time order."""

    thread_id: int
    claim_id: int = Field(description="the stored claim asked about")
    first_seen: str | None
    articles: int
    outlets: list[str] = Field(description="host names of the articles' URLs")
    claimants: list[str]
    members: list[StoredClaim] = Field(description="score: cosine to the claim asked about")
