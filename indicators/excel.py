"""Catalogs as Excel workbooks: export any catalog to a template, edit it in Excel, import it back.

Administrators receive each year's indicator book as a PDF or a spreadsheet and live in Excel, so a catalog can
travel as a workbook with one row per node. Importing validates exactly like YAML does and reports problems by
sheet and row, so "Struktur!14: bobot harus lebih dari 0" points at the cell to fix. The bytes are read (bounded,
read-only) by ``storage.workbook`` in ``services.catalog_excel``; this module only turns rows into a catalog.

Sheets: ``Katalog`` (field/value), ``Zona`` (bands), ``Struktur`` (the tree as rows with a parent code, in order;
workbooks exported before it had its Indonesian name call it ``Node``),
``Dokumen`` (required documents of `documents` leaves with their points, and the evidence of each level of a
cumulative `levels` leaf with its level), ``Bukti`` (evidence requirements), ``Tenggat`` (deadlines).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from i18n import register, t
from indicators.loader import CatalogError, CatalogProblem
from indicators.messages import validation_words
from indicators.schema import Catalog, Node

CATALOG_FIELDS = [
    "key", "name", "name_en", "framework", "year", "version", "provenance", "source", "aggregation", "zones_for",
    "assessed",
]  # fmt: skip
NODE_COLUMNS = [
    "code", "parent_code", "name", "name_en", "weight", "provenance", "rule", "levels", "steps", "total",
    "tags", "opd_kinds", "opds", "description", "applies_to", "aggregation", "lead_opd", "external_index",
    "conversion", "cumulative",
]  # fmt: skip
# workbooks exported before they existed
OPTIONAL_NODE_COLUMNS = {
    "applies_to",
    "aggregation",
    "lead_opd",
    "external_index",
    "conversion",
    "cumulative",
}
ZONE_COLUMNS = ["name", "min", "max", "color"]
DOCUMENT_COLUMNS = ["leaf_code", "code", "name", "points", "level"]
OPTIONAL_DOCUMENT_COLUMNS = {"level"}  # workbooks exported before cumulative levels
YES_NO = {"ya": True, "tidak": False}
"""The Indonesian words of a yes/no cell (``Kumulatif``); an empty cell is no, English words are read as well."""
EVIDENCE_COLUMNS = ["leaf_code", "description", "kinds", "max_age_days"]
DEADLINE_COLUMNS = ["name", "month", "day", "kind"]
_RULE_TAGS = {"levels", "percent", "documents", "binary", "external_index"}
HEADERS: dict[str, str] = {
    "field": "Isian", "value": "Nilai", "code": "Kode", "parent_code": "Kode induk", "name": "Nama",
    "name_en": "Nama (Inggris)", "weight": "Bobot", "provenance": "Asal data", "rule": "Aturan nilai",
    "levels": "Tingkat", "steps": "Pilihan nilai", "total": "Jumlah poin", "tags": "Tag",
    "opd_kinds": "Jenis OPD", "opds": "OPD", "description": "Uraian", "applies_to": "Berlaku untuk",
    "aggregation": "Nilai pemda", "lead_opd": "OPD pengampu", "min": "Min", "max": "Maks", "color": "Warna",
    "leaf_code": "Kode butir", "points": "Poin", "kinds": "Jenis berkas", "max_age_days": "Umur maks. (hari)",
    "month": "Bulan", "day": "Tanggal", "kind": "Jenis", "external_index": "Indeks eksternal",
    "conversion": "Konversi", "cumulative": "Kumulatif", "level": "Level",
}  # fmt: skip
"""Column → the Indonesian header the template prints; an import reads either (older workbooks have the names)."""
FIELD_LABELS: dict[str, str] = {
    "key": "Kunci katalog", "name": "Nama", "name_en": "Nama (Inggris)", "framework": "Kerangka",
    "year": "Tahun", "version": "Versi", "provenance": "Asal data", "source": "Sumber", "aggregation": "Nilai pemda",
    "zones_for": "Zona untuk", "scale_min": "Skala min", "scale_max": "Skala maks", "assessed": "Dinilai",
}  # fmt: skip
"""The ``Katalog`` sheet's field names as printed in its first column; an import reads either."""
_HEADER_NAMES = {words.casefold(): name for name, words in HEADERS.items()}
_FIELD_NAMES = {words.casefold(): name for name, words in FIELD_LABELS.items()}
NODE_SHEET = "Struktur"
OLD_NODE_SHEET = "Node"  # its name in workbooks exported before it had an Indonesian one; still read
SHEETS = ("Katalog", "Zona", NODE_SHEET, OLD_NODE_SHEET, "Dokumen", "Bukti", "Tenggat")
MAX_ROWS = 20_000  # per sheet, header included
MAX_COLUMNS = 40  # the widest sheet (Struktur) has 20; room for an administrator's own notes
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# A sheet's non-empty rows as (row number, values); row 1 is the header.
Sheets = Mapping[str, Sequence[tuple[int, Sequence[object]]]]

