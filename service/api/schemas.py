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
