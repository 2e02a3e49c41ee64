"""Administrator pages: users, OPDs, periods and deadlines, assignments, catalogs, audit log.

Every change goes through a service with the current actor; the service checks the role, writes the audit
event and raises ``LenteraError`` for anything the administrator can fix, which the page shows as a message.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from i18n import WIT, LenteraError, format_datetime, t
from services import audit, catalogs, organisations, periods
from services import users as user_service
from services.actor import Actor
from services.organisations import today_wit
from ui import session
from ui.panels.carry_forward import render_carry_forward
from ui.panels.catalog_excel import render_catalog_excel
from ui.widgets import (
    catalog_diff_table,
    flash,
    guarded,
    lazy_panel,
    number,
    page_header,
    period_selector,
    run_action,
    show_flash,
    table,
)
from vocabulary import Role

ROLES = [Role.admin, Role.leader, Role.inspector, Role.focal_point]
OPD_KINDS = ["dinas", "badan", "biro", "inspektorat", "sekretariat", "rsud", "satpol_pp", "kantor", "lainnya"]


def chosen(value: Any) -> Any:
    """The option picked in a select box; an empty list of options is a message, not a crash."""
    if value is None:
        raise LenteraError("ui.error.nothing_chosen")
    return value


def _wit_moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=WIT)


def _regions(actor: Actor) -> pd.DataFrame:
    return organisations.list_regions(actor)


def _region_labels(actor: Actor) -> dict[int, str]:
    frame = _regions(actor)
    return {int(row["id"]): f"{row['name']} ({row['kemendagri_code']})" for _, row in frame.iterrows()}


def _opd_labels(actor: Actor, *, include_retired: bool = False) -> dict[int, str]:
    frame = organisations.list_organisations(actor, include_retired=include_retired)
    return {int(row["id"]): f"{row['name']} · {row['region']}" for _, row in frame.iterrows()}


# -- users -----------------------------------------------------------------------------------------------------


@guarded
def users_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_users")
    show_flash()

    users = user_service.list_users(actor)
    st.dataframe(_users_shown(users), hide_index=True, key="users_table")
    tab_create, tab_manage = st.tabs([t("ui.users.create"), t("ui.users.manage")])
    with tab_create:
        _create_user_form(actor)
    with tab_manage:
        _manage_user(actor, users)


def _users_shown(users: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("ui.field.username"): users["username"],
            t("ui.field.full_name"): users["full_name"],
            t("ui.field.role"): users["role"].map(lambda r: t(f"ui.role.{r}")),
            t("ui.col.opd"): users["organisation"].fillna("–"),
            t("ui.col.active"): users["active"].astype(bool),
            t("ui.users.locked"): users["locked"].astype(bool),
            t("ui.users.last_login"): users["last_login_at"].map(lambda v: format_datetime(_as_datetime(v))),
        }
    )


def _create_user_form(actor: Actor) -> None:
    regions = _region_labels(actor)
    opds = _opd_labels(actor)
    with st.form("create_user_form", clear_on_submit=False):
        left, right = st.columns(2)
        username = left.text_input(t("ui.field.username"), key="new_user_username")
        full_name = right.text_input(t("ui.field.full_name"), key="new_user_full_name")
        password = left.text_input(t("ui.field.password"), type="password", key="new_user_password")
        email = right.text_input(t("ui.field.email"), key="new_user_email")
        role = left.selectbox(
            t("ui.field.role"), ROLES, format_func=lambda r: t(f"ui.role.{r.value}"), key="new_user_role"
        )
        # "Everywhere" only for an unscoped admin: the service puts anyone else's regionless user in their region.
        region_id = right.selectbox(
            t("ui.field.region"),
            [None, *regions] if actor.region_id is None else list(regions),
            format_func=lambda rid: t("ui.scope.everywhere") if rid is None else regions[rid],
            key="new_user_region",
        )
        organisation_id = st.selectbox(
            t("ui.field.organisation"),
            [None, *opds],
            format_func=lambda oid: t("ui.users.no_opd") if oid is None else opds[oid],
            key="new_user_opd",
            help=t("ui.users.opd_help"),
        )
        submitted = st.form_submit_button(t("ui.users.create_submit"), type="primary", key="new_user_submit")
    if submitted:
        try:
            info = user_service.create_user(
                actor,
                username=username.strip(),
                full_name=full_name.strip(),
                password=password,
                role=role,
                region_id=region_id,
                organisation_id=organisation_id,
                email=email.strip() or None,
            )
        except LenteraError as err:
            st.error(err.message())
            return
        flash(t("ui.users.created", username=info.username))
        st.rerun()


def _manage_user(actor: Actor, users: pd.DataFrame) -> None:
    if users.empty:
        return
    labels = {int(row["id"]): f"{row['username']} – {row['full_name']}" for _, row in users.iterrows()}
    user_id = st.selectbox(
        t("ui.users.pick"), list(labels), format_func=lambda uid: labels[uid], key="manage_user_pick"
    )
    row = users[users["id"] == user_id].iloc[0]
    active = bool(row.get("active", True))
    cols = st.columns(3)
    if active:
        if cols[0].button(t("ui.users.deactivate"), key=f"deactivate_{user_id}"):
            run_action(
                lambda: user_service.set_active(actor, user_id=user_id, active=False), "ui.users.deactivated"
            )
    elif cols[0].button(t("ui.users.activate"), key=f"activate_{user_id}"):
        run_action(
            lambda: user_service.set_active(actor, user_id=user_id, active=True), t("ui.users.activated")
        )
    if cols[1].button(t("ui.users.unlock"), key=f"unlock_{user_id}"):
        run_action(lambda: user_service.unlock(actor, user_id=user_id), t("ui.users.unlocked"))
    with cols[2].popover(t("ui.users.reset_password")):
        new_password = st.text_input(t("ui.field.new_password"), type="password", key=f"reset_pw_{user_id}")
        if st.button(t("ui.save"), key=f"reset_submit_{user_id}"):
            run_action(
                lambda: user_service.reset_password(actor, user_id=user_id, new_password=new_password),
                t("ui.users.password_reset"),
            )


# -- OPDs ------------------------------------------------------------------------------------------------------


@guarded
def opd_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_opd")
    show_flash()

    include_retired = st.toggle(t("ui.opd.include_retired"), key="opd_include_retired")
    frame = organisations.list_organisations(actor, include_retired=include_retired)
    shown = frame[["name", "abbreviation", "kind", "region", "active", "active_until", "merged_into"]].rename(
        columns={
            "name": t("ui.col.opd"),
            "abbreviation": t("ui.col.abbreviation"),
            "kind": t("ui.col.kind"),
            "region": t("ui.col.region"),
            "active": t("ui.col.active"),
            "active_until": t("ui.col.active_until"),
            "merged_into": t("ui.col.merged_into"),
        }
    )
    st.dataframe(shown, hide_index=True, key="opd_table")
    st.caption(t("ui.opd.count", count=number(len(frame), 0)))
    tab_new, tab_merge, tab_retire = st.tabs([t("ui.opd.create"), t("ui.opd.merge"), t("ui.opd.retire")])
    regions = _region_labels(actor)
    opds = _opd_labels(actor)
    with tab_new, st.form("create_opd_form"):
        region_id = st.selectbox(
            t("ui.field.region"), list(regions), format_func=lambda rid: regions[rid], key="new_opd_region"
        )
        name = st.text_input(t("ui.col.opd"), key="new_opd_name")
        abbreviation = st.text_input(t("ui.col.abbreviation"), key="new_opd_abbreviation")
        kind = st.selectbox(t("ui.col.kind"), OPD_KINDS, key="new_opd_kind")
        if st.form_submit_button(t("ui.opd.create_submit"), type="primary", key="new_opd_submit"):
            run_action(
                lambda: organisations.create_organisation(
                    actor, region_id=chosen(region_id), name=name, abbreviation=abbreviation, kind=kind
                ),
                t("ui.opd.created", name=name),
            )
    with tab_merge, st.form("merge_opd_form"):
        st.caption(t("ui.opd.merge_help"))
        source = st.selectbox(
            t("ui.opd.merge_source"), list(opds), format_func=opds.__getitem__, key="merge_source"
        )
        target = st.selectbox(
            t("ui.opd.merge_target"), list(opds), format_func=opds.__getitem__, key="merge_target"
        )
        effective = st.date_input(t("ui.field.effective"), value=today_wit(), key="merge_effective")
        if st.form_submit_button(t("ui.opd.merge_submit"), key="merge_submit"):
            run_action(
                lambda: organisations.merge_organisations(
                    actor, source_id=chosen(source), target_id=chosen(target), effective=effective
                ),
                t("ui.opd.merged"),
            )
    with tab_retire, st.form("retire_opd_form"):
        retired = st.selectbox(t("ui.col.opd"), list(opds), format_func=opds.__getitem__, key="retire_opd")
        effective_r = st.date_input(t("ui.field.effective"), value=today_wit(), key="retire_effective")
        if st.form_submit_button(t("ui.opd.retire_submit"), key="retire_submit"):
            run_action(
                lambda: organisations.retire_organisation(
                    actor, organisation_id=chosen(retired), effective=effective_r
                ),
                t("ui.opd.retired"),
            )


# -- periods ---------------------------------------------------------------------------------------------------


@guarded
def periods_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_periods")
    show_flash()

    frame = periods.list_periods(actor)
    if frame is not None and not frame.empty:
        shown = frame.copy()
        for column in ("opens_at", "submission_deadline", "verification_deadline"):
            if column in shown.columns:
                shown[column] = shown[column].map(lambda v: format_datetime(_as_datetime(v)))
        shown = shown[
            [
                "name",
                "catalog_key",
                "region",
                "state_label",
                "opens_at",
                "submission_deadline",
                "verification_deadline",
            ]
        ].rename(
            columns={
                "name": t("ui.field.period_name"),
                "catalog_key": t("ui.field.catalog"),
                "region": t("ui.field.region"),
                "state_label": t("ui.field.state"),
                "opens_at": t("ui.field.opens"),
                "submission_deadline": t("ui.field.submission_deadline"),
                "verification_deadline": t("ui.field.verification_deadline"),
            }
        )
        st.dataframe(shown, hide_index=True, key="periods_table")
    else:
        st.info(t("ui.period.none"))
    tab_new, tab_extend, tab_state, tab_carry = st.tabs(
        [t("ui.periods.create"), t("ui.periods.extend"), t("ui.periods.state"), t("panel.carry.title")]
    )
    with tab_carry:
        _carry_forward(actor, frame)
    regions = _region_labels(actor)
    active = catalogs.list_catalogs(actor)
    active = active[active["status"] == "active"]
    catalog_labels = {str(row["key"]): f"{row['name']} ({row['key']})" for _, row in active.iterrows()}
    with tab_new, st.form("create_period_form"):
        catalog_key = st.selectbox(
            t("ui.field.catalog"),
            list(catalog_labels),
            format_func=catalog_labels.__getitem__,
            key="new_period_catalog",
        )
        region_id = st.selectbox(
            t("ui.field.region"), list(regions), format_func=regions.__getitem__, key="new_period_region"
        )
        name = st.text_input(t("ui.field.period_name"), key="new_period_name")
        c1, c2, c3 = st.columns(3)
        opens = c1.date_input(t("ui.field.opens"), value=today_wit(), key="new_period_opens")
        submission = c2.date_input(t("ui.field.submission_deadline"), key="new_period_submission")
        verification = c3.date_input(t("ui.field.verification_deadline"), key="new_period_verification")
        previous_options = [
            None,
            *([] if frame is None or frame.empty else [int(i) for i in frame["period_id"]]),
        ]
        previous_names = (
            {} if frame is None or frame.empty else dict(zip(frame["period_id"], frame["name"], strict=False))
        )
        previous = st.selectbox(
            t("ui.field.previous_period"),
            previous_options,
            format_func=lambda pid: "–" if pid is None else str(previous_names.get(pid, pid)),
            key="new_period_previous",
        )
        st.caption(t("ui.periods.deadline_note"))
        if st.form_submit_button(t("ui.periods.create_submit"), type="primary", key="new_period_submit"):
            run_action(
                lambda: periods.create_period(
                    actor,
                    catalog_key=chosen(catalog_key),
                    region_id=chosen(region_id),
                    name=name.strip(),
                    opens_at=_wit_moment(opens, time(0, 0)),
                    submission_deadline=_wit_moment(submission, time(23, 59)),
                    verification_deadline=_wit_moment(verification, time(23, 59)),
                    previous_period_id=previous,
                ),
                t("ui.periods.created", name=name),
            )
    with tab_extend:
        period_id = period_selector(actor)
        if period_id is not None:
            opds = _opd_labels(actor)
            with st.form("extend_form"):
                organisation_id = st.selectbox(
                    t("ui.field.organisation"), list(opds), format_func=opds.__getitem__, key="extend_opd"
                )
                until_day = st.date_input(t("ui.field.until"), key="extend_until")
                reason = st.text_input(t("ui.field.reason"), key="extend_reason")
                if st.form_submit_button(t("ui.periods.extend_submit"), key="extend_submit"):
                    run_action(
                        lambda: periods.extend_deadline(
                            actor,
                            period_id=period_id,
                            organisation_id=chosen(organisation_id),
                            until=_wit_moment(until_day, time(23, 59)),
                            reason=reason,
                        ),
                        t("ui.periods.extended"),
                    )
    with tab_state:
        if frame is not None and not frame.empty:
            names = dict(zip(frame["period_id"], frame["name"], strict=False))
            with st.form("period_state_form"):
                pid = st.selectbox(
                    t("ui.period.label"), list(names), format_func=lambda p: str(names[p]), key="state_period"
                )
                state = st.selectbox(
                    t("ui.field.state"),
                    ["open", "locked", "closed"],
                    format_func=lambda s: t(f"ui.period_state.{s}"),
                    key="state_value",
                )
                if st.form_submit_button(t("ui.periods.state_submit"), key="state_submit"):
                    run_action(
                        lambda: periods.set_state(actor, period_id=int(pid), state=state),
                        t("ui.periods.state_changed"),
                    )


def _carry_forward(actor: Actor, frame: pd.DataFrame | None) -> None:
    """Copy the previous period's evidence into a period that names one (``ui.panels.carry_forward``)."""
    if frame is None or frame.empty:
        return
    names = dict(zip(frame["period_id"], frame["name"], strict=False))
    target = st.selectbox(
        t("ui.periods.carry_target"), list(names), format_func=lambda p: str(names[p]), key="carry_target"
    )
    previous = periods.get_period(actor, period_id=int(target)).previous_period_id
    if previous is None:
        st.info(t("ui.periods.no_previous"))
        return
    lazy_panel(
        t("ui.periods.carry_open", name=names.get(previous, previous)),
        panel_key=f"panel_carry_{target}",
        render=partial(render_carry_forward, from_period_id=int(previous), to_period_id=int(target)),
    )


