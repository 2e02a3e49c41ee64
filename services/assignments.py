"""Which leaf applies to which OPD in a period: the defaults from the catalog, and the administrator's changes.

A new period assigns each leaf that applies to the pemda's kind (``applies_to``: provinsi, kabupaten, kota) to
the region's active OPDs named by the leaf's ``responsible`` (OPD kinds or
abbreviations, compared without case or extra spaces); leaves that match no OPD are reported back for the
administrator to assign by hand (kabupaten name their OPDs differently from the province, and a silent gap would
cost points). A catalog that assesses service units (``Catalog.assessed == "service_unit"``: PEKPPP) assigns every
leaf to every OPD marked as a service unit (``Organisation.service_unit``) and to no other. An assigned OPD that
the leaf names as its lead (``Responsibility.names_lead``) is marked ``Assignment.lead``: the ``lead`` rule takes its value as the pemda's. An admin or inspector may name another of the
assigned OPDs as the lead in their region (``set_lead``, audited ``assignment.lead``); ``leads`` lists the items whose
pemda value follows the lead rule with their assigned OPDs and lead. Unassigning hides an item from the OPD's
checklist; its submission row, and its history, stay.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session, col, select

from i18n import WIT, LenteraError, register
from indicators import Node
from indicators.schema import normal_name
from models.database import session_scope
from models.tables import Assignment, Organisation, Period, PeriodState, Region, as_utc, utcnow
from services import deadlines, leaf_index
from services.actor import Actor
from services.audit import record
from services.permissions import require
from services.submission_views import ensure_submissions

register(
    {
        "period.organisation_not_in_region": {
            "id": "OPD ini tidak berada di wilayah periode.",
            "en": "This OPD is not in the period's region.",
        },
        "period.not_a_service_unit": {
            "id": "{opd} bukan unit penyelenggara pelayanan; kerangka ini hanya menilai unit layanan.",
            "en": "{opd} is not a service unit; this framework assesses service units only.",
        },
        "assignment.lead_not_assigned": {
            "id": "{opd} tidak ditugaskan untuk butir {code}; hanya OPD yang ditugaskan dapat menjadi OPD pengampu.",
            "en": "{opd} is not assigned item {code}; only an assigned OPD can be its lead OPD.",
        },
        "period.leaf_not_for_region": {
            "id": "Butir {code} tidak berlaku untuk pemda jenis {kind}.",
            "en": "Item {code} does not apply to a pemda of kind {kind}.",
        },
    }
)


def default_assignments(
    session: Session, period: Period, catalog: leaf_index.ParsedCatalog
) -> list[tuple[int, str]]:
    """(OPD, leaf code) for every leaf that applies to the pemda's kind and every OPD of the period's region the
    leaf names as responsible."""
    organisations = _active_organisations(session, period)
    kind = region_kind(session, period)
    units_only = catalog.doc.assessed == "service_unit"
    return [
        (organisation.id or 0, info.node.code)
        for info in catalog.leaves.values()
        if info.node.applies(kind)
        for organisation in organisations
        if (organisation.service_unit if units_only else _responsible(info.node, organisation))
    ]


def new_assignment(session: Session, period: Period, node: Node, organisation_id: int) -> Assignment:
    """The Assignment row of a leaf to an OPD, marked ``lead`` when the leaf names the OPD as its lead."""
    organisation = session.get(Organisation, organisation_id)
    responsible = node.responsible
    lead = (
        organisation is not None
        and responsible is not None
        and responsible.names_lead(
            abbreviation=organisation.abbreviation, name=organisation.name, kind=organisation.kind
        )
    )
    assert period.id is not None
    return Assignment(period_id=period.id, organisation_id=organisation_id, code=node.code, lead=lead)


def region_kind(session: Session, period: Period) -> str:
    """The kind of the period's pemda (provinsi, kabupaten, kota)."""
    region = session.get(Region, period.region_id)
    assert region is not None  # a period's region cannot be deleted (foreign key)
    return str(region.kind)


