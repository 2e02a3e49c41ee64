"""The Sekda's picture of the province (issue 13 §4): every kab/kota with KPK's published results by year and
area, Lentera's readiness beside it, "belum ada data" where neither; the province above, not among them. Service
on SQLite and PostgreSQL over ``score_world``; the choice of the published reading to show without a database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import score_world as world
from factories import make_region

from i18n import LenteraError
from models import session_scope
from models.tables import PublishedScore
from services.province import province_picture, published_cells


def _publish(
    code: str,
    entity: str,
    year: int,
    score: float,
    status: str,
    *,
    published_on: date | None = None,
    area: str | None = None,
    level: str = "pemda",
) -> None:
    with session_scope() as session:
        session.add(
            PublishedScore(
                kemendagri_code=code,
                entity=entity,
                framework="MCP",
                year=year,
                score=score,
                status=status,
                publisher="KPK",
                source="Siaran pers KPK",
                source_url="https://kpk.go.id/x",
                published_on=published_on,
                area=area,
                level=level,
            )
        )


@pytest.fixture
def setup(db_url: str) -> world.Setup:
    s = world.build()
    make_region(code="82.08", name="Kabupaten Pulau Taliabu", kind="kabupaten", parent_id=s.province)
    make_region(code="82.05", name="Kabupaten Kepulauan Sula", kind="kabupaten", parent_id=s.province)
    _publish("82", "Provinsi Maluku Utara", 2025, 70, "provisional", published_on=date(2025, 10, 30))
    _publish("82", "Provinsi Maluku Utara", 2025, 90, "final", published_on=date(2025, 12, 17))
    _publish("82", "Provinsi Maluku Utara", 2025, 88.3, "provisional", published_on=date(2025, 11, 28))
    _publish("82.08", "Kabupaten Pulau Taliabu", 2025, 45, "final", published_on=date(2025, 12, 17))
    _publish("82.08", "Kabupaten Pulau Taliabu", 2024, 61, "reported", area="A", level="area")
    return s


def test_every_kab_kota_is_listed_with_what_is_known(setup: world.Setup) -> None:
    """Ternate has Lentera's readiness (12 by hand), Taliabu KPK's final, Sula nothing: belum ada data."""
    picture = province_picture(setup.leader, period_id=setup.period_id)
    assert picture.province["name"].tolist() == ["Provinsi Maluku Utara"]
    assert picture.province["lentera_score"].iloc[0] == pytest.approx(24)
    regions = picture.regions.set_index("name")
    assert list(picture.regions["kemendagri_code"]) == ["82.05", "82.08", "82.71"]  # not ranked: by code
    assert "Provinsi Maluku Utara" not in regions.index
    assert regions.loc["Kota Ternate", "lentera_score"] == pytest.approx(0.6 * 20)
    assert regions.loc["Kota Ternate", "period_name"] == "Uji 2026 Ternate"
    assert regions["lentera_score"].isna().to_dict()["Kabupaten Pulau Taliabu"]
    assert regions.loc["Kabupaten Pulau Taliabu", "has_data"]
    assert not regions.loc["Kabupaten Kepulauan Sula", "has_data"]
    cells = picture.cells.set_index(["region_id", "year"])
    assert cells.loc[(setup.province, 2025), "score"] == 90  # the final, not a later-typed provisional
    assert cells.loc[(setup.province, 2025), "readings"] == 3
    area = picture.published.loc[picture.published["level"] == "area"]
    assert area[["area", "score", "status"]].to_dict("records") == [
        {"area": "A", "score": 61.0, "status": "reported"}
    ]
    assert set(picture.published["publisher"]) == {"KPK"}


def test_the_lens_filters_lenteras_numbers_not_kpks(setup: world.Setup) -> None:
    """Under the digital lens (A1, B1 only) the province's readiness changes; KPK's final stays 90."""
    picture = province_picture(setup.leader, period_id=setup.period_id, tag="digital")
    # Province digital: A1 = mean(100, 0) = 50 → A 50; B1 0 → 0.6 × 50 = 30.
    assert picture.province["lentera_score"].iloc[0] == pytest.approx(30)
    assert picture.cells.set_index(["region_id", "year"]).loc[(setup.province, 2025), "score"] == 90


def test_outside_the_scope_is_refused(setup: world.Setup) -> None:
    """A kota's inspector cannot read the province's picture; a focal point reads no pemda-wide numbers."""
    for actor in (setup.inspector_kab, setup.focal1):
        with pytest.raises(LenteraError):
            province_picture(actor, period_id=setup.period_id)


def test_published_cells_prefer_the_final_else_the_latest_reading() -> None:
    """Without a final the latest provisional reading is shown, and its status says so."""
    frame = pd.DataFrame(
        [
            (1, 2025, 70.0, "provisional", "pemda", None, date(2025, 10, 30)),
            (1, 2025, 85.0, "provisional", "pemda", None, date(2025, 11, 26)),
            (1, 2024, 54.26, "provisional", "pemda", None, date(2024, 12, 4)),
            (1, 2024, 100.0, "reported", "area", "Perencanaan", None),
            (2, 2025, 45.0, "final", "pemda", None, date(2025, 12, 17)),
            (2, 2025, 50.0, "provisional", "pemda", None, date(2025, 12, 20)),
        ],
        columns=["region_id", "year", "score", "status", "level", "area", "published_on"],
    )
    cells = published_cells(frame).set_index(["region_id", "year"])
    assert cells.loc[(1, 2025), "score"] == 85 and cells.loc[(1, 2025), "status"] == "provisional"
    assert cells.loc[(1, 2024), "score"] == pytest.approx(54.26)  # the area reading is not a pemda result
    assert cells.loc[(2, 2025), "score"] == 45 and cells.loc[(2, 2025), "status"] == "final"
