"""Period change token and a covering assignment index, for the national ranking's cache key and scan.

``period.change_token`` (see ``models/tables.py``) lets a cache tell whether a period's items changed without
aggregating its submissions. ``ix_assignment_period_code`` gains ``organisation_id`` so that the grouped
national query reads the assignments from the index alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 01:30:00

"""

from collections.abc import Sequence
from uuid import uuid4

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
    # Every existing period gets a token, so a cache never keys on "no token" (a later restore or writer would
    # otherwise share that key with older data).
    period = sa.table("period", sa.column("id", sa.Integer), sa.column("change_token", sa.String))
    connection = op.get_bind()
    for (period_id,) in connection.execute(sa.select(period.c.id)).all():
        connection.execute(period.update().where(period.c.id == period_id).values(change_token=uuid4().hex))
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_period_code")
        batch_op.create_index(
            "ix_assignment_period_code_organisation", ["period_id", "code", "organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_period_code_organisation")
        batch_op.create_index("ix_assignment_period_code", ["period_id", "code"], unique=False)
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.drop_column("change_token")
