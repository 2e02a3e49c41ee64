"""Submission.verified_external_value: the external index value the reviewer verified for an external-index leaf
(Pemdi 2026: Indeks Satu Data Indonesia, SJIG, EPSS, IKASANDI), stored beside the level it converts to
(``verified_value``), as ``external_value`` (0015) is beside the focal point's ``self_value``.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 18:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_external_value", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_column("verified_external_value")
