"""The demo accounts written to the database: created side by side (argon2 dominates), their passwords stored to
print and show, and a demo built before passwords were stored given its own. Kept apart from
``seed_data.accounts``, which the login page imports and which writes nothing."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import col, select

from models import session_scope
from models.tables import Organisation, Region, User
from seed_data.accounts import DemoLogin, demo_logins, new_demo_logins
from services import install


def create_demo_users(logins: list[DemoLogin], province: Region) -> None:
    from services import users

    with session_scope() as session:
        opds = {
            o.abbreviation: o.id
            for o in session.exec(select(Organisation).where(Organisation.region_id == province.id)).all()
        }

    def create(login: DemoLogin) -> None:
        users.operator_create_user(
            username=login.username,
            full_name=login.full_name,
            password=login.password,
            role=login.role,
            region_id=province.id,
            organisation_id=opds.get(login.organisation) if login.organisation else None,
        )

    # Password hashing (argon2id) dominates; it releases the GIL, so the accounts are made side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(create, logins))


def mark_seeded(logins: list[DemoLogin]) -> None:
    """Store the passwords (to print and show them) and make the accounts change them outside demo mode."""
    names = [login.username for login in logins]
    with session_scope() as session:
        for user in session.exec(select(User).where(col(User.username).in_(names))).all():
            user.must_change_password = True
            session.add(user)
        install.write(
            session, install.DEMO_PASSWORDS, json.dumps({lg.username: lg.password for lg in logins})
        )
        install.mark_demo(session)


def stored_or_rotated_logins() -> list[DemoLogin]:
    """The stored demo logins; a demo built before they were stored (shared passwords) gets its own now."""
    logins = demo_logins()
    if logins:
        return logins
    from i18n import LenteraError
    from services import users

    fresh = new_demo_logins()
    for login in fresh:
        try:
            users.operator_reset_password(username=login.username, new_password=login.password)
        except LenteraError:  # a demo account an operator renamed away
            continue
    mark_seeded(fresh)
    return demo_logins()
