"""Hashed team tokens for the team dashboard, one unit per token.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("token_hash", name="uq_team_tokens_token_hash"),
    )
    op.create_index("ix_team_tokens_unit", "team_tokens", ["unit"])


def downgrade() -> None:
    op.drop_index("ix_team_tokens_unit", table_name="team_tokens")
    op.drop_table("team_tokens")
