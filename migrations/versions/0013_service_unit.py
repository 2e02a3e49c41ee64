"""Organisation.service_unit: an administrator marks the OPDs that are service units (unit penyelenggara
pelayanan: DPMPTSP, RSUD, Disdukcapil, Samsat, ...), the units a PEKPPP period assesses.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 07:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_unit", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("service_unit")
