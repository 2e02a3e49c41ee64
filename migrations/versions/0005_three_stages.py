"""Three stages of an item's value: the period names its internal reviewer (``period.reviewer_label``), and the
external verifier's result per pemda item (``external_result``: KPK for MCP, KemenPANRB for SPBE) gets a table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 18:51:05.856322

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "external_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_external_result_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_external_result_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_result")),
        sa.UniqueConstraint("period_id", "code", name="uq_external_result"),
    )
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reviewer_label", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.drop_column("reviewer_label")

    op.drop_table("external_result")
