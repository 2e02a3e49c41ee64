"""The "Cara menghitung" (how this is computed) text of a period's catalog, for the leader's overview panel.

The words come from ``reports.method`` (the PDF and xlsx print the same), generated from the catalog's data.
"""

from __future__ import annotations

from reports.method import how_computed
from services import catalogs


def period_method(*, period_id: int, lang: str) -> list[tuple[str, str]]:
    """(heading, paragraph) for the item, the area, the OPD and the pemda of the period's catalog. No permission
    check: like ``catalogs.catalog_for_period`` it reveals the catalog's rules, no data."""
    return how_computed(catalogs.catalog_for_period(period_id), lang)
