"""A catalog change in words, as an administrator reads it before activating: "poin D1: 50 → 60", "tingkat 3:
Terdefinisi → Terpadu", "umur maksimum SK Tim: 365 → 180 hari", never a rule's JSON or a YAML key.

``indicators.diff`` keeps each change's old and new text (stable, for tools); ``detail`` here says only what
changed, in the language of the moment it is asked (``i18n``).
"""

from __future__ import annotations

from collections.abc import Iterable

from i18n import format_number, register, t
from indicators.rules import BinaryRule, DocumentsRule, LevelsRule, PercentRule
from indicators.schema import Node

register(
    {
        "diff.arrow": {"id": "{what}: {old} → {new}", "en": "{what}: {old} → {new}"},
        "diff.name": {"id": "nama", "en": "name"},
        "diff.weight": {"id": "bobot", "en": "weight"},
        "diff.parent": {"id": "induk", "en": "parent"},
        "diff.rule_kind": {"id": "jenis aturan", "en": "rule kind"},
        "diff.kind.levels": {"id": "tingkat kematangan", "en": "maturity levels"},
        "diff.kind.percent": {"id": "persentase", "en": "percentage"},
        "diff.kind.documents": {"id": "dokumen berpoin", "en": "documents with points"},
        "diff.kind.binary": {"id": "ya/tidak", "en": "yes/no"},
        "diff.kind.external_index": {"id": "konversi indeks eksternal", "en": "external index conversion"},
        "diff.cumulative": {"id": "tingkat kumulatif", "en": "cumulative levels"},
        "diff.yes": {"id": "ya", "en": "yes"},
        "diff.no": {"id": "tidak", "en": "no"},
        "diff.level_document": {"id": "bukti {code}", "en": "evidence {code}"},
        "diff.level_document_level": {"id": "level bukti {code}", "en": "level of evidence {code}"},
        "diff.kind.none": {"id": "tanpa aturan", "en": "no rule"},
        "diff.level": {"id": "tingkat {level}", "en": "level {level}"},
        "diff.steps": {"id": "pilihan nilai", "en": "allowed values"},
        "diff.steps_free": {"id": "bebas 0–100", "en": "any 0–100"},
        "diff.points": {"id": "poin {code}", "en": "points {code}"},
        "diff.document_name": {"id": "nama dokumen {code}", "en": "document name {code}"},
        "diff.total": {"id": "jumlah poin", "en": "total points"},
        "diff.evidence_kinds": {"id": "jenis berkas {what}", "en": "file types {what}"},
        "diff.max_age": {"id": "umur maksimum {what} (hari)", "en": "maximum age {what} (days)"},
        "diff.evidence_added": {"id": "bukti baru: {what}", "en": "new evidence: {what}"},
        "diff.evidence_removed": {"id": "bukti dihapus: {what}", "en": "evidence dropped: {what}"},
        "diff.opd_kinds": {"id": "jenis OPD", "en": "OPD kinds"},
        "diff.opds": {"id": "OPD", "en": "OPDs"},
        "diff.lead": {"id": "OPD pengampu", "en": "lead OPD"},
        "diff.applies_to": {"id": "berlaku untuk", "en": "applies to"},
        "diff.aggregation": {"id": "nilai pemda", "en": "pemda's value"},
        "diff.aggregation.mean": {"id": "rata-rata OPD", "en": "mean of the OPDs"},
        "diff.aggregation.lead": {"id": "nilai OPD pengampu", "en": "the lead OPD's value"},
        "diff.aggregation.any": {"id": "cukup satu OPD", "en": "any one OPD"},
        "diff.aggregation.all": {"id": "semua OPD", "en": "every OPD"},
    }
)
NONE = "–"


def _num(value: float | None) -> str:
    if value is None:
        return NONE
    return format_number(value, 0 if float(value).is_integer() else 2)


def _arrow(what: str, old: object, new: object) -> str:
    return t(
        "diff.arrow",
        what=what,
        old=NONE if old in (None, "") else old,
        new=NONE if new in (None, "") else new,
    )


def _list(values: Iterable[str]) -> str:
    return ", ".join(sorted(set(values))) or NONE


def detail(kind: str, was: Node | None, now: Node | None) -> str:
    """The change of ``kind`` (``indicators.diff.CHANGE_KINDS``) from ``was`` to ``now`` in words; an added node
    reads as its name, a removed one too."""
    if was is None or now is None:
        node = now or was
        return node.name if node is not None else ""
    if kind == "renamed":
        return _arrow(t("diff.name"), was.name, now.name)
    if kind == "reweighted":
        return _arrow(t("diff.weight"), _num(was.weight), _num(now.weight))
    if kind == "moved":
        return _arrow(t("diff.parent"), was.parent_code, now.parent_code)
    return DETAILS[kind](was, now)


