"""How a leaf's value reads and how it is entered, per scoring rule: a level with its name, a percentage step,
yes/no, or ticked documents whose points add up to the value.

What a leaf accepts comes from its rule (``indicators.rules``: ``allowed_values``, ``level_names``,
``documents_for``); this module only picks the control and the wording for each kind, in two tables keyed by the
rule's ``kind``. Adding a rule kind: a class in ``indicators/rules.py``, then one entry in ``CONTROLS`` and one in
``LABELS``. Only data entry happens here: the one sum computed is the points of the documents a user ticks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from typing import Any

import streamlit as st

from i18n import register, t
from indicators import Node
from indicators.rules import (
    BinaryRule,
    DocumentsRule,
    ExternalIndexRule,
    LevelsRule,
    PercentRule,
    ValueRefused,
)
from ui.display import number, plain

register(
    {
        "ui.documents.accepted_title": {
            "id": "Dokumen diterima pada reviu",
            "en": "Documents accepted in reviu",
        },
        "ui.documents.accepted": {"id": "✔ {name} — diterima", "en": "✔ {name} — accepted"},
        "ui.documents.missing": {"id": "✘ {name} — belum diterima", "en": "✘ {name} — not accepted yet"},
        "ui.documents.tick": {"id": "Dokumen yang diterima", "en": "Documents accepted"},
        "ui.levels.tick": {"id": "Bukti per level yang diterima", "en": "Evidence accepted per level"},
        "ui.levels.tick_help": {
            "id": "Level bersifat kumulatif: level yang disetujui adalah level tertinggi yang buktinya, dan bukti "
            "setiap level di bawahnya, dicentang.",
            "en": "Levels are cumulative: the approved level is the highest whose evidence, and that of every "
            "level below it, is ticked.",
        },
        "ui.levels.reached": {"id": "Level dari centang: {level}", "en": "Level from the ticks: {level}"},
        "ui.levels.evidence_title": {"id": "Bukti per level", "en": "Evidence per level"},
        "ui.levels.has_file": {"id": "✔ {name} — ada berkas", "en": "✔ {name} — a file is tagged"},
        "ui.levels.no_file": {"id": "✘ {name} — belum ada berkas", "en": "✘ {name} — no file tagged yet"},
        "ui.levels.explain": {
            "id": "Level bersifat kumulatif: untuk mengajukan level N, tandai berkas bukti setiap level 1 sampai N "
            "pada pilihan «Dokumen yang dijawab berkas ini».",
            "en": "Levels are cumulative: to submit level N, tag a file as the evidence of each level 1 to N with "
            "“Document this file answers”.",
        },
        "ui.external.value": {"id": "Nilai {index}", "en": "{index} value"},
        "ui.external.none": {
            "id": "Belum ada nilai {index} (dihitung level 1)",
            "en": "No {index} value yet (counts as level 1)",
        },
        "ui.external.converts": {
            "id": "Nilai {value} pada {index} dikonversi menjadi level {level}. Unggah hasil penilaiannya sebagai "
            "bukti dukung.",
            "en": "{index} value {value} converts to level {level}. Upload its result as evidence.",
        },
        "ui.external.converts_reviewed": {
            "id": "Nilai {value} pada {index} dikonversi menjadi level {level}.",
            "en": "{index} value {value} converts to level {level}.",
        },
        "ui.external.from": {"id": "dari {index}", "en": "from {index}"},
        "ui.external.typed": {"id": "nilai {index} {value}", "en": "{index} value {value}"},
        "ui.external.recorded": {
            "id": "Level tercatat: {level}. Ketik nilai indeks untuk menggantinya.",
            "en": "Recorded level: {level}. Type the index value to replace it.",
        },
    }
)


def rule_value_label(node: Node, value: float | None, external: float | None = None) -> str:
    """How a recorded value reads to a person: "3 – Terdefinisi", "50", "Ya", "60 poin"; an external-index
    level with the index value typed for it: "4 – Terintegrasi (Indeks Satu Data Indonesia 3,40)"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if node.rule is None:
        return number(value, 0)
    if isinstance(node.rule, ExternalIndexRule) and external is not None and math.isfinite(external):
        typed = t("ui.external.typed", index=node.rule.index, value=number(external, 2))
        return f"{_level_label_for(node.rule, value)} ({typed})"
    return LABELS[node.rule.kind](node.rule, value)


