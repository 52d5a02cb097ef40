"""Search across stored articles: GET /v1/claims, /v1/sanctions and /v1/entities/{name}, paginated."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy.orm import Session

from models.schema import ClaimType, Measure, Status
from service.api.deps import KeyDep, SessionDep
from service.api.schemas import ClaimHit, EntityProfile, Page, SanctionHit
from service.storage import repository
from service.storage.tables import ClaimRow, Extraction, SanctionRow

router = APIRouter(tags=["search"])

PageNo = Annotated[int, Query(ge=1, le=100_000, description="page number, from 1")]
Size = Annotated[int, Query(ge=1, le=100, description="items per page")]
# No NUL: PostgreSQL refuses it and SQLite's LIKE would match every row (issue 12).
Text = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]


def _claim_hits(session: Session, rows: list[ClaimRow]) -> list[ClaimHit]:
    docs = {e.id: e.document for e in session.query(Extraction).filter(Extraction.id.in_({r.extraction_id for r in rows}))}
    return [ClaimHit(article_id=r.article_id, claim=next(c for c in docs[r.extraction_id]["claims"] if c["id"] == r.claim_id))
            for r in rows]


def _sanction_hits(session: Session, rows: list[SanctionRow]) -> list[SanctionHit]:
    docs = {e.id: e.document for e in session.query(Extraction).filter(Extraction.id.in_({r.extraction_id for r in rows}))}
    return [SanctionHit(article_id=r.article_id,
                        sanction=next(s for s in docs[r.extraction_id]["sanctions"] if s["id"] == r.sanction_id))
            for r in rows]


@router.get("/claims", response_model=Page[ClaimHit], summary="Claims by claimant, type and words in the content")
def claims(session: SessionDep, _key: KeyDep, claimant: Text = None,
           type: Annotated[ClaimType | None, Query()] = None, q: Text = None,
           page: PageNo = 1, size: Size = 20) -> Page[ClaimHit]:
    found = repository.search_claims(session, claimant=claimant, type_=type, q=q, page=page, size=size)
    return Page[ClaimHit](total=found.total, page=page, size=size, items=_claim_hits(session, found.items))


@router.get("/sanctions", response_model=Page[SanctionHit], summary="Sanctions by authority, target, measure and status")
def sanctions(session: SessionDep, _key: KeyDep, authority: Text = None, target: Text = None,
              measure: Annotated[Measure | None, Query()] = None,
              status: Annotated[Status | None, Query()] = None,
              page: PageNo = 1, size: Size = 20) -> Page[SanctionHit]:
    found = repository.search_sanctions(session, authority=authority, target=target, measure=measure, status=status,
                                        page=page, size=size)
    return Page[SanctionHit](total=found.total, page=page, size=size, items=_sanction_hits(session, found.items))


@router.get("/entities/{name}", response_model=EntityProfile,
            summary="Every claim by, and every sanction against, one entity")
def entity(name: Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00]*$")], session: SessionDep, _key: KeyDep, page: PageNo = 1, size: Size = 20) -> EntityProfile:
    by = repository.search_claims(session, claimant=name, page=page, size=size)
    against = repository.search_sanctions(session, target=name, page=page, size=size)
    return EntityProfile(
        name=name,
        claims=Page[ClaimHit](total=by.total, page=page, size=size, items=_claim_hits(session, by.items)),
        sanctions=Page[SanctionHit](total=against.total, page=page, size=size, items=_sanction_hits(session, against.items)),
    )
