"""Registered units, per-person team codes with sessions and an access log, released figures,
erasure codes and the scan-start log for rate limits.

Existing units (from team codes and stored answers) are registered, so links keep working.

Revision ID: 0004
Revises: 0003
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("contact", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    connection = op.get_bind()
    known = {
        row[0]
        for query in ("SELECT DISTINCT unit FROM team_tokens", "SELECT DISTINCT unit FROM respondents")
        for row in connection.execute(sa.text(query))
        if row[0] and row[0] != "ONBEKEND"
    }
    if known:
        now = datetime.now(timezone.utc)
        units = sa.table("units", sa.column("code"), sa.column("name"), sa.column("created_at"))
        op.bulk_insert(units, [{"code": code, "name": f"Afdeling {code}", "created_at": now} for code in sorted(known)])

    with op.batch_alter_table("team_tokens") as batch:
        batch.add_column(sa.Column("label", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))

    op.create_table(
        "team_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("token_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("session_hash", name="uq_team_sessions_session_hash"),
        sa.ForeignKeyConstraint(
            ["token_id"], ["team_tokens.id"], name="fk_team_sessions_token_id_team_tokens", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_team_sessions_token_id", "team_sessions", ["token_id"])

    op.create_table(
        "dashboard_access",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("what", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_dashboard_access_unit", "dashboard_access", ["unit"])

    op.create_table(
        "releases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.UniqueConstraint("unit", "number", name="uq_releases_unit_number"),
    )
    op.create_index("ix_releases_unit", "releases", ["unit"])

    op.create_table(
        "released_remarks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("release_id", sa.Integer, nullable=False),
        sa.Column("respondent_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["releases.id"], name="fk_released_remarks_release_id_releases", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name="fk_released_remarks_respondent_id_respondents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_released_remarks_release_id", "released_remarks", ["release_id"])
    op.create_index("ix_released_remarks_respondent_id", "released_remarks", ["respondent_id"])

    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("erasure_code_hash", sa.String(64)))
        batch.add_column(sa.Column("released_in", sa.Integer))
        batch.create_unique_constraint("uq_respondents_erasure_code_hash", ["erasure_code_hash"])
        batch.create_foreign_key(
            "fk_respondents_released_in_releases", "releases", ["released_in"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_respondents_released_in", ["released_in"])

    op.create_table(
        "scan_starts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_key", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_scan_starts_client_key", "scan_starts", ["client_key"])
    op.create_index("ix_scan_starts_started_at", "scan_starts", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_scan_starts_started_at", table_name="scan_starts")
    op.drop_index("ix_scan_starts_client_key", table_name="scan_starts")
    op.drop_table("scan_starts")
    with op.batch_alter_table("respondents") as batch:
        batch.drop_index("ix_respondents_released_in")
        batch.drop_constraint("fk_respondents_released_in_releases", type_="foreignkey")
        batch.drop_constraint("uq_respondents_erasure_code_hash", type_="unique")
        batch.drop_column("released_in")
        batch.drop_column("erasure_code_hash")
    op.drop_index("ix_released_remarks_respondent_id", table_name="released_remarks")
    op.drop_index("ix_released_remarks_release_id", table_name="released_remarks")
    op.drop_table("released_remarks")
    op.drop_index("ix_releases_unit", table_name="releases")
    op.drop_table("releases")
    op.drop_index("ix_dashboard_access_unit", table_name="dashboard_access")
    op.drop_table("dashboard_access")
    op.drop_index("ix_team_sessions_token_id", table_name="team_sessions")
    op.drop_table("team_sessions")
    with op.batch_alter_table("team_tokens") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("label")
    op.drop_table("units")
