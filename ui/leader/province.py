"""The overview's kabupaten/kota tab: the province above all its kab/kota, KPK's (KemenPANRB's) published results by
year beside Lentera's readiness, "belum ada data" where neither, the area results and every source under the
table (``services.province.province_picture``)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import format_date, register, t
from indicators import Catalog
from indicators.provenance import published_source, status_label
from services.actor import Actor
from services.overview import Overview
from services.province import ProvincePicture, province_picture
from services.trend import trend, trend_source
from ui.display import number, plain, provenance_badge

register(
    {
        "ui.province.heading": {"id": "Provinsi", "en": "Province"},
        "ui.province.kabkota": {
            "id": "Kabupaten/kota di provinsi ini ({count}), urut kode Kemendagri — tidak diperingkat",
            "en": "Kabupaten/kota of this province ({count}), by Kemendagri code — not ranked",
        },
        "ui.province.col.lentera": {
            "id": "Kesiapan Lentera (reviu internal)",
            "en": "Lentera readiness (internal review)",
        },
        "ui.province.col.period": {"id": "Periode Lentera", "en": "Lentera period"},
        "ui.province.col.published": {"id": "{publisher} {year}", "en": "{publisher} {year}"},
        "ui.province.col.note": {"id": "Keterangan", "en": "Note"},
        "ui.province.no_data": {"id": "belum ada data", "en": "no data yet"},
        "ui.province.no_period": {
            "id": "tidak menjalankan periode ini",
            "en": "runs no period of this catalog",
        },
        "ui.province.cell": {"id": "{score} ({status})", "en": "{score} ({status})"},
        "ui.province.cell_dated": {"id": "{score} ({status}, {date})", "en": "{score} ({status}, {date})"},
        "ui.province.areas": {"id": "Nilai per area yang diumumkan", "en": "Published area scores"},
        "ui.province.col.year": {"id": "Tahun", "en": "Year"},
        "ui.province.col.area": {"id": "Area", "en": "Area"},
        "ui.province.col.status": {"id": "Status", "en": "Status"},
        "ui.province.col.source": {"id": "Sumber", "en": "Source"},
        "ui.province.own_areas": {
            "id": "Nilai per area yang diumumkan {publisher} untuk pemda ini",
            "en": "Area scores {publisher} published for this pemda",
        },
        "ui.province.own_areas_note": {
            "id": "Nilai resmi per area (tidak tersaring lensa), di samping skor area Lentera di atas.",
            "en": "Official area scores (not filtered by the lens), beside Lentera's area scores above.",
        },
        "ui.province.sources": {"id": "Sumber nilai yang diumumkan", "en": "Sources of the published scores"},
        "ui.province.note": {
            "id": "Kesiapan Lentera adalah skor hasil reviu internal pada katalog periode ini (mengikuti lensa "
            "layanan digital); nilai {publisher} adalah hasil resmi yang diumumkan (nilai final bila ada, "
            "selain itu bacaan sementara terakhir, ditandai).",
            "en": "Lentera readiness is the internal review score on this period's catalog (it follows the "
            "digital-services lens); the {publisher} columns are the published official results (the final "
            "when there is one, else the latest provisional reading, marked).",
        },
    }
)


def publisher_of(framework: str) -> str:
    return "KemenPANRB" if framework.strip().upper() == "SPBE" else "KPK"


def cell_text(cell: Any) -> str:
    """A published result as a cell: "90 (final)", "85 (sementara, 26 November 2025)"."""
    status = status_label(cell["status"])
    if cell["status"] != "final" and cell["published_on"] is not None and not pd.isna(cell["published_on"]):
        return t("ui.province.cell_dated", score=number(cell["score"]), status=status,
                 date=format_date(cell["published_on"]))  # fmt: skip
    return t("ui.province.cell", score=number(cell["score"]), status=status)


def picture_table(picture: ProvincePicture, rows: pd.DataFrame) -> pd.DataFrame:
    """The shown table of ``rows`` (the province or its kab/kota): one column per published year. Pure."""
    publisher = publisher_of(picture.framework)
    years = sorted({int(y) for y in picture.cells["year"]})
    cells = {(int(c["region_id"]), int(c["year"])): c for _, c in picture.cells.iterrows()}
    shown: dict[str, list[str]] = {t("ui.col.name"): [str(n) for n in rows["name"]]}
    for year in reversed(years):  # the newest published year first, beside the name
        header = t("ui.province.col.published", publisher=publisher, year=year)
        shown[header] = [
            cell_text(cells[(int(r), year)]) if (int(r), year) in cells else "–" for r in rows["region_id"]
        ]
    shown[t("ui.province.col.lentera")] = [number(s) for s in rows["lentera_score"]]
    shown[t("ui.province.col.period")] = [
        str(p) if isinstance(p, str) else t("ui.province.no_period") for p in rows["period_name"]
    ]
    shown[t("ui.province.col.note")] = ["" if has else t("ui.province.no_data") for has in rows["has_data"]]
    return pd.DataFrame(shown)


def published_areas(actor: Actor, overview: Overview) -> None:
    """The area view's official side: the area scores KPK (KemenPANRB) published for the period's pemda, each
    with its year, status and source; nothing when none were published."""
    frame = trend(actor, region_id=overview.region_id, ours=False)  # area scores are only published ones
    if frame.empty:
        return
    rows = frame.loc[
        frame["area"].notna()
        & (frame["framework"].astype(str).str.upper() == str(overview.framework).upper())
    ]
    if rows.empty:
        return
    publisher = publisher_of(str(overview.framework))
    st.markdown(f"**{t('ui.province.own_areas', publisher=publisher)}**")
    st.dataframe(
        pd.DataFrame(
            {
                t("ui.province.col.year"): rows["year"].astype(int).astype(str),
                t("ui.province.col.area"): rows["area"],
                t("ui.col.score"): rows["score"].map(number),
                t("ui.province.col.status"): rows["status"].map(status_label),
                t("ui.province.col.source"): [trend_source(row) for row in rows.to_dict("records")],
            }
        ),
        hide_index=True,
        key="published_areas_table",
    )
    st.caption(t("ui.province.own_areas_note"))


def province_tab(actor: Actor, overview: Overview, catalog: Catalog) -> None:
    picture = province_picture(actor, period_id=overview.period_id, tag=overview.tag)
    publisher = publisher_of(picture.framework)
    provenance_badge(catalog)
    st.markdown(f"**{t('ui.province.heading')}**")
    st.dataframe(picture_table(picture, picture.province), hide_index=True, key="province_table")
    if not picture.regions.empty:
        st.markdown(f"**{t('ui.province.kabkota', count=number(len(picture.regions), 0))}**")
        st.dataframe(picture_table(picture, picture.regions), hide_index=True, key="kabkota_table")
    st.caption(t("ui.province.note", publisher=publisher))
    names = dict(zip(picture.province["region_id"], picture.province["name"], strict=True))
    names.update(zip(picture.regions["region_id"], picture.regions["name"], strict=True))
    areas = picture.published.loc[picture.published["level"] == "area"]
    if not areas.empty:
        with st.expander(t("ui.province.areas")):
            st.dataframe(
                pd.DataFrame(
                    {
                        t("ui.col.name"): [names.get(r, "") for r in areas["region_id"]],
                        t("ui.province.col.year"): areas["year"].astype(int).astype(str),
                        t("ui.province.col.area"): areas["area"],
                        t("ui.col.score"): areas["score"].map(number),
                        t("ui.province.col.status"): areas["status"].map(status_label),
                        t("ui.province.col.source"): [
                            published_source(row) for row in areas.to_dict("records")
                        ],
                    }
                ),
                hide_index=True,
                key="province_areas_table",
            )
    ordered = picture.published.sort_values(["year", "published_on"], na_position="first")
    sources = list(
        dict.fromkeys(published_source(row) for row in ordered.to_dict("records"))
    )  # in time order
    if sources:
        with st.expander(t("ui.province.sources")):
            for line in sources:
                st.markdown(f"- {plain(line)}")
