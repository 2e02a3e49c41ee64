"""Published scores carry their source: publisher, citation, URL and level (the pemda's overall score or one
area's). Rows stored before get their level from ``area`` and their publisher from the framework.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:11:43.308502

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("publishedscore", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column("source_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default="pemda")
        )
    op.execute("UPDATE publishedscore SET level = 'area' WHERE area IS NOT NULL")
    op.execute("UPDATE publishedscore SET publisher = 'KPK' WHERE framework = 'MCP'")
    op.execute("UPDATE publishedscore SET publisher = 'KemenPANRB' WHERE framework = 'SPBE'")
    with op.batch_alter_table("publishedscore", schema=None) as batch_op:
        batch_op.alter_column("level", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("publishedscore", schema=None) as batch_op:
        batch_op.drop_column("level")
        batch_op.drop_column("source_url")
        batch_op.drop_column("source")
        batch_op.drop_column("publisher")