def answer_input(
    node: Node,
    current: float | None,
    external: float | None,
    *,
    key: str,
    label: str | None = None,
    reviewing: bool = False,
) -> tuple[float | None, float | None]:
    """An answer, the focal point's or (``reviewing``) the reviewer's: (value, external index value typed); the
    second is None but for an external-index leaf, whose typed value is kept beside the level it converts to."""
    if isinstance(node.rule, ExternalIndexRule):
        label = label or t("ui.value.label")
        return _external_entry(node.rule, current, external, key=key, label=label, reviewing=reviewing)
    return value_input(node, current, key=key, label=label), None


def value_input(node: Node, current: float | None, *, key: str, label: str | None = None) -> float | None:
    """The control a leaf's rule needs; returns the chosen value (None when nothing chosen yet)."""
    if node.rule is None:
        return None
    return CONTROLS[node.rule.kind](node.rule, current, key=key, label=label or t("ui.value.label"))


# -- labels ------------------------------------------------------------------------------------------------


def _level_label(rule: LevelsRule, value: float) -> str:
    name = rule.level_names().get(float(round(value)))
    return f"{round(value)} – {name}" if name else number(value, 0)


def _yes_no(rule: BinaryRule, value: float) -> str:
    return t("ui.yes") if value >= 1 else t("ui.no")


def _points(rule: DocumentsRule, value: float) -> str:
    return t("ui.value.points", points=number(value, 0))


def _percent(rule: PercentRule, value: float) -> str:
    return number(value, 0)


def _external_label(rule: ExternalIndexRule, value: float) -> str:
    return f"{_level_label_for(rule, value)} ({t('ui.external.from', index=rule.index)})"


LABELS: dict[str, Callable[[Any, float], str]] = {
    "levels": _level_label,
    "external_index": _external_label,
    "percent": _percent,
    "documents": _points,
    "binary": _yes_no,
}
"""Rule kind → how a recorded value of that kind reads."""


# -- controls ----------------------------------------------------------------------------------------------


def _levels_input(rule: LevelsRule, current: float | None, *, key: str, label: str) -> float | None:
    names = rule.level_names()
    options = [int(level) for level in names]
    index = options.index(int(current)) if current is not None and int(current) in options else None
    level = st.radio(
        label, options=options, index=index, format_func=lambda lv: f"{lv} – {names[float(lv)]}", key=key
    )
    return None if level is None else float(level)


def _binary_input(rule: BinaryRule, current: float | None, *, key: str, label: str) -> float | None:
    options = sorted(rule.allowed_values() or [], reverse=True)  # "Ya" first
    chosen = st.segmented_control(
        label,
        options=options,
        default=current if current in options else None,
        format_func=lambda v: _yes_no(rule, v),
        key=key,
    )
    return None if chosen is None else float(chosen)


def _percent_input(rule: PercentRule, current: float | None, *, key: str, label: str) -> float | None:
    steps = rule.allowed_values()
    if steps:
        chosen = st.segmented_control(
            label,
            options=steps,
            default=current if current in steps else None,
            format_func=lambda v: number(v, 0),
            key=key,
        )
        return None if chosen is None else float(chosen)
    entered = st.number_input(
        label,
        min_value=0.0,
        max_value=rule.maximum,
        value=None if current is None else float(current),  # empty until someone enters a number
        step=1.0,
        key=key,
    )
    return None if entered is None else float(entered)


def _documents_input(rule: DocumentsRule, current: float | None, *, key: str, label: str) -> float | None:
    total, _codes = documents_input(rule, rule.documents_for(current), key=key, label=label)
    return total


def documents_input(
    rule: DocumentsRule, ticked: Collection[str], *, key: str, label: str
) -> tuple[float, list[str]]:
    """One checkbox per required document, ``ticked`` checked at first; returns their points and their codes."""
    st.markdown(f"**{label}**")
    total = 0.0
    codes: list[str] = []
    for document in rule.documents:
        checked = st.checkbox(
            t("ui.value.document", name=document.name, points=number(document.points, 0)),
            value=document.code in ticked,
            key=f"{key}_{document.code}",
        )
        if checked:
            total += document.points
            codes.append(document.code)
    st.caption(t("ui.value.points_total", points=number(total, 0), total=number(rule.total, 0)))
    return total, codes


