"""POST /v1/extract and /v1/extract/batch: articles (text or HTML) in, SPEC documents out."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool

from models.extractor import Extractor, InputError
from service.api.deps import ExtractorDep, KeyDep, SettingsDep
from service.api.schemas import BatchIn, BatchItem, BatchOut, ExtractIn, ExtractionOut
from service.metrics import DOCUMENTS

router = APIRouter(prefix="/extract", tags=["extract"])


def extract_article(extractor: Extractor, body: ExtractIn) -> ExtractionOut:
    """One article through the Extractor; the response model validates the document once."""
    text = extractor.text_of(body.text, body.html)
    document = extractor.extract(text, body.min_confidence)
    DOCUMENTS.inc()
    return ExtractionOut(**document, text=text if body.html is not None else None)


async def with_timeout(fn, seconds: float):  # type: ignore[no-untyped-def]
    """Run blocking work in the thread pool; 504 when it takes longer than `seconds`."""
    try:
        return await asyncio.wait_for(run_in_threadpool(fn), timeout=seconds)
    except asyncio.TimeoutError:
        raise HTTPException(status_code=504, detail=f"Extraction took longer than {seconds:g} s.") from None


@router.post("", response_model=ExtractionOut, response_model_exclude_none=True,
             summary="Extract entities, sanctions and claims from one article")
async def extract_one(body: ExtractIn, extractor: ExtractorDep, settings: SettingsDep, _key: KeyDep) -> ExtractionOut:
    return await with_timeout(lambda: extract_article(extractor, body), settings.REQUEST_TIMEOUT_S)


@router.post("/batch", response_model=BatchOut, response_model_exclude_none=True,
             summary="Extract from up to 32 articles; a bad article gets an error, not the batch")
async def extract_batch(body: BatchIn, extractor: ExtractorDep, settings: SettingsDep, _key: KeyDep) -> BatchOut:
    def run() -> BatchOut:
        items = []
        for i, doc in enumerate(body.documents):
            try:
                items.append(BatchItem(index=i, result=extract_article(extractor, doc)))
            except InputError as err:
                items.append(BatchItem(index=i, error=str(err)))
        return BatchOut(results=items)

    return await with_timeout(run, settings.REQUEST_TIMEOUT_S)
