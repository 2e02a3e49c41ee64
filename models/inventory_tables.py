"""The digital-services inventory (issue 17 §4): each OPD's register of its services and applications, and the
links that make an entry evidence for an assessment item.

Kept beside ``models/tables.py``: these tables only point at the core ones (region, OPD, user, submission).
Nothing is deleted: an entry is retired (``retired_at``), a link detached (``detached_at``). Kinds, channels
and hostings are stored as the short codes ``services.inventory`` lists (``SERVICE_KINDS`` …).
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

# Importing models.tables first also sets the constraint naming convention these tables need.
from models.tables import _utc_column


class DigitalService(SQLModel, table=True):
    """A public (or internal administrative) service of one OPD and how digital it is.

    ``url_ok`` / ``url_status`` / ``url_checked_at`` are written by ``lentera check-links`` only.
    """

    __tablename__ = "digital_service"

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # layanan_publik / administrasi
    channel: str = Field(max_length=10)  # offline / online / both
    url: str | None = Field(default=None, max_length=500)
    on_pemda_portal: bool = False
    on_ina_digital: bool = False
    sso: bool = False
    digital_payment: bool = False
    sp4n_lapor: bool = False
    skm_survey: bool = False
    skm_result: float | None = None  # the last IKM/SKM value, 0–100
    checked_on: date | None = None  # when the OPD last checked this entry
    url_ok: bool | None = None
    url_status: str | None = Field(default=None, max_length=120)
    url_checked_at: datetime | None = _utc_column()
    created_at: datetime | None = _utc_column()
    updated_at: datetime | None = _utc_column()
    updated_by_id: int | None = Field(default=None, foreign_key="user.id")
    retired_at: datetime | None = _utc_column()
    version: int = 1


class DigitalApplication(SQLModel, table=True):
    """An application owned by one OPD: where it runs, what it supports, whom it exchanges data with."""

    __tablename__ = "digital_application"

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)  # the owner OPD
    name: str = Field(max_length=200)
    kind: str = Field(max_length=10)  # umum / khusus
    hosting: str = Field(max_length=12)  # pdn / pemda / third_party
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    exchanges_with: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    security_audit_on: date | None = None
    created_at: datetime | None = _utc_column()
    updated_at: datetime | None = _utc_column()
    updated_by_id: int | None = Field(default=None, foreign_key="user.id")
    retired_at: datetime | None = _utc_column()
    version: int = 1


class InventoryEvidence(SQLModel, table=True):
    """An inventory entry (a service or an application) offered as evidence for one submission item."""

    __tablename__ = "inventory_evidence"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int | None = Field(default=None, foreign_key="digital_service.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="digital_application.id", index=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    linked_at: datetime | None = _utc_column()
    linked_by_id: int | None = Field(default=None, foreign_key="user.id")
    detached_at: datetime | None = _utc_column()
    detached_by_id: int | None = Field(default=None, foreign_key="user.id")
