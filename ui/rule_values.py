"""How a leaf's value reads and how it is entered, per scoring rule: a level with its name, a percentage step,
yes/no, or ticked documents whose points add up to the value.

Only data entry happens here: the one sum computed is the points of the documents a user ticks, not a score.
"""

from __future__ import annotations

import itertools
import math

import streamlit as st

from i18n import t
from indicators import Node
from indicators.schema import BinaryRule, DocumentsRule, LevelsRule, PercentRule
from ui.widgets import number


def rule_value_label(node: Node, value: float | None) -> str:
    """How a recorded value reads to a person: "3 – Terdefinisi", "50", "Ya", "60 poin"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    rule = node.rule
    if isinstance(rule, LevelsRule):
        name = rule.levels.get(round(value))
        return f"{round(value)} – {name}" if name else number(value, 0)
    if isinstance(rule, BinaryRule):
        return t("ui.yes") if value >= 1 else t("ui.no")
    if isinstance(rule, DocumentsRule):
        return t("ui.value.points", points=number(value, 0))
    return number(value, 0)


def _documents_for_value(rule: DocumentsRule, value: float | None) -> set[str]:
    """The documents whose points add up to a stored value, to tick them again when the form reopens."""
    if value is None or value <= 0:
        return set()
    documents = rule.documents
    if len(documents) > 14:  # brute force stays instant up to here; beyond, start unticked
        return set()
    for size in range(len(documents), 0, -1):
        for combo in itertools.combinations(documents, size):
            if math.isclose(sum(d.points for d in combo), value, abs_tol=1e-6):
                return {d.code for d in combo}
    return set()


def value_input(node: Node, current: float | None, *, key: str, label: str | None = None) -> float | None:
    """The control a leaf's rule needs; returns the chosen value (None when nothing chosen yet)."""
    rule = node.rule
    label = label or t("ui.value.label")
    if isinstance(rule, LevelsRule):
        options = sorted(rule.levels)
        index = options.index(int(current)) if current is not None and int(current) in options else None
        level = st.radio(
            label,
            options=options,
            index=index,
            format_func=lambda lv: f"{lv} – {rule.levels[lv]}",
            key=key,
        )
        return None if level is None else float(level)
    if isinstance(rule, BinaryRule):
        options_b = [1.0, 0.0]
        chosen = st.segmented_control(
            label,
            options=options_b,
            default=current if current in options_b else None,
            format_func=lambda v: t("ui.yes") if v >= 1 else t("ui.no"),
            key=key,
        )
        return None if chosen is None else float(chosen)
    if isinstance(rule, PercentRule):
        if rule.steps:
            steps = [float(s) for s in rule.steps]
            chosen = st.segmented_control(
                label,
                options=steps,
                default=current if current in steps else None,
                format_func=lambda v: number(v, 0),
                key=key,
            )
            return None if chosen is None else float(chosen)
        return float(
            st.number_input(
                label, min_value=0.0, max_value=100.0, value=float(current or 0.0), step=1.0, key=key
            )
        )
    if isinstance(rule, DocumentsRule):
        st.markdown(f"**{label}**")
        ticked = _documents_for_value(rule, current)
        total = 0.0
        for document in rule.documents:
            checked = st.checkbox(
                t("ui.value.document", name=document.name, points=number(document.points, 0)),
                value=document.code in ticked,
                key=f"{key}_{document.code}",
            )
            if checked:
                total += document.points
        st.caption(t("ui.value.points_total", points=number(total, 0), total=number(rule.total, 0)))
        return total
    return None
