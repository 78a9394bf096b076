"""Invitations: one-time codes per unit and round, wrong-code log, rounds of respondents and releases.

Units registered before this revision become open-link units, so their running links keep working.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("round", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("code_hash", name="uq_invitations_code_hash"),
    )
    op.create_index("ix_invitations_unit", "invitations", ["unit"])
    # existing units keep their open link (server default 1 for the rows already there, then 0)
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("open_link", sa.Boolean, nullable=False, server_default=sa.true()))
    with op.batch_alter_table("units") as batch:
        batch.alter_column("open_link", server_default=sa.false(), existing_type=sa.Boolean, existing_nullable=False)
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("invitation_id", sa.Integer))
        batch.add_column(sa.Column("round", sa.String(10), nullable=False, server_default="T0"))
        batch.create_foreign_key(
            "fk_respondents_invitation_id_invitations", "invitations", ["invitation_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_respondents_invitation_id", ["invitation_id"])
    with op.batch_alter_table("releases") as batch:
        batch.add_column(sa.Column("round", sa.String(10), nullable=False, server_default="T0"))


def downgrade() -> None:
    with op.batch_alter_table("releases") as batch:
        batch.drop_column("round")
    with op.batch_alter_table("respondents") as batch:
        batch.drop_index("ix_respondents_invitation_id")
        batch.drop_constraint("fk_respondents_invitation_id_invitations", type_="foreignkey")
        batch.drop_column("round")
        batch.drop_column("invitation_id")
    with op.batch_alter_table("units") as batch:
        batch.drop_column("open_link")
    op.drop_index("ix_invitations_unit", "invitations")
    op.drop_table("invitations")
