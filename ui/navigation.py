"""Which pages a role gets. A page a role lacks is never registered with ``st.navigation``, so neither the menu
nor a typed URL can open it; the services still check permissions on every call behind that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from i18n import t
from models.tables import Role

PAGES_DIR = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    file: str
    title_key: str
    icon: str
    url_path: str
    section_key: str
    roles: frozenset[Role]


ALL = frozenset(Role)
READERS = frozenset({Role.leader, Role.inspector, Role.admin})

PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "ui.page.overview", ":material/monitoring:", "ikhtisar", "ui.section.dashboard", READERS),
    PageSpec("opd_detail.py", "ui.page.opd_detail", ":material/account_tree:", "rincian-opd", "ui.section.dashboard", READERS),
    PageSpec("national.py", "ui.page.national", ":material/leaderboard:", "peringkat-nasional", "ui.section.dashboard", READERS),
    PageSpec("checklist.py", "ui.page.checklist", ":material/checklist:", "daftar-periksa", "ui.section.work", frozenset({Role.focal_point})),
    PageSpec("verification.py", "ui.page.verification", ":material/fact_check:", "verifikasi", "ui.section.work", frozenset({Role.inspector})),
    PageSpec("reports.py", "ui.page.reports", ":material/download:", "laporan", "ui.section.dashboard", READERS),
    PageSpec("admin_users.py", "ui.page.admin_users", ":material/group:", "pengguna", "ui.section.admin", frozenset({Role.admin})),
    PageSpec("admin_opd.py", "ui.page.admin_opd", ":material/apartment:", "opd", "ui.section.admin", frozenset({Role.admin})),
    PageSpec("admin_periods.py", "ui.page.admin_periods", ":material/event:", "periode", "ui.section.admin", frozenset({Role.admin})),
    PageSpec("admin_assignments.py", "ui.page.admin_assignments", ":material/grid_on:", "penugasan", "ui.section.admin", frozenset({Role.admin})),
    PageSpec("admin_catalogs.py", "ui.page.admin_catalogs", ":material/menu_book:", "katalog", "ui.section.admin", frozenset({Role.admin})),
    PageSpec("admin_audit.py", "ui.page.admin_audit", ":material/history:", "log-audit", "ui.section.admin", frozenset({Role.admin})),
    PageSpec("account.py", "ui.page.account", ":material/person:", "akun", "ui.section.account", ALL),
)  # fmt: skip


HOME: dict[Role, str] = {
    Role.leader: "overview.py",
    Role.inspector: "verification.py",
    Role.focal_point: "checklist.py",
    Role.admin: "overview.py",
}
"""The page a role lands on after login: what that person comes to do."""


def specs_for(role: Role) -> list[PageSpec]:
    return [spec for spec in PAGE_SPECS if role in spec.roles]


def build_navigation(role: Role) -> StreamlitPage:
    """``st.navigation`` over the role's pages only, grouped in translated sections.

    The other roles' URL paths are registered as hidden pages that only send the user to their home page, so a
    bookmarked or typed URL of a page the role lacks opens the home page instead of Streamlit's "page not
    found" dialog. The page files themselves are never registered for a role that lacks them.
    """
    sections: dict[str, list[StreamlitPage]] = {}
    home: StreamlitPage | None = None
    for spec in specs_for(role):
        page = st.Page(
            PAGES_DIR / spec.file,
            title=t(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.file == HOME[role],
        )
        if spec.file == HOME[role]:
            home = page
        sections.setdefault(t(spec.section_key), []).append(page)
    assert home is not None

    def go_home() -> None:
        st.switch_page(home)

    first = next(iter(sections))
    for spec in PAGE_SPECS:
        if role not in spec.roles:
            sections[first].append(
                st.Page(go_home, title=t(spec.title_key), url_path=spec.url_path, visibility="hidden")
            )
    return st.navigation(sections)


def build_login_navigation(login: Callable[[], None]) -> StreamlitPage:
    """Before sign-in: the login page at every URL, with the menu hidden."""
    pages = [st.Page(login, title=t("ui.login.title"), default=True)]
    pages += [
        st.Page(login, title=t(spec.title_key), url_path=spec.url_path, visibility="hidden")
        for spec in PAGE_SPECS
    ]
    return st.navigation(pages, position="hidden")
