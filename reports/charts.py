"""Static charts for the PDF, drawn with matplotlib's Agg canvas into PNG bytes in memory.

No pyplot: a ``Figure`` with its own Agg canvas keeps no global state, so two Streamlit sessions exporting at
once cannot draw into each other's figure, and nothing needs a display or a browser. Colours are the catalog's
zone colours; axis numbers use the report language's decimal comma.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
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


def ranking_bars(
    names: list[str], scores: list[float], colors: list[str], *, scale_max: float, lang: str, title: str
) -> bytes:
    """Horizontal bars, best at the top, coloured by zone."""
    height = max(2.0, 0.17 * len(names) + 0.9)
    figure = Figure(figsize=(7.2, height), layout="constrained")
    ax = figure.add_subplot()
    positions = np.arange(len(names))[::-1]
    values = np.nan_to_num(np.asarray(scores, dtype=float))
    ax.barh(positions, values, color=colors, edgecolor="#555555", linewidth=0.3)
    ax.set_yticks(positions, [_short(n) for n in names], fontsize=7)
    ax.set_xlim(0, scale_max)
    ax.xaxis.set_major_formatter(_formatter(lang))
    ax.tick_params(axis="x", labelsize=7)
    for y, value in zip(positions, values, strict=True):
        ax.text(value + scale_max * 0.01, y, i18n.format_number(value, 2, lang), va="center", fontsize=6)
    ax.set_title(title, fontsize=9, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def area_heatmap(
    matrix: pd.DataFrame,
    zone_colors: pd.DataFrame,
    *,
    row_labels: list[str],
    column_labels: list[str],
    lang: str,
    title: str,
) -> bytes:
    """Entities × areas, each cell in its zone colour with the score written in."""
    rows, columns = matrix.shape
    rgb = np.ones((rows, columns, 3))
    for i in range(rows):
        for j in range(columns):
            color = zone_colors.iat[i, j]
            rgb[i, j] = to_rgb(color if isinstance(color, str) else MISSING_COLOR)
    figure = Figure(figsize=(7.2, max(2.0, 0.17 * rows + 1.4)), layout="constrained")
    ax = figure.add_subplot()
    ax.imshow(rgb, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(columns), [_short(c, 22) for c in column_labels], fontsize=6, rotation=30, ha="right")
    ax.set_yticks(range(rows), [_short(r) for r in row_labels], fontsize=6)
    if rows * columns <= 600:
        values = matrix.to_numpy(dtype=float)
        for i in range(rows):
            for j in range(columns):
                value = float(values[i, j])
                luminance = float(np.dot(rgb[i, j], [0.299, 0.587, 0.114]))
                ax.text(j, i, i18n.format_number(value, 2, lang), ha="center", va="center", fontsize=5.5,
                        color="white" if luminance < 0.55 else "black")  # fmt: skip
    ax.set_title(title, fontsize=9, loc="left")
    return _png(figure)


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
