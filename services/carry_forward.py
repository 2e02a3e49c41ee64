"""Year over year: carry last period's evidence (and, on request, self values) into the new period.

Most MCP and SPBE items ask for the same kind of document every year, and OPDs should not upload the same SK
twice. For every item whose code persists in the new catalog and whose OPD is assigned in both periods, the new
submission gets a link to the same evidence rows (no file is copied: the store keeps bytes once). When the
administrator chooses, the old self value is copied as a draft, but only if the new rule still accepts it;
values that no longer fit are skipped and listed so the OPD re-answers them.

A carried file keeps the document it was tagged with (``services.evidence_tags``: "D1", a cumulative level's
"L2") when the item in the new catalog still lists that document; a file carried to another framework's item is
untagged, and the OPD tags it there.

Running it again links nothing twice (a link that exists, even detached by the OPD, is never recreated) and
copies no value over one the OPD already entered. Everything happens in one transaction with audit events.
The report says per OPD which items are new, removed, changed (rule/name/weight/moved/evidence/responsibility via
``indicators.diff_catalogs``) or carried.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, col, select

from i18n import LenteraError, Phrase, register, t
from indicators import Node, diff_catalogs
from indicators.framework_map import load_framework_map
from indicators.rules import ExternalIndexRule
from models.database import session_scope
from models.tables import (
    Assignment,
    EvidenceLink,
    Organisation,
    Period,
    PeriodState,
    Submission,
    utcnow,
)
from services import deadlines, leaf_index, transitions, workflow
from services.actor import Actor
from services.audit import record
from services.crosswalk import base_key
from services.evidence import add_evidence_link
from services.permissions import require
from services.submission_views import ensure_submissions
from vocabulary import EDITABLE_STATUSES

register(
    {
        "carry.same_period": {
            "id": "Periode asal dan periode tujuan harus berbeda.",
            "en": "The source and target periods must differ.",
        },
        "carry.other_region": {
            "id": "Periode asal dan periode tujuan harus milik pemda yang sama.",
            "en": "The source and target periods must belong to the same pemda.",
        },
        "carry.outcome.new": {"id": "butir baru", "en": "new item"},
        "carry.outcome.removed": {"id": "butir dihapus", "en": "removed item"},
        "carry.outcome.changed": {"id": "butir berubah", "en": "changed item"},
        "carry.outcome.carried": {"id": "dibawa", "en": "carried"},
        "carry.outcome.mapped": {
            "id": "bukti dibawa dari butir terkait {codes}",
            "en": "evidence carried from related item(s) {codes}",
        },
        "carry.skip.not_editable": {
            "id": "butir di periode baru sudah diajukan/direviu",
            "en": "the item in the new period is already submitted/reviewed",
        },
        "carry.skip.value_exists": {
            "id": "OPD sudah mengisi nilai di periode baru",
            "en": "the OPD already entered a value in the new period",
        },
        "carry.skip.rule": {
            "id": "nilai tidak sesuai aturan baru: {reason}",
            "en": "the value does not fit the new rule: {reason}",
        },
    }
)

REPORT_COLUMNS = [
    "organisation_id",
    "opd",
    "code",
    "name",
    "outcome",  # new | removed | changed | carried | mapped (evidence of another framework's related item)
    "outcome_label",
    "changes",  # "renamed; rule_changed" for changed items
    "evidence_linked",  # links created by this run
    "value_copied",
    "value_skipped",  # why a value was not copied (translated), or ""
]
SUMMARY_COLUMNS = [
    "organisation_id", "opd", "new", "removed", "changed", "carried", "mapped", "evidence_linked",
]  # fmt: skip


@dataclass(frozen=True)
class CarryForwardResult:
    report: pd.DataFrame  # REPORT_COLUMNS, one row per (OPD, item)
    summary: pd.DataFrame  # SUMMARY_COLUMNS, one row per OPD
    links_created: int
    values_copied: int
    skipped_values: pd.DataFrame  # the report rows whose value was not copied, with the reason


def _assigned(session: Session, period_id: int) -> dict[int, set[str]]:
    rows = session.exec(
        select(Assignment.organisation_id, Assignment.code).where(Assignment.period_id == period_id)
    ).all()
    out: dict[int, set[str]] = {}
    for organisation_id, code in rows:
        out.setdefault(organisation_id, set()).add(code)
    return out


def _submissions(session: Session, period_id: int) -> dict[tuple[int, str], Submission]:
    rows = session.exec(select(Submission).where(Submission.period_id == period_id)).all()
    return {(s.organisation_id, s.code): s for s in rows}


def _active_links(session: Session, submission_ids: list[int]) -> dict[int, list[tuple[int, str | None]]]:
    """(evidence id, document tag) attached (not detached) per submission, oldest link first."""
    if not submission_ids:
        return {}
    rows = session.exec(
        select(EvidenceLink.submission_id, EvidenceLink.evidence_id, EvidenceLink.document_code)
        .where(col(EvidenceLink.submission_id).in_(submission_ids), col(EvidenceLink.detached_at).is_(None))
        .order_by(col(EvidenceLink.id))
    ).all()
    out: dict[int, list[tuple[int, str | None]]] = {}
    for submission_id, evidence_id, document_code in rows:
        out.setdefault(submission_id, []).append((evidence_id, document_code))
    return out


def _any_links(session: Session, submission_ids: list[int]) -> set[tuple[int, int]]:
    """(submission, evidence) pairs ever linked, detached or not: a detached carry is never redone."""
    if not submission_ids:
        return set()
    rows = session.exec(
        select(EvidenceLink.submission_id, EvidenceLink.evidence_id).where(
            col(EvidenceLink.submission_id).in_(submission_ids)
        )
    ).all()
    return {(s, e) for s, e in rows}


def _load_pair(
    session: Session, actor: Actor, from_period_id: int, to_period_id: int
) -> tuple[Period, Period]:
    if from_period_id == to_period_id:
        raise LenteraError("carry.same_period")
    source = deadlines.load_period(session, actor, from_period_id)
    target = deadlines.load_period(session, actor, to_period_id)
    if source.region_id != target.region_id:
        raise LenteraError("carry.other_region")
    return source, target


def carry_forward(
    actor: Actor, *, from_period_id: int, to_period_id: int, copy_values: bool, dry_run: bool = False
) -> CarryForwardResult:
    """Link last period's evidence to the new period's items (admin); optionally copy self values as drafts.

    ``dry_run=True`` computes the same report and rolls everything back (a preview for the admin page).
    """
    require(actor, "carry_forward")
    with session_scope() as session:
        source, target = _load_pair(session, actor, from_period_id, to_period_id)
        if not dry_run:
            deadlines.require_period_state(target, PeriodState.open)
        result = _carry(session, actor, source, target, copy_values=copy_values, write=not dry_run)
        if dry_run:
            session.rollback()
        return result


def carry_forward_report(actor: Actor, *, from_period_id: int, to_period_id: int) -> CarryForwardResult:
    """What ``carry_forward`` would do, without changing anything."""
    return carry_forward(
        actor, from_period_id=from_period_id, to_period_id=to_period_id, copy_values=True, dry_run=True
    )


def _carry(
    session: Session, actor: Actor, source: Period, target: Period, *, copy_values: bool, write: bool
) -> CarryForwardResult:
    old_catalog = leaf_index.catalog_of_period(session, source)
    new_catalog = leaf_index.catalog_of_period(session, target)
    changes: dict[str, list[str]] = {}
    for change in diff_catalogs(old_catalog.doc, new_catalog.doc).changes:
        if change.change not in ("added", "removed"):
            changes.setdefault(change.code, []).append(change.change)
    mapped: dict[str, list[str]] = {}
    pairs = load_framework_map(base_key(old_catalog.doc.key), base_key(new_catalog.doc.key))
    for pair in pairs:
        mapped.setdefault(pair.to_code, []).append(pair.from_code)
    old_assigned = _assigned(session, source.id or 0)
    new_assigned = _assigned(session, target.id or 0)
    # An assignment without a submission row yet (added after the period was created) gets its empty row now.
    missing_rows = [(o, c) for o, codes in new_assigned.items() for c in codes if c in new_catalog.leaves]
    if write:
        ensure_submissions(session, target.id or 0, missing_rows)
    old_rows = _submissions(session, source.id or 0)
    new_rows = _submissions(session, target.id or 0)
    old_links = _active_links(session, [s.id for s in old_rows.values() if s.id is not None])
    ever_linked = _any_links(session, [s.id for s in new_rows.values() if s.id is not None])
    organisations = {
        o.id: o.abbreviation
        for o in session.exec(
            select(Organisation).where(col(Organisation.id).in_(list({*old_assigned, *new_assigned})))
        ).all()
    }
    now = utcnow()
    records: list[dict[str, object]] = []
    links_created = values_copied = 0
    for organisation_id in sorted(organisations, key=lambda i: organisations[i] or ""):
        assert organisation_id is not None
        before = {c for c in old_assigned.get(organisation_id, set()) if c in old_catalog.leaves}
        after = {c for c in new_assigned.get(organisation_id, set()) if c in new_catalog.leaves}
        opd = organisations[organisation_id]
        for code in sorted(after - before, key=lambda c: new_catalog.leaves[c].order):
            sources = [c for c in mapped.get(code, []) if c in before]
            row = _row(organisation_id, opd, code, new_catalog.leaves[code].node.name, "new")
            new = new_rows.get((organisation_id, code))
            if sources and new is not None and new.id is not None:
                # Another framework's item that asks for the same evidence (indicators.framework_map): its files
                # are linked here; its value is not, the rules differ.
                label = t("carry.outcome.mapped", codes=", ".join(sources))
                row.update(outcome="mapped", outcome_label=label)
                old_ids = [old.id for c in sources if (old := old_rows.get((organisation_id, c))) is not None]
                editable = new.status in EDITABLE_STATUSES
                linked = 0
                for old_id in old_ids:
                    for evidence_id, _tag in old_links.get(
                        old_id or 0, []
                    ):  # another item's tags do not apply
                        if not editable or (new.id, evidence_id) in ever_linked:
                            continue
                        ever_linked.add((new.id, evidence_id))
                        linked += 1
                        if write:
                            add_evidence_link(
                                session,
                                actor=actor,
                                evidence_id=evidence_id,
                                submission_id=new.id,
                                linked_at=now,
                                details={"carried_from": old_id, "mapped": True},
                                flush=False,
                            )
                row["evidence_linked"] = linked
                links_created += linked
            records.append(row)
        for code in sorted(before - after, key=lambda c: old_catalog.leaves[c].order):
            records.append(_row(organisation_id, opd, code, old_catalog.leaves[code].node.name, "removed"))
        for code in sorted(before & after, key=lambda c: new_catalog.leaves[c].order):
            node = new_catalog.leaves[code].node
            outcome = "changed" if code in changes else "carried"
            row = _row(organisation_id, opd, code, node.name, outcome, "; ".join(changes.get(code, [])))
            old = old_rows.get((organisation_id, code))
            new = new_rows.get((organisation_id, code))
            if old is None or new is None or new.id is None:
                records.append(row)
                continue
            editable = new.status in EDITABLE_STATUSES
            listed = {d.code for d in node.rule.listed_documents()} if node.rule is not None else set()
            linked = 0
            for evidence_id, tag in old_links.get(old.id or 0, []):
                if not editable or (new.id, evidence_id) in ever_linked:
                    continue
                ever_linked.add((new.id, evidence_id))
                linked += 1
                if write:
                    # the file keeps the document (the level's evidence) it answered, while the item still lists it
                    add_evidence_link(
                        session,
                        actor=actor,
                        evidence_id=evidence_id,
                        submission_id=new.id,
                        linked_at=now,
                        details={"carried_from": old.id},
                        flush=False,  # thousands of links: inserted together at the flush below
                        document_code=tag if tag in listed else None,
                    )
            row["evidence_linked"] = linked
            links_created += linked
            if copy_values and old.self_value is not None:
                skipped = _copy_value(session, actor, old, new, node, write=write)
                row["value_copied"] = skipped is None
                row["value_skipped"] = skipped or ""
                values_copied += skipped is None
            records.append(row)
    if write:
        session.flush()
        record(
            session,
            actor=actor,
            action="period.carry_forward",
            entity="period",
            entity_id=target.id,
            after={
                "from_period_id": source.id,
                "copy_values": copy_values,
                "links_created": links_created,
                "values_copied": values_copied,
            },
        )
    report = pd.DataFrame(records, columns=REPORT_COLUMNS)
    report = report.astype({"evidence_linked": int, "value_copied": bool})
    return CarryForwardResult(
        report=report,
        summary=_summary(report),
        links_created=links_created,
        values_copied=values_copied,
        skipped_values=report[report["value_skipped"] != ""].reset_index(drop=True),
    )


def _row(
    organisation_id: int, opd: str, code: str, name: str, outcome: str, changes: str = ""
) -> dict[str, object]:
    return {
        "organisation_id": organisation_id,
        "opd": opd,
        "code": code,
        "name": name,
        "outcome": outcome,
        "outcome_label": t(f"carry.outcome.{outcome}"),
        "changes": changes,
        "evidence_linked": 0,
        "value_copied": False,
        "value_skipped": "",
    }


def _copy_value(
    session: Session, actor: Actor, old: Submission, new: Submission, node: Node, *, write: bool
) -> str | None:
    """Copy the old self value as a draft: None when copied, "" when already there, else the reason why not."""
    assert old.self_value is not None
    if new.self_value is not None:
        return "" if new.self_value == old.self_value else t("carry.skip.value_exists")
    if new.status not in EDITABLE_STATUSES:
        return t("carry.skip.not_editable")
    try:
        # A typed external index value is carried and converted by this period's table; else the level itself.
        typed = old.external_value if isinstance(node.rule, ExternalIndexRule) else None
        value, external = workflow.check_answer(node, old.self_value if typed is None else None, typed)
    except LenteraError as exc:
        return t("carry.skip.rule", reason=Phrase(exc.message))
    if write:
        change = transitions.Change(
            values={"self_value": value, "external_value": external}, audit={"carried_from": old.id}
        )
        transitions.transition(session, actor, "carry_forward", submission=new, change=change)
    return None


def _summary(report: pd.DataFrame) -> pd.DataFrame:
    if report.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    counts = pd.crosstab([report["organisation_id"], report["opd"]], report["outcome"])
    for outcome in ("new", "removed", "changed", "carried", "mapped"):
        if outcome not in counts:
            counts[outcome] = 0
    linked = report.groupby(["organisation_id", "opd"])["evidence_linked"].sum()
    counts["evidence_linked"] = linked
    summary = counts.reset_index()[SUMMARY_COLUMNS]
    return summary.astype({c: int for c in SUMMARY_COLUMNS if c != "opd"}).reset_index(drop=True)
