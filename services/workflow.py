"""The submission state machine and the checks every workflow step shares.

One table of legal moves (``TRANSITIONS``) decides what may happen to a submission; the services only ask it.
Keeping it in one place is what lets the permission tests, the UI's buttons and the error messages agree.

Concurrent edits are caught with optimistic concurrency: every change is an ``UPDATE ... WHERE version = n``
that bumps the version, so two people saving the same item never silently overwrite each other, whether they
share a process or sit on two replicas in front of PostgreSQL.

Also here: the parsed catalog of a period with its leaf index (from the one catalog cache in
``services.catalogs``), the value check against a leaf's scoring rule, and deadline arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, func, select

from i18n import LenteraError, Phrase, format_number, register, t
from indicators import Catalog as CatalogDoc
from indicators import Node
from models.tables import (
    AuditEvent,
    Catalog,
    DeadlineExtension,
    Period,
    PeriodState,
    Submission,
    SubmissionStatus,
    as_utc,
    utcnow,
)
from services import catalogs
from services.actor import Actor
from services.permissions import require_organisation, require_region

register(
    {
        "workflow.status.empty": {"id": "belum diisi", "en": "not started"},
        "workflow.status.draft": {"id": "draf", "en": "draft"},
        "workflow.status.submitted": {"id": "diajukan", "en": "submitted"},
        "workflow.status.verified": {"id": "terverifikasi", "en": "verified"},
        "workflow.status.returned": {"id": "dikembalikan", "en": "returned"},
        "workflow.status.reopened": {"id": "dibuka kembali", "en": "reopened"},
        "workflow.action.save": {"id": "menyimpan draf", "en": "save a draft"},
        "workflow.action.submit": {"id": "mengajukan", "en": "submit"},
        "workflow.action.approve": {"id": "menyetujui", "en": "approve"},
        "workflow.action.return": {"id": "mengembalikan", "en": "return"},
        "workflow.action.reopen": {"id": "membuka kembali", "en": "reopen"},
        "workflow.illegal_transition": {
            "id": "Tidak dapat {action}: butir ini berstatus {status}.",
            "en": "Cannot {action}: this item is {status}.",
        },
        "workflow.stale": {
            "id": "Butir ini baru saja diubah oleh {who}. Muat ulang halaman lalu periksa perubahannya "
            "sebelum menyimpan lagi.",
            "en": "This item was just changed by {who}. Reload the page and check the change before saving "
            "again.",
        },
        "workflow.someone_else": {"id": "pengguna lain", "en": "someone else"},
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
        "workflow.period_not_open": {
            "id": "Periode ini berstatus {state}; perubahan tidak dapat dilakukan.",
            "en": "This period is {state}; no changes can be made.",
        },
        "workflow.period_closed": {
            "id": "Periode ini sudah ditutup; perubahan tidak dapat dilakukan.",
            "en": "This period is closed; no changes can be made.",
        },
        "workflow.period_not_started": {
            "id": "Periode ini baru dibuka pada {opens}.",
            "en": "This period only opens on {opens}.",
        },
        "workflow.deadline_passed": {
            "id": "Batas waktu pengajuan sudah lewat ({deadline}). Minta perpanjangan kepada admin.",
            "en": "The submission deadline has passed ({deadline}). Ask an administrator for an extension.",
        },
        "workflow.period_state.open": {"id": "terbuka", "en": "open"},
        "workflow.period_state.locked": {"id": "dikunci", "en": "locked"},
        "workflow.period_state.closed": {"id": "ditutup", "en": "closed"},
        "workflow.not_a_leaf": {
            "id": "Kode {code} bukan butir penilaian dalam katalog periode ini.",
            "en": "Code {code} is not an assessed item in this period's catalog.",
        },
    }
)

NOTE_LIMIT = 4000
REASON_LIMIT = 4000

S = SubmissionStatus

TRANSITIONS: Mapping[tuple[str, str], SubmissionStatus] = {
    # focal point
    (S.empty, "save"): S.draft,
    (S.draft, "save"): S.draft,
    (S.returned, "save"): S.draft,
    (S.reopened, "save"): S.draft,
    (S.draft, "submit"): S.submitted,
    (S.reopened, "submit"): S.submitted,
    # inspector or admin
    (S.submitted, "approve"): S.verified,
    (S.submitted, "return"): S.returned,
    (S.verified, "reopen"): S.reopened,
}
"""(current status, action) → next status. Anything not listed is refused."""


def status_label(status: str, lang: str | None = None) -> str:
    return t(f"workflow.status.{status}", lang)


def next_status(current: str, action: str) -> SubmissionStatus:
    """The status after ``action``, or a translated refusal naming the current status in words."""
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise LenteraError(
            "workflow.illegal_transition",
            status=Phrase.of(f"workflow.status.{current}"),
            action=Phrase.of(f"workflow.action.{action}"),
        )
    return target


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]


# -- catalogs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeafInfo:
    """A leaf with the ancestors the checklist and the queue show beside it."""

    node: Node
    order: int
    area_code: str
    area_name: str
    indicator_code: str | None
    indicator_name: str | None


@dataclass(frozen=True)
class ParsedCatalog:
    doc: CatalogDoc
    leaves: dict[str, LeafInfo]


def parsed_catalog(row: Catalog) -> ParsedCatalog:
    """The catalog document with its leaf index, from the one catalog cache (``services.catalogs``)."""
    return catalogs.derived(row, "leaf_index", lambda doc: ParsedCatalog(doc=doc, leaves=_leaf_index(doc)))


def _leaf_index(doc: CatalogDoc) -> dict[str, LeafInfo]:
    nodes = {node.code: node for node in doc.walk()}
    leaves: dict[str, LeafInfo] = {}
    for order, leaf in enumerate(doc.leaves()):
        area = leaf
        while area.parent_code is not None:
            area = nodes[area.parent_code]
        parent = nodes[leaf.parent_code] if leaf.parent_code is not None else None
        leaves[leaf.code] = LeafInfo(
            node=leaf,
            order=order,
            area_code=area.code,
            area_name=area.name,
            indicator_code=parent.code if parent else None,
            indicator_name=parent.name if parent else None,
        )
    return leaves


def catalog_of_period(session: Session, period: Period) -> ParsedCatalog:
    row = session.get(Catalog, period.catalog_id)
    if row is None:
        raise LenteraError("perm.not_found")
    return parsed_catalog(row)


def leaf_of(catalog: ParsedCatalog, code: str) -> LeafInfo:
    info = catalog.leaves.get(code)
    if info is None:
        raise LenteraError("workflow.not_a_leaf", code=code)
    return info


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


# -- periods and deadlines --------------------------------------------------------------------------------


def period_state_label(state: str) -> str:
    return t(f"workflow.period_state.{state}")


def require_period_state(period: Period, *states: PeriodState) -> None:
    if period.state not in states:
        if period.state == PeriodState.closed:
            raise LenteraError("workflow.period_closed")
        raise LenteraError(
            "workflow.period_not_open", state=Phrase.of(f"workflow.period_state.{period.state}")
        )


def effective_deadline(session: Session, period: Period, organisation_id: int) -> datetime | None:
    """The OPD's submission deadline: the period's, or the latest extension granted for the OPD."""
    deadline = as_utc(period.submission_deadline)
    latest = session.exec(
        select(func.max(DeadlineExtension.until)).where(
            DeadlineExtension.period_id == period.id,
            DeadlineExtension.organisation_id == organisation_id,
        )
    ).one()
    extension = as_utc(latest)
    if extension is not None and (deadline is None or extension > deadline):
        return extension
    return deadline


def require_started(period: Period) -> None:
    opens = as_utc(period.opens_at)
    if opens is not None and utcnow() < opens:
        raise LenteraError("workflow.period_not_started", opens=Phrase.moment(opens))


def deadline_closes_at(deadline: datetime) -> datetime:
    """When a deadline has passed: the end of the minute it names ("23:59 WIT" runs until 23:59:59.999)."""
    return deadline.replace(second=0, microsecond=0) + timedelta(minutes=1)


def before_deadline(deadline: datetime | None, now: datetime) -> bool:
    """Whether ``now`` is still within the deadline (no deadline: always); the one comparison used everywhere."""
    return deadline is None or now < deadline_closes_at(deadline)


def require_before_deadline(session: Session, period: Period, organisation_id: int) -> None:
    """A focal point submits until the deadline's minute ends, or until the OPD's extension runs out."""
    require_started(period)
    deadline = effective_deadline(session, period, organisation_id)
    if deadline is not None and not before_deadline(deadline, utcnow()):
        raise LenteraError("workflow.deadline_passed", deadline=Phrase.moment(deadline))


def load_period(session: Session, actor: Actor, period_id: int) -> Period:
    """The period, if its region is in the actor's scope (a focal point: their OPD's region)."""
    period = session.get(Period, period_id)
    if period is None:
        raise LenteraError("perm.not_found")
    require_region(session, actor, period.region_id)
    return period


# -- loading and writing submissions ----------------------------------------------------------------------


def load_submission(session: Session, actor: Actor, submission_id: int) -> tuple[Submission, Period]:
    """The submission and its period, if the actor may see the OPD it belongs to."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise LenteraError("perm.not_found")
    require_organisation(session, actor, submission.organisation_id)
    period = session.get(Period, submission.period_id)
    if period is None:
        raise LenteraError("perm.not_found")
    return submission, period