def _when(value: Any) -> str:
    """A frame cell's moment as a person reads it (WIT, Indonesian or English month names)."""
    return format_datetime(_as_datetime(value))


def _as_datetime(value: Any) -> datetime | None:
    """A plain datetime from a frame cell; None for None, NaN and NaT."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value if isinstance(value, datetime) else None


# -- assignments -----------------------------------------------------------------------------------------------


@guarded
def assignments_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_assignments")
    show_flash()

    period_id = period_selector(actor)
    if period_id is None:
        return
    matrix = periods.assignment_matrix(actor, period_id=period_id)
    if matrix is None or matrix.empty:
        st.info(t("ui.assign.empty"))
        return
    st.caption(t("ui.assign.help"))
    label_columns = [c for c in matrix.columns if not pd.api.types.is_bool_dtype(matrix[c])]

    catalog = catalogs.catalog_for_period(period_id)
    names = {node.code: node.name for node in catalog.leaves()}
    config: dict[str, Any] = {
        "organisation_id": None,
        "opd": st.column_config.TextColumn(t("ui.col.opd"), pinned=True),
    }
    config |= {code: st.column_config.CheckboxColumn(code, help=names.get(code)) for code in names}
    edited = st.data_editor(
        matrix,
        disabled=label_columns,
        hide_index=True,
        key=f"assignment_editor_{period_id}",
        height=520,
        column_config=config,
    )
    if st.button(t("ui.assign.save"), type="primary", key="assignment_save"):
        changes = _assignment_changes(matrix, edited, label_columns)
        try:
            for organisation_id, code, assigned in changes:
                periods.set_assignment(
                    actor, period_id=period_id, organisation_id=organisation_id, code=code, assigned=assigned
                )
        except LenteraError as err:
            st.error(err.message())
            return
        flash(t("ui.assign.saved", count=number(len(changes), 0)))
        st.rerun()


def _assignment_changes(
    before: pd.DataFrame, after: pd.DataFrame, label_columns: list[str]
) -> list[tuple[int, str, bool]]:
    """(organisation id, leaf code, assigned) for every ticked or unticked cell."""
    id_column = "organisation_id" if "organisation_id" in before.columns else label_columns[0]
    ids = before[id_column].astype(int)
    changes: list[tuple[int, str, bool]] = []
    for code in (c for c in before.columns if c not in label_columns):
        differs = before[code].astype(bool) != after[code].astype(bool)
        for index in before.index[differs]:
            changes.append((int(ids[index]), str(code), bool(after.at[index, code])))
    return changes


# -- catalogs --------------------------------------------------------------------------------------------------


@guarded
def catalogs_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_catalogs")
    show_flash()

    frame = catalogs.list_catalogs(actor)
    table(
        frame,
        {"key": "ui.col.catalog_key", "name": "ui.col.name", "framework": "ui.col.framework",
         "year": "ui.col.year", "version": "ui.col.version", "status": "ui.col.status",
         "leaves": "ui.col.leaves", "imported_at": "ui.col.imported_at"},
        formats={"status": lambda s: t(f"ui.catalog_status.{s}"), "imported_at": _when},
        key="catalogs_table",
    )  # fmt: skip

    drafts = frame[frame["status"] == "draft"]
    for _, row in drafts.iterrows():
        catalog_id = int(row["id"])
        with st.expander(t("ui.catalog.draft_title", catalog=row["key"], name=row["name"])):
            _catalog_diff(actor, catalog_id)
            if st.button(t("ui.catalog.activate"), type="primary", key=f"catalog_activate_{catalog_id}"):
                try:
                    catalogs.activate_catalog(actor, catalog_id=catalog_id)
                except LenteraError as err:
                    st.error(err.message())
                else:
                    flash(t("ui.catalog.activated", catalog=row["key"]))
                    st.rerun()

    if not frame.empty:
        labels = {int(r["id"]): f"{r['key']} · {r['name']}" for _, r in frame.iterrows()}
        excel_id = st.selectbox(
            t("panel.catalog_excel.title"),
            list(labels),
            format_func=labels.__getitem__,
            key="catalog_excel_pick",
        )
        key_of = dict(zip(frame["id"], frame["key"], strict=False))
        lazy_panel(
            t("ui.catalog.excel_open"),
            panel_key=f"panel_catalog_excel_{excel_id}",
            render=partial(render_catalog_excel, catalog_id=int(excel_id), key=str(key_of[excel_id])),
        )

    st.subheader(t("ui.catalog.import"))
    st.caption(t("ui.catalog.import_help"))
    upload = st.file_uploader(t("ui.catalog.upload"), type=["yaml", "yml"], key="catalog_upload")
    if upload is None:
        return
    text = upload.getvalue().decode("utf-8", errors="replace")
    try:
        parsed = catalogs.parse_catalog(text, source=upload.name)
    except catalogs.CatalogInvalidError as err:
        st.error(err.message())
        problems = pd.DataFrame(
            [{"line": p.line, "code": p.code, "message": p.message} for p in err.problems]
        ).rename(columns={"line": t("ui.col.line"), "code": t("ui.col.code"), "message": t("ui.col.problem")})
        st.dataframe(problems, hide_index=True, key="catalog_problems")
        return
    st.success(
        t("ui.catalog.valid", catalog=parsed.key, name=parsed.name, leaves=number(len(parsed.leaves()), 0))
    )
    if st.button(t("ui.catalog.import_submit"), type="primary", key="catalog_import"):
        try:
            info = catalogs.import_catalog(actor, text=text, source=upload.name)
        except LenteraError as err:
            st.error(err.message())
            return
        message = "ui.catalog.imported" if info.created else "ui.catalog.unchanged"
        flash(t(message, catalog=info.key))
        st.rerun()


def _catalog_diff(actor: Actor, catalog_id: int) -> None:
    diff = catalogs.catalog_diff(actor, catalog_id=catalog_id)
    if diff.empty:
        st.info(t("ui.catalog.no_changes"))
        return
    counts = diff["change"].value_counts()
    st.caption(" · ".join(f"{t(f'ui.change.{name}')}: {number(count, 0)}" for name, count in counts.items()))
    catalog_diff_table(diff, key=f"catalog_diff_{catalog_id}")


# -- audit log -------------------------------------------------------------------------------------------------


@guarded
def audit_page() -> None:
    actor = session.require_actor()
    page_header("ui.page.admin_audit")
    left, middle, right = st.columns(3)
    action = left.text_input(t("ui.audit.action"), key="audit_action").strip() or None
    who = middle.text_input(t("ui.audit.actor"), key="audit_actor").strip().lower()
    limit = right.selectbox(t("ui.audit.limit"), [100, 500, 2000], index=1, key="audit_limit")
    frame = audit.audit_log(actor, limit=int(limit), action=action)
    if who and "actor_username" in frame.columns:
        frame = frame[frame["actor_username"].fillna("").str.lower().str.contains(who, regex=False)]
    table(
        frame,
        {"at": "ui.col.at", "actor_username": "ui.col.user", "action": "ui.col.action",
         "entity": "ui.col.entity", "entity_id": "ui.col.entity_id", "before": "ui.col.before",
         "after": "ui.col.after"},
        formats={"at": _when},
        key="audit_table",
    )  # fmt: skip
    st.caption(t("ui.audit.count", count=number(len(frame), 0)))
