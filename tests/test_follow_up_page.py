"""The "Tindak Lanjut" page's chart: the pemda's actions by status, day by day (``ui.follow_up_page.
history_series``), drawn as stacked areas (``ui.svg.stacked_areas``, tested in ``test_svg_charts``)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from i18n import label, set_language
from ui.follow_up_page import history_series
from vocabulary import ACTION_STATUSES, ActionStatus


def test_each_status_is_a_series_of_its_counts_day_by_day_zero_where_missing() -> None:
    """Days in order whatever the rows' order; every status a series in the vocabulary's order, with its label;
    a status with no row on a day (or none at all) counts 0 there."""
    set_language("id")
    history = pd.DataFrame(
        [
            {"day": date(2026, 12, 2), "status": ActionStatus.selesai.value, "count": 3},
            {"day": date(2026, 12, 1), "status": ActionStatus.rencana.value, "count": 2},
            {"day": date(2026, 12, 2), "status": ActionStatus.rencana.value, "count": 1},
        ]
    )
    days, series = history_series(history)
    assert days == [date(2026, 12, 1), date(2026, 12, 2)]
    assert [name for name, _colour, _counts in series] == [label(s, capital=True) for s in ACTION_STATUSES]
    counts = {name: values for name, _colour, values in series}
    assert counts[label(ActionStatus.rencana, capital=True)] == [2.0, 1.0]
    assert counts[label(ActionStatus.selesai, capital=True)] == [0.0, 3.0]
    assert counts[label(ActionStatus.batal, capital=True)] == [0.0, 0.0]
