"""Claim matching: GET /v1/claims/similar, POST /v1/claims/match, GET /v1/claims/{id}/thread."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.concurrency import run_in_threadpool

from models.schema import ClaimType
from service.api.deps import KeyDep, MatcherDep, SessionDep
from service.api.schemas import (CLAIM_TEXT_CHARS, MatchIn, MatchOut, MatchResult, SimilarOut, StoredClaim, ThreadOut,
                                 claim_text)
from service.matching.matcher import Filters, Hit

router = APIRouter(prefix="/claims", tags=["claim matching"])

Text = Annotated[str, Query(min_length=1, max_length=CLAIM_TEXT_CHARS, description="the claim to look up")]
Name = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$", description="claimant contains")]


def stored(hit: Hit) -> StoredClaim:
    return StoredClaim(id=hit.id, score=hit.score, content=hit.content, claimant=hit.claimant,
                       claimant_entity=hit.claimant_entity, type=hit.type, article_id=hit.article_id,
                       claim_id=hit.claim_id, title=hit.title, url=hit.url, published=hit.published,
                       first_seen=hit.seen, thread_id=hit.thread_id)


@router.get("/similar", response_model=SimilarOut, summary="Stored claims that say the same as a text, nearest first")
async def similar(text: Text, matcher: MatcherDep, session: SessionDep, _key: KeyDep,
                  k: Annotated[int, Query(ge=1, le=100, description="how many")] = 10,
                  claimant: Name = None, type: Annotated[ClaimType | None, Query()] = None,
                  since: Annotated[date | None, Query(description="articles published on or after (ISO date)")] = None,
                  ) -> SimilarOut:
    try:
        text = claim_text(text)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None
    filters = Filters(claimant=claimant, type=type, since=since.isoformat() if since else None)
    hits = await run_in_threadpool(matcher.similar, session, text, k, filters)
    return SimilarOut(query=text, model=matcher.key, items=[stored(h) for h in hits])


@router.post("/match", response_model=MatchOut,
             summary="For each of your claims, the stored claims that say the same (at or above the threshold)")
async def match(body: MatchIn, matcher: MatcherDep, session: SessionDep, _key: KeyDep) -> MatchOut:
    threshold = matcher.threshold if body.threshold is None else body.threshold
    found = await run_in_threadpool(matcher.match, session, [c.text for c in body.claims], body.k, threshold)
    return MatchOut(model=matcher.key, threshold=threshold,
                    results=[MatchResult(id=c.id, matches=[stored(h) for h in hits])
                             for c, hits in zip(body.claims, found)])


@router.get("/{claim_id}/thread", response_model=ThreadOut,
            summary="The claim's thread: near-duplicates in other stored articles, in time order")
async def thread(claim_id: Annotated[int, Path(ge=1, le=2**62, description="stored claim id")], matcher: MatcherDep,
                 session: SessionDep, _key: KeyDep) -> ThreadOut:
    found = await run_in_threadpool(matcher.thread, session, claim_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"No stored claim with id {claim_id} (or it has no vector yet; "
                                                    "`claimscope index rebuild` embeds older claims).")
    return ThreadOut(thread_id=found.id, claim_id=claim_id, first_seen=found.first_seen, articles=found.articles,
                     outlets=found.outlets, claimants=found.claimants, members=[stored(h) for h in found.members])
