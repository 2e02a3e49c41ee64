"""What a workflow step accepts as input: a value against its leaf's scoring rule, a note, a reason.

The state machine itself is ``services.transitions``; a period's state and deadlines are ``services.deadlines``;
a period's catalog and its leaves are ``services.leaf_index``.
"""

from __future__ import annotations

import math

from i18n import LenteraError, format_number, register
from indicators import Node

register(
    {
        "workflow.value_required": {
            "id": "Isi nilai mandiri terlebih dahulu sebelum mengajukan.",
            "en": "Enter a self-assessment value before submitting.",
        },
        "workflow.evidence_required": {
            "id": "Lampirkan minimal satu bukti dukung sebelum mengajukan.",
            "en": "Attach at least one piece of evidence before submitting.",
        },
        "workflow.value_not_number": {
            "id": "Nilai harus berupa angka.",
            "en": "The value must be a number.",
        },
        "workflow.value_not_allowed": {
            "id": "Nilai {value} tidak diperbolehkan untuk butir {code}. Pilihan yang sah: {allowed}.",
            "en": "{value} is not allowed for item {code}. Valid choices: {allowed}.",
        },
        "workflow.value_out_of_range": {
            "id": "Nilai {value} di luar rentang butir {code} (0 sampai {maximum}).",
            "en": "{value} is outside the range of item {code} (0 to {maximum}).",
        },
        "workflow.value_not_a_document_sum": {
            "id": "Nilai {value} bukan jumlah poin dokumen butir {code}. Jumlah yang mungkin: {allowed}.",
            "en": "{value} is not a sum of item {code}'s document points. Possible sums: {allowed}.",
        },
        "workflow.note_too_long": {
            "id": "Catatan terlalu panjang (maksimal {limit} karakter).",
            "en": "The note is too long (at most {limit} characters).",
        },
        "workflow.reason_required": {
            "id": "Tuliskan alasannya agar OPD tahu apa yang harus diperbaiki.",
            "en": "Write the reason so the OPD knows what to fix.",
        },
    }
)

NOTE_LIMIT = 4000
REASON_LIMIT = 4000


# -- values -----------------------------------------------------------------------------------------------

_DOCUMENT_SUMS_LIMIT = 4096


def document_sums(points: list[float]) -> list[float] | None:
    """Every total a subset of the documents can reach; None when there are too many to list."""
    sums = {0.0}
    for point in points:
        sums |= {round(s + point, 6) for s in sums}
        if len(sums) > _DOCUMENT_SUMS_LIMIT:
            return None
    return sorted(sums)


def allowed_values(node: Node) -> list[float] | None:
    """The discrete values a leaf accepts (for the UI control), or None for any value in 0..maximum."""
    rule = node.rule
    assert rule is not None
    if rule.kind == "documents":
        return document_sums([d.points for d in rule.documents])
    return rule.allowed()


def check_value(node: Node, value: object) -> float:
    """``value`` as a float if the leaf's rule accepts it; a translated refusal otherwise."""
    rule = node.rule
    assert rule is not None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LenteraError("workflow.value_not_number")
    number = float(value)
    if not math.isfinite(number):
        raise LenteraError("workflow.value_not_number")
    shown = format_number(number, 2 if number % 1 else 0)
    allowed = allowed_values(node)
    if allowed is not None:
        if not any(math.isclose(number, a, abs_tol=1e-6) for a in allowed):
            key = (
                "workflow.value_not_a_document_sum"
                if rule.kind == "documents"
                else "workflow.value_not_allowed"
            )
            choices = ", ".join(format_number(a, 2 if a % 1 else 0) for a in allowed)
            raise LenteraError(key, value=shown, code=node.code, allowed=choices)
        return min(allowed, key=lambda a: abs(a - number))
    if number < 0 or number > rule.maximum + 1e-9:
        raise LenteraError(
            "workflow.value_out_of_range", value=shown, code=node.code, maximum=format_number(rule.maximum, 0)
        )
    return number


def level_names(node: Node) -> dict[float, str] | None:
    """Level number → name for a ``levels`` leaf (the UI shows "3 – Terdefinisi"); None otherwise."""
    rule = node.rule
    if rule is not None and rule.kind == "levels":
        return {float(level): name for level, name in sorted(rule.levels.items())}
    return None


def clean_text(text: str | None, *, limit: int, key: str) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if len(text) > limit:
        raise LenteraError(key, limit=limit)
    return text or None


def require_reason(reason: str | None, *, limit: int = REASON_LIMIT) -> str:
    cleaned = clean_text(reason, limit=limit, key="workflow.note_too_long")
    if not cleaned:
        raise LenteraError("workflow.reason_required")
    return cleaned
