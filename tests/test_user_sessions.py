"""Signed-in browsers (services/user_sessions.py): one-time codes, cookie tokens, expiry and revocation.

The web layer (ui/web.py) turns these into a cookie; here the service alone, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import SmallWorld
from sqlalchemy import update
from sqlmodel import col, select

from config import get_settings
from i18n import LenteraError
from models import Role, UserSession, session_scope, utcnow
from services import user_sessions, users

PASSWORD = "Sandi-Kuat-2026"
BROWSER = "cookie-of-the-browser-that-typed-the-password"


def make_user(world: SmallWorld, username: str = "operator") -> int:
    return users.create_user(
        world.admin,
        username=username,
        full_name="Operator Kominfo",
        password=PASSWORD,
        role=Role.focal_point,
        organisation_id=world.opd_id,
    ).id


def signed_in(user_id: int) -> str:
    return user_sessions.claim(code=user_sessions.start(user_id=user_id, browser="b"), browser="b")


def refused(token: str) -> str:
    with pytest.raises(LenteraError) as caught:
        user_sessions.resume(token=token)
    return caught.value.key


def age(*, last_seen: timedelta = timedelta(0), created: timedelta = timedelta(0)) -> None:
    now = utcnow()
    with session_scope() as session:
        session.execute(update(UserSession).values(last_seen_at=now - last_seen, created_at=now - created))


def test_a_claimed_code_gives_a_token_that_resumes_as_the_user(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    token = signed_in(user_id)
    actor = user_sessions.resume(token=token)
    assert (actor.id, actor.username, actor.role) == (user_id, "operator", Role.focal_point)


def test_only_hashes_are_stored(small_world: SmallWorld) -> None:
    code = user_sessions.start(user_id=small_world.admin.id, browser=BROWSER)
    with session_scope() as session:
        pending = session.exec(select(UserSession)).one()
        assert pending.code_hash is not None and pending.token_hash is None
        assert code not in str(pending.model_dump()) and BROWSER not in str(pending.model_dump())
    token = user_sessions.claim(code=code, browser=BROWSER)
    with session_scope() as session:
        claimed = session.exec(select(UserSession)).one()
        assert claimed.token_hash == user_sessions.digest(token) and claimed.code_hash is None
        assert token not in str(claimed.model_dump()) and code not in str(claimed.model_dump())


def test_a_code_works_once_and_only_within_its_minute(small_world: SmallWorld) -> None:
    code = user_sessions.start(user_id=small_world.admin.id, browser=BROWSER)
    user_sessions.claim(code=code, browser=BROWSER)
    with pytest.raises(LenteraError, match="no longer valid"):
        user_sessions.claim(code=code, browser=BROWSER)
    late = user_sessions.start(user_id=small_world.admin.id, browser=BROWSER)
    with session_scope() as session:
        session.execute(
            update(UserSession)
            .where(col(UserSession.token_hash).is_(None))
            .values(code_expires_at=utcnow() - timedelta(seconds=1))
        )
    with pytest.raises(LenteraError):
        user_sessions.claim(code=late, browser=BROWSER)
    with pytest.raises(LenteraError):
        user_sessions.claim(code="made-up", browser=BROWSER)


def test_a_code_signs_in_only_the_browser_that_typed_the_password(small_world: SmallWorld) -> None:
    """Login CSRF: an attacker's own code sent to a victim's browser (another cookie, or none) signs nobody in."""
    code = user_sessions.start(user_id=small_world.admin.id, browser=BROWSER)
    with pytest.raises(LenteraError) as other:
        user_sessions.claim(code=code, browser="the-victims-browser")
    with pytest.raises(LenteraError) as cookieless:
        user_sessions.claim(code=code, browser="")
    assert other.value.key == cookieless.value.key == "auth.session_invalid"
    token = user_sessions.claim(code=code, browser=BROWSER)  # the refusals did not use the code up
    assert user_sessions.resume(token=token).id == small_world.admin.id


def test_a_browser_without_the_cookie_is_told_to_allow_it(small_world: SmallWorld) -> None:
    with pytest.raises(LenteraError) as caught:
        user_sessions.start(user_id=small_world.admin.id, browser="")
    assert caught.value.key == "auth.cookies_needed"
    assert "cookie" in caught.value.message()
    with session_scope() as session:
        assert session.exec(select(UserSession)).all() == []


def test_unknown_tokens_and_unclaimed_codes_are_refused(small_world: SmallWorld) -> None:
    code = user_sessions.start(user_id=small_world.admin.id, browser=BROWSER)
    assert refused("made-up") == "auth.session_invalid"
    assert refused(code) == "auth.session_invalid"  # a code is not a token


def test_sign_out_ends_the_token(small_world: SmallWorld) -> None:
    token = signed_in(small_world.admin.id)
    other = signed_in(small_world.admin.id)
    user_sessions.end(token=token)
    assert refused(token) == "auth.session_ended"
    assert user_sessions.resume(token=other).id == small_world.admin.id


def test_idle_and_too_old_sessions_expire(small_world: SmallWorld) -> None:
    settings = get_settings()
    token = signed_in(small_world.admin.id)
    age(last_seen=timedelta(minutes=settings.session_idle_minutes - 1))
    assert user_sessions.resume(token=token).id == small_world.admin.id
    age(last_seen=timedelta(minutes=settings.session_idle_minutes + 1))
    assert refused(token) == "auth.session_expired"
    fresh = signed_in(small_world.admin.id)
    age(created=timedelta(hours=settings.session_max_hours, minutes=1))
    assert refused(fresh) == "auth.session_expired"


def test_use_keeps_a_session_alive(small_world: SmallWorld) -> None:
    token = signed_in(small_world.admin.id)
    age(last_seen=timedelta(minutes=5))
    user_sessions.resume(token=token)
    with session_scope() as session:
        seen = session.exec(select(UserSession.last_seen_at)).one()
    assert seen is not None and utcnow() - seen.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_a_password_reset_ends_every_session_of_the_user(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    first, second = signed_in(user_id), signed_in(user_id)
    admins = signed_in(small_world.admin.id)
    users.reset_password(small_world.admin, user_id=user_id, new_password="Sandi-Baru-2026")
    assert refused(first) == refused(second) == "auth.session_ended"
    assert user_sessions.resume(token=admins).id == small_world.admin.id


def test_the_cli_reset_ends_sessions_too(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    token = signed_in(user_id)
    users.operator_reset_password(username="operator", new_password="Sandi-Baru-2026")
    assert refused(token) == "auth.session_ended"


def test_changing_ones_own_password_ends_the_other_sessions_only(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    here, elsewhere = signed_in(user_id), signed_in(user_id)
    actor = user_sessions.resume(token=here)
    users.change_password(actor, old_password=PASSWORD, new_password="Sandi-Baru-2026", current_token=here)
    assert user_sessions.resume(token=here).id == user_id
    assert refused(elsewhere) == "auth.session_ended"


def test_deactivation_ends_the_session_at_once(small_world: SmallWorld) -> None:
    user_id = make_user(small_world)
    token = signed_in(user_id)
    users.set_active(small_world.admin, user_id=user_id, active=False)
    assert refused(token) == "auth.account_inactive"
    users.set_active(small_world.admin, user_id=user_id, active=True)
    assert refused(token) == "auth.session_ended"  # reactivating does not bring old sessions back
