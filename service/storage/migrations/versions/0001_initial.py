"""Initial schema: articles, extractions, claim and sanction search rows, API keys.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("model_name", sa.String(64), nullable=False),
        sa.Column("model_version", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("current", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.UniqueConstraint("article_id", "model_version", name="uq_extraction_model"),
    )
    op.create_index("ix_extractions_article_id", "extractions", ["article_id"])
    op.create_index("ix_extractions_current", "extractions", ["current"])
    op.create_table(
        "claim_rows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("claim_id", sa.String(16), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("quote", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("claimant", sa.Text, nullable=False),
        sa.Column("claimant_entity", sa.Text),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_claim_rows_extraction_id", "claim_rows", ["extraction_id"])
    op.create_index("ix_claim_rows_article_id", "claim_rows", ["article_id"])
    op.create_index("ix_claim_rows_type", "claim_rows", ["type"])
    op.create_table(
        "sanction_rows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("sanction_id", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("measures", sa.Text, nullable=False),
        sa.Column("authority", sa.Text, nullable=False),
        sa.Column("authority_entity", sa.Text),
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_sanction_rows_extraction_id", "sanction_rows", ["extraction_id"])
    op.create_index("ix_sanction_rows_article_id", "sanction_rows", ["article_id"])
    op.create_index("ix_sanction_rows_status", "sanction_rows", ["status"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_api_keys_prefix", "api_keys", ["prefix"])


def downgrade() -> None:
    for table in ("api_keys", "sanction_rows", "claim_rows", "extractions", "articles"):
        op.drop_table(table)
