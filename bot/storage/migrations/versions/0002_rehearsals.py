"""Rehearsals of the start conversation and their turns.

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
        "rehearsals",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("carer_key", sa.String(64), nullable=False),
        sa.Column("persona", sa.String(40), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("applied", sa.SmallInteger),
        sa.Column("total", sa.SmallInteger),
    )
    op.create_index("ix_rehearsals_carer_key", "rehearsals", ["carer_key"])
    op.create_table(
        "rehearsal_turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "rehearsal_id",
            sa.String(32),
            sa.ForeignKey("rehearsals.id", ondelete="CASCADE", name="fk_rehearsal_turns_rehearsal_id_rehearsals"),
            nullable=False,
        ),
        sa.Column("number", sa.SmallInteger, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("moves", sa.String(300), nullable=False),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("rehearsal_id", "number", name="uq_rehearsal_turns_number"),
    )
    op.create_index("ix_rehearsal_turns_rehearsal_id", "rehearsal_turns", ["rehearsal_id"])


def downgrade() -> None:
    op.drop_index("ix_rehearsal_turns_rehearsal_id", table_name="rehearsal_turns")
    op.drop_table("rehearsal_turns")
    op.drop_index("ix_rehearsals_carer_key", table_name="rehearsals")
    op.drop_table("rehearsals")
