"""The database evidence store's tables: evidence_object (one row per stored file) and evidence_chunk (its bytes
in chunks), used when LENTERA_EVIDENCE_STORE=database; empty otherwise.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 07:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_object",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_object")),
    )
    op.create_table(
        "evidence_chunk",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["evidence_object.sha256"], name=op.f("fk_evidence_chunk_sha256_evidence_object")
        ),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_evidence_chunk")),
    )


def downgrade() -> None:
    op.drop_table("evidence_chunk")
    op.drop_table("evidence_object")
