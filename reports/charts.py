"""The trend chart of the PDF, drawn with matplotlib's Agg canvas into PNG bytes in memory (the ranking bars and
the area table are drawn by fpdf itself, ``reports.pdf_layout``).

No pyplot: a ``Figure`` with its own Agg canvas keeps no global state, so two Streamlit sessions exporting at
once cannot draw into each other's figure, and nothing needs a display or a browser. Colours are the catalog's
zone colours; axis numbers use the report language's decimal comma.
"""

from __future__ import annotations

import io
import textwrap

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

import i18n

DPI = 130
MISSING_COLOR = "#dddddd"


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _formatter(lang: str, decimals: int = 1) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: i18n.format_number(value, decimals, lang))


def _short(text: object, width: int = 38) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def trend_lines(trend: pd.DataFrame, *, scale_max: float, lang: str, title: str) -> bytes:
    """One line per source (Lentera final / sementara, KPK final / sementara...) over the labels (assessment
    years) in order; a series whose ``stage`` is not final is dashed with hollow markers."""
    figure = Figure(figsize=(7.2, 2.8), layout="constrained")
    ax = figure.add_subplot()
    labels = sorted(trend["label"].astype(str).unique())
    positions = {label: i for i, label in enumerate(labels)}
    for source, rows in trend.groupby("source", sort=True):
        rows = rows.assign(x=rows["label"].astype(str).map(positions)).sort_values("x")
        # A period in progress and provisional readings: dashed with hollow markers, never a final point.
        provisional = "stage" in rows.columns and bool((rows["stage"] != "final").all())
        ax.plot(rows["x"], rows["score"], marker="o", linewidth=1.4, markersize=4, label=str(source),
                linestyle="--" if provisional else "-", markerfacecolor="none" if provisional else None)  # fmt: skip
        for x, y in zip(rows["x"], rows["score"], strict=True):
            ax.annotate(i18n.format_number(y, 2, lang), (x, y), textcoords="offset points", xytext=(0, 5),
                        ha="center", fontsize=6)  # fmt: skip
    ax.set_xticks(range(len(labels)), labels, fontsize=7)
    ax.set_ylim(0, scale_max)
    ax.yaxis.set_major_formatter(_formatter(lang))
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(title, fontsize=9, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)
