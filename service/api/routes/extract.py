"""POST /v1/extract: one article's text in, the SPEC section 4 document out."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from models.schema import Extraction
from service.api.deps import NlpDep, SettingsDep
from service.extraction import extract

router = APIRouter(prefix="/extract", tags=["extract"])


class ExtractionRequest(BaseModel):
    """An article to extract from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article text; offsets in the answer point into it")


@router.post("", response_model=Extraction, summary="Extract entities, sanctions and claims from one article")
def extract_article(body: ExtractionRequest, nlp: NlpDep, settings: SettingsDep) -> Extraction:
    return extract(nlp, body.text, settings.MAX_TEXT_CHARS)
