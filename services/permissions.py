"""Who may do what, decided in one place: ``PERMISSIONS`` maps every action name to the roles allowed to do it.

Every service calls ``require(actor, action, ...)`` before it reads or writes, so a page that forgets a check
still cannot leak or change data; navigation and the pages' action buttons ask ``allowed(role, action)`` of the
same table, so a menu never offers what the service would refuse. tests/test_permissions.py holds the spec (its
``MATRIX``) and checks both this table and the services' behaviour against it.

Scope rules (``require(..., region=..., organisation=...)`` and the ``require_*`` helpers below): a focal point
sees only their own OPD; other roles see their region (a province-scoped user, ``region_id`` of the province,
also sees the province's kabupaten/kota; ``region_id=None`` means everywhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sqlmodel import Session, select

from i18n import LenteraError, register
from models.database import session_scope
from models.tables import Organisation, Region, User
from services.actor import Actor
from vocabulary import Role

OPERATOR_ID = (
    0  # the CLI's actor (services/exports.py OPERATOR): whoever runs it already holds the data folder
)
_EVERYONE = frozenset(Role)
_READERS = frozenset({Role.admin, Role.leader, Role.inspector})  # the dashboards: whoever oversees a region
_REVIEWERS = frozenset({Role.admin, Role.inspector})
_ADMIN = frozenset({Role.admin})
_FOCAL = frozenset({Role.focal_point})
_INSPECTOR = frozenset({Role.inspector})
_PLANNERS = frozenset({Role.admin, Role.inspector, Role.leader})  # who may instruct an OPD to act on a gap
_FOLLOWERS = frozenset({Role.admin, Role.inspector, Role.focal_point})  # who works an action forward

PERMISSIONS: Mapping[str, frozenset[Role]] = MappingProxyType(
    {
        # a focal point's work on their OPD's items
        "save_draft": _FOCAL,
        "submit": _FOCAL,
        "save_and_submit": _FOCAL,
        "upload": _FOCAL,
        "detach": _FOCAL,
        "link_evidence": _FOCAL,
        "import_offline_sheet": _FOCAL,
        # reading items (a focal point reads their own OPD's, everyone else their region's)
        "checklist": _EVERYONE,
        "item_detail": _EVERYONE,
        "list_evidence": _EVERYONE,
        "evidence_file": _EVERYONE,
        "stale_items": _EVERYONE,
        "document_progress": _EVERYONE,
        "offline_sheet": _EVERYONE,
        "opd_overview": _EVERYONE,
        "list_periods": _EVERYONE,
        "get_period": _EVERYONE,
        # review
        "queue": _REVIEWERS,
        "approve": _REVIEWERS,
        "return": _REVIEWERS,
        "reopen": _REVIEWERS,
        # KPK's (KemenPANRB's) results per item, the third stage: recorded by hand or imported
        "record_external_result": _REVIEWERS,
        "import_external_results": _REVIEWERS,
        "external_results": _READERS,
        # dashboards and reports
        "period_overview": _READERS,
        "national_ranking": _READERS,
        "trend": _READERS,
        "province_picture": _READERS,
        "opds_behind": _READERS,
        "scoring_input": _READERS,
        "assignment_matrix": _READERS,
        "export_province": _READERS,
        "rekap": _READERS,  # the pemda's rekapitulasi: a read, no number (the Inspektur signs it on paper)
        "berita_acara": _REVIEWERS,  # issues a number per OPD: the reviu team's act, not a reader's download
        "catalog_diff": _READERS,
        # rencana aksi (services/actions.py) and KPK's recommendations (services/recommendations.py); a leader
        # instructs (creates) and reads, a focal point works their own OPD's actions forward
        "list_actions": _EVERYONE,
        "create_action": _PLANNERS,
        "edit_action": _REVIEWERS,
        "set_action_status": _FOLLOWERS,
        "add_action_note": _FOLLOWERS,
        "upload_action_evidence": _FOLLOWERS,
        "detach_action_evidence": _FOLLOWERS,
        "follow_up": _READERS,
        "export_actions": _EVERYONE,
        "list_recommendations": _READERS,
        "create_recommendation": _REVIEWERS,
        "import_recommendations": _REVIEWERS,
        # the digital-services inventory (services/inventory*.py): an OPD's focal point keeps their own register,
        # inspectors and admins any OPD of their region, leaders read; an entry is evidence for the OPD's items,
        # linked by whoever may keep the register (the focal point of the OPD, an inspector or admin in scope)
        "inventory": _EVERYONE,
        "export_inventory": _EVERYONE,
        "edit_inventory": _FOLLOWERS,
        "import_inventory": _FOLLOWERS,
        "inventory_summary": _READERS,
        "link_inventory_evidence": _FOLLOWERS,
        "check_links": _ADMIN,
        # administration
        "create_period": _ADMIN,
        "extend_deadline": _ADMIN,
        "set_state": _ADMIN,
        "set_assignment": _ADMIN,
        "set_lead": _REVIEWERS,  # which assigned OPD's value is the pemda's for a lead-rule item (scoring/aggregate)
        "carry_forward": _ADMIN,
        "create_user": _ADMIN,
        "edit_user": _ADMIN,
        "list_users": _ADMIN,
        "create_region": _ADMIN,
        "create_organisation": _ADMIN,
        "retire_organisation": _ADMIN,
        "merge_organisations": _ADMIN,
        "set_service_unit": _ADMIN,
        "import_catalog": _ADMIN,
        "set_catalog_status": _ADMIN,
        "export_catalog_xlsx": _ADMIN,
        "import_catalog_xlsx": _ADMIN,
        "audit_log": _ADMIN,
        "document_settings": _ADMIN,
        "check_store": _ADMIN,
        # pages: who gets which page in the navigation (ui/navigation.py)
        "page.overview": _READERS,
        "page.opd_detail": _READERS,
        "page.national": _READERS,
        "page.reports": _READERS,
        "page.follow_up": _READERS,
        "page.actions": _EVERYONE,
        "page.inventory": _EVERYONE,
        "page.checklist": _FOCAL,
        "page.verification": _INSPECTOR,
        "page.admin": _ADMIN,
        "page.assignments": _REVIEWERS,  # the admin edits the matrix, an inspector names lead OPDs
        "page.account": _EVERYONE,
    }
)
"""Action name → the roles that may do it. Scope (which region, which OPD) is checked on top, by ``require``."""

READS: frozenset[str] = frozenset(
    {
        *("checklist", "item_detail", "list_evidence", "evidence_file", "stale_items", "offline_sheet"),
        *("document_progress", "rekap"),
        *(
            "opd_overview",
            "list_periods",
            "get_period",
            "queue",
            "period_overview",
            "national_ranking",
            "trend",
            "province_picture",
            "opds_behind",
        ),
        *("scoring_input", "assignment_matrix", "export_province", "catalog_diff", "list_users"),
        *(
            "export_catalog_xlsx",
            "audit_log",
            "list_actions",
            "follow_up",
            "list_recommendations",
            "external_results",
        ),
        "export_actions",
        *("inventory", "export_inventory", "inventory_summary"),
        *(action for action in PERMISSIONS if action.startswith("page.")),
    }
)
"""Actions that only read. Every other action changes data (``WRITES``): a new action is a write unless listed here."""

WRITES: frozenset[str] = frozenset(PERMISSIONS) - READS
"""``require`` refuses these to a user deactivated since the actor was read."""


def roles_for(action: str) -> frozenset[Role]:
    """The roles allowed to do ``action``; an action missing from the table is a programming error."""
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}: add it to services.permissions.PERMISSIONS") from None


def allowed(role: Role | str, action: str) -> bool:
    """Whether ``role`` may do ``action`` at all (for menus and buttons; the service still checks scope)."""
    return role in roles_for(action)


register(
    {
        "perm.denied": {
            "id": "Anda tidak berwenang untuk tindakan ini.",
            "en": "You are not allowed to do this.",
        },
        "perm.other_opd": {
            "id": "Data ini milik OPD lain; Anda hanya dapat membuka data OPD Anda sendiri.",
            "en": "This belongs to another OPD; you can only open your own OPD's data.",
        },
        "perm.out_of_region": {
            "id": "Data ini berada di luar wilayah kewenangan Anda.",
            "en": "This is outside your region.",
        },
        "perm.not_found": {"id": "Data tidak ditemukan.", "en": "Not found."},
        "perm.account_inactive": {
            "id": "Akun Anda tidak lagi aktif; tidak ada yang tersimpan. Hubungi admin bila ini keliru.",
            "en": "Your account is no longer active; nothing was saved. Contact an administrator if this is a mistake.",
        },
        "perm.every_region_only": {
            "id": "Perubahan ini berlaku untuk semua wilayah; hanya admin tanpa batasan wilayah yang dapat melakukannya.",
            "en": "This change applies to every region; only an admin without a region scope may make it.",
        },
    }
)


def require(
    actor: Actor,
    action: str,
    *,
    region: int | None = None,
    organisation: int | None = None,
    session: Session | None = None,
) -> None:
    """Refuse (``perm.*``) unless the actor's role may do ``action`` and the named region/OPD is in their scope.

    The role is checked first, so a refusal never depends on what exists in the database. A write action
    (``WRITES``) is refused to a user deactivated since the actor was read: a sign-in ends at the next rerun,
    and this stops a write already under way. The checks use ``session`` when given (the caller's
    transaction), else a short read-only one of their own.
    """
    if not allowed(actor.role, action):
        raise LenteraError("perm.denied")
    writes = action in WRITES
    if not writes and region is None and organisation is None:
        return
    if session is not None:
        _require_live(session, actor, writes, region, organisation)
        return
    with session_scope(write=False) as own:
        _require_live(own, actor, writes, region, organisation)


def _require_live(
    session: Session, actor: Actor, writes: bool, region: int | None, organisation: int | None
) -> None:
    if writes:
        _require_active(session, actor)
    _require_scope(session, actor, region, organisation)


def _require_active(session: Session, actor: Actor) -> None:
    """The acting user still exists and is active (the CLI's operator, id 0, has no row and is the server)."""
    if actor.id == OPERATOR_ID:
        return
    active = session.exec(select(User.active).where(User.id == actor.id)).first()
    if not active:
        raise LenteraError("perm.account_inactive")


def _require_scope(session: Session, actor: Actor, region: int | None, organisation: int | None) -> None:
    if region is not None:
        require_region(session, actor, region)
    if organisation is not None:
        require_organisation(session, actor, organisation)


def require_admin_of_every_region(actor: Actor) -> None:
    """Installation-wide changes (catalogs every region uses): only an admin without a region scope.

    Call it after ``require`` (which decides the role); this only adds the scope.
    """
    if actor.region_id is not None:
        raise LenteraError("perm.every_region_only")


def regions_in_scope(session: Session, actor: Actor) -> set[int] | None:
    """Region ids the actor may see; None means every region."""
    if actor.region_id is None:
        return None
    children = session.exec(select(Region.id).where(Region.parent_id == actor.region_id)).all()
    return {actor.region_id, *(c for c in children if c is not None)}


def require_organisation(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    """The OPD, if the actor may see it; a focal point only ever reaches their own."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise LenteraError("perm.not_found")
    if actor.role == Role.focal_point:
        if actor.organisation_id != organisation_id:
            raise LenteraError("perm.other_opd")
        return organisation
    scope = regions_in_scope(session, actor)
    if scope is not None and organisation.region_id not in scope:
        raise LenteraError("perm.out_of_region")
    return organisation


def require_region(session: Session, actor: Actor, region_id: int) -> Region:
    region = session.get(Region, region_id)
    if region is None:
        raise LenteraError("perm.not_found")
    scope = regions_in_scope(session, actor)
    if actor.role == Role.focal_point:
        organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        if organisation is None or organisation.region_id != region_id:
            raise LenteraError("perm.out_of_region")
    elif scope is not None and region_id not in scope:
        raise LenteraError("perm.out_of_region")
    return region
