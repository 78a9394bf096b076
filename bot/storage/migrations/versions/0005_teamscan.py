"""The staff quick scan and the action plan: rounds per unit, answer sets and group cards, activities.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("unit", "number", name="uq_team_rounds_unit_number"),
        sa.UniqueConstraint("code", name="uq_team_rounds_code"),
    )
    op.create_index("ix_team_rounds_unit", "team_rounds", ["unit"])
    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, nullable=False),
        sa.Column("member_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("size", sa.SmallInteger, nullable=False),
        sa.Column("first_part", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("round_id", "member_key", "kind", name="uq_team_members_round_key_kind"),
        sa.ForeignKeyConstraint(
            ["round_id"], ["team_rounds.id"], name="fk_team_members_round_id_team_rounds", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_team_members_round_id", "team_members", ["round_id"])
    op.create_table(
        "team_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("item_id", sa.String(60), nullable=False),
        sa.Column("value", sa.SmallInteger),
        sa.Column("count", sa.SmallInteger, nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["team_members.id"], name="fk_team_answers_member_id_team_members", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_team_answers_member_id", "team_answers", ["member_id"])
    op.create_table(
        "team_activities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("responsible", sa.Text, nullable=False),
        sa.Column("participants", sa.Text, nullable=False),
        sa.Column("effect", sa.Text, nullable=False),
        sa.Column("needed", sa.Text, nullable=False),
        sa.Column("measure", sa.Text, nullable=False),
        sa.Column("done_by", sa.Date),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("route_step", sa.SmallInteger, nullable=False),
        sa.Column("task_key", sa.String(40)),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("baseline_round", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_team_activities_unit", "team_activities", ["unit"])


def downgrade() -> None:
    op.drop_index("ix_team_activities_unit", table_name="team_activities")
    op.drop_table("team_activities")
    op.drop_index("ix_team_answers_member_id", table_name="team_answers")
    op.drop_table("team_answers")
    op.drop_index("ix_team_members_round_id", table_name="team_members")
    op.drop_table("team_members")
    op.drop_index("ix_team_rounds_unit", table_name="team_rounds")
    op.drop_table("team_rounds")
