"""POST /v1/extract and /v1/extract/batch: articles (text or HTML) in, SPEC documents out."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from spacy.language import Language

from service.api.deps import KeyDep, NlpDep, SettingsDep
from service.api.schemas import ArticleIn, BatchIn, BatchItem, BatchOut, ExtractIn, ExtractionOut
from service.extraction import InputError, extract
from service.html_text import html_to_text
from service.metrics import DOCUMENTS

router = APIRouter(prefix="/extract", tags=["extract"])


def article_text(body: ArticleIn) -> str:
    """The text the offsets point into: as sent, or reduced from HTML."""
    return body.text if body.text is not None else html_to_text(body.html or "")


def extract_article(nlp: Language, body: ExtractIn, max_chars: int) -> ExtractionOut:
    text = article_text(body)
    result = extract(nlp, text, max_chars, body.min_confidence)
    DOCUMENTS.inc()
    return ExtractionOut(**result.model_dump(), text=text if body.html is not None else None)


async def with_timeout(fn, seconds: float):  # type: ignore[no-untyped-def]
    """Run blocking work in the thread pool; 504 when it takes longer than `seconds`."""
    try:
        return await asyncio.wait_for(run_in_threadpool(fn), timeout=seconds)
    except asyncio.TimeoutError:
        raise HTTPException(status_code=504, detail=f"Extraction took longer than {seconds:g} s.") from None


@router.post("", response_model=ExtractionOut, response_model_exclude_none=True,
             summary="Extract entities, sanctions and claims from one article")
async def extract_one(body: ExtractIn, nlp: NlpDep, settings: SettingsDep, _key: KeyDep) -> ExtractionOut:
    return await with_timeout(lambda: extract_article(nlp, body, settings.MAX_TEXT_CHARS), settings.REQUEST_TIMEOUT_S)


@router.post("/batch", response_model=BatchOut, response_model_exclude_none=True,
             summary="Extract from up to 32 articles; a bad article gets an error, not the batch")
async def extract_batch(body: BatchIn, nlp: NlpDep, settings: SettingsDep, _key: KeyDep) -> BatchOut:
    def run() -> BatchOut:
        items = []
        for i, doc in enumerate(body.documents):
            try:
                items.append(BatchItem(index=i, result=extract_article(nlp, doc, settings.MAX_TEXT_CHARS)))
            except InputError as err:
                items.append(BatchItem(index=i, error=str(err)))
        return BatchOut(results=items)

    return await with_timeout(run, settings.REQUEST_TIMEOUT_S)
