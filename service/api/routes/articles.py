"""POST /v1/articles (store, idempotent by content hash) and GET /v1/articles/{id} (with exports)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from service.api.deps import ExtractorDep, KeyDep, MatcherOptDep, SessionDep, SettingsDep, SlotsDep
from service.api.schemas import ArticleCreated, ArticleIn, ArticlePublic, ExtractionVersion
from service.exports import EXPORTERS
from service.exports.claimreview import script_safe_json
from service.metrics import DOCUMENTS
from service.storage import repository
from service.storage.tables import Article
from service.work import Deadline, run_bounded

router = APIRouter(prefix="/articles", tags=["articles"])


def public(article: Article) -> ArticlePublic:
    current = next((e for e in reversed(article.extractions) if e.current), article.extractions[-1])
    return ArticlePublic(
        id=article.id, title=article.title, url=article.url, published=article.published,
        created_at=article.created_at, text=article.text, extraction=current.document,
        versions=[ExtractionVersion(model_version=e.model_version, created_at=e.created_at, current=e.current)
                  for e in article.extractions],
    )


@router.post("", response_model=ArticleCreated, status_code=201,
             summary="Store an article and its extraction (the same text twice is one article)")
async def create_article(body: ArticleIn, extractor: ExtractorDep, session: SessionDep, settings: SettingsDep,
                         slots: SlotsDep, matcher: MatcherOptDep, response: Response, _key: KeyDep) -> ArticleCreated:
    def run(deadline: Deadline) -> ArticleCreated:
        text = extractor.text_of(body.text, body.html)
        existing = session.get(Article, repository.article_id(text))
        version = extractor.version
        if existing is not None and any(e.model_version == version for e in existing.extractions):
            return ArticleCreated(id=existing.id, created=False, model_version=version)
        document = extractor.extract(text)
        DOCUMENTS.inc()
        embedded = matcher.embed_document(document) if matcher is not None else None
        deadline.check()  # a 504 means "not stored"
        stored = repository.store(session, text, document, title=body.title, url=body.url, published=body.published)
        if matcher is not None:
            matcher.on_stored(session, stored.extraction, embedded)
        return ArticleCreated(id=stored.article.id, created=stored.created, model_version=version)

    created = await run_bounded(run, settings.REQUEST_TIMEOUT_S, slots)
    if not created.created:
        response.status_code = 200
    return created


@router.get("/{article_id}", response_model=ArticlePublic, summary="A stored article, in SPEC JSON or an export format",
            responses={200: {"content": {"application/ld+json": {}}}})
def read_article(article_id: str, session: SessionDep, _key: KeyDep,
                 format: Literal["json", "ftm", "claimreview"] = Query("json", description="json (SPEC), ftm, claimreview")) -> Any:
    article = repository.get_article(session, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"No article with id '{article_id}'.")
    view = public(article)
    if format == "json":
        return view
    exported = EXPORTERS[format](view.model_dump(mode="json"))
    if format == "claimreview":  # embedded in pages as JSON-LD: no raw <, >, & (issue 12)
        return Response(script_safe_json(exported), media_type="application/ld+json")
    return JSONResponse(exported, media_type="application/json")


@router.post("/{article_id}/extract", response_model=ArticleCreated,
             summary="Extract a stored article again with the loaded model (older results are kept)")
async def reextract(article_id: str, extractor: ExtractorDep, session: SessionDep, settings: SettingsDep,
                    slots: SlotsDep, matcher: MatcherOptDep, _key: KeyDep) -> ArticleCreated:
    article = await run_in_threadpool(repository.get_article, session, article_id)  # no blocking I/O on the loop
    if article is None:
        raise HTTPException(status_code=404, detail=f"No article with id '{article_id}'.")

    def run(deadline: Deadline) -> ArticleCreated:
        document = extractor.extract(article.text)
        DOCUMENTS.inc()
        embedded = matcher.embed_document(document) if matcher is not None else None
        deadline.check()  # a 504 means "not stored"
        stored = repository.store(session, article.text, document)
        if matcher is not None:
            matcher.on_stored(session, stored.extraction, embedded)
        return ArticleCreated(id=article.id, created=False, model_version=stored.extraction.model_version)

    return await run_bounded(run, settings.REQUEST_TIMEOUT_S, slots)