def applicable_codes(session: Session, period: Period, catalog: leaf_index.ParsedCatalog) -> list[str]:
    """The period's leaf codes that apply to its pemda's kind, in catalog order."""
    kind = region_kind(session, period)
    return [code for code, info in catalog.leaves.items() if info.node.applies(kind)]


def assignment_matrix(actor: Actor, *, period_id: int) -> pd.DataFrame:
    """OPD × leaf: columns ``organisation_id``, ``opd``, then one bool column per leaf code that applies to the
    pemda's kind (catalog order).

    Rows are the region's OPDs active at the period's opening plus any other OPD that holds an assignment.
    """
    require(actor, "assignment_matrix")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        leaves = applicable_codes(session, period, leaf_index.catalog_of_period(session, period))
        pairs = session.exec(
            select(Assignment.organisation_id, Assignment.code).where(Assignment.period_id == period_id)
        ).all()
        organisations = {o.id: o for o in _active_organisations(session, period)}
        holders = {organisation_id for organisation_id, _ in pairs} - set(organisations)
        for organisation_id in holders:
            organisation = session.get(Organisation, organisation_id)
            if organisation is not None:
                organisations[organisation_id] = organisation
    assigned = set(pairs)
    rows = [
        {
            "organisation_id": organisation_id,
            "opd": organisation.abbreviation,
            **{code: (organisation_id, code) in assigned for code in leaves},
        }
        for organisation_id, organisation in sorted(organisations.items(), key=lambda kv: kv[1].abbreviation)
    ]
    return pd.DataFrame(rows, columns=["organisation_id", "opd", *leaves])


def set_assignment(actor: Actor, *, period_id: int, organisation_id: int, code: str, assigned: bool) -> None:
    """Assign or unassign one leaf to one OPD. Unassigning hides the item; its submission row stays."""
    require(actor, "set_assignment")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        deadlines.require_period_state(period, PeriodState.open, PeriodState.locked)
        catalog = leaf_index.catalog_of_period(session, period)
        leaf = leaf_index.leaf_of(catalog, code)
        kind = region_kind(session, period)
        if assigned and not leaf.node.applies(kind):
            raise LenteraError("period.leaf_not_for_region", code=code, kind=kind)
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or organisation.region_id != period.region_id:
            raise LenteraError("period.organisation_not_in_region")
        if assigned and catalog.doc.assessed == "service_unit" and not organisation.service_unit:
            raise LenteraError("period.not_a_service_unit", opd=organisation.abbreviation)
        existing = session.exec(
            select(Assignment).where(
                Assignment.period_id == period_id,
                Assignment.organisation_id == organisation_id,
                Assignment.code == code,
            )
        ).first()
        if (existing is not None) == assigned:
            return
        if assigned:
            session.add(new_assignment(session, period, leaf.node, organisation_id))
            session.flush()
            ensure_submissions(session, period_id, [(organisation_id, code)])
        else:
            assert existing is not None
            session.delete(existing)
        record(
            session,
            actor=actor,
            action="assignment.set",
            entity="period",
            entity_id=period_id,
            before={"organisation_id": organisation_id, "code": code, "assigned": not assigned},
            after={"organisation_id": organisation_id, "code": code, "assigned": assigned},
        )


def _active_organisations(session: Session, period: Period) -> list[Organisation]:
    """The region's OPDs that exist (not merged, not retired) on the day the period opens, in WIT."""
    opens = as_utc(period.opens_at)
    day: date = opens.astimezone(WIT).date() if opens else utcnow().astimezone(WIT).date()
    organisations = session.exec(
        select(Organisation).where(
            Organisation.region_id == period.region_id, col(Organisation.merged_into_id).is_(None)
        )
    ).all()
    return [
        o
        for o in organisations
        if (o.active_from is None or o.active_from <= day)
        and (o.active_until is None or o.active_until > day)
    ]


