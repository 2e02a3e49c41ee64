"""The digital-services inventory (issue 17 §4): digital_service and digital_application per OPD, and
inventory_evidence (an entry offered as evidence for a submission item).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 07:22:12.739745

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "digital_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("hosting", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("exchanges_with", sa.JSON(), nullable=False),
        sa.Column("security_audit_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_digital_application_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_digital_application_region_id_region")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user.id"], name=op.f("fk_digital_application_updated_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digital_application")),
    )
    with op.batch_alter_table("digital_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_digital_application_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_digital_application_region_id"), ["region_id"], unique=False)

    op.create_table(
        "digital_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("on_pemda_portal", sa.Boolean(), nullable=False),
        sa.Column("on_ina_digital", sa.Boolean(), nullable=False),
        sa.Column("sso", sa.Boolean(), nullable=False),
        sa.Column("digital_payment", sa.Boolean(), nullable=False),
        sa.Column("sp4n_lapor", sa.Boolean(), nullable=False),
        sa.Column("skm_survey", sa.Boolean(), nullable=False),
        sa.Column("skm_result", sa.Float(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("url_ok", sa.Boolean(), nullable=True),
        sa.Column("url_status", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("url_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_digital_service_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_digital_service_region_id_region")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user.id"], name=op.f("fk_digital_service_updated_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digital_service")),
    )
    with op.batch_alter_table("digital_service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_digital_service_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_digital_service_region_id"), ["region_id"], unique=False)

    op.create_table(
        "inventory_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.Column("detached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detached_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["digital_application.id"],
            name=op.f("fk_inventory_evidence_application_id_digital_application"),
        ),
        sa.ForeignKeyConstraint(
            ["detached_by_id"], ["user.id"], name=op.f("fk_inventory_evidence_detached_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"], ["user.id"], name=op.f("fk_inventory_evidence_linked_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["digital_service.id"],
            name=op.f("fk_inventory_evidence_service_id_digital_service"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submission.id"], name=op.f("fk_inventory_evidence_submission_id_submission")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_evidence")),
    )
    with op.batch_alter_table("inventory_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventory_evidence_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inventory_evidence_service_id"), ["service_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inventory_evidence_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("inventory_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_evidence_submission_id"))
        batch_op.drop_index(batch_op.f("ix_inventory_evidence_service_id"))
        batch_op.drop_index(batch_op.f("ix_inventory_evidence_application_id"))

    op.drop_table("inventory_evidence")
    with op.batch_alter_table("digital_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digital_service_region_id"))
        batch_op.drop_index(batch_op.f("ix_digital_service_organisation_id"))

    op.drop_table("digital_service")
    with op.batch_alter_table("digital_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digital_application_region_id"))
        batch_op.drop_index(batch_op.f("ix_digital_application_organisation_id"))

    op.drop_table("digital_application")
