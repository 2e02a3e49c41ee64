"""Security hardening: sign-in throttling, per-installation secrets, forced password change, SSO subject.

``loginthrottle`` replaces the hard account lock an anonymous visitor could trigger; ``installsecret`` holds the
random demo passwords and the hashed first-admin setup token; ``user.must_change_password`` forces seeded
accounts to choose their own password; ``user.sso_subject`` binds an account to the identity provider's ``sub``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 15:12:53

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "installsecret",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_installsecret")),
    )
    op.create_table(
        "loginthrottle",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_loginthrottle")),
    )
    with op.batch_alter_table("loginthrottle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginthrottle_last_failure_at"), ["last_failure_at"], unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("sso_subject", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_user_sso_subject"), ["sso_subject"])


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_sso_subject"), type_="unique")
        batch_op.drop_column("sso_subject")
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("loginthrottle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginthrottle_last_failure_at"))
    op.drop_table("loginthrottle")
    op.drop_table("installsecret")
