"""The lead OPD of an assigned item (``assignment.lead``): the pemda's value of a ``lead`` item is its value.

Existing assignments are marked from their period's catalog (``responsible.lead``, else the first named OPD or
kind), as ``services.assignments`` marks new ones, so a database upgraded in the middle of a period scores
exactly like one whose period was created after the upgrade. The stored national leaf means
(``period_leaf_means``) were computed as plain means: they are dropped, to be recomputed by each leaf's rule.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:57:32.831850

"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from indicators import Catalog

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead", sa.Boolean(), server_default=sa.false(), nullable=False))
    _mark_leads(op.get_bind())
    op.execute("DELETE FROM period_leaf_means")


def _mark_leads(connection: sa.Connection) -> None:
    periods = connection.execute(
        sa.text("SELECT period.id, catalog.document FROM period JOIN catalog ON catalog.id = period.catalog_id")
    ).all()
    for period_id, document in periods:
        data = json.loads(document) if isinstance(document, str) else document
        leaves = {leaf.code: leaf for leaf in Catalog.model_validate(data).leaves()}
        rows = connection.execute(
            sa.text(
                "SELECT assignment.id, assignment.code, organisation.abbreviation, organisation.name, "
                "organisation.kind FROM assignment JOIN organisation ON organisation.id = assignment.organisation_id "
                "WHERE assignment.period_id = :period"
            ),
            {"period": period_id},
        ).all()
        lead_ids = [
            row_id
            for row_id, code, abbreviation, name, kind in rows
            if code in leaves
            and leaves[code].responsible is not None
            and leaves[code].responsible.names_lead(abbreviation=abbreviation, name=name, kind=kind)  # type: ignore[union-attr]
        ]
        for start in range(0, len(lead_ids), 500):
            connection.execute(
                sa.text("UPDATE assignment SET lead = :yes WHERE id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"yes": True, "ids": lead_ids[start : start + 500]},
            )


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("lead")
