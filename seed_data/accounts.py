"""The demo accounts and their passwords, apart from the demo writer.

The login page of a demo installation lists these accounts so a visitor can try every role; it imports this small
module (no PDFs, no database writes), while ``seed_data.demo`` creates the same accounts in the database.
Passwords are derived from the seed: this is demo data, never a production setup.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from models.tables import Role

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
_PASSWORD_WORDS = ["Cengkeh", "Pala", "Kenari", "Gamalama", "Sofifi", "Maitara", "Jailolo", "Kie", "Raha"]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    full_name: str
    organisation: str | None


def demo_logins(seed: int = DEMO_SEED) -> list[DemoLogin]:
    """The demo accounts with their passwords, derived from ``seed`` (printed for the demo; never reuse)."""
    rng = random.Random(f"passwords-{seed}")
    logins = []
    for username, full_name, role, opd in DEMO_USERS:
        words = rng.sample(_PASSWORD_WORDS, 2)
        password = f"{words[0]}-{rng.randint(1000, 9999)}-{words[1]}"
        logins.append(DemoLogin(username, password, role.value, full_name, opd))
    return logins
