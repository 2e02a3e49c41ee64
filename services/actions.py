"""Rencana aksi: who in an OPD does what by when to close a gap, and how it went.

The gap list says which items would add the most points; an action turns one of them (or a KPK
recommendation, or anything else an OPD must do) into an owner, a due date in WIT and a status that moves by
``vocabulary.ACTION_TRANSITIONS``. Leaders create (instruct) and read; inspectors and admins manage in their
region; a focal point works their own OPD's actions forward (status, notes, follow-up evidence). Every change is
audited in its own transaction. Closing as ``selesai`` needs follow-up evidence, cancelling needs a reason.

Reading (the list, one action, the plan as report rows, overdue) is in ``services.action_views``; follow-up
evidence in ``services.action_evidence``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, Phrase, label, register, t
from models.action_tables import Action, ActionEvidence, ActionNote, Recommendation
from models.database import session_scope
from models.tables import Organisation, Period, User, as_utc
from services import deadlines, leaf_index
from services.actor import Actor
from services.audit import record
from services.permissions import require
from services.whatsapp import normalise_nip, normalise_phone
from vocabulary import ACTION_TRANSITIONS, OPEN_ACTION_STATUSES, ActionStatus, Role

register(
    {
        "actions.title_required": {
            "id": "Judul rencana aksi wajib diisi (paling banyak 300 karakter).",
            "en": "The action needs a title (at most 300 characters).",
        },
        "actions.owner_required": {
            "id": "Penanggung jawab wajib diisi: pilih pengguna, atau isi nama, NIP dan telepon.",
            "en": "Name the person in charge: pick a user, or enter a name, NIP and phone.",
        },
        "actions.owner_unknown": {
            "id": "Penanggung jawab yang dipilih bukan pengguna aktif OPD atau wilayah ini.",
            "en": "The chosen person in charge is not an active user of this OPD or region.",
        },
        "actions.due_required": {"id": "Batas waktu wajib diisi.", "en": "The action needs a due date."},
        "actions.due_passed": {
            "id": "Batas waktu {due} sudah lewat; pilih waktu yang akan datang.",
            "en": "The due date {due} has already passed; choose a time in the future.",
        },
        "actions.period_elsewhere": {
            "id": "Periode yang dipilih bukan milik pemda OPD ini.",
            "en": "The chosen period does not belong to this OPD's pemda.",
        },
        "actions.items_need_period": {
            "id": "Butir penilaian hanya dapat dikaitkan bila periodenya dipilih.",
            "en": "Items can only be linked when their period is chosen.",
        },
        "actions.recommendation_elsewhere": {
            "id": "Rekomendasi yang dipilih bukan untuk pemda OPD ini.",
            "en": "The chosen recommendation is not for this OPD's pemda.",
        },
        "actions.nothing_to_create": {
            "id": "Pilih paling sedikit satu baris untuk dibuatkan rencana aksi.",
            "en": "Choose at least one row to create an action for.",
        },
        "actions.bad_move": {
            "id": "Status rencana aksi tidak dapat diubah dari {current} menjadi {target}.",
            "en": "The action's status cannot change from {current} to {target}.",
        },
        "actions.close_needs_evidence": {
            "id": "Unggah bukti tindak lanjut sebelum menandai rencana aksi selesai.",
            "en": "Upload follow-up evidence before marking the action done.",
        },
        "actions.cancel_needs_reason": {
            "id": "Tuliskan alasan pembatalan rencana aksi.",
            "en": "Give a reason for cancelling the action.",
        },
        "actions.note_required": {
            "id": "Catatan kemajuan masih kosong.",
            "en": "The progress note is empty.",
        },
        "actions.changed_meanwhile": {
            "id": "Rencana aksi ini baru saja diubah orang lain. Muat ulang lalu coba lagi.",
            "en": "Someone else changed this action just now. Reload and try again.",
        },
        "actions.gap_title": {"id": "Lengkapi butir {code}: {name}", "en": "Complete item {code}: {name}"},
    }
)

TITLE_MAX = 300


@dataclass(frozen=True)
class Owner:
    """The person in charge: a user, or a name + NIP + phone for someone without an account."""

    user_id: int | None = None
    name: str | None = None
    nip: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class ActionDraft:
    """One action to create: its title, the items (leaf codes of ``period_id``) or recommendation it serves."""

    title: str
    codes: tuple[str, ...] = ()
    recommendation_id: int | None = None


def gap_drafts(gap_rows: pd.DataFrame) -> list[ActionDraft]:
    """One draft per gap-list row (``code``, ``name``), titled after the item: "Buat rencana aksi"."""
    return [
        ActionDraft(title=_gap_title(str(row["code"]), str(row.get("name") or "")), codes=(str(row["code"]),))
        for _, row in gap_rows.iterrows()
    ]


def _gap_title(code: str, name: str) -> str:
    return t("actions.gap_title", code=code, name=name)[:TITLE_MAX]


# --------------------------------------------------------------------------- creating


def create_actions(
    actor: Actor,
    *,
    organisation_id: int,
    drafts: Sequence[ActionDraft],
    owner: Owner,
    due_at: datetime | None,
    period_id: int | None = None,
) -> list[int]:
    """Create one action per draft for one OPD (several gap rows at once), all or none; returns their ids."""
    if not drafts:
        raise LenteraError("actions.nothing_to_create")
    with session_scope() as session:
        require(actor, "create_action", organisation=organisation_id, session=session)
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None and organisation.id is not None
        checked_owner = _checked_owner(session, owner, organisation)
        due = _checked_due(due_at)
        leaves = _leaf_codes(session, period_id, organisation)
        now = deadlines.utcnow()
        ids = []
        for draft in drafts:
            title = _checked_title(draft.title)
            codes = _checked_codes(leaves, draft.codes, period_id)
            _check_recommendation(session, draft.recommendation_id, organisation)
            action = Action(
                region_id=organisation.region_id,
                organisation_id=organisation.id,
                period_id=period_id,
                codes=list(codes),
                recommendation_id=draft.recommendation_id,
                title=title,
                owner_user_id=checked_owner.user_id,
                owner_name=checked_owner.name,
                owner_nip=checked_owner.nip,
                owner_phone=checked_owner.phone,
                due_at=due,
                status=ActionStatus.rencana,
                created_at=now,
                created_by_id=actor.id,
                updated_at=now,
            )
            session.add(action)
            session.flush()
            assert action.id is not None
            session.add(ActionNote(action_id=action.id, at=now, author_id=actor.id, status_to=action.status))
            record(session, actor=actor, action="action.created", entity="action", entity_id=action.id,
                   after=_audit_fields(action))  # fmt: skip
            ids.append(action.id)
        return ids


def _checked_title(title: str) -> str:
    text = (title or "").strip()
    if not text or len(text) > TITLE_MAX:
        raise LenteraError("actions.title_required")
    return text


def _checked_due(due_at: datetime | None) -> datetime:
    if due_at is None:
        raise LenteraError("actions.due_required")
    if due_at.tzinfo is None:
        raise ValueError("a due date carries its time zone (WIT); naive datetimes are ambiguous")
    due = as_utc(due_at)
    assert due is not None
    if not deadlines.before_deadline(due, deadlines.utcnow()):
        raise LenteraError("actions.due_passed", due=Phrase.moment(due))
    return due


def _checked_owner(session: Session, owner: Owner, organisation: Organisation) -> Owner:
    phone = normalise_phone(owner.phone, field="actions.field.owner_phone")
    if owner.user_id is not None:
        user = session.get(User, owner.user_id)
        scope = {organisation.region_id}
        if user is None or not user.active or not _user_fits(user, organisation, scope):
            raise LenteraError("actions.owner_unknown")
        return Owner(user_id=user.id, name=None, nip=None, phone=phone)
    name = (owner.name or "").strip()
    nip = normalise_nip(owner.nip, field="actions.field.owner_nip")
    if not name or nip is None or phone is None:
        raise LenteraError("actions.owner_required")
    return Owner(name=name[:200], nip=nip, phone=phone)


def _user_fits(user: User, organisation: Organisation, regions: set[int]) -> bool:
    if user.role == Role.focal_point:
        return user.organisation_id == organisation.id
    return user.region_id is None or user.region_id in regions


def _leaf_codes(session: Session, period_id: int | None, organisation: Organisation) -> set[str] | None:
    if period_id is None:
        return None
    period = session.get(Period, period_id)
    if period is None or period.region_id != organisation.region_id:
        raise LenteraError("actions.period_elsewhere")
    return set(leaf_index.catalog_of_period(session, period).leaves)


def _checked_codes(leaves: set[str] | None, codes: Sequence[str], period_id: int | None) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(str(code).strip() for code in codes if str(code).strip()))
    if cleaned and leaves is None:
        raise LenteraError("actions.items_need_period")
    for code in cleaned:
        if leaves is not None and code not in leaves:
            raise LenteraError("workflow.not_a_leaf", code=code)
    return cleaned


def _check_recommendation(
    session: Session, recommendation_id: int | None, organisation: Organisation
) -> None:
    if recommendation_id is None:
        return
    recommendation = session.get(Recommendation, recommendation_id)
    if recommendation is None or recommendation.region_id != organisation.region_id:
        raise LenteraError("actions.recommendation_elsewhere")


def _audit_fields(action: Action) -> dict[str, object]:
    return {
        "organisation_id": action.organisation_id,
        "period_id": action.period_id,
        "codes": ", ".join(action.codes),
        "recommendation_id": action.recommendation_id,
        "title": action.title,
        "owner_user_id": action.owner_user_id,
        "owner_name": action.owner_name,
        "owner_nip": action.owner_nip,
        "owner_phone": action.owner_phone,
        "due_at": as_utc(action.due_at),
        "status": action.status,
    }


def owner_candidates(actor: Actor, *, organisation_id: int) -> pd.DataFrame:
    """The active focal points of the OPD (``user_id``, ``full_name``), to pick as the person in charge."""
    with session_scope(write=False) as session:
        require(actor, "create_action", organisation=organisation_id, session=session)
        rows = session.exec(
            select(User.id, User.full_name)
            .where(User.organisation_id == organisation_id, col(User.active).is_(True))
            .order_by(col(User.full_name))
        ).all()
    return pd.DataFrame(rows, columns=["user_id", "full_name"])


# --------------------------------------------------------------------------- changing


def load_action(session: Session, actor: Actor, action_id: int, *, permission: str) -> Action:
    """The action, if the actor's role may do ``permission`` and the action's OPD is in their scope."""
    require(actor, permission)
    action = session.get(Action, action_id)
    if action is None:
        raise LenteraError("perm.not_found")
    require(actor, permission, organisation=action.organisation_id, session=session)
    return action


def _checked_version(action: Action, expected_version: int | None) -> None:
    if expected_version is not None and action.version != expected_version:
        raise LenteraError("actions.changed_meanwhile")


def edit_action(
    actor: Actor,
    *,
    action_id: int,
    title: str,
    owner: Owner,
    due_at: datetime,
    codes: Sequence[str] | None = None,
    expected_version: int | None = None,
) -> None:
    """Change the title, person in charge, due date or items (inspectors and admins in scope)."""
    with session_scope() as session:
        action = load_action(session, actor, action_id, permission="edit_action")
        _checked_version(action, expected_version)
        organisation = session.get(Organisation, action.organisation_id)
        assert organisation is not None
        before = _audit_fields(action)
        checked = _checked_owner(session, owner, organisation)
        due = as_utc(due_at)
        if due != as_utc(action.due_at):
            due = _checked_due(due_at)
        if codes is not None:
            leaves = _leaf_codes(session, action.period_id, organisation)
            action.codes = list(_checked_codes(leaves, codes, action.period_id))
        action.title = _checked_title(title)
        action.owner_user_id, action.owner_name = checked.user_id, checked.name
        action.owner_nip, action.owner_phone = checked.nip, checked.phone
        action.due_at = due
        _touch(session, action)
        record(session, actor=actor, action="action.edited", entity="action", entity_id=action.id,
               before=before, after=_audit_fields(action))  # fmt: skip


def _touch(session: Session, action: Action) -> None:
    action.version += 1
    action.updated_at = deadlines.utcnow()
    session.add(action)


def set_action_status(
    actor: Actor,
    *,
    action_id: int,
    status: ActionStatus | str,
    note: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Move the action along ``ACTION_TRANSITIONS``; ``selesai`` needs follow-up evidence, ``batal`` a reason."""
    target = ActionStatus(status)
    with session_scope() as session:
        action = load_action(session, actor, action_id, permission="set_action_status")
        _checked_version(action, expected_version)
        current = ActionStatus(action.status)
        if target not in ACTION_TRANSITIONS[current]:
            raise LenteraError("actions.bad_move", current=label(current), target=label(target))
        text = (note or "").strip() or None
        if target == ActionStatus.batal and text is None:
            raise LenteraError("actions.cancel_needs_reason")
        if target == ActionStatus.selesai and not _has_evidence(session, action_id):
            raise LenteraError("actions.close_needs_evidence")
        now = deadlines.utcnow()
        action.status = target
        action.closed_at = now if target not in OPEN_ACTION_STATUSES else None
        _touch(session, action)
        session.add(
            ActionNote(action_id=action_id, at=now, author_id=actor.id, text=text,
                       status_from=current, status_to=target)
        )  # fmt: skip
        record(session, actor=actor, action="action.status", entity="action", entity_id=action_id,
               before={"status": current}, after={"status": target, "note": text})  # fmt: skip


def _has_evidence(session: Session, action_id: int) -> bool:
    return (
        session.exec(
            select(ActionEvidence.id).where(
                ActionEvidence.action_id == action_id, col(ActionEvidence.detached_at).is_(None)
            )
        ).first()
        is not None
    )


def add_action_note(actor: Actor, *, action_id: int, text: str) -> None:
    """A progress note ("surat sudah ditandatangani, menunggu unggah")."""
    body = (text or "").strip()
    if not body:
        raise LenteraError("actions.note_required")
    with session_scope() as session:
        action = load_action(session, actor, action_id, permission="add_action_note")
        session.add(ActionNote(action_id=action_id, at=deadlines.utcnow(), author_id=actor.id, text=body))
        _touch(session, action)
        record(session, actor=actor, action="action.noted", entity="action", entity_id=action_id,
               after={"note": body})  # fmt: skip


# --------------------------------------------------------------------------- reading
