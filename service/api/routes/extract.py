"""POST /v1/extract and /v1/extract/batch: articles (text or HTML) in, SPEC documents out."""

from __future__ import annotations

from fastapi import APIRouter

from models.extractor import Extractor, InputError
from service.api.deps import ExtractorDep, KeyDep, SettingsDep, SlotsDep
from service.api.schemas import BatchIn, BatchItem, BatchOut, ExtractIn, ExtractionOut
from service.metrics import DOCUMENTS
from service.work import Deadline, run_bounded

router = APIRouter(prefix="/extract", tags=["extract"])


def extract_article(extractor: Extractor, body: ExtractIn) -> ExtractionOut:
    """One article through the Extractor; the response model validates the document once."""
    text = extractor.text_of(body.text, body.html)
    document = extractor.extract(text, body.min_confidence)
    DOCUMENTS.inc()
    return ExtractionOut(**document, text=text if body.html is not None else None)


@router.post("", response_model=ExtractionOut, response_model_exclude_none=True,
             summary="Extract entities, sanctions and claims from one article")
async def extract_one(body: ExtractIn, extractor: ExtractorDep, settings: SettingsDep, slots: SlotsDep,
                      _key: KeyDep) -> ExtractionOut:
    return await run_bounded(lambda _: extract_article(extractor, body), settings.REQUEST_TIMEOUT_S, slots)


@router.post("/batch", response_model=BatchOut, response_model_exclude_none=True,
             summary="Extract from up to 32 articles; a bad article gets an error, not the batch")
async def extract_batch(body: BatchIn, extractor: ExtractorDep, settings: SettingsDep, slots: SlotsDep,
                        _key: KeyDep) -> BatchOut:
    def run(deadline: Deadline) -> BatchOut:
        items = []
        for i, doc in enumerate(body.documents):
            deadline.check()  # a timed-out batch stops between documents
            try:
                items.append(BatchItem(index=i, result=extract_article(extractor, doc)))
            except InputError as err:
                items.append(BatchItem(index=i, error=str(err)))
        return BatchOut(results=items)

    return await run_bounded(run, settings.REQUEST_TIMEOUT_S, slots)