def check_version(session: Session, submission: Submission, expected_version: int | None) -> None:
    """Refuse a write based on an older read of the item, naming who changed it since when we know."""
    if expected_version is not None and expected_version != submission.version:
        raise LenteraError("workflow.stale", who=_last_editor(session, submission))


def _last_editor(session: Session, submission: Submission) -> str | Phrase:
    username = session.exec(
        select(AuditEvent.actor_username)
        .where(AuditEvent.entity == "submission", AuditEvent.entity_id == str(submission.id))
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    return username or Phrase.of("workflow.someone_else")


def snapshot(submission: Submission) -> dict[str, Any]:
    """The fields an audit event records before and after a change."""
    return {
        "status": submission.status,
        "self_value": submission.self_value,
        "verified_value": submission.verified_value,
        "note": submission.note,
        "version": submission.version,
    }


def write_submission(session: Session, submission: Submission, **values: Any) -> dict[str, Any]:
    """Apply ``values`` only if nobody changed the row since it was read; bump the version.

    Returns the snapshot after the change. The conditional UPDATE is the real guard: a concurrent writer that
    got in first makes the row count 0 and this write is refused rather than lost.
    """
    read_version = submission.version
    values = {**values, "version": read_version + 1, "updated_at": utcnow()}
    result = session.execute(
        update(Submission)
        .where(col(Submission.id) == submission.id, col(Submission.version) == read_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        raise LenteraError("workflow.stale", who=Phrase.of("workflow.someone_else"))
    for key, value in values.items():
        set_committed_value(submission, key, value)  # already in the row; not a second UPDATE
    return snapshot(submission)
