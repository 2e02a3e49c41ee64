"""EvidenceLink.document_code: which required document of a documents-rule item an attached file answers ("D1"),
tagged by the focal point; NULL for files not tagged (counted as before, up to what the item requires).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 13:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidencelink", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_code", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidencelink", schema=None) as batch_op:
        batch_op.drop_column("document_code")
