"""Wrong erasure codes and team logins counted per conversation or client; erasure codes re-keyed.

The old erasure codes were stored as an unsalted SHA-256 (8 characters, about 38 bits: found by
trying them all). The code itself is not known, so each stored SHA-256 is replaced by an HMAC of
it with the server secret (bot.privacy.legacy_rekey); an old code still erases, and the stored
value alone no longer tells it. Run the migration with the same SAMENSPRAAK_SECRET as the servers.

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from bot.privacy import legacy_rekey

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "failed_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_failed_attempts_key", "failed_attempts", ["key"])
    op.create_index("ix_failed_attempts_at", "failed_attempts", ["at"])
    connection = op.get_bind()
    stored = connection.execute(
        sa.text("SELECT id, erasure_code_hash FROM respondents WHERE erasure_code_hash IS NOT NULL")
    ).all()
    for respondent_id, sha256_hex in stored:
        connection.execute(
            sa.text("UPDATE respondents SET erasure_code_hash = :new WHERE id = :id"),
            {"new": legacy_rekey(sha256_hex), "id": respondent_id},
        )


def downgrade() -> None:
    # the re-keyed codes stay re-keyed: the SHA-256 cannot be recovered from the HMAC (an old code
    # then no longer erases after a downgrade; its data is purged after ANSWER_RETENTION_DAYS)
    op.drop_index("ix_failed_attempts_at", table_name="failed_attempts")
    op.drop_index("ix_failed_attempts_key", table_name="failed_attempts")
    op.drop_table("failed_attempts")
