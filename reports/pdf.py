"""The printed report (A4, Bahasa Indonesia): cover, summary, charts, one page per OPD, the gap list and the
reviu decisions per OPD, drawn with the primitives of ``reports.pdf_layout``. The signed Berita Acara Reviu is
not part of it: it is its own numbered document (``reports.berita_acara``), and one record of a decision is
enough.
"""

from __future__ import annotations

import pandas as pd
from fpdf.enums import XPos, YPos

import i18n
import reports.method  # noqa: F401  (registers the "Cara menghitung" words)
from indicators import ROOT_CODE
from reports import pdf_cells as cell
from reports import pdf_review, views
from reports.data import Progress, ReportData, no_progress
from reports.pdf_layout import FAMILY, INK, MUTED, Col, PdfDocument, Series
from reports.text import t

CHART_LIMIT = 40
HEATMAP_LIMIT = 60
GAP_LIMIT = 40


# -- sections --------------------------------------------------------------------------------------------------


def _cover(pdf: PdfDocument, data: ReportData) -> None:
    lang = data.language
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, t("report.pdf.cover_sub", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.heading(data.title, 20)
    pdf.ln(4)
    pdf.paragraph(f"{t('report.about.catalog', lang)}: {data.catalog_name}", 10)  # its name, not its key
    pdf.paragraph(f"{t('report.about.period', lang)}: {data.period}", 10)
    pdf.paragraph(t("report.pdf.generated", lang, when=i18n.format_datetime(data.generated_at, lang)), 10)
    if data.provenance_note:
        pdf.paragraph(views.without_catalog_key(data, data.provenance_note), 8, "I")
    if data.marks:
        pdf.paragraph(f"{t('report.about.marks', lang)}: {', '.join(data.marks)}", 8, "B")
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(0, 6, t("report.about.zones", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    rows = [[z["name"], f"{cell.num(z['min'], lang)} – {cell.num(z['max'], lang)}"] for z in data.zones]
    fills: list[list[str | None]] = [[z.get("color"), None] for z in data.zones]
    pdf.grid([Col(t("report.col.zone", lang), 40), Col(t("report.about.scale", lang), 50)], rows, fills)


def _ranking_rows(frame: pd.DataFrame, data: ReportData) -> tuple[list[list[str]], list[list[str | None]]]:
    lang = data.language
    rows, fills = [], []
    for rec in frame.itertuples(index=False):
        zone = cell.text(rec.zone)
        rows.append(
            [cell.integer(rec.rank), cell.text(rec.name), cell.num(rec.score, lang), cell.num(rec.self_score, lang),
             cell.num(rec.projected, lang), zone, cell.change(rec.rank_change)]
        )  # fmt: skip
        fills.append([None, None, None, None, None, data.zone_color(zone), None])
    return rows, fills


def _zone_header(data: ReportData, group: object) -> str:
    """ "Zona", or "Zona (indikatif)" over OPD rows whose zones are predicates of a pemda's index."""
    key = "report.col.zone_indicative" if views.zone_indicative(data, group) else "report.col.zone"
    return t(key, data.language)


def _ranking_columns(lang: str, reviewer: str, zone_header: str) -> list[Col]:
    return [
        Col(t("report.col.rank", lang), 16, "C"),
        Col(t("report.col.name", lang), 70),
        Col(t("report.col.score", lang, reviewer=reviewer), 19, "R"),
        Col(t("report.col.self_score", lang), 17, "R"),
        Col(t("report.col.projected", lang), 17, "R"),
        Col(zone_header, 22, "C"),
        Col(t("report.col.rank_change", lang), 19, "C"),
    ]


def _summary(pdf: PdfDocument, data: ReportData, summary: pd.DataFrame) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.summary", lang))
    if data.subject is not None:
        head = summary[summary["entity"] == data.subject]
        if len(head):
            row = head.iloc[0]
            pdf.paragraph(row["name"], 11, "B")
            pdf.paragraph(
                t("report.pdf.headline", lang, reviewer=data.reviewer_label, score=cell.num(row["score"], lang), max=cell.num(data.scale_max, lang, 0),
                  zone=cell.text(row["zone"]), self_score=cell.num(row["self_score"], lang),
                  projected=cell.num(row["projected"], lang)),
                10,
            )  # fmt: skip
    status = data.items["status"].astype(str)
    pdf.paragraph(
        t("report.pdf.counts", lang, verified=int((status == "verified").sum()), total=len(status),
          submitted=int((status == "submitted").sum()), returned=int((status == "returned").sum())),
    )  # fmt: skip
    others = summary[summary["entity"] != (data.subject or "")]
    for group, key in (("pemda", "report.pdf.pemda_table"), ("opd", "report.pdf.opd_table")):
        part = others[others["group"] == group]
        if len(part):
            pdf.ensure(25)
            pdf.paragraph(t(key, lang), 10, "B")
            rows, fills = _ranking_rows(part, data)
            columns = _ranking_columns(lang, data.reviewer_label, _zone_header(data, group))
            pdf.grid(columns, rows, fills, wrap=(1,))
            if data.rank_note:
                pdf.paragraph(data.rank_note, 8, "I")


def _charts(pdf: PdfDocument, data: ReportData, summary: pd.DataFrame) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.charts", lang))
    ranked = summary[summary["entity"] != (data.subject or "")].dropna(subset=["score"])
    ranked = ranked.sort_values("score", ascending=False)
    units = set(data.units()["entity"].astype(str))
    ranked = ranked[ranked["entity"].isin(units)] if len(ranked[ranked["entity"].isin(units)]) else ranked
    shown = ranked.head(CHART_LIMIT)
    title = t("report.pdf.chart_ranking", lang)
    if len(ranked) > len(shown):
        title += f" ({t('report.pdf.chart_top', lang, shown=len(shown), total=len(ranked))})"
    pdf.bars(
        shown["name"].astype(str).tolist(),
        [None if pd.isna(v) else float(v) for v in shown["score"]],
        [data.zone_color(z) for z in shown["zone"]],
        scale_max=data.scale_max,
        number=lambda value: cell.num(value, lang),
        title=title,
    )

    _area_table(pdf, data, summary)

    trend = data.trend
    if data.subject is not None:
        trend = trend[trend["entity"].astype(str) == data.subject]
    if len(trend):
        labels, series = _trend_series(trend)
        pdf.trend(labels, series, scale_max=data.scale_max, axis_number=lambda v: cell.num(v, lang, 1),
                  point_number=lambda v: cell.num(v, lang), title=t("report.pdf.chart_trend", lang))  # fmt: skip
        if data.trend_sources:
            pdf.paragraph(t("report.about.trend_sources", lang) + ":", 8, "B")
            for line in data.trend_sources:
                pdf.paragraph(line, 7)


TREND_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _trend_series(trend: pd.DataFrame) -> tuple[list[str], list[Series]]:
    """The labels (assessment years) in order and one series per source; a series none of whose points is
    final (a period in progress, provisional readings) is provisional."""
    labels = sorted(trend["label"].astype(str).unique())
    positions = {label: i for i, label in enumerate(labels)}
    series = []
    for n, (source, rows) in enumerate(trend.groupby("source", sort=True)):
        points = sorted(
            (positions[str(label)], float(score))
            for label, score in zip(rows["label"], rows["score"], strict=True)
            if not pd.isna(score)
        )
        provisional = "stage" in rows.columns and bool((rows["stage"] != "final").all())
        series.append(Series(str(source), TREND_COLORS[n % len(TREND_COLORS)], points, provisional))
    return labels, series


def _area_table(pdf: PdfDocument, data: ReportData, summary: pd.DataFrame) -> None:
    """Scores per area as a table whose cells carry their zone colour: the "heatmap", drawn by the PDF itself
    (crisp, searchable, headers wrapped whole, Indonesian numbers; a matplotlib image of it took most of the
    PDF's build time)."""
    lang = data.language
    matrix, zones = views.area_matrix(data)
    shown, shown_zones = matrix.head(HEATMAP_LIMIT), zones.head(HEATMAP_LIMIT)
    names = dict(zip(summary["entity"], summary["name"], strict=False))
    area_names = views.node_names(data)
    title = t("report.pdf.chart_heatmap", lang)
    if len(matrix) > len(shown):
        title += f" ({t('report.pdf.chart_top', lang, shown=len(shown), total=len(matrix))})"
    pdf.add_page()
    pdf.paragraph(title, 10, "B")
    codes = [str(c) for c in shown.columns]
    width = (pdf.epw - 48) / max(len(codes), 1)
    columns = [Col(t("report.col.name", lang), 48)] + [
        Col(t("report.col.total", lang) if c == ROOT_CODE else c, width, "C") for c in codes
    ]
    rows: list[list[str]] = []
    fills: list[list[str | None]] = []
    for entity in shown.index:
        rows.append(
            [str(names.get(entity, entity))] + [cell.num(shown.at[entity, c], lang) for c in shown.columns]
        )
        fills.append([None, *(data.zone_color(cell.text(shown_zones.at[entity, c])) for c in shown.columns)])
    pdf.grid(columns, rows, fills, size=7, wrap=(0,))
    pdf.paragraph("; ".join(f"{c} {area_names.get(c, '')}" for c in codes if c != ROOT_CODE) + ".", 8)


def _unit_page(
    pdf: PdfDocument,
    data: ReportData,
    unit: pd.Series,
    scores: pd.DataFrame,
    group_size: int,
    names: dict[str, str],
) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(str(unit["name"]), 13)
    pdf.set_text_color(*MUTED)
    kind = t("report.group.opd", lang) if unit["group"] == "opd" else str(unit["kind"]).capitalize()
    pdf.paragraph(f"{kind} · {cell.text(unit['region_name'])}", 8)
    pdf.set_text_color(*INK)
    pdf.paragraph(
        t("report.pdf.headline", lang, reviewer=data.reviewer_label, score=cell.num(unit["score"], lang), max=cell.num(data.scale_max, lang, 0),
          zone=cell.text(unit["zone_label"]), self_score=cell.num(unit["self_score"], lang),
          projected=cell.num(unit["projected"], lang)),
        10,
    )  # fmt: skip
    pdf.paragraph(
        t(
            "report.pdf.rank_line",
            lang,
            rank=cell.integer(unit["rank"]),
            of=group_size,
            previous=cell.integer(unit["previous_rank"]),
        )
    )
    if data.rank_note:
        pdf.paragraph(data.rank_note, 7, "I")
    areas = scores[scores["depth"] == 1]
    pdf.paragraph(t("report.pdf.unit_areas", lang), 10, "B")
    columns = [
        Col(t("report.col.area", lang), 72),
        Col(t("report.col.score", lang, reviewer=data.reviewer_label), 22, "R"),
        Col(t("report.col.self_score", lang), 20, "R"),
        Col(t("report.col.projected", lang), 20, "R"),
        Col(t("report.col.gap", lang), 22, "R"),
        Col(_zone_header(data, unit["group"]), 24, "C"),
    ]
    rows, fills = [], []
    for code, score, self_score, projected, gap, zone in cell.columns(
        areas, "code", "score", "self_score", "projected", "gap", "zone"
    ):
        rows.append(
            [f"{code} {names.get(str(code), '')}", cell.num(score, lang), cell.num(self_score, lang),
             cell.num(projected, lang), cell.num(gap, lang), cell.text(zone)]
        )  # fmt: skip
        fills.append([None, None, None, None, None, data.zone_color(cell.text(zone))])
    pdf.grid(columns, rows, fills, wrap=(0,))
    gaps = scores[scores["is_leaf"].astype(bool) & (scores["gain"] > 1e-12)].sort_values(
        "gain", ascending=False
    )
    if len(gaps):
        pdf.paragraph(t("report.pdf.unit_gaps", lang), 10, "B")
        columns = [
            Col(t("report.col.code", lang), 24),
            Col(t("report.col.indicator", lang), 102),
            Col(t("report.col.score", lang, reviewer=data.reviewer_label), 26, "R"),
            Col(t("report.col.gain", lang), 28, "R"),
        ]
        rows = [
            [str(code), names.get(str(code), ""), cell.num(score, lang), cell.num(gain, lang, 3)]
            for code, score, gain in cell.columns(gaps.head(8), "code", "score", "gain")
        ]
        pdf.grid(columns, rows, wrap=(0, 1))


def _method(pdf: PdfDocument, data: ReportData) -> None:
    """The "Cara menghitung" section: how an item, an area, an OPD and the pemda are scored (``reports.method``)."""
    if not data.method:
        return
    pdf.heading(t("method.title", data.language), 12)
    for heading, text in data.method:
        pdf.paragraph(f"{heading}. {text}")


def _gap_section(pdf: PdfDocument, data: ReportData, names: dict[str, str]) -> None:
    lang = data.language
    pdf.add_page()
    pdf.heading(t("report.pdf.gap_list", lang))
    entity_names = dict(zip(data.entities["entity"].astype(str), data.entities["name"], strict=False))
    if data.subject is not None:
        gaps = views.gap_list(data, data.subject, GAP_LIMIT)
        subject = entity_names.get(data.subject, data.subject)
    else:
        leaves = data.scores[data.scores["is_leaf"].astype(bool) & (data.scores["gain"] > 1e-12)]
        gaps = leaves.sort_values("gain", ascending=False).head(GAP_LIMIT).copy()
        gaps["area"] = gaps["code"].astype(str).map(views.node_areas(data)).map(names)
        subject = data.title
    pdf.paragraph(t("report.pdf.gap_intro", lang, subject=subject))
    columns = [
        Col(t("report.col.no", lang), 9, "C"),
        Col(t("report.col.area", lang), 32),
        Col(t("report.col.code", lang), 22),
        Col(t("report.col.indicator", lang), 73),
        Col(t("report.col.score", lang, reviewer=data.reviewer_label), 20, "R"),
        Col(t("report.col.gain", lang), 24, "R"),
    ]
    rows = [
        [str(i + 1), cell.text(r.area), str(r.code), names.get(str(r.code), ""), cell.num(r.score, lang),
         cell.num(r.gain, lang, 3)]
        for i, r in enumerate(gaps.itertuples(index=False))
    ]  # fmt: skip
    pdf.grid(columns, rows, wrap=(1, 2, 3))


def build_pdf(data: ReportData, progress: Progress | None = None) -> bytes:
    """The whole report as PDF bytes."""
    data.validate()
    report = progress or no_progress
    lang = data.language
    pdf = PdfDocument(data)
    summary = views.summary(data)
    names = views.node_names(data)

    report(0.0, t("report.progress.section", lang, name=t("report.pdf.summary", lang)))
    _cover(pdf, data)
    _summary(pdf, data, summary)
    _method(pdf, data)
    report(0.05, t("report.progress.charts", lang))
    _charts(pdf, data, summary)

    units = summary[summary["entity"].isin(set(data.units()["entity"].astype(str)))]
    scores = data.scores.assign(entity=data.scores["entity"].astype(str))
    by_entity = {str(k): g for k, g in scores.groupby("entity", sort=False, observed=True)}
    group_sizes = summary.groupby("group")["entity"].count().to_dict()
    empty = scores.iloc[0:0]
    external = views.external_items(data)
    for i, unit in enumerate(units.to_dict("records")):
        if i % 10 == 0:
            report(0.12 + 0.4 * i / max(len(units), 1), t("report.progress.unit", lang, name=unit["name"]))
        _unit_page(pdf, data, pd.Series(unit), by_entity.get(str(unit["entity"]), empty),
                   int(group_sizes.get(unit["group"], 0)), names)  # fmt: skip
        pdf_review.external_values(pdf, data, external.get(str(unit["entity"])))

    report(0.55, t("report.progress.section", lang, name=t("report.pdf.gap_list", lang)))
    _gap_section(pdf, data, names)
    pdf_review.item_stages(pdf, data)

    report(0.9, t("report.progress.section", lang, name=t("report.pdf.decisions", lang)))
    pdf_review.review_decisions(pdf, data, units)
    report(0.97, t("report.progress.saving", lang))
    result = bytes(pdf.output())
    report(1.0, t("report.progress.done", lang))
    return result
