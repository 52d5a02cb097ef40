"""Database tables: articles, their extractions (one per model version), search rows, claim vectors, API keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    extractions: Mapped[list["Extraction"]] = relationship(back_populates="article", order_by="Extraction.id")


class Extraction(Base):
    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("article_id", "model_version", name="uq_extraction_model"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    model_name: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[dict] = mapped_column(JSON)
    current: Mapped[bool] = mapped_column(default=True, index=True)
    article: Mapped[Article] = relationship(back_populates="extractions")


class ClaimRow(Base):
    """One claim of a current extraction, flattened for search."""

    __tablename__ = "claim_rows"
    __table_args__ = (Index("ix_claim_rows_type", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    claim_id: Mapped[str] = mapped_column(String(16))
    type: Mapped[str] = mapped_column(String(32))
    quote: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    claimant: Mapped[str] = mapped_column(Text)
    claimant_entity: Mapped[str | None] = mapped_column(Text, nullable=True)
    cue: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)


class ClaimVector(Base):
    """The embedding of one claim row's content by one embedding model, and the claim's thread.

    `thread_id` is the smallest claim row id of the claim's thread: near-duplicate claims of
    different articles are joined (service/matching/threads.py).
    """

    __tablename__ = "claim_vectors"
    __table_args__ = (Index("ix_claim_vectors_thread", "model_key", "thread_id"),)

    claim_row_id: Mapped[int] = mapped_column(ForeignKey("claim_rows.id", ondelete="CASCADE"), primary_key=True)
    model_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    thread_id: Mapped[int] = mapped_column(Integer)


class SanctionRow(Base):
    """One sanctions action of a current extraction, flattened for search."""

    __tablename__ = "sanction_rows"
    __table_args__ = (Index("ix_sanction_rows_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(32), index=True)
    sanction_id: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    measures: Mapped[str] = mapped_column(Text)  # space-separated SPEC measures
    authority: Mapped[str] = mapped_column(Text)
    authority_entity: Mapped[str | None] = mapped_column(Text, nullable=True)
    targets: Mapped[str] = mapped_column(Text)  # targets and their entity names, " | "-separated
    trigger: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