def rule_detail(was: Node, now: Node) -> str:
    """What changed in a leaf's scoring rule: its kind, a level's name, the allowed values, a document's points."""
    old, new = was.rule, now.rule
    if type(old) is not type(new):
        kind = lambda rule: t(f"diff.kind.{rule.kind if rule is not None else 'none'}")  # noqa: E731
        return _arrow(t("diff.rule_kind"), kind(old), kind(new))
    parts: list[str] = []
    if isinstance(old, LevelsRule) and isinstance(new, LevelsRule):
        for level in sorted(old.levels.keys() | new.levels.keys()):
            if old.levels.get(level) != new.levels.get(level):
                parts.append(
                    _arrow(t("diff.level", level=level), old.levels.get(level), new.levels.get(level))
                )
        parts += _level_documents(old, new)
    elif isinstance(old, PercentRule) and isinstance(new, PercentRule):
        steps = lambda r: "; ".join(_num(s) for s in r.steps) if r.steps else t("diff.steps_free")  # noqa: E731
        parts.append(_arrow(t("diff.steps"), steps(old), steps(new)))
    elif isinstance(old, DocumentsRule) and isinstance(new, DocumentsRule):
        before = {d.code: d for d in old.documents}
        after = {d.code: d for d in new.documents}
        for code in [*before, *(c for c in after if c not in before)]:
            a, b = before.get(code), after.get(code)
            points_a, points_b = (a.points if a else None), (b.points if b else None)
            if points_a != points_b:
                parts.append(_arrow(t("diff.points", code=code), _num(points_a), _num(points_b)))
            if a and b and a.name != b.name:
                parts.append(_arrow(t("diff.document_name", code=code), a.name, b.name))
        if old.total != new.total:
            parts.append(_arrow(t("diff.total"), _num(old.total), _num(new.total)))
    elif isinstance(old, BinaryRule):
        return ""
    return "; ".join(parts)


def _level_documents(old: LevelsRule, new: LevelsRule) -> list[str]:
    """Cumulative or not, and the evidence of each level: added, dropped, renamed, moved to another level."""
    yes_no = lambda rule: t("diff.yes") if rule.cumulative else t("diff.no")  # noqa: E731
    parts = (
        [_arrow(t("diff.cumulative"), yes_no(old), yes_no(new))] if old.cumulative != new.cumulative else []
    )
    before = {d.code: d for d in old.documents}
    after = {d.code: d for d in new.documents}
    for code in [*before, *(c for c in after if c not in before)]:
        a, b = before.get(code), after.get(code)
        if a is None or b is None:
            shown = lambda d: None if d is None else f"{d.level}: {d.name}"  # noqa: E731
            parts.append(_arrow(t("diff.level_document", code=code), shown(a), shown(b)))
            continue
        if a.name != b.name:
            parts.append(_arrow(t("diff.document_name", code=code), a.name, b.name))
        if a.level != b.level:
            parts.append(_arrow(t("diff.level_document_level", code=code), a.level, b.level))
    return parts


def evidence_detail(was: Node, now: Node) -> str:
    """Evidence asked for: a requirement added or dropped (by description), its file types or maximum age."""
    before = {e.description: e for e in was.evidence}
    after = {e.description: e for e in now.evidence}
    parts = [t("diff.evidence_added", what=d) for d in after if d not in before]
    parts += [t("diff.evidence_removed", what=d) for d in before if d not in after]
    for description in (d for d in before if d in after):
        a, b = before[description], after[description]
        if set(a.kinds) != set(b.kinds):
            parts.append(_arrow(t("diff.evidence_kinds", what=description), _list(a.kinds), _list(b.kinds)))
        if a.max_age_days != b.max_age_days:
            parts.append(
                _arrow(t("diff.max_age", what=description), _num(a.max_age_days), _num(b.max_age_days))
            )
    return "; ".join(parts)


def responsibility_detail(was: Node, now: Node) -> str:
    """Who answers for the item: kinds of OPD, named OPDs, the lead OPD."""
    a, b = was.responsible, now.responsible
    parts = []
    for key, field in (("diff.opd_kinds", "opd_kinds"), ("diff.opds", "opds")):
        old = set(getattr(a, field)) if a else set()
        new = set(getattr(b, field)) if b else set()
        if old != new:
            parts.append(_arrow(t(key), _list(old), _list(new)))
    lead_a, lead_b = (a.lead if a else None), (b.lead if b else None)
    if lead_a != lead_b:
        parts.append(_arrow(t("diff.lead"), lead_a, lead_b))
    return "; ".join(parts)


def applies_to_detail(was: Node, now: Node) -> str:
    return _arrow(t("diff.applies_to"), _list(was.kinds), _list(now.kinds))


def aggregation_detail(was: Node, now: Node) -> str:
    name = lambda n: t(f"diff.aggregation.{n.rule_for_pemda}") if n.is_leaf else None  # noqa: E731
    return _arrow(t("diff.aggregation"), name(was), name(now))


DETAILS = {
    "rule_changed": rule_detail,
    "evidence_changed": evidence_detail,
    "responsibility_changed": responsibility_detail,
    "applies_to_changed": applies_to_detail,
    "aggregation_changed": aggregation_detail,
}
