"""What the administrator pages share: the pick from a select box, region and OPD labels, moments from frame cells."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

import pandas as pd

from i18n import LenteraError, format_datetime
from services import organisations
from services.actor import Actor

T = TypeVar("T")


def chosen(value: T | None) -> T:
    """The option picked in a select box; an empty list of options is a message, not a crash."""
    if value is None:
        raise LenteraError("ui.error.nothing_chosen")
    return value


def region_labels(actor: Actor) -> dict[int, str]:
    frame = organisations.list_regions(actor)
    return {int(row["id"]): f"{row['name']} ({row['kemendagri_code']})" for _, row in frame.iterrows()}


def opd_labels(actor: Actor, *, include_retired: bool = False) -> dict[int, str]:
    frame = organisations.list_organisations(actor, include_retired=include_retired)
    return {int(row["id"]): f"{row['name']} · {row['region']}" for _, row in frame.iterrows()}


def when(value: Any) -> str:
    """A frame cell's moment as a person reads it (WIT, Indonesian or English month names)."""
    return format_datetime(as_datetime(value))


def as_datetime(value: Any) -> datetime | None:
    """A plain datetime from a frame cell; None for None, NaN and NaT."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value if isinstance(value, datetime) else None
