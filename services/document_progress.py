"""Progress counted in documents, as officials count it ("660 dokumen, separuh belum diunggah"): per OPD, the
documents its assigned items require, how many are uploaded, how many the reviu accepted, beside the item counts.

What counts as one document:
- an item whose rule lists documents (``Rule.listed_documents``: the documents of a ``DocumentsRule``, the
  evidence of each level of a cumulative ``LevelsRule``, "L1".."L5" on Pemdi) requires each document of its
  list; the reviu accepts the ones the reviewer ticked on the item's latest decision (an approval without ticks
  stands for the documents its value stands for: the points it adds up to, the levels up to it);
- any other item requires one document per evidence requirement of the catalog (at least one); an accepted
  (``verified``) item has all of them accepted.
Uploaded: on an item that lists documents, each listed document a file attached now is tagged with
(``services.evidence_tags``) counts once; the untagged files count as well, up to the documents still
unanswered (a fourth untagged file of a three-document item adds nothing). Other items: the files attached now,
up to what the item requires.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from indicators import Node
from models.database import session_scope
from models.tables import Assignment, Organisation, Period, Review, Submission
from services import catalogs, deadlines, leaf_index
from services.actor import Actor
from services.cache import LruCache
from services.evidence_tags import tags_by_submission
from services.permissions import require
from services.submission_views import evidence_counts
from vocabulary import Role, SubmissionStatus

PROGRESS_COLUMNS = [
    "organisation_id", "opd", "abbreviation", "items", "items_submitted", "items_accepted", "items_returned",
    "documents_required", "documents_uploaded", "documents_accepted",
]  # fmt: skip
SUBMITTED = {SubmissionStatus.submitted, SubmissionStatus.verified}


def required_documents(node: Node) -> int:
    """How many documents a leaf asks for (see the module docstring)."""
    listed = node.rule.listed_documents() if node.rule is not None else ()
    if listed:
        return len(listed)
    return max(len(node.evidence), 1)


Totals = dict[int, dict[str, int]]  # OPD id → its counts (``PROGRESS_COLUMNS[3:]``)

# What a leader's page reads on every run: the counts per OPD, kept per period, OPD filter, catalog and both of
# the period's tokens (an item's status moves ``change_token``, a file or a review ``documents_token``). The
# names are read on each call: renaming an OPD moves neither token.
_totals_cache: LruCache[tuple[object, ...], Totals] = LruCache("document progress", size=512, kind="data")


def document_progress(actor: Actor, *, period_id: int, organisation_id: int | None = None) -> pd.DataFrame:
    """One row per OPD with assigned items (``PROGRESS_COLUMNS``), by OPD name; a focal point gets their own."""
    with session_scope(write=False) as session:
        period = deadlines.load_period(session, actor, period_id)
        if organisation_id is None and actor.role == Role.focal_point:
            organisation_id = actor.organisation_id
        require(actor, "document_progress", organisation=organisation_id, session=session)
        row = catalogs.stored_row(session, period.catalog_id)
        key = (
            period.id,
            organisation_id,
            row.content_hash if row else None,
            period.change_token,
            period.documents_token,
        )
        totals = _totals_cache.get_or_compute(key, lambda: _totals(session, period, organisation_id))
        return _frame(session, totals)


def progress_frame(session: Session, period: Period, organisation_id: int | None = None) -> pd.DataFrame:
    """``document_progress``'s frame inside the caller's session (the rekap reads it in its own)."""
    return _frame(session, _totals(session, period, organisation_id))


def _totals(session: Session, period: Period, organisation_id: int | None) -> Totals:
    catalog = leaf_index.catalog_of_period(session, period)
    query = (
        sa_select(
            col(Assignment.organisation_id),
            col(Assignment.code),
            col(Submission.id),
            col(Submission.status),
            col(Submission.verified_value),
        )
        .outerjoin(
            Submission,
            (col(Submission.period_id) == col(Assignment.period_id))
            & (col(Submission.organisation_id) == col(Assignment.organisation_id))
            & (col(Submission.code) == col(Assignment.code)),
        )
        .where(col(Assignment.period_id) == period.id)
    )
    if organisation_id is not None:
        query = query.where(col(Assignment.organisation_id) == organisation_id)
    rows = [r for r in session.execute(query).all() if r[1] in catalog.leaves]
    ids = [int(r[2]) for r in rows if r[2] is not None]
    files = evidence_counts(session, ids) if ids else {}
    tags = tags_by_submission(session, ids)
    ticks = _latest_ticks(session, ids)
    totals: Totals = defaultdict(lambda: dict.fromkeys(PROGRESS_COLUMNS[3:], 0))
    for opd, code, submission_id, status, verified_value in rows:
        node = catalog.leaves[code].node
        required = required_documents(node)
        row = totals[int(opd)]
        row["items"] += 1
        row["items_submitted"] += status in SUBMITTED
        row["items_returned"] += status == SubmissionStatus.returned
        row["documents_required"] += required
        row["documents_uploaded"] += _uploaded(node, required, files.get(submission_id or 0, 0),
                                               tags.get(submission_id or 0, []))  # fmt: skip
        if status != SubmissionStatus.verified:
            continue
        row["items_accepted"] += 1
        listed = node.rule.listed_documents() if node.rule is not None else ()
        if listed:
            assert node.rule is not None
            ticked = ticks.get(submission_id or 0)
            codes = set(ticked) if ticked is not None else node.rule.documents_for(verified_value)
            row["documents_accepted"] += sum(1 for d in listed if d.code in codes)
        else:
            row["documents_accepted"] += required
    return dict(totals)


def _frame(session: Session, totals: Totals) -> pd.DataFrame:
    """The counts with each OPD's current name and abbreviation, by name."""
    organisations = {
        o.id: o
        for o in session.exec(select(Organisation).where(col(Organisation.id).in_(list(totals)))).all()
    }
    records = [
        {"organisation_id": opd, "opd": organisations[opd].name,
         "abbreviation": organisations[opd].abbreviation or "", **counts}
        for opd, counts in totals.items()
        if opd in organisations
    ]  # fmt: skip
    frame = pd.DataFrame(records, columns=PROGRESS_COLUMNS)
    return frame.sort_values("opd", kind="stable").reset_index(drop=True)


def _uploaded(node: Node, required: int, files: int, tags: list[str]) -> int:
    """Documents uploaded for one item: the listed documents answered by a tagged file, then the untagged files
    up to the documents still unanswered."""
    listed = {d.code for d in node.rule.listed_documents()} if node.rule is not None else set()
    answered = set(tags) & listed
    untagged = files - len(tags)
    return min(len(answered) + max(untagged, 0), required)


def _latest_ticks(session: Session, submission_ids: list[int]) -> dict[int, list[str]]:
    """Submission → the documents ticked at its latest review that ticked any."""
    if not submission_ids:
        return {}
    found: dict[int, list[str]] = {}
    reviews = session.exec(
        select(Review.submission_id, Review.accepted_documents)
        .where(col(Review.submission_id).in_(submission_ids), col(Review.accepted_documents).is_not(None))
        .order_by(col(Review.id))
    ).all()
    for submission_id, accepted in reviews:
        if accepted is not None:  # a JSON null (as seeded rows store "no ticks") passes IS NOT NULL in SQL
            found[submission_id] = list(accepted)
    return found
