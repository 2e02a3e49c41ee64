"""The catalogs page: the catalogs, each draft's diff against the active version and its activation, the Excel
template panel, and importing a YAML catalog with line-precise errors before anything is stored."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from i18n import LenteraError, label, t
from services import catalogs, framework_changes
from services.actor import Actor
from ui import session
from ui.admin.common import when
from ui.display import catalog_diff_table, number, plain, table
from ui.panels.catalog_excel import render_catalog_excel
from ui.panels.framework_changes import render_framework_changes
from ui.widgets import flash, guarded, lazy_panel, page_header, show_flash
from vocabulary import CatalogStatus


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
        formats={"status": lambda s: label(s, kind=CatalogStatus), "imported_at": when},
        key="catalogs_table",
    )  # fmt: skip

    drafts = frame[frame["status"] == "draft"]
    for _, row in drafts.iterrows():
        catalog_id = int(row["id"])
        with st.expander(t("ui.catalog.draft_title", catalog=row["key"], name=plain(row["name"]))):
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

    for old_key, new_key in framework_changes.available_framework_maps(actor):
        lazy_panel(
            t("panel.framework.title", old=old_key, new=new_key),
            panel_key=f"panel_framework_{old_key}_{new_key}",
            render=partial(render_framework_changes, from_key=old_key, to_key=new_key),
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
        t(
            "ui.catalog.valid",
            catalog=parsed.key,
            name=plain(parsed.name),
            leaves=number(len(parsed.leaves()), 0),
        )
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
