"""The demo accounts and their passwords, apart from the demo writer.

The login page of a demo installation lists these accounts so a visitor can try every role; it imports this small
module (no PDFs, no database writes), while ``seed_data.demo`` creates the same accounts in the database.
Passwords are random per installation, drawn once when the demo is built and stored (services/install.py); the
seed only makes the demo's data the same everywhere. This is demo data, never a production setup.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.tables import Role
from services import install

DEMO_SEED = 2025

# username, full name, role, OPD abbreviation (province) or None
DEMO_USERS: list[tuple[str, str, Role, str | None]] = [
    ("admin", "Admin Lentera (Diskominfosan)", Role.admin, None),
    ("sekda", "Sekretaris Daerah Provinsi Maluku Utara", Role.leader, None),
    ("inspektur", "Verifikator Inspektorat Provinsi", Role.inspector, None),
    ("fp.diskominfosan", "Operator Diskominfosan", Role.focal_point, "Diskominfosan"),
    ("fp.bpkad", "Operator BPKAD", Role.focal_point, "BPKAD"),
    ("fp.dpmptsp", "Operator DPMPTSP", Role.focal_point, "DPMPTSP"),
    ("fp.dinkes", "Operator Dinas Kesehatan", Role.focal_point, "Dinkes"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    full_name: str
    organisation: str | None


def demo_logins() -> list[DemoLogin]:
    """This installation's demo accounts with their stored passwords; empty when it has no demo."""
    return with_passwords(install.demo_passwords())


def new_demo_logins() -> list[DemoLogin]:
    """Fresh random passwords for every demo account (stored by the demo writer)."""
    return with_passwords({username: install.new_demo_password() for username, *_ in DEMO_USERS})


def with_passwords(passwords: dict[str, str]) -> list[DemoLogin]:
    return [
        DemoLogin(username, passwords[username], role.value, full_name, opd)
        for username, full_name, role, opd in DEMO_USERS
        if username in passwords
    ]