def level_evidence_input(
    rule: LevelsRule, ticked: Collection[str], *, key: str, label: str
) -> tuple[float, list[str]]:
    """One checkbox per level's evidence of a cumulative levels rule, ``ticked`` checked at first; returns the
    level the ticks give (``LevelsRule.value_for_documents``: the highest level whose evidence, and that of every
    level below, is ticked) and the ticked codes."""
    st.markdown(f"**{label}**", help=t("ui.levels.tick_help"))
    codes = [
        document.code
        for document in rule.listed_documents()
        if st.checkbox(
            f"{document.code} {document.name}", value=document.code in ticked, key=f"{key}_{document.code}"
        )
    ]
    level = rule.value_for_documents(codes)
    assert level is not None  # a cumulative rule
    st.caption(t("ui.levels.reached", level=_level_label(rule, level)))
    return level, codes


def level_evidence_status(rule: LevelsRule, tagged: Collection[str]) -> None:
    """For the focal point: which level's evidence has a tagged file and which has none yet."""
    st.markdown(f"**{t('ui.levels.evidence_title')}**", help=t("ui.levels.explain"))
    for document in rule.listed_documents():
        key = "ui.levels.has_file" if document.code in tagged else "ui.levels.no_file"
        st.markdown("- " + t(key, name=f"{document.code} {document.name}"))


def accepted_documents_list(node: Node, accepted: Collection[str] | None) -> None:
    """Which listed documents (a cumulative level's evidence too) the last reviu accepted and which are still
    missing; nothing before any tick."""
    listed = node.rule.listed_documents() if node.rule is not None else ()
    if accepted is None or not listed:
        return
    st.markdown(f"**{t('ui.documents.accepted_title')}**")
    for document in listed:
        key = "ui.documents.accepted" if document.code in accepted else "ui.documents.missing"
        st.markdown("- " + t(key, name=document.name))


def _external_input(rule: ExternalIndexRule, current: float | None, *, key: str, label: str) -> float | None:
    """The external index's value (or "none yet"), shown with the level the catalog's table converts it to."""
    return _external_entry(rule, current, None, key=key, label=label)[0]


def _external_entry(
    rule: ExternalIndexRule,
    current: float | None,
    typed: float | None,
    *,
    key: str,
    label: str,
    reviewing: bool = False,
) -> tuple[float | None, float | None]:
    """(level, external value typed): the index value starts at the one stored (``typed``), if any; the focal
    point is asked to upload the index's result, the reviewer (``reviewing``) checks it."""
    st.markdown(f"**{label}**")
    missing = st.checkbox(
        t("ui.external.none", index=rule.index),
        value=typed is None and current is not None and current <= 1,
        key=f"{key}_none",
    )
    if missing:
        return rule.level_for(None), None
    external = st.number_input(
        t("ui.external.value", index=rule.index),
        min_value=rule.external_min,
        max_value=rule.external_max,
        value=typed,
        step=0.01,
        format="%.2f",
        key=f"{key}_external",
    )
    if external is None:
        # A reopened item: its recorded level stays until a new external value is typed.
        if current is None or float(current) not in rule.level_names():
            return None, None
        st.caption(t("ui.external.recorded", level=_level_label_for(rule, float(current))))
        return float(current), None
    try:
        level = rule.level_for(float(external))
    except ValueRefused:
        return None, None
    st.caption(
        t(
            "ui.external.converts_reviewed" if reviewing else "ui.external.converts",
            index=rule.index,
            value=number(float(external), 2),
            level=_level_label_for(rule, level),
        )
    )
    return level, float(external)


def _level_label_for(rule: ExternalIndexRule, level: float) -> str:
    name = rule.level_names().get(float(round(level)))
    return f"{round(level)} – {name}" if name else number(level, 0)


CONTROLS: dict[str, Callable[..., float | None]] = {
    "levels": _levels_input,
    "external_index": _external_input,
    "percent": _percent_input,
    "documents": _documents_input,
    "binary": _binary_input,
}
"""Rule kind → the control that enters a value of that kind."""


def kpk_result(node: Node, value: float | None, note: str | None) -> None:
    """KPK's verified value of the pemda's item and its note, once recorded (the third stage after the self
    value and the reviu); nothing before KPK has verified."""
    if value is None:
        return
    lines = [f"**{t('ui.value.external')}:** {rule_value_label(node, value)}"]
    if note:
        lines.append(t("ui.value.external_note", note=plain(note)))
    st.info("  \n".join(lines), icon=":material/gavel:")
