"""Which pages a role gets, as one table of page functions. A page a role lacks is never registered with
``st.navigation``, so neither the menu nor a typed URL can open it; the services still check permissions on every
call behind that.

Adding a page: write its function (decorated with ``ui.widgets.guarded``) and add one ``PageSpec`` to
``PAGE_SPECS``, naming the ``page.*`` action of ``services.permissions.PERMISSIONS`` that decides who gets it;
a role's landing page is its ``HOME`` entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from i18n import t
from services.permissions import roles_for
from ui.account import account_page
from ui.actions_page import actions_page
from ui.admin.assignments import assignments_page
from ui.admin.audit import audit_page
from ui.admin.catalogs import catalogs_page
from ui.admin.opds import opd_page
from ui.admin.periods import periods_page
from ui.admin.users import users_page
from ui.focal import checklist_page
from ui.follow_up_page import follow_up_page
from ui.inspector import verification_page
from ui.inventory_page import inventory_page
from ui.leader.controls import OPD_DETAIL_URL
from ui.leader.opd_detail import opd_detail_page
from ui.leader.overview import overview_page
from ui.national import national_page
from ui.reports_page import reports_page
from ui.widgets import demo_banner
from vocabulary import Role

Render = Callable[[], None]


@dataclass(frozen=True)
class PageSpec:
    render: Render
    title_key: str
    icon: str
    url_path: str
    section_key: str
    action: str  # the permission (``services.permissions.PERMISSIONS``) that opens this page

    @property
    def roles(self) -> frozenset[Role]:
        return roles_for(self.action)


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec(overview_page, "ui.page.overview", ":material/monitoring:", "ikhtisar", "ui.section.dashboard", "page.overview"),
    PageSpec(opd_detail_page, "ui.page.opd_detail", ":material/account_tree:", OPD_DETAIL_URL, "ui.section.dashboard", "page.opd_detail"),
    PageSpec(national_page, "ui.page.national", ":material/leaderboard:", "peringkat-nasional", "ui.section.dashboard", "page.national"),
    PageSpec(checklist_page, "ui.page.checklist", ":material/checklist:", "daftar-periksa", "ui.section.work", "page.checklist"),
    PageSpec(verification_page, "ui.page.verification", ":material/fact_check:", "verifikasi", "ui.section.work", "page.verification"),
    PageSpec(follow_up_page, "ui.page.follow_up", ":material/campaign:", "tindak-lanjut", "ui.section.dashboard", "page.follow_up"),
    PageSpec(actions_page, "ui.page.actions", ":material/assignment:", "rencana-aksi", "ui.section.work", "page.actions"),
    PageSpec(inventory_page, "ui.page.inventory", ":material/hub:", "inventaris-layanan", "ui.section.work", "page.inventory"),
    PageSpec(reports_page, "ui.page.reports", ":material/download:", "laporan", "ui.section.dashboard", "page.reports"),
    PageSpec(users_page, "ui.page.admin_users", ":material/group:", "pengguna", "ui.section.admin", "page.admin"),
    PageSpec(opd_page, "ui.page.admin_opd", ":material/apartment:", "opd", "ui.section.admin", "page.admin"),
    PageSpec(periods_page, "ui.page.admin_periods", ":material/event:", "periode", "ui.section.admin", "page.admin"),
    PageSpec(assignments_page, "ui.page.admin_assignments", ":material/grid_on:", "penugasan", "ui.section.admin", "page.assignments"),
    PageSpec(catalogs_page, "ui.page.admin_catalogs", ":material/menu_book:", "katalog", "ui.section.admin", "page.admin"),
    PageSpec(audit_page, "ui.page.admin_audit", ":material/history:", "log-audit", "ui.section.admin", "page.admin"),
    PageSpec(account_page, "ui.page.account", ":material/person:", "akun", "ui.section.account", "page.account"),
)  # fmt: skip


HOME: dict[Role, str] = {
    Role.leader: "ikhtisar",
    Role.inspector: "verifikasi",
    Role.focal_point: "daftar-periksa",
    Role.admin: "ikhtisar",
}
"""The URL path of the page a role lands on after login: what that person comes to do."""


def _framed(render: Render) -> Render:
    """The page with the demo banner above it (inside the page: the main area belongs to ``page.run()``)."""

    def page() -> None:
        demo_banner()
        render()

    page.__name__ = render.__name__
    return page


def specs_for(role: Role) -> list[PageSpec]:
    return [spec for spec in PAGE_SPECS if role in spec.roles]


def spec_at(url_path: str) -> PageSpec:
    """The page registered under ``url_path``."""
    return next(spec for spec in PAGE_SPECS if spec.url_path == url_path)


def build_navigation(role: Role) -> StreamlitPage:
    """``st.navigation`` over the role's pages only, grouped in translated sections.

    The other roles' URL paths are registered as hidden pages that only send the user to their home page, so a
    bookmarked or typed URL of a page the role lacks opens the home page instead of Streamlit's "page not
    found" dialog. The page functions themselves are never registered for a role that lacks them.
    """
    sections: dict[str, list[StreamlitPage]] = {}
    home: StreamlitPage | None = None
    for spec in specs_for(role):
        is_home = spec.url_path == HOME[role]
        page = st.Page(
            _framed(spec.render),
            title=t(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=is_home,
        )
        if is_home:
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
