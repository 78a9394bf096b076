"""Respondents and their scan answers.

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
        "respondents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sender_key", sa.String(64), nullable=False),
        sa.Column("unit", sa.String(40)),
        sa.Column("relation", sa.String(20)),
        sa.Column("consent_at", sa.DateTime(timezone=True)),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("desired_rung", sa.SmallInteger),
        sa.Column("remark", sa.Text),
        sa.UniqueConstraint("sender_key", name="uq_respondents_sender_key"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "respondent_id",
            sa.String(32),
            sa.ForeignKey("respondents.id", ondelete="CASCADE", name="fk_answers_respondent_id_respondents"),
            nullable=False,
        ),
        sa.Column("item_id", sa.String(60), nullable=False),
        sa.Column("rung", sa.SmallInteger, nullable=False),
        sa.Column("value", sa.SmallInteger),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("respondent_id", "item_id", name="uq_answers_respondent_item"),
    )
    op.create_index("ix_answers_respondent_id", "answers", ["respondent_id"])


def downgrade() -> None:
    op.drop_index("ix_answers_respondent_id", table_name="answers")
    op.drop_table("answers")
    op.drop_table("respondents")
