"""The action plan in xlsx, per OPD or for the whole pemda, in the actor's language.

Rows come from ``action_views.action_plan_frame`` (what the actor may see: a focal point only their OPD's), the
workbook from ``reports.action_plan``. Overdue is as of the export's moment (WIT, minute boundary).
"""

from __future__ import annotations

from datetime import datetime

from i18n import label, register, t
from reports.action_plan import build_action_plan_xlsx
from services.action_views import action_plan_frame
from services.actor import Actor
from services.permissions import require
from vocabulary import ActionStatus

register(
    {
        "action_export.sheet": {"id": "Rencana aksi", "en": "Action plan"},
        "action_export.opd": {"id": "OPD", "en": "OPD"},
        "action_export.title": {"id": "Rencana aksi", "en": "Action"},
        "action_export.codes": {"id": "Butir", "en": "Items"},
        "action_export.recommendation": {"id": "Rekomendasi KPK (id)", "en": "KPK recommendation (id)"},
        "action_export.owner": {"id": "Penanggung jawab", "en": "Person in charge"},
        "action_export.nip": {"id": "NIP", "en": "NIP"},
        "action_export.phone": {"id": "Telepon", "en": "Phone"},
        "action_export.due": {"id": "Batas waktu (WIT)", "en": "Due (WIT)"},
        "action_export.status": {"id": "Status", "en": "Status"},
        "action_export.overdue": {"id": "Terlambat", "en": "Overdue"},
        "action_export.yes": {"id": "Ya", "en": "Yes"},
        "action_export.days_left": {"id": "Sisa hari", "en": "Days left"},
        "action_export.created": {"id": "Dibuat (WIT)", "en": "Created (WIT)"},
        "action_export.closed": {"id": "Ditutup (WIT)", "en": "Closed (WIT)"},
    }
)

HEADERS = {
    "opd": "action_export.opd", "title": "action_export.title", "codes": "action_export.codes",
    "recommendation_id": "action_export.recommendation", "owner": "action_export.owner",
    "owner_nip": "action_export.nip", "owner_phone": "action_export.phone", "due_at": "action_export.due",
    "status": "action_export.status", "overdue": "action_export.overdue", "days_left": "action_export.days_left",
    "created_at": "action_export.created", "closed_at": "action_export.closed",
}  # fmt: skip


def export_action_plan(
    actor: Actor,
    *,
    region_id: int | None = None,
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> bytes:
    """The action plan of one OPD (``organisation_id``) or of every OPD the actor sees in ``region_id``."""
    require(actor, "export_actions")
    lang = actor.language
    frame = action_plan_frame(actor, region_id=region_id, organisation_id=organisation_id, now=now).copy()
    frame["status"] = frame["status"].map(lambda s: label(s, lang, kind=ActionStatus, capital=True))
    frame["overdue"] = frame["overdue"].map(lambda late: t("action_export.yes", lang) if late else "")
    headers = {column: t(key, lang) for column, key in HEADERS.items()}
    return build_action_plan_xlsx(frame, headers=headers, title=t("action_export.sheet", lang))
