"""Admin: export a stored catalog to Excel and re-import the edited workbook as a new draft, with a diff."""

from __future__ import annotations

import streamlit as st

import ui.panels.labels  # noqa: F401  (registers the texts)
from i18n import t
from services.actor import Actor
from services.catalog_excel import (
    CatalogInvalidError,
    export_catalog_xlsx,
    import_catalog_xlsx,
    preview_catalog_xlsx,
    problems_frame,
)
from ui.display import catalog_diff_table, table
from ui.widgets import guarded

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@guarded
def render_catalog_excel(actor: Actor, *, catalog_id: int, key: str) -> None:
    st.subheader(t("panel.catalog_excel.title"))
    st.download_button(
        t("panel.catalog_excel.download"),
        data=export_catalog_xlsx(actor, catalog_id=catalog_id),
        file_name=f"{key}.xlsx",
        mime=XLSX,
        key=f"catalog-xlsx-{catalog_id}",
    )
    upload = st.file_uploader(t("panel.catalog_excel.upload"), type=["xlsx"], key=f"catalog-up-{catalog_id}")
    if upload is None:
        return
    new_key = st.text_input(t("panel.catalog_excel.new_key"), key=f"catalog-key-{catalog_id}") or None
    content = upload.getvalue()
    try:
        preview = preview_catalog_xlsx(
            actor, catalog_id=catalog_id, content=content, filename=upload.name, new_key=new_key
        )
    except CatalogInvalidError as err:
        st.error(err.message())
        table(
            problems_frame(err),
            {
                "sheet": "ui.col.sheet",
                "row": "ui.col.row",
                "code": "ui.col.code",
                "message": "ui.col.problem",
            },
        )
        return
    if preview.unchanged:
        st.info(t("panel.catalog_excel.unchanged"))
    else:
        catalog_diff_table(preview.diff)
    if st.button(t("panel.catalog_excel.store", catalog=preview.key), key=f"catalog-store-{catalog_id}"):
        info = import_catalog_xlsx(
            actor, catalog_id=catalog_id, content=content, filename=upload.name, new_key=new_key
        )
        st.success(t("panel.catalog_excel.stored", catalog=info.key))