register(
    {
        "catalog_xlsx.sheet_missing": {
            "id": "Lembar '{sheet}' tidak ada dalam berkas.",
            "en": "Sheet '{sheet}' is missing from the workbook.",
        },
        "catalog_xlsx.columns_missing": {
            "id": "Lembar '{sheet}' baris 1: kolom tidak ada: {columns}.",
            "en": "Sheet '{sheet}' row 1: missing columns: {columns}.",
        },
        "catalog_xlsx.duplicate": {
            "id": "kode ganda (sudah ada di baris {row})",
            "en": "duplicate code (already on row {row})",
        },
        "catalog_xlsx.parent_later": {
            "id": "kode induk '{parent}' harus ada di baris sebelumnya",
            "en": "parent '{parent}' must appear on an earlier row",
        },
        "catalog_xlsx.not_documents": {
            "id": "butir ini tidak memakai aturan nilai 'documents' atau 'levels' yang kumulatif",
            "en": "this item uses neither the 'documents' rule nor cumulative 'levels'",
        },
        "catalog_xlsx.unknown_code": {"id": "kode butir tidak dikenal", "en": "unknown item code"},
    }
)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def _list(values: list[str]) -> str:
    return "; ".join(values)


def _split(text: Any) -> list[str]:
    if text is None:
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def _write_table(sheet: Worksheet, columns: list[str], rows: list[list[Any]]) -> None:
    sheet.append([HEADERS.get(column, column) for column in columns])
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for row in rows:
        # Text stays text: a name starting with "=" must never become a formula.
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = max([len(HEADERS.get(column, column))] + [len(str(r[index - 1] or "")) for r in rows[:500]])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(max(width + 2, 8), 60)