def _responsible(node: Node, organisation: Organisation) -> bool:
    responsible = node.responsible
    if responsible is None:
        return False
    kinds = {normal_name(kind) for kind in responsible.opd_kinds}
    names = {normal_name(name) for name in responsible.opds}
    return (
        normal_name(organisation.kind) in kinds
        or normal_name(organisation.abbreviation) in names
        or normal_name(organisation.name) in names
    )


LEAD_COLUMNS = ["code", "name", "opds", "lead"]


def leads(actor: Actor, *, period_id: int) -> pd.DataFrame:
    """The items of the period whose pemda value is the lead OPD's (``rule_for_pemda == "lead"``), in catalog order:
    ``code``, ``name``, ``opds`` (organisation id → abbreviation of the assigned OPDs) and ``lead`` (the lead
    OPD's id, None when none is marked: the rule then takes the mean of the assigned OPDs)."""
    require(actor, "assignment_matrix")
    with session_scope(write=False) as session:
        period = deadlines.load_period(session, actor, period_id)
        catalog = leaf_index.catalog_of_period(session, period)
        codes = [
            code
            for code in applicable_codes(session, period, catalog)
            if catalog.leaves[code].node.rule_for_pemda == "lead"
        ]
        held = session.exec(
            select(Assignment.code, Assignment.organisation_id, Assignment.lead, Organisation.abbreviation)
            .join(Organisation, col(Organisation.id) == col(Assignment.organisation_id))
            .where(Assignment.period_id == period_id)
            .order_by(col(Organisation.abbreviation))
        ).all()
    opds: dict[str, dict[int, str]] = {}
    lead: dict[str, int] = {}
    for code, organisation_id, is_lead, abbreviation in held:
        opds.setdefault(code, {})[organisation_id] = abbreviation
        if is_lead:
            lead.setdefault(code, organisation_id)
    rows = [
        {
            "code": code,
            "name": catalog.leaves[code].node.name,
            "opds": opds.get(code, {}),
            "lead": lead.get(code),
        }
        for code in codes
    ]
    return pd.DataFrame(rows, columns=LEAD_COLUMNS, dtype=object)  # ``lead`` stays an int or None


def set_lead(actor: Actor, *, period_id: int, code: str, organisation_id: int | None) -> None:
    """Name ``organisation_id`` (one of the OPDs assigned the leaf) the lead OPD of the leaf in the period, the
    others not; None: no lead (the lead rule then takes the assigned OPDs' mean). Audited ``assignment.lead``."""
    require(actor, "set_lead")
    with session_scope() as session:
        period = deadlines.load_period(session, actor, period_id)
        deadlines.require_period_state(period, PeriodState.open, PeriodState.locked)
        leaf_index.leaf_of(leaf_index.catalog_of_period(session, period), code)
        held = session.exec(
            select(Assignment, Organisation.abbreviation)
            .join(Organisation, col(Organisation.id) == col(Assignment.organisation_id))
            .where(Assignment.period_id == period_id, Assignment.code == code)
        ).all()
        rows = [row for row, _ in held]
        names = {row.organisation_id: abbreviation for row, abbreviation in held}
        if organisation_id is not None and organisation_id not in names:
            organisation = session.get(Organisation, organisation_id)
            if organisation is None or organisation.region_id != period.region_id:
                raise LenteraError("period.organisation_not_in_region")
            raise LenteraError("assignment.lead_not_assigned", opd=organisation.abbreviation, code=code)
        before = sorted(names[row.organisation_id] for row in rows if row.lead)
        after = [names[organisation_id]] if organisation_id is not None else []
        if before == after:
            return
        for row in rows:
            row.lead = row.organisation_id == organisation_id
            session.add(row)
        record(
            session,
            actor=actor,
            action="assignment.lead",
            entity="period",
            entity_id=period_id,
            before={"code": code, "lead": ", ".join(before) or None},
            after={"code": code, "lead": ", ".join(after) or None},
        )
