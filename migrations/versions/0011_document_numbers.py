"""Berita acara numbers (issued_number, never reused), document settings per region (numbering scheme,
place) and the NIP and position printed under a user's signature.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 19:05:39.894817

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_document_setting_region_id_region")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user.id"], name=op.f("fk_document_setting_updated_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_setting")),
        sa.UniqueConstraint("region_id", "key", name="uq_document_setting_region_key"),
    )
    with op.batch_alter_table("document_setting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_setting_region_id"), ["region_id"], unique=False)

    op.create_table(
        "issued_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["user.id"], name=op.f("fk_issued_number_issued_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_issued_number_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], name=op.f("fk_issued_number_period_id_period")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_number")),
        sa.UniqueConstraint("kind", "year", "seq", name="uq_issued_number_kind_year_seq"),
        sa.UniqueConstraint("number", name=op.f("uq_issued_number_number")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nip", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))
        batch_op.add_column(
            sa.Column("position", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("position")
        batch_op.drop_column("nip")

    op.drop_table("issued_number")
    with op.batch_alter_table("document_setting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_setting_region_id"))

    op.drop_table("document_setting")