def catalog_to_xlsx(catalog: Catalog) -> bytes:
    """The catalog as an editable workbook that ``services.catalog_excel.catalog_from_xlsx`` reads back to an
    equal catalog."""
    book = Workbook()
    info = book.active
    assert info is not None
    info.title = "Katalog"
    meta = catalog.model_dump(mode="json")
    rows: list[list[Any]] = [[FIELD_LABELS[field], meta.get(field)] for field in CATALOG_FIELDS]
    rows += [[FIELD_LABELS["scale_min"], catalog.scale.min], [FIELD_LABELS["scale_max"], catalog.scale.max]]
    _write_table(info, ["field", "value"], rows)

    _write_table(
        book.create_sheet("Zona"), ZONE_COLUMNS, [[z.name, z.min, z.max, z.color] for z in catalog.zones]
    )

    node_rows: list[list[Any]] = []
    document_rows: list[list[Any]] = []
    evidence_rows: list[list[Any]] = []
    for node in catalog.walk():
        node_rows.append(_node_row(node))
        rule = node.rule
        if rule is not None and rule.kind == "documents":
            document_rows += [[node.code, d.code, d.name, d.points, None] for d in rule.documents]
        elif rule is not None and rule.kind == "levels" and rule.cumulative:
            document_rows += [[node.code, d.code, d.name, None, d.level] for d in rule.documents]
        evidence_rows += [
            [node.code, e.description, _list(list(e.kinds)), e.max_age_days] for e in node.evidence
        ]
    _write_table(book.create_sheet(NODE_SHEET), NODE_COLUMNS, node_rows)
    _write_table(book.create_sheet("Dokumen"), DOCUMENT_COLUMNS, document_rows)
    _write_table(book.create_sheet("Bukti"), EVIDENCE_COLUMNS, evidence_rows)
    _write_table(
        book.create_sheet("Tenggat"),
        DEADLINE_COLUMNS,
        [[d.name, d.month, d.day, d.kind] for d in catalog.deadlines],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _node_row(node: Node) -> list[Any]:
    rule = node.rule
    levels = steps = total = external = conversion = cumulative = None
    if rule is not None and rule.kind in ("levels", "external_index"):
        levels = _list([f"{number}={name}" for number, name in sorted(rule.levels.items())])
    if rule is not None and rule.kind == "external_index":
        # "min=0; 2=1.8; 3=2.6; 4=3.5; 5=4.2; max=5": the lowest external value of each level above 1
        external = rule.index
        table = [f"{level}={low:g}" for level, low in sorted(rule.thresholds.items())]
        conversion = _list([f"min={rule.external_min:g}", *table, f"max={rule.external_max:g}"])
    elif rule is not None and rule.kind == "percent" and rule.steps is not None:
        steps = _list([f"{step:g}" for step in rule.steps])
    elif rule is not None and rule.kind == "documents":
        total = rule.total
    elif rule is not None and rule.kind == "levels" and rule.cumulative:
        cumulative = "ya"
    responsible = node.responsible
    return [
        node.code,
        node.parent_code,
        node.name,
        node.name_en,
        node.weight,
        node.provenance,
        rule.kind if rule is not None else None,
        levels,
        steps,
        total,
        _list(node.tags) or None,
        _list(responsible.opd_kinds) if responsible else None,
        _list(responsible.opds) if responsible else None,
        node.description,
        _list(list(node.applies_to)) if node.applies_to is not None else None,  # as written: None inherits
        node.aggregation,
        responsible.lead if responsible else None,
        external,
        conversion,
        cumulative,
    ]


# -- import ------------------------------------------------------------------------------------------------------


def _rows(
    sheets: Sheets, sheet_name: str, columns: list[str], source: str, optional: set[str] | None = None
) -> list[tuple[int, dict[str, Any]]]:
    if sheet_name not in sheets:
        raise CatalogError(
            [CatalogProblem(source, None, None, t("catalog_xlsx.sheet_missing", sheet=sheet_name))]
        )
    rows = list(sheets[sheet_name])
    first = rows[0][1] if rows and rows[0][0] == 1 else ()
    header = [_column_name(h) for h in first]
    missing = [HEADERS.get(c, c) for c in columns if c not in header and c not in (optional or set())]
    if missing:
        problem = t("catalog_xlsx.columns_missing", sheet=sheet_name, columns=", ".join(missing))
        raise CatalogError([CatalogProblem(f"{source}:{sheet_name}", 1, None, problem)])
    records = []
    for number, values in rows:
        if number == 1:
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {h: (v.strip() if isinstance(v, str) else v) for h, v in zip(header, values, strict=False)}
        records.append((number, record))
    return records


def _column_name(header: object) -> str:
    """A header cell as the column it names: the Indonesian words or the older English name."""
    text = str(header).strip() if header is not None else ""
    return _HEADER_NAMES.get(text.casefold(), text)


def catalog_from_sheets(sheets: Sheets, source: str = "katalog.xlsx") -> Catalog:
    """Build a catalog from a workbook's sheets (read by ``storage.workbook`` within ``MAX_ROWS`` ×
    ``MAX_COLUMNS``); raise CatalogError naming sheet, row and node code for every problem."""
    problems: list[CatalogProblem] = []
    meta = {
        _FIELD_NAMES.get(str(r["field"]).strip().casefold(), str(r["field"]).strip()): r["value"]
        for _, r in _rows(sheets, "Katalog", ["field", "value"], source)
    }
    data: dict[str, Any] = {k: meta[k] for k in CATALOG_FIELDS if meta.get(k) not in (None, "")}
    data["scale"] = {"min": meta.get("scale_min", 0), "max": meta.get("scale_max")}
    data["zones"] = [
        {k: r[k] for k in ZONE_COLUMNS if r.get(k) is not None}
        for _, r in _rows(sheets, "Zona", ZONE_COLUMNS, source)
    ]
    data["deadlines"] = [
        {k: r[k] for k in DEADLINE_COLUMNS if r.get(k) is not None}
        for _, r in _rows(sheets, "Tenggat", DEADLINE_COLUMNS, source)
    ]
    nodes: dict[str, dict[str, Any]] = {}
    row_of: dict[str, int] = {}
    roots: list[dict[str, Any]] = []
    node_sheet = OLD_NODE_SHEET if OLD_NODE_SHEET in sheets and NODE_SHEET not in sheets else NODE_SHEET
    node_source = f"{source}:{node_sheet}"
    for number, row in _rows(sheets, node_sheet, NODE_COLUMNS, source, OPTIONAL_NODE_COLUMNS):
        node, code = _node_from_row(row)
        if code in nodes:
            problems.append(
                CatalogProblem(node_source, number, code, t("catalog_xlsx.duplicate", row=row_of[code]))
            )
            continue
        parent = None if row.get("parent_code") in (None, "") else str(row["parent_code"])
        if parent is None:
            roots.append(node)
        elif parent not in nodes:
            problems.append(
                CatalogProblem(node_source, number, code, t("catalog_xlsx.parent_later", parent=parent))
            )
            continue
        else:
            nodes[parent].setdefault("children", []).append(node)
        nodes[code] = node
        row_of[code] = number
    _attach(sheets, source, nodes, problems)
    if problems:
        raise CatalogError(problems)
    data["nodes"] = roots
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_problems_from(exc, data, row_of, source, node_sheet)) from None


