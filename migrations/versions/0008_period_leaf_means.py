"""Stored leaf means per period (``period_leaf_means``), so a cold national ranking reads 546 rows instead of
grouping 1.36 M items (``services.stored_means``). Rows are keyed on the period's change token; the table starts
empty and fills at the first ranking.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:56:52.618996

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "period_leaf_means",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("change_token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("means", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], name=op.f("fk_period_leaf_means_period_id_period")),
        sa.PrimaryKeyConstraint("period_id", name=op.f("pk_period_leaf_means")),
    )


def downgrade() -> None:
    op.drop_table("period_leaf_means")
