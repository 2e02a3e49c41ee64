"""What a workflow step accepts as input: a value against its leaf's scoring rule, a note, a reason.

The state machine itself is ``services.transitions``; a period's state and deadlines are ``services.deadlines``;
a period's catalog and its leaves are ``services.leaf_index``.
"""

from __future__ import annotations

from i18n import LenteraError, format_number, register
from indicators import Node
from indicators.rules import RefusalReason, ValueRefused

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


def check_value(node: Node, value: object) -> float:
    """``value`` as a float if the leaf's rule accepts it (``Rule.check``); a translated refusal otherwise."""
    rule = node.rule
    assert rule is not None
    try:
        return rule.check(value)
    except ValueRefused as refused:
        raise _refusal(node, refused) from None


REFUSAL_KEYS: dict[RefusalReason, str] = {
    "not_number": "workflow.value_not_number",
    "not_allowed": "workflow.value_not_allowed",
    "not_a_document_sum": "workflow.value_not_a_document_sum",
    "out_of_range": "workflow.value_out_of_range",
}


def _refusal(node: Node, refused: ValueRefused) -> LenteraError:
    key = REFUSAL_KEYS[refused.reason]
    if refused.value is None:
        return LenteraError(key)
    shown = _shown(refused.value)
    if refused.allowed is None:
        return LenteraError(
            key,
            value=shown,
            code=node.code,
            maximum=format_number(refused.maximum, 0),
        )
    choices = ", ".join(_shown(a) for a in refused.allowed)
    return LenteraError(key, value=shown, code=node.code, allowed=choices)


def _shown(number: float) -> str:
    return format_number(number, 2 if number % 1 else 0)


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