def _node_from_row(row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    code = str(row["code"]).removesuffix(".0") if isinstance(row["code"], float) else str(row["code"])
    node: dict[str, Any] = {"code": code, "name": row.get("name")}
    for key in ("name_en", "provenance", "description", "aggregation"):
        if row.get(key) not in (None, ""):
            node[key] = row[key]
    if row.get("weight") not in (None, ""):
        node["weight"] = row["weight"]
    kind = row.get("rule")
    if kind not in (None, ""):
        rule: dict[str, Any] = {"kind": kind}
        if kind in ("levels", "external_index"):
            rule["levels"] = {}
            for part in _split(row.get("levels")):
                number, _, name = part.partition("=")
                rule["levels"][number.strip()] = name.strip()
        if kind == "external_index":
            rule["index"] = row.get("external_index") or ""
            rule["thresholds"] = {}
            for part in _split(row.get("conversion")):
                key, _, value = part.partition("=")
                key = key.strip()
                if key in ("min", "max"):
                    rule[f"external_{key}"] = value.strip()
                else:
                    rule["thresholds"][key] = value.strip()
        elif kind == "levels" and row.get("cumulative") not in (None, ""):
            cell = row["cumulative"]
            # "ya"/"tidak" as the template writes them; anything else goes to the schema, which says what it wants
            rule["cumulative"] = YES_NO.get(cell.strip().casefold(), cell) if isinstance(cell, str) else cell
            rule["documents"] = []
        elif kind == "percent" and _split(row.get("steps")):
            rule["steps"] = _split(row.get("steps"))
        elif kind == "documents":
            rule["documents"] = []
            if row.get("total") not in (None, ""):
                rule["total"] = row["total"]
        node["rule"] = rule
    if _split(row.get("tags")):
        node["tags"] = _split(row.get("tags"))
    if _split(row.get("applies_to")):
        node["applies_to"] = _split(row.get("applies_to"))
    lead = row.get("lead_opd") if row.get("lead_opd") not in (None, "") else None
    if _split(row.get("opd_kinds")) or _split(row.get("opds")) or lead is not None:
        node["responsible"] = {"opd_kinds": _split(row.get("opd_kinds")), "opds": _split(row.get("opds"))}
        if lead is not None:
            node["responsible"]["lead"] = lead
    return node, code


def _attach(
    sheets: Sheets, source: str, nodes: dict[str, dict[str, Any]], problems: list[CatalogProblem]
) -> None:
    for number, row in _rows(sheets, "Dokumen", DOCUMENT_COLUMNS, source, OPTIONAL_DOCUMENT_COLUMNS):
        leaf = nodes.get(str(row["leaf_code"]))
        rule = (leaf or {}).get("rule") or {}
        if "documents" not in rule:  # a documents rule, or levels with Kumulatif filled in
            problems.append(
                CatalogProblem(
                    f"{source}:Dokumen", number, str(row["leaf_code"]), t("catalog_xlsx.not_documents")
                )
            )
            continue
        document = {"code": str(row["code"]), "name": row["name"]}
        # points belong to a documents rule, a level to cumulative levels; the other is refused as unknown
        for key in ("points", "level"):
            if row.get(key) not in (None, ""):
                document[key] = row[key]
        rule["documents"].append(document)
    for number, row in _rows(sheets, "Bukti", EVIDENCE_COLUMNS, source):
        node = nodes.get(str(row["leaf_code"]))
        if node is None:
            problems.append(
                CatalogProblem(
                    f"{source}:Bukti", number, str(row["leaf_code"]), t("catalog_xlsx.unknown_code")
                )
            )
            continue
        requirement: dict[str, Any] = {"description": row["description"]}
        if _split(row.get("kinds")):
            requirement["kinds"] = _split(row.get("kinds"))
        if row.get("max_age_days") not in (None, ""):
            requirement["max_age_days"] = row["max_age_days"]
        node.setdefault("evidence", []).append(requirement)


def _problems_from(
    exc: ValidationError, data: dict[str, Any], row_of: dict[str, int], source: str, node_sheet: str
) -> list[CatalogProblem]:
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        current: Any = data
        code = None
        for part in loc:
            try:
                current = current[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(current, dict) and "code" in current and "name" in current:
                code = str(current["code"])
        sheet = node_sheet if code else ("Zona" if loc[:1] == ("zones",) else "Katalog")
        field = next((str(p) for p in reversed(loc) if isinstance(p, str) and p not in _RULE_TAGS), "")
        name = HEADERS.get(field, FIELD_LABELS.get(field, field))
        message = f"{name}: {validation_words(error)}" if name else validation_words(error)
        problems.append(
            CatalogProblem(f"{source}:{sheet}", row_of.get(code) if code else None, code, message)
        )
    return problems
