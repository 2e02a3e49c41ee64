"""One item worked through in the "Cara menghitung" panel (``services.method.item_example``), on the demo: every
OPD's score is its reviewed value ÷ the rule's maximum × the scale, the pemda's value follows the item's rule, and
an item assigned to no OPD says so and counts the floor."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import session_scope
from models.tables import Period, Region
from services import catalogs, method
from services.exports import OPERATOR
from services.overview import period_overview

pytestmark = pytest.mark.usefixtures("demo")


def _open_period(region_name: str) -> int:
    with session_scope() as session:
        region = session.exec(select(Region).where(Region.name == region_name)).one()
        found = session.exec(
            select(Period).where(Period.region_id == region.id, Period.state == "open")
        ).all()
        period = next((p for p in found if "MCSP" in p.name), None)
        assert period is not None and period.id is not None
        return period.id


def test_each_opd_score_is_value_over_maximum_and_the_pemda_follows_the_rule() -> None:
    """Reviewed items first; for each, the OPD scores are the catalog's formula and the pemda's is by its rule."""
    period_id = _open_period("Provinsi Maluku Utara")
    overview = period_overview(OPERATOR, period_id=period_id)
    catalog = catalogs.catalog_for_period(period_id)
    codes = method.example_codes(overview)
    checked = 0
    for code in codes[:20]:
        example = method.item_example(overview, catalog, code)
        values = [o for o in example.opds if o.value is not None]
        if not values:
            break  # the reviewed ones come first
        for opd in values:
            assert opd.value is not None
            assert opd.score == pytest.approx(opd.value / example.maximum * example.scale_max)
        scores = [o.score for o in example.opds]
        expected = {"any": max(scores), "all": min(scores), "mean": sum(scores) / len(scores)}
        if example.pemda_rule in expected and len(values) == len(example.opds):
            assert example.pemda_score == pytest.approx(expected[example.pemda_rule])
        checked += 1
    assert checked >= 3


def test_an_item_assigned_to_no_opd_counts_the_floor() -> None:
    period_id = _open_period("Kabupaten Pulau Taliabu")
    overview = period_overview(OPERATOR, period_id=period_id)
    catalog = catalogs.catalog_for_period(period_id)
    unassigned = next(
        code
        for code in method.example_codes(overview)
        if method.item_example(overview, catalog, code).unassigned
    )
    example = method.item_example(overview, catalog, unassigned)
    assert example.opds == [] and example.pemda_score == pytest.approx(0.0)
