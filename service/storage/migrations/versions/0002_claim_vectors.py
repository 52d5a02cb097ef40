"""Claim vectors: one embedding per stored claim and embedding model, with the claim's thread.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_vectors",
        sa.Column("claim_row_id", sa.Integer, sa.ForeignKey("claim_rows.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("model_key", sa.String(200), primary_key=True),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("thread_id", sa.Integer, nullable=False),
    )
    op.create_index("ix_claim_vectors_thread", "claim_vectors", ["model_key", "thread_id"])
    op.create_index("ix_claim_vectors_article_id", "claim_vectors", ["article_id"])


def downgrade() -> None:
    op.drop_table("claim_vectors")
