"""The national ranking's leaf means kept in the database (``period_leaf_means``), one small row per period.

Grouping a national catalog's 1.36 M items per period × leaf was 92–96% of a cold national ranking (2.4 s), and
every new process starts cold (each replica, each restart). A period's means change only when its items change,
and then the period gets a new change token (``models.tables``), so the means are stored beside the token they
were computed at: a cold ranking reads 546 rows and groups only the periods whose token moved since.

Storing is best effort and happens in its own short transaction after the read: a replica that loses a race to
store the same period leaves the other's row, and a busy database only means the next cold start groups again.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from i18n import LenteraError
from models import session_scope
from models.tables import PeriodLeafMeans, utcnow
from scoring.aggregate import LeafMeans

MEANS_VERSION = 2
"""What the stored means are: each leaf's mean verified and self value over the period's OPDs, as the grouping
query in ``services.score_queries`` computes them, stored as ``as_document`` writes them. Raise it with any change
to that computation or that form: rows of an earlier version are then never read, and each period is grouped
again once (the change tokens alone would keep serving the old means of every period nobody writes to).
Version 1 stored the values as JSON numbers; 2 as packed float64 (2026-12-07)."""


def read(session: Session, tokens: dict[int, str | None]) -> dict[int, LeafMeans]:
    """The stored means of the periods (id → current change token) whose row carries that same token and reads
    back whole (a damaged row is left out: its period is grouped again and stored anew)."""
    wanted = {period_id: token for period_id, token in tokens.items() if token is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(PeriodLeafMeans.period_id, PeriodLeafMeans.change_token, PeriodLeafMeans.means).where(
            col(PeriodLeafMeans.period_id).in_(sorted(wanted))
        )
    ).all()
    found: dict[int, LeafMeans] = {}
    for period_id, token, stored in rows:
        if wanted.get(period_id) != token:
            continue
        try:
            found[period_id] = from_document(stored)
        except (KeyError, TypeError, ValueError):  # another version, or a damaged row
            continue
    return found


def store(means: dict[int, LeafMeans], tokens: dict[int, str | None]) -> None:
    """Keep ``means`` (period id → means computed while the period had ``tokens[period id]``)."""
    rows = [
        {
            "period_id": period_id,
            "change_token": tokens[period_id],
            "means": as_document(value),
            "computed_at": now,
        }
        for now in [utcnow()]
        for period_id, value in sorted(means.items())
        if tokens.get(period_id) is not None
    ]
    if not rows:
        return
    try:
        with session_scope() as session:
            ids = [row["period_id"] for row in rows]
            session.execute(delete(PeriodLeafMeans).where(col(PeriodLeafMeans.period_id).in_(ids)))
            session.execute(insert(PeriodLeafMeans), rows)
    except IntegrityError:
        pass  # another process stored the same periods first; its rows serve as well
    except LenteraError as error:
        if error.key != "database.busy":
            raise


def as_document(means: LeafMeans) -> dict[str, Any]:
    """The stored form: the codes as a list, each value array as its little-endian float64 bytes in base64 (NaN
    kept, every float exact). A cold national ranking reads 546 of these; as JSON numbers they were 1.6 MB that
    took 15 of its 67 ms to parse."""
    return {
        "version": MEANS_VERSION,
        "codes": [str(code) for code in means.codes],
        "value": _packed(means.value),
        "self_value": _packed(means.self_value),
    }


def from_document(document: dict[str, Any]) -> LeafMeans:
    """``as_document`` of this ``MEANS_VERSION`` read back; ValueError (KeyError, TypeError) for anything else:
    another version, bad base64, bytes that are not whole floats, codes and values of different lengths."""
    if not isinstance(document, dict) or document.get("version") != MEANS_VERSION:
        raise ValueError(f"stored means: not of version {MEANS_VERSION}")
    means = LeafMeans(
        np.array(document["codes"], dtype=object),
        _unpacked(document["value"]),
        _unpacked(document["self_value"]),
    )
    if not len(means.codes) == len(means.value) == len(means.self_value):
        raise ValueError("stored means: codes and values of different lengths")
    return means


def _packed(values: np.ndarray) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode("ascii")


def _unpacked(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text, validate=True), dtype="<f8").astype(float)
