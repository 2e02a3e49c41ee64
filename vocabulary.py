"""The words Lentera's rooms share: roles, statuses, decisions, states, kinds, and the status groupings.

Every layer names these (the tables store them, the services compare them, scoring counts them, the pages
show them), so they live here, at the root, importing nothing but the standard library: the UI can name a role
and scoring can group a status without reaching into the ORM. Each enum's values are the text stored in the
database, so a member compares equal to its stored string.

Each member's name in words is in ``LABELS`` (one key family per concept: ``role.*``, ``status.*``,
``decision.*``, ``period_state.*``, ``catalog_status.*``, ``region_kind.*``); ``i18n.label`` reads it.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    admin = "admin"
    leader = "leader"
    inspector = "inspector"
    focal_point = "focal_point"


class RegionKind(StrEnum):
    provinsi = "provinsi"
    kabupaten = "kabupaten"
    kota = "kota"


class CatalogStatus(StrEnum):
    draft = "draft"
    active = "active"
    retired = "retired"


class PeriodState(StrEnum):
    """open (focal points work) → locked (only the internal reviu) → external (KPK's or KemenPANRB's
    verification: their results per item are recorded) → closed (nothing changes but external results)."""

    open = "open"
    locked = "locked"
    external = "external"
    closed = "closed"


class SubmissionStatus(StrEnum):
    empty = "empty"
    draft = "draft"
    submitted = "submitted"
    verified = "verified"
    returned = "returned"
    reopened = "reopened"


class Decision(StrEnum):
    approve = "approve"
    return_ = "return"
    reopen = "reopen"


class ActionStatus(StrEnum):
    """A rencana aksi's status (issue 18): planned, under way, done, cancelled."""

    rencana = "rencana"
    berjalan = "berjalan"
    selesai = "selesai"
    batal = "batal"


# --------------------------------------------------------------------------- their names in words

LABEL_FAMILY: dict[type[StrEnum], str] = {
    Role: "role",
    SubmissionStatus: "status",
    Decision: "decision",
    PeriodState: "period_state",
    CatalogStatus: "catalog_status",
    RegionKind: "region_kind",
    ActionStatus: "action_status",
}
"""Each enum's message key family: ``i18n.label(member)`` reads ``<family>.<value>`` from ``LABELS``."""

LABELS: dict[str, dict[str, str]] = {
    # names, capitalised
    "role.admin": {"id": "Admin", "en": "Administrator"},
    "role.leader": {"id": "Pimpinan", "en": "Leader"},
    "role.inspector": {"id": "Inspektorat (reviu internal)", "en": "Inspector (internal review)"},
    "role.focal_point": {"id": "Operator OPD", "en": "OPD focal point"},
    "decision.approve": {"id": "Disetujui", "en": "Approved"},
    "decision.return": {"id": "Dikembalikan", "en": "Returned"},
    "decision.reopen": {"id": "Dibuka kembali", "en": "Reopened"},
    "region_kind.provinsi": {"id": "Provinsi", "en": "Province"},
    "region_kind.kabupaten": {"id": "Kabupaten", "en": "Regency"},
    "region_kind.kota": {"id": "Kota", "en": "City"},
    # states, lower case as they read inside a sentence (``label(..., capital=True)`` for a badge or a cell)
    "status.empty": {"id": "belum diisi", "en": "not started"},
    "status.draft": {"id": "draf", "en": "draft"},
    "status.submitted": {"id": "diajukan", "en": "submitted"},
    "status.verified": {"id": "direviu", "en": "reviewed"},
    "status.returned": {"id": "dikembalikan", "en": "returned"},
    "status.reopened": {"id": "dibuka kembali", "en": "reopened"},
    "period_state.open": {"id": "terbuka", "en": "open"},
    "period_state.locked": {"id": "dikunci", "en": "locked"},
    "period_state.external": {
        "id": "verifikasi eksternal (KPK/KemenPANRB)",
        "en": "external verification (KPK/KemenPANRB)",
    },
    "period_state.closed": {"id": "ditutup", "en": "closed"},
    "catalog_status.draft": {"id": "draf", "en": "draft"},
    "catalog_status.active": {"id": "aktif", "en": "active"},
    "catalog_status.retired": {"id": "tidak berlaku", "en": "retired"},
    "action_status.rencana": {"id": "rencana", "en": "planned"},
    "action_status.berjalan": {"id": "berjalan", "en": "in progress"},
    "action_status.selesai": {"id": "selesai", "en": "done"},
    "action_status.batal": {"id": "batal", "en": "cancelled"},
}
"""The one translation of every member, in Bahasa Indonesia and English; ``i18n`` registers it."""


# --------------------------------------------------------------------------- status groupings

STATUSES: tuple[SubmissionStatus, ...] = tuple(SubmissionStatus)
"""Every submission status, in workflow order."""

EDITABLE_STATUSES = frozenset(
    {SubmissionStatus.empty, SubmissionStatus.draft, SubmissionStatus.returned, SubmissionStatus.reopened}
)
"""The focal point may still change the value and evidence: the item is open, not with the inspector."""

DONE_STATUSES = frozenset({SubmissionStatus.submitted, SubmissionStatus.verified})
"""Handed in: with the inspector or verified. The focal point's part is done."""

SENT_BACK_STATUSES = frozenset({SubmissionStatus.returned, SubmissionStatus.reopened})
"""Open again after a review: the focal point must look at these first."""

PROJECTED_STATUSES = frozenset(
    {SubmissionStatus.submitted, SubmissionStatus.verified, SubmissionStatus.reopened}
)
"""Statuses whose self value counts in the projected score."""

QUEUE_STATUSES: tuple[SubmissionStatus, ...] = (
    SubmissionStatus.submitted,
    SubmissionStatus.returned,
    SubmissionStatus.verified,
    SubmissionStatus.reopened,
)
"""What the verification queue can filter on: everything that has been handed in at least once."""

COUNT_KEYS = ("verified", "submitted", "returned", "draft", "missing", "total")
"""The progress groups an overview counts items in, plus the total."""

STATUS_GROUP: dict[str, str] = {
    SubmissionStatus.verified.value: "verified",
    SubmissionStatus.submitted.value: "submitted",
    SubmissionStatus.reopened.value: "submitted",  # back in the inspector's queue
    SubmissionStatus.returned.value: "returned",
    SubmissionStatus.draft.value: "draft",
    SubmissionStatus.empty.value: "missing",
}
"""Submission status → the progress group it is counted in (anything else counts as missing)."""


# --------------------------------------------------------------------------- rencana aksi

ACTION_STATUSES: tuple[ActionStatus, ...] = tuple(ActionStatus)
"""Every action status, in the order a plan moves through them."""

ACTION_TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.rencana: frozenset({ActionStatus.berjalan, ActionStatus.selesai, ActionStatus.batal}),
    ActionStatus.berjalan: frozenset({ActionStatus.rencana, ActionStatus.selesai, ActionStatus.batal}),
    ActionStatus.selesai: frozenset({ActionStatus.berjalan}),  # reopened: the evidence did not hold
    ActionStatus.batal: frozenset({ActionStatus.rencana}),  # taken up again
}
"""Action status → the statuses it may move to (services/actions.py refuses any other move)."""

OPEN_ACTION_STATUSES = frozenset({ActionStatus.rencana, ActionStatus.berjalan})
"""Still to be done: these can be overdue, and these are what the follow-up view and reminders list."""

DEMO_MARK = "DATA DEMO"
"""What every screen, report and exported file of a demo installation carries (``services.install.is_demo``)."""
