"""Alembic migrations; run them with ``models.migrate.upgrade_database`` or ``lentera init``."""
