"""The content of the Rekapitulasi Hasil Reviu: the Inspektur's recap for the pemda, addressed to the head of
region and the Sekda. Per area: self vs reviu (and KPK where recorded); per OPD: self vs reviu, zone, items not
yet submitted, returned and outdated, and the documents required, uploaded and accepted; the largest gaps; the
zone legend and where the catalog comes from; the rencana aksi that follow the reviu up (overdue first); the
Inspektur's signature block.

``build_rekap`` reads a region ``ReportData`` (``services.report_data``) and two small frames the service adds
(document progress per OPD, outdated items per OPD), and returns one ``reports.document.Document`` that
``reports.document_pdf`` and ``reports.document_docx`` render alike. Indonesian only, like the berita acara.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

import i18n
from i18n import to_wit
from indicators import ROOT_CODE
from reports import views
from reports.data import ReportData
from reports.document import (
    BLANK,
    Document,
    Heading,
    Paragraph,
    SignatureGroup,
    Signatures,
    Signer,
    Table,
    nip_line,
)
from reports.terbilang import long_date

HEADS = {"provinsi": "Gubernur", "kabupaten": "Bupati", "kota": "Wali Kota"}
NOT_SUBMITTED = {"empty", "draft", "reopened"}
GAP_ROWS = 15
KPK_MISSING = (
    "Nilai verifikasi KPK belum tercatat lengkap untuk satu area pun pada periode ini; kolom KPK tampil bila "
    "nilai KPK seluruh butir suatu area sudah dicatat."
)


@dataclass(frozen=True)
class RekapInput:
    data: ReportData
    progress: pd.DataFrame
    """``services.document_progress.PROGRESS_COLUMNS`` plus ``entity`` (the report's OPD entity id)."""
    outdated: dict[str, int]
    """OPD entity → items whose evidence is too old or undated (``services.freshness``)."""
    signer: Signer | None
    on: date
    place: str
    actions: pd.DataFrame | None = None
    """The pemda's rencana aksi of this period or of no period (KPK recommendations):
    ``services.action_views.ACTION_COLUMNS``, overdue first; ``due_at`` in UTC."""


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _num(value: Any) -> str:
    number = _float(value)
    return "–" if number is None else i18n.format_number(number, 2, "id")


def _diff(a: Any, b: Any) -> str:
    left, right = _float(a), _float(b)
    return "–" if left is None or right is None else _num(left - right)


def _int(value: Any) -> str:
    return i18n.format_number(int(value), 0, "id")


def _share(part: int, whole: int) -> str:
    return "–" if not whole else f"{i18n.format_number(100 * part / whole, 1, 'id')}%"


def _subject(data: ReportData) -> tuple[str, str]:
    """(the pemda's name, the head of region's title)."""
    row = data.entities[data.entities["entity"].astype(str) == str(data.subject)]
    if row.empty:
        return data.title, "Kepala Daerah"
    name, kind = str(row["name"].iloc[0]), str(row["kind"].iloc[0])
    return (
        name,
        f"{HEADS.get(kind, 'Kepala Daerah')} {name.removeprefix('Provinsi ').removeprefix('Kabupaten ')}",
    )


def _areas(doc: Document, data: ReportData) -> None:
    names = views.node_names(data)
    codes = [ROOT_CODE, *data.areas()["code"].astype(str)]
    stages = data.stages[
        (data.stages["group"] == "pemda") & (data.stages["entity"].astype(str) == str(data.subject))
    ]
    stages = stages.assign(code=stages["code"].astype(str)).set_index("code")
    kpk = bool(len(stages)) and stages["external_score"].notna().any()
    scores = data.scores[data.scores["entity"].astype(str) == str(data.subject)]
    scores = scores.assign(code=scores["code"].astype(str)).set_index("code")
    headers = ["Area", "Nilai mandiri", "Nilai hasil reviu", *(["Nilai KPK"] if kpk else []),
               "Selisih mandiri − reviu", "Zona"]  # fmt: skip
    rows, fills = [], []
    for code in codes:
        if code not in scores.index:
            continue
        score: Any = scores.loc[code]
        label = "Nilai pemda (total)" if code == ROOT_CODE else f"{code} {names.get(code, '')}"
        external = [_num(stages["external_score"].get(code)) if code in stages.index else "–"] if kpk else []
        rows.append([label, _num(score["self_score"]), _num(score["score"]), *external,
                     _diff(score["self_score"], score["score"]), str(score["zone"] or "–")])  # fmt: skip
        fills.append([*([None] * (len(headers) - 1)), data.zone_color(score["zone"])])
    widths = [9, 2.6, 2.6, *([2.6] if kpk else []), 3, 2.4]
    doc.add(Table(headers, rows, widths, ["L", "R", "R", *(["R"] if kpk else []), "R", "C"], fills, size=8.5))
    if not kpk:
        doc.add(Paragraph(KPK_MISSING, italic=True, size=9))


def _opds(doc: Document, rekap: RekapInput) -> None:
    data = rekap.data
    summary = views.summary(data)
    opds = summary[summary["group"] == "opd"]
    items = data.items.assign(
        entity=data.items["entity"].astype(str), status=data.items["status"].astype(str)
    )
    open_items = items[items["status"].isin(NOT_SUBMITTED)].groupby("entity").size()
    returned = items[items["status"] == "returned"].groupby("entity").size()
    progress = rekap.progress.set_index("entity") if len(rekap.progress) else rekap.progress
    headers = ["No", "Perangkat Daerah", "Nilai mandiri", "Nilai hasil reviu", "Selisih", "Zona", "Butir",
               "Belum diajukan", "Dikembalikan", "Kedaluwarsa", "Dokumen wajib", "Dokumen diunggah",
               "Dokumen diterima"]  # fmt: skip
    rows, fills = [], []
    for number, rec in enumerate(opds.itertuples(index=False), 1):
        entity = str(rec.entity)
        counts: Any = progress.loc[entity] if entity in progress.index else None
        documents = (
            [_int(counts["documents_required"]), _int(counts["documents_uploaded"]),
             _int(counts["documents_accepted"])]
            if counts is not None else ["0", "0", "0"]
        )  # fmt: skip
        rows.append([str(number), str(rec.name), _num(rec.self_score), _num(rec.score),
                     _diff(rec.self_score, rec.score), str(rec.zone or "–"),
                     _int(counts["items"] if counts is not None else 0), _int(open_items.get(entity, 0)),
                     _int(returned.get(entity, 0)), _int(rekap.outdated.get(entity, 0)), *documents])  # fmt: skip
        fills.append([None, None, None, None, None, data.zone_color(rec.zone), *([None] * 7)])
    total = rekap.progress
    required, uploaded, accepted = (int(total[c].sum()) if len(total) else 0 for c in
                                    ("documents_required", "documents_uploaded", "documents_accepted"))  # fmt: skip
    rows.append(["", "Jumlah", "", "", "", "", _int(int(total["items"].sum()) if len(total) else 0),
                 _int(int(open_items.sum())), _int(int(returned.sum())), _int(sum(rekap.outdated.values())),
                 _int(required), _int(uploaded), _int(accepted)])  # fmt: skip
    fills.append([None] * 13)
    doc.add(
        Paragraph(
            f"Dari {_int(required)} dokumen yang diwajibkan kepada {len(opds)} perangkat daerah, {_int(uploaded)} "
            f"telah diunggah ({_share(uploaded, required)}) dan {_int(accepted)} diterima pada reviu "
            f"({_share(accepted, required)}); {_int(required - uploaded)} dokumen belum diunggah.",
            align="J",
        ),
        Table(
            headers,
            rows,
            [1, 6.4, 2.2, 2.2, 2, 2, 1.6, 2.2, 2.6, 2.6, 2, 2.2, 2.2],
            ["C", "L", "R", "R", "R", "C", "R", "R", "R", "R", "R", "R", "R"],
            fills,
            size=7.5,
        ),
        Paragraph(
            "Selisih: nilai mandiri dikurangi nilai hasil reviu. Kedaluwarsa: butir yang bukti terbarunya lebih "
            "tua dari batas umur katalog atau tidak bertanggal. Dokumen: daftar dokumen wajib pada butir "
            "berbasis dokumen, satu dokumen per syarat bukti pada butir lain. Diunggah: berkas yang ditandai "
            "menjawab satu dokumen dihitung per dokumen; berkas yang belum ditandai dihitung sampai jumlah "
            "dokumen yang belum terjawab.",
            italic=True,
            size=8,
        ),
    )


def _gaps(doc: Document, data: ReportData) -> None:
    gaps = views.gap_list(data, str(data.subject), GAP_ROWS)
    if gaps.empty:
        doc.add(Paragraph("Tidak ada butir yang masih dapat menambah nilai pemda.", italic=True))
        return
    rows = [
        [str(i), str(r.area or "–"), str(r.code), str(r.indicator or ""), _num(r.score), _num(r.gain)]
        for i, r in enumerate(gaps.itertuples(index=False), 1)
    ]
    doc.add(
        Paragraph("Butir yang paling menambah nilai pemda bila dilengkapi, diurutkan dari potensi terbesar."),
        Table(
            ["No", "Area", "Kode", "Butir", "Nilai hasil reviu", "Potensi tambahan"],
            rows,
            [1, 4, 3, 11, 2.4, 2.4],
            ["C", "L", "L", "L", "R", "R"],
            size=8,
        ),
    )


def _actions(doc: Document, actions: pd.DataFrame | None) -> None:
    if actions is None or actions.empty:
        doc.add(Paragraph("Belum ada rencana aksi untuk periode ini.", italic=True))
        return
    late = int(actions["overdue"].astype(bool).sum())
    doc.add(
        Paragraph(
            f"{len(actions)} rencana aksi, {late} melewati batas waktu (ditandai *), diurutkan dari yang "
            "terlambat; batas waktu dalam WIT."
        )
    )
    rows = [
        [
            str(i), str(r["opd"]), str(r["title"]) + (" *" if r["overdue"] else ""), str(r["codes"] or "–"),
            str(r["owner"] or "–"), i18n.format_date(to_wit(r["due_at"]).date(), "id"), str(r["status_label"]),
        ]
        for i, r in enumerate(actions.to_dict("records"), 1)
    ]  # fmt: skip
    doc.add(
        Table(
            ["No", "OPD", "Rencana aksi", "Butir", "Penanggung jawab", "Batas waktu", "Status"],
            rows,
            [1, 2.5, 9, 4, 4, 3, 2.5],
            ["C", "L", "L", "L", "L", "C", "C"],
            size=8,
        )
    )


def build_rekap(rekap: RekapInput) -> Document:
    """The whole rekapitulasi as one document (landscape: the OPD table is wide)."""
    data = rekap.data
    pemda, head = _subject(data)
    title = f"Rekapitulasi Hasil Reviu · {data.catalog_name} · {pemda}"
    doc = Document(title=title, landscape=True, footer=title)
    doc.add(
        Heading("REKAPITULASI HASIL REVIU INSPEKTORAT", 1),
        Heading(f"{data.catalog_name} — {pemda}", 2, centred=True),
        Paragraph(f"Periode {data.period}, keadaan pada {long_date(rekap.on)}", align="C"),
        Paragraph(f"Kepada Yth.: 1. {head}; 2. Sekretaris Daerah {pemda}."),
        Paragraph(
            f"Inspektorat {pemda} menyampaikan rekapitulasi hasil reviu atas bukti dukung {data.catalog_name} "
            f"periode {data.period}: nilai mandiri perangkat daerah dibandingkan dengan nilai hasil reviu "
            "Inspektorat per area dan per perangkat daerah, butir yang belum diajukan, dikembalikan dan "
            "kedaluwarsa, kemajuan dokumen, kesenjangan terbesar, serta rencana aksi tindak lanjutnya.",
            align="J",
        ),
    )
    if data.demo:
        doc.add(Paragraph("DATA DEMO: angka dalam dokumen ini berasal dari data contoh.", bold=True))
    doc.add(Heading("A. Nilai pemda per area", 2))
    _areas(doc, data)
    doc.add(Heading("B. Rekap per perangkat daerah", 2))
    _opds(doc, rekap)
    doc.add(Heading("C. Kesenjangan terbesar", 2))
    _gaps(doc, data)
    doc.add(Heading("D. Rencana aksi tindak lanjut", 2))
    _actions(doc, rekap.actions)
    doc.add(Heading("E. Keterangan", 2))
    legend = [[str(z["name"]), f"{_num(z['min'])} – {_num(z['max'])}"] for z in data.zones]
    doc.add(
        Table(["Zona", "Rentang nilai"], legend, [3, 4], ["C", "C"],
              [[z.get("color"), None] for z in data.zones], size=8.5),
    )  # fmt: skip
    if data.provenance_note:
        doc.add(
            Paragraph(data.provenance_note.replace(f" ({data.catalog_key})", ""), size=9)
        )  # no catalog key
    signer = rekap.signer or Signer(BLANK, "", "")
    group = SignatureGroup(f"Inspektur {pemda}", [Signer(signer.name, nip_line(signer.nip), signer.position)])
    doc.add(Signatures(f"{rekap.place}, {long_date(rekap.on)}", [group]))
    return doc
