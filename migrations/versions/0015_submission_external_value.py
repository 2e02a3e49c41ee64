"""Submission.external_value: the external index value an OPD typed for an external-index leaf (Pemdi 2026:
Indeks Satu Data Indonesia, SJIG, EPSS, IKASANDI), stored beside the level it converts to (``self_value``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 12:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_value", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_column("external_value")
