"""Storing and querying articles: idempotent by content hash, one extraction per model version, search rows.

Every write commits before the caller answers, so an acknowledged article survives a crash.
Search reads only the current (newest model) extraction of each article.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from service.storage.tables import Article, ClaimRow, Extraction, SanctionRow


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(text: str) -> str:
    """Stable article id: the first 24 hex digits of the text's sha256."""
    return content_hash(text)[:24]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _names(document: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e["name"] for e in document.get("entities", [])}


def _rows(extraction: Extraction) -> list[Any]:
    doc = extraction.document
    names = _names(doc)
    rows: list[Any] = []
    for c in doc.get("claims", []):
        rows.append(ClaimRow(
            extraction_id=extraction.id, article_id=extraction.article_id, claim_id=c["id"], type=c["type"],
            quote=c["quote"], content=c["content"]["text"], claimant=c["claimant"]["text"],
            claimant_entity=names.get(c["claimant"].get("entity") or ""), cue=c["cue"]["text"],
            confidence=float(c["confidence"]),
        ))
    for s in doc.get("sanctions", []):
        targets = [t["text"] for t in s["targets"]] + [names[t["entity"]] for t in s["targets"] if t.get("entity") in names]
        rows.append(SanctionRow(
            extraction_id=extraction.id, article_id=extraction.article_id, sanction_id=s["id"], status=s["status"],
            measures=" " + " ".join(s["measures"]) + " ", authority=s["authority"]["text"],
            authority_entity=names.get(s["authority"].get("entity") or ""), targets=" | ".join(targets),
            trigger=s["trigger"]["text"], confidence=float(s["confidence"]),
        ))
    return rows


@dataclass
class Stored:
    article: Article
    created: bool
    extraction: Extraction


def store(session: Session, text: str, document: dict[str, Any], *, title: str | None = None,
          url: str | None = None, published: str | None = None) -> Stored:
    """Store an article and its extraction; the same text twice is the same article.

    A new model version adds an extraction and makes it current; older ones are kept.
    """
    h = content_hash(text)
    version = document["model"]["version"]
    article = session.scalar(select(Article).where(Article.content_hash == h))
    created = False
    if article is None:
        article = Article(id=h[:24], content_hash=h, text=text, title=title, url=url, published=published,
                          created_at=_now())
        session.add(article)
        try:
            session.flush()
            created = True
        except IntegrityError:  # stored concurrently by another request: same article
            session.rollback()
            article = session.scalar(select(Article).where(Article.content_hash == h))
            assert article is not None
    existing = session.scalar(select(Extraction).where(Extraction.article_id == article.id,
                                                       Extraction.model_version == version))
    if existing is not None:
        session.commit()
        return Stored(article, created, existing)
    session.execute(update(Extraction).where(Extraction.article_id == article.id).values(current=False))
    extraction = Extraction(article_id=article.id, model_name=document["model"]["name"], model_version=version,
                            created_at=_now(), document=document, current=True)
    session.add(extraction)
    try:
        session.flush()
    except IntegrityError:  # the same version stored concurrently
        session.rollback()
        article = session.get(Article, article.id)
        existing = session.scalar(select(Extraction).where(Extraction.article_id == article.id,
                                                           Extraction.model_version == version))
        return Stored(article, False, existing)  # type: ignore[arg-type]
    old = select(Extraction.id).where(Extraction.article_id == article.id, Extraction.id != extraction.id)
    session.query(ClaimRow).filter(ClaimRow.extraction_id.in_(old)).delete(synchronize_session=False)
    session.query(SanctionRow).filter(SanctionRow.extraction_id.in_(old)).delete(synchronize_session=False)
    session.add_all(_rows(extraction))
    session.commit()
    return Stored(article, created, extraction)


def get_article(session: Session, article_id_: str) -> Article | None:
    return session.scalar(select(Article).where(Article.id == article_id_).options(selectinload(Article.extractions)))


def count_articles(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Article)) or 0)


@dataclass
class Page:
    total: int
    items: list[Any]


def _page(session: Session, query: Select, page: int, size: int) -> Page:
    total = int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    items = list(session.scalars(query.offset((page - 1) * size).limit(size)))
    return Page(total, items)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


def claimant_contains(value: str) -> Any:
    """The claims whose claimant (as written, or its entity's name) contains `value`, case-insensitively."""
    return or_(func.lower(ClaimRow.claimant).like(_like(value), escape="\\"),
               func.lower(ClaimRow.claimant_entity).like(_like(value), escape="\\"))


def search_claims(session: Session, *, claimant: str | None = None, type_: str | None = None, q: str | None = None,
                  page: int = 1, size: int = 20) -> Page:
    query = select(ClaimRow).order_by(ClaimRow.article_id, ClaimRow.id)
    if claimant:
        query = query.where(claimant_contains(claimant))
    if type_:
        query = query.where(ClaimRow.type == type_)
    if q:
        query = query.where(func.lower(ClaimRow.content).like(_like(q), escape="\\"))
    return _page(session, query, page, size)


def search_sanctions(session: Session, *, authority: str | None = None, target: str | None = None,
                     measure: str | None = None, status: str | None = None, page: int = 1, size: int = 20) -> Page:
    query = select(SanctionRow).order_by(SanctionRow.article_id, SanctionRow.id)
    if authority:
        query = query.where(or_(func.lower(SanctionRow.authority).like(_like(authority), escape="\\"),
                                func.lower(SanctionRow.authority_entity).like(_like(authority), escape="\\")))
    if target:
        query = query.where(func.lower(SanctionRow.targets).like(_like(target), escape="\\"))
    if measure:
        query = query.where(SanctionRow.measures.like(f"% {measure} %"))
    if status:
        query = query.where(SanctionRow.status == status)
    return _page(session, query, page, size)
