"""Alembic environment: runs migrations against the URL set by bot.storage.db."""

from alembic import context
from sqlalchemy import create_engine

from bot.storage.models import metadata

url = context.config.get_main_option("sqlalchemy.url")
connectable = create_engine(url, future=True)
with connectable.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        version_table="samenspraak_alembic_version",
    )
    with context.begin_transaction():
        context.run_migrations()
connectable.dispose()
