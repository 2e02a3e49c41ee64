"""The national ranking page: every pemda in the user's scope ranked on its latest period of one catalog.

The numbers are ``services.national.national_ranking`` as they come (the service scores and ranks, and limits a
region-scoped user to their own scope); this module only picks the catalog and lens, filters the table by
province, formats scores Indonesian-style, colours zones with the catalog's colours and offers the CSV.
The rank shown is always the service's rank within the user's scope, also when the table is filtered.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import label, t
from indicators import Catalog
from services import catalogs, exports, install, periods
from services.actor import Actor
from services.national import national_ranking
from ui import session, svg
from ui.display import format_all, number, options_with_all, provenance_badge, zone_colour
from ui.leader.controls import lens_toggle
from ui.widgets import default_period, guarded, page_header
from vocabulary import RegionKind

TOP = 20
CATALOG_KEY = "national_catalog"
PROVINCE_KEY = "national_province"
OWN_COLOUR = "#1f3a93"


def _catalogs(actor: Actor) -> tuple[dict[str, str], str | None]:
    """Catalog key → label of the catalogs with a period in the actor's scope (newest period first), and the
    default: the catalog of the period the user works on elsewhere (the overview's choice or default)."""
    frame = periods.list_periods(actor)
    if frame.empty:
        return {}, None
    labels: dict[str, str] = {}
    for _, row in frame.iterrows():
        labels.setdefault(str(row["catalog_key"]), str(row["catalog_name"]))  # a name, never the key
    period_id = st.session_state.get(session.PERIOD_KEY)
    if period_id not in set(frame["period_id"]):
        period_id = default_period(frame, actor)
    return labels, str(frame.loc[frame["period_id"] == period_id, "catalog_key"].iloc[0])


def _kind_label(kind: Any) -> str:
    return label(kind, kind=RegionKind)


@guarded
def national_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.national", t("ui.national.caption"))
    labels, default = _catalogs(actor)
    if not labels:
        st.info(t("ui.national.none"))
        return
    keys = list(labels)
    remembered = st.session_state.get(CATALOG_KEY + "_value", default)
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    catalog_key = left.selectbox(
        t("ui.national.catalog"),
        keys,
        index=keys.index(remembered) if remembered in keys else 0,
        format_func=lambda key: labels.get(key, key),
        key=CATALOG_KEY,
    )
    st.session_state[CATALOG_KEY + "_value"] = catalog_key
    with right:
        tag = lens_toggle()

    with st.spinner(t("ui.national.loading")):
        ranking = national_ranking(actor, catalog_key=catalog_key, tag=tag)
    if tag:
        st.info(t("ui.lens.active"))
    if ranking.empty:
        st.info(t("ui.national.empty"))
        return
    catalog = catalogs.catalog_by_key(catalog_key)
    provenance_badge(catalog)
    own = str(actor.region_id) if actor.region_id is not None else None
    _own_rank(ranking, own)
    _chart(ranking, own, catalog)
    _table(ranking, catalog, catalog_key, tag)


def _own_rank(ranking: pd.DataFrame, own: str | None) -> None:
    mine = ranking.loc[ranking["entity"] == own]
    if mine.empty:
        return
    row = mine.iloc[0]
    st.markdown(
        t(
            "ui.national.own_rank",
            name=row["name"],
            rank=number(row["rank"], 0),
            total=number(len(ranking), 0),
        )
    )


def _chart(ranking: pd.DataFrame, own: str | None, catalog: Catalog | None) -> None:
    """The top 20 as horizontal bars in their zone colours; the user's pemda stands out (added when lower)."""
    shown = ranking.head(TOP)
    mine = ranking.loc[ranking["entity"] == own]
    if not mine.empty and own not in set(shown["entity"]):
        shown = pd.concat([shown, mine])
    is_own = [bool(flag) for flag in (shown["entity"] == own)]
    names = [
        f"{'–' if pd.isna(rank) else int(rank)}. " + (t("ui.national.own", name=name) if mine_ else str(name))
        for rank, name, mine_ in zip(shown["rank"], shown["name"], is_own, strict=True)
    ]
    zones = [None if pd.isna(z) else str(z) for z in shown["zone"]]
    fills = [OWN_COLOUR if m else zone_colour(catalog, z) for m, z in zip(is_own, zones, strict=True)]
    scale_max = catalog.scale.max if catalog is not None else float(ranking["score"].max())
    title = t(
        "ui.national.chart_title", shown=number(min(TOP, len(ranking)), 0), total=number(len(ranking), 0)
    )
    markup = svg.ranking_bars(
        names, shown["score"].astype(float).tolist(), fills, is_own, high=scale_max, title=title,
        value_title=t("ui.col.score"),
    )  # fmt: skip
    svg.show(markup, key="national_chart")


def _columns() -> dict[str, str]:
    """Ranking column → its translated header (table and CSV)."""
    return {
        "rank": t("ui.col.rank"),
        "kemendagri_code": t("ui.national.col.kemendagri_code"),
        "name": t("ui.col.name"),
        "province": t("ui.national.province"),
        "kind": t("ui.col.kind"),
        "score": t("ui.col.score"),
        "self_score": t("ui.col.self_score"),
        "zone": t("ui.col.zone"),
    }


def ranking_csv(rows: pd.DataFrame) -> bytes:
    """The ranking rows as CSV for Excel in Indonesian (``exports.table_csv``, as every download) under translated
    headers; scores stay numbers (4 decimals)."""
    columns = _columns()
    export = rows[list(columns)].assign(
        rank=pd.to_numeric(rows["rank"], errors="coerce").round().astype("Int64"),
        kind=rows["kind"].map(_kind_label),
        score=rows["score"].astype(float),
        self_score=rows["self_score"].astype(float),
    )
    return exports.table_csv(export.rename(columns=columns), decimals=4)


def _table(ranking: pd.DataFrame, catalog: Catalog | None, catalog_key: str, tag: str | None) -> None:
    provinces = sorted(ranking["province"].dropna().unique())
    province = st.selectbox(
        t("ui.national.province"), options_with_all(provinces), format_func=format_all, key=PROVINCE_KEY
    )
    rows = ranking if province is None else ranking.loc[ranking["province"] == province]
    columns = _columns()
    shown = pd.DataFrame(
        {
            columns["rank"]: rows["rank"].map(lambda r: "–" if pd.isna(r) else str(int(r))),
            columns["kemendagri_code"]: rows["kemendagri_code"],
            columns["name"]: rows["name"],
            columns["province"]: rows["province"],
            columns["kind"]: rows["kind"].map(_kind_label),
            columns["score"]: rows["score"].map(number),
            columns["self_score"]: rows["self_score"].map(number),
            columns["zone"]: rows["zone"].astype(object).where(rows["zone"].notna(), ""),
        }
    )

    def paint(value: Any) -> str:
        if not isinstance(value, str) or not value:
            return ""
        return f"background-color: {zone_colour(catalog, value)}; color: white; font-weight: 600"

    st.dataframe(shown.style.map(paint, subset=[columns["zone"]]), hide_index=True, key="national_table")
    st.caption(t("ui.national.shown", shown=number(len(rows), 0), total=number(len(ranking), 0)))
    suffix = f"-{tag}" if tag else ""
    st.download_button(
        t("ui.national.download"),
        data=ranking_csv(rows),
        file_name=install.exported_name(f"peringkat-nasional-{catalog_key}{suffix}.csv"),
        mime="text/csv",
        key="national_download",
        icon=":material/download:",
    )
