"""The page language of each relative, and of each released remark where the team may see it.

respondents.language: the language of the page a relative finished on (nl, en, tr, ar, pl;
empty is Dutch). released_remarks.language: the language shown with a released remark, only where
that release shows the language's count (bot/storage/releases.py shown_languages).

Revision ID: 0008p
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008p"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("respondents") as table:
        table.add_column(sa.Column("language", sa.String(5), nullable=True))
    with op.batch_alter_table("released_remarks") as table:
        table.add_column(sa.Column("language", sa.String(5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("released_remarks") as table:
        table.drop_column("language")
    with op.batch_alter_table("respondents") as table:
        table.drop_column("language")
