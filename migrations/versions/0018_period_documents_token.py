"""Period documents token: the cache key of a period's documents' progress, apart from its scores' key.

``period.documents_token`` (see ``models/tables.py``) is renewed by every commit that attaches, detaches or tags
a file or records a review of the period's items; an upload leaves ``change_token``, and with it the scores'
caches, alone. Every existing period gets a token, as 0002 gave ``change_token``.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 00:10:00

"""

from collections.abc import Sequence
from uuid import uuid4

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("documents_token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
    period = sa.table("period", sa.column("id", sa.Integer), sa.column("documents_token", sa.String))
    connection = op.get_bind()
    for (period_id,) in connection.execute(sa.select(period.c.id)).all():
        connection.execute(
            period.update().where(period.c.id == period_id).values(documents_token=uuid4().hex)
        )


def downgrade() -> None:
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.drop_column("documents_token")
