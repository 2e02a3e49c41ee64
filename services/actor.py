"""The acting user as plain data. Every service takes one; no ORM object ever leaves `services/`."""

from __future__ import annotations

from dataclasses import dataclass

from models.tables import Role, User


@dataclass(frozen=True)
class Actor:
    id: int
    username: str
    full_name: str
    role: Role
    region_id: int | None = None
    organisation_id: int | None = None
    language: str = "id"
    must_change_password: bool = False  # a seeded account outside demo mode: only the password form opens

    @classmethod
    def from_user(cls, user: User) -> Actor:
        assert user.id is not None
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=Role(user.role),
            region_id=user.region_id,
            organisation_id=user.organisation_id,
            language=user.language,
            must_change_password=bool(user.must_change_password),
        )
