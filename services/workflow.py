"""What a workflow step accepts as input: a value against its leaf's scoring rule, a note, a reason.

The state machine itself is ``services.transitions``; a period's state and deadlines are ``services.deadlines``;
a period's catalog and its leaves are ``services.leaf_index``.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from i18n import LenteraError, format_number, register
from indicators import Node
from indicators.rules import ExternalIndexRule, LevelDocument, RefusalReason, ValueRefused

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
        "workflow.external_not_index": {
            "id": "Butir {code} tidak dinilai dari indeks eksternal; isi nilainya saja.",
            "en": "Item {code} is not scored from an external index; enter its value only.",
        },
        "workflow.external_out_of_range": {
            "id": "Nilai {index} {value} di luar rentangnya ({low} sampai {high}).",
            "en": "{index} value {value} is outside its range ({low} to {high}).",
        },
        "workflow.external_level_mismatch": {
            "id": "Nilai {index} {value} dikonversi menjadi level {converted}, bukan level {level}.",
            "en": "{index} value {value} converts to level {converted}, not level {level}.",
        },
        "workflow.level_evidence_missing": {
            "id": "Level {claimed} belum dapat diajukan: bukti level {level} belum ada (tandai berkasnya sebagai "
            "«{document}»). Level bersifat kumulatif: setiap level sampai level yang diklaim perlu buktinya; atau "
            "klaim level yang lebih rendah.",
            "en": "Level {claimed} cannot be submitted yet: the evidence of level {level} is missing (tag its file "
            "as “{document}”). Levels are cumulative: every level up to the one claimed needs its evidence; or "
            "claim a lower level.",
        },
        "workflow.external_missing_level": {
            "id": "Tanpa nilai {index} butir ini bernilai level {converted}, bukan level {level}. Ketik nilai "
            "{index} yang telah diperiksa.",
            "en": "Without a {index} value this item counts level {converted}, not level {level}. Type the "
            "{index} value you checked.",
        },
        "workflow.reviewed_value_required": {
            "id": "Isi nilai hasil reviu sebelum menyetujui.",
            "en": "Enter the reviewed value before approving.",
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


def check_answer(node: Node, value: object, external: object) -> tuple[float | None, float | None]:
    """The (level, external index value) to store for an answer; ``external`` None: no external value typed.

    For an external-index leaf the typed value decides the level through the catalog's conversion table; a
    ``value`` given beside it must be that level. Any other leaf refuses an external value.
    """
    if external is None:
        return (None if value is None else check_value(node, value)), None
    rule = node.rule
    if not isinstance(rule, ExternalIndexRule):
        raise LenteraError("workflow.external_not_index", code=node.code)
    if isinstance(external, bool) or not isinstance(external, int | float):
        raise LenteraError("workflow.value_not_number")
    typed = float(external)
    if not math.isfinite(typed):
        raise LenteraError("workflow.value_not_number")
    try:
        level = rule.level_for(typed)
    except ValueRefused:
        raise LenteraError(
            "workflow.external_out_of_range",
            index=rule.index,
            value=_shown(typed),
            low=_shown(rule.external_min),
            high=_shown(rule.external_max),
        ) from None
    claimed = None if value is None else check_value(node, value)
    if claimed is not None and claimed != level:
        raise LenteraError(
            "workflow.external_level_mismatch",
            index=rule.index,
            value=_shown(typed),
            converted=_shown(level),
            level=_shown(claimed),
        )
    return level, typed


def check_level_evidence(node: Node, value: float | None, tagged: Collection[str]) -> None:
    """Refuse to submit a cumulative level without a file tagged with the evidence of every level up to it
    (``Rule.first_level_missing``), naming the first level whose evidence is missing; other leaves pass."""
    rule = node.rule
    assert rule is not None
    missing = rule.first_level_missing(value, tagged)
    if missing is None:
        return
    document = next(
        d
        for d in rule.listed_documents()
        if isinstance(d, LevelDocument) and d.level == missing and d.code not in tagged
    )
    raise LenteraError(
        "workflow.level_evidence_missing",
        claimed=_shown(float(value or 0)),
        level=missing,
        document=f"{document.code} {document.name}",
    )


def check_reviewed(node: Node, value: object, external: object) -> tuple[float, float | None]:
    """The (level, external index value) a reviewer approves; ``external`` None: no external value typed.

    As for the focal point's answer (``check_answer``), an external-index leaf's level follows from the index
    value the reviewer verified, through the catalog's table; without one it is level 1 ("missing external = 1"),
    and a ``value`` given beside must be that level. Any other leaf needs its ``value``.
    """
    rule = node.rule
    if isinstance(rule, ExternalIndexRule) and external is None:
        level = rule.level_for(None)
        claimed = level if value is None else check_value(node, value)
        if claimed != level:
            raise LenteraError(
                "workflow.external_missing_level",
                index=rule.index,
                converted=_shown(level),
                level=_shown(claimed),
            )
        return level, None
    answered, typed = check_answer(node, value, external)
    if answered is None:
        raise LenteraError("workflow.reviewed_value_required")
    return answered, typed


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
