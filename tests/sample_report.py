"""A realistic, deterministic ``ReportData`` for tests, the benchmark and report previews.

``province_sample()`` is Pemerintah Provinsi Maluku Utara: its OPDs (``seed_data/malut-opd.csv``) and its 10
kabupaten/kota (``malut-regions.csv``), scored on a shipped catalog. ``national_sample()`` is 546 pemda (38
provinces and 508 kabupaten/kota, KPK's MCP population) for timing exports at national scale.

Values follow what the domain notes report: self-claimed values run above verified ones, some items are still
waiting, some were returned with a reason. The data also carries the hostile inputs a report must survive:
a note that looks like a formula, display names with ``../`` and control characters, names with diacritics.

Scores and ranks come from the real engine (``scoring.score`` / ``scoring.rank``), exactly as the services layer
will call it, so a report test that compares the workbook with ``data.scores`` compares it with the engine.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Hashable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

import scoring
from indicators import ROOT_CODE, Catalog, load_catalog
from indicators.provenance import source_note
from reports.data import ReportData, nodes_frame, zones_list

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"
GENERATED_AT = datetime(2025, 11, 27, 5, 30, tzinfo=UTC)  # 14.30 WIT

REVIEWERS = [
    "Désirée Pattiasina, S.E.",
    "Drs. Ahmad Kasuba, M.Si.",
    "Nurhayati Abd. Rahman, S.H.",
    "Ir. Yohanes Tuanakotta",
    "Siti Maryam Hi. Djafar, S.Ak.",
]
UPLOADERS = ["Rahmat Sangadji", "Fitriani Umaternate", "Jefri Loppies", "Nur'aini Sibela", "Ahmad Buamona"]
RETURN_REASONS = [
    "Dokumen belum ditandatangani pejabat berwenang.",
    "Tangkapan layar tidak menunjukkan tanggal dan alamat aplikasi.",
    "SK sudah kedaluwarsa (> 2 tahun); unggah SK terbaru.",
    "Bukti tidak sesuai indikator – mohon unggah laporan pelaksanaan.",
]
# Hostile inputs every report must print as plain text.
FORMULA_NOTE = '=HYPERLINK("http://contoh.invalid/x","klik di sini")'
HOSTILE_NAMES = ["../../rahasia/berkas.pdf", "Laporan\x07 triwulan\r\n.pdf", "@SUM(A1).pdf"]
DIACRITIC_NAME = "Désirée Pattiasina, S.E."


def _read_csv(name: str) -> list[dict[str, str]]:
    with (SEED_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- scoring ---------------------------------------------------------------------------------------------------


def _rank(scores: pd.DataFrame, previous: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """``scoring.rank`` within each group (pemda and OPDs are ranked separately), with a ``group`` column."""
    parts = []
    for group, members in groups.groupby(groups):
        ids = set(members.index)
        ranked = scoring.rank(
            scores[scores["entity"].isin(ids)], previous=previous[previous["entity"].isin(ids)]
        )
        parts.append(ranked.assign(group=group))
    return pd.concat(parts, ignore_index=True)


def _previous_frame(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Last period's input: fewer items verified, so ranks move the way they do between periods."""
    previous = frame.copy()
    dropped = rng.random(len(previous)) < 0.3
    previous.loc[dropped, "value"] = np.nan
    return previous


# -- synthetic submissions --------------------------------------------------------------------------------------


def evidence_content(row: Mapping[Hashable, object]) -> bytes:
    """The bytes of a sample evidence file (from the row's entity and ``seq``); its sha256 is the row's."""
    return f"LENTERA SAMPLE EVIDENCE\n{row['entity']}\n{row['seq']}\n".encode() * 40


def _moment(rng: np.random.Generator, start: datetime, days: float) -> datetime:
    return start + timedelta(minutes=int(rng.uniform(0, days * 24 * 60)))


def _submissions(
    catalog: Catalog,
    assignments: dict[str, list[str]],
    ability: dict[str, float],
    rng: np.random.Generator,
    *,
    opened: datetime,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Items, reviews and evidence for each entity's assigned leaves."""
    leaves = {leaf.code: leaf for leaf in catalog.leaves()}
    items: list[dict] = []
    reviews: list[dict] = []
    evidence: list[dict] = []
    seq = 0
    for entity, codes in assignments.items():
        a = ability[entity]
        pending_link: dict | None = None
        for code in codes:
            leaf = leaves[code]
            allowed = leaf.rule.scoring_steps() if leaf.rule is not None else None
            maximum = leaf.maximum
            true_frac = float(np.clip(rng.normal(a, 0.18), 0, 1))
            self_frac = float(np.clip(true_frac + abs(rng.normal(0.15, 0.12)), 0, 1))
            verified_value = _snap(true_frac * maximum, allowed, maximum)
            self_value = max(_snap(self_frac * maximum, allowed, maximum), verified_value)
            status = rng.choice(
                ["verified", "submitted", "returned", "draft", "empty"],
                p=_status_odds(a),
            )
            submitted_at = (
                _moment(rng, opened, 50) if status in ("verified", "submitted", "returned") else None
            )
            verified_at = submitted_at + timedelta(days=float(rng.uniform(1, 12))) if submitted_at else None
            reviewer = (
                REVIEWERS[int(rng.integers(len(REVIEWERS)))] if status in ("verified", "returned") else None
            )
            note = "Bukti terlampir; versi final ditandatangani Sekda." if rng.random() < 0.3 else ""
            reason = RETURN_REASONS[int(rng.integers(len(RETURN_REASONS)))] if status == "returned" else ""
            item = {
                "entity": entity,
                "code": code,
                "self_value": None if status == "empty" else self_value,
                "verified_value": verified_value if status == "verified" else None,
                "status": str(status),
                "note": note,
                "reason": reason,
                "submitted_at": submitted_at,
                "verified_at": verified_at if status in ("verified", "returned") else None,
                "reviewer": reviewer,
            }
            items.append(item)
            if status in ("verified", "returned") and verified_at is not None and reviewer is not None:
                if status == "verified" and rng.random() < 0.25:  # returned once, then approved
                    reviews.append(
                        {"entity": entity, "code": code, "decision": "return", "verified_value": None,
                         "reason": RETURN_REASONS[0], "reviewer": reviewer,
                         "decided_at": verified_at - timedelta(days=3)}
                    )  # fmt: skip
                reviews.append(
                    {"entity": entity, "code": code, "decision": "approve" if status == "verified" else "return",
                     "verified_value": item["verified_value"], "reason": reason, "reviewer": reviewer,
                     "decided_at": verified_at}
                )  # fmt: skip
            if status == "empty":
                continue
            # One file per item; every third file also supports the next item (one file, several items).
            if pending_link is not None:
                pending_link["item_codes"] += f",{code}"
                pending_link = None
                continue
            seq += 1
            uploaded_at = (submitted_at or _moment(rng, opened, 50)) - timedelta(
                hours=float(rng.uniform(1, 72))
            )
            row = {
                "entity": entity,
                "item_codes": code,
                "seq": seq,
                "display_name": f"Bukti {code} – {leaf.name[:40]}.pdf",
                "media_type": "application/pdf",
                "uploaded_by": UPLOADERS[int(rng.integers(len(UPLOADERS)))],
                "uploaded_at": uploaded_at,
                "document_date": (uploaded_at - timedelta(days=float(rng.uniform(5, 400)))).date(),
            }
            evidence.append(row)
            if seq % 3 == 0:
                pending_link = row
    evidence_frame = pd.DataFrame(evidence)
    if len(evidence_frame):
        contents = [evidence_content(r) for r in evidence]
        evidence_frame["sha256"] = [hashlib.sha256(c).hexdigest() for c in contents]
        evidence_frame["size"] = [len(c) for c in contents]
    return pd.DataFrame(items), pd.DataFrame(reviews), evidence_frame


def _status_odds(ability: float) -> list[float]:
    verified = 0.35 + 0.45 * ability
    rest = 1 - verified
    return [verified, rest * 0.35, rest * 0.25, rest * 0.2, rest * 0.2]


def _snap(value: float, allowed: list[float] | None, maximum: float) -> float:
    if allowed:
        return float(min(allowed, key=lambda s: abs(s - value)))
    return float(round(min(max(value, 0.0), maximum)))


def _scoring_input(items: pd.DataFrame) -> pd.DataFrame:
    return items.rename(columns={"verified_value": "value"})[
        ["entity", "code", "value", "self_value", "status"]
    ]


def _province_rows(catalog: Catalog, opd_items: pd.DataFrame, province_id: str) -> pd.DataFrame:
    """The province's own leaf values: the mean of its OPDs' values, snapped to what the leaf's rule allows
    (the scoring engine refuses values a rule does not allow, e.g. level 2.6)."""
    allowed = {leaf.code: (leaf.rule.scoring_steps() if leaf.rule else None) for leaf in catalog.leaves()}
    maxima = {leaf.code: leaf.maximum for leaf in catalog.leaves()}
    grouped = opd_items.groupby("code", as_index=False).agg(
        value=("verified_value", lambda s: s.fillna(0).mean()), self_value=("self_value", "mean")
    )

    def snap(code: str, value: float) -> float:
        steps = allowed[code]
        if value != value or (steps and value < steps[0] / 2):
            return np.nan
        return _snap(value, steps, maxima[code])

    grouped["value"] = [snap(c, v) for c, v in zip(grouped["code"], grouped["value"], strict=True)]
    grouped["self_value"] = [snap(c, v) for c, v in zip(grouped["code"], grouped["self_value"], strict=True)]
    return grouped.assign(entity=province_id, status="verified")


def _hostile(items: pd.DataFrame, evidence: pd.DataFrame) -> None:
    """Plant the inputs that exports must neutralise."""
    items.loc[items.index[0], "note"] = FORMULA_NOTE
    items.loc[items.index[min(3, len(items) - 1)], "note"] = "+62 921 312 0000 (narahubung)"
    items.loc[items.index[min(5, len(items) - 1)], "note"] = "- dokumen asli menyusul"
    for i, name in enumerate(HOSTILE_NAMES):
        if i < len(evidence):
            evidence.loc[evidence.index[i], "display_name"] = name
    if len(evidence) > 4:  # two files with the same display name in one folder
        evidence.loc[evidence.index[4], "display_name"] = evidence.loc[evidence.index[3], "display_name"]
        evidence.loc[evidence.index[4], "item_codes"] = evidence.loc[evidence.index[3], "item_codes"]
        evidence.loc[evidence.index[4], "entity"] = evidence.loc[evidence.index[3], "entity"]


# -- the samples -----------------------------------------------------------------------------------------------


def province_sample(
    catalog_key: str = "spbe-2021", *, seed: int = 7, period: str | None = None
) -> ReportData:
    """Pemerintah Provinsi Maluku Utara: OPDs, 10 kabupaten/kota, scores, reviews, evidence and a trend."""
    catalog = load_catalog(catalog_key)
    rng = np.random.default_rng(seed)
    regions = _read_csv("malut-regions.csv")
    opds = _read_csv("malut-opd.csv")
    province = regions[0]
    province_id = province["kemendagri_code"]
    entities = [
        {"entity": r["kemendagri_code"], "name": r["name"], "kind": r["kind"], "region": r["kemendagri_code"],
         "parent": province_id if r["kind"] != "provinsi" else None}
        for r in regions
    ]  # fmt: skip
    opd_ids = []
    for row in opds:
        opd_id = f"{province_id}-opd-{int(row['no']):02d}"
        opd_ids.append(opd_id)
        entities.append(
            {"entity": opd_id, "name": row["name"], "kind": "opd", "region": province_id, "parent": province_id,
             "abbreviation": row["abbreviation"], "opd_kind": row["kind"]}
        )  # fmt: skip
    entity_frame = pd.DataFrame(entities)
    by_abbreviation = {row["abbreviation"]: opd_ids[i] for i, row in enumerate(opds)}
    by_kind: dict[str, list[str]] = {}
    for i, row in enumerate(opds):
        by_kind.setdefault(row["kind"], []).append(opd_ids[i])

    assignments: dict[str, list[str]] = {opd_id: [] for opd_id in opd_ids}
    for leaf in catalog.leaves():
        owners: set[str] = set()
        if leaf.responsible is not None:
            owners |= {by_abbreviation[a] for a in leaf.responsible.opds if a in by_abbreviation}
            for kind in leaf.responsible.opd_kinds:
                owners |= set(by_kind.get(kind, []))
        extra = rng.choice(opd_ids, size=int(rng.integers(1, 5)), replace=False)
        owners |= {str(e) for e in extra}
        for owner in owners:
            assignments[owner].append(leaf.code)
    leaf_order = {leaf.code: i for i, leaf in enumerate(catalog.leaves())}
    assignments = {k: sorted(v, key=leaf_order.__getitem__) for k, v in assignments.items() if v}
    pemda_ids = [r["kemendagri_code"] for r in regions[1:]]
    all_leaves = [leaf.code for leaf in catalog.leaves()]
    assignments.update({pemda: all_leaves for pemda in pemda_ids})
    ability = {e: float(rng.uniform(0.35, 0.9)) for e in assignments}
    opened = datetime(2025, 9, 1, tzinfo=UTC)
    items, reviews, evidence = _submissions(catalog, assignments, ability, rng, opened=opened)
    _hostile(items, evidence)

    # The province's leaf value is the mean of its OPDs' values (architecture: a pemda's leaf value).
    opd_items = items[items["entity"].isin(opd_ids)]
    frame = pd.concat(
        [_scoring_input(items), _province_rows(catalog, opd_items, province_id)], ignore_index=True
    )
    scores = scoring.score(catalog, frame)
    previous = scoring.score(catalog, _previous_frame(frame, rng))
    # OPDs rank among OPDs and kabupaten/kota among themselves; the province is nobody's peer here.
    groups = (
        entity_frame.set_index("entity")["kind"].map({"opd": "opd", "provinsi": "provinsi"}).fillna("pemda")
    )
    ranking = _rank(scores, previous, groups)

    period_name = period or (f"{catalog.framework} 2025")
    total = float(scores[(scores["entity"] == province_id) & (scores["code"] == ROOT_CODE)]["score"].iloc[0])
    trend = _trend(catalog, province_id, province["name"], total, period_name)
    return ReportData(
        title=f"Laporan Kesiapan {period_name} — {province['name']}",
        period=period_name,
        catalog_key=catalog.key,
        catalog_name=catalog.name,
        scale_max=catalog.scale.max,
        generated_at=GENERATED_AT,
        zones=zones_list(catalog),
        entities=entity_frame,
        scores=scores,
        nodes=nodes_frame(catalog),
        ranking=ranking,
        items=items,
        evidence=evidence,
        reviews=reviews,
        trend=trend,
        subject=province_id,
        provenance_note=source_note(catalog, "id"),
    )


def _trend(catalog: Catalog, entity: str, name: str, total: float, period: str) -> pd.DataFrame:
    rows = []
    top = catalog.scale.max
    for i, year in enumerate(range(2022, 2025)):
        rows.append({"entity": entity, "label": str(year), "score": round(total * (0.55 + 0.13 * i), 2),
                     "source": "lentera"})  # fmt: skip
    rows.append({"entity": entity, "label": "2025", "score": total, "source": "lentera"})
    if catalog.framework.upper() == "SPBE":
        rows.append({"entity": entity, "label": "2024", "score": 2.69, "source": "KemenPANRB"})
    else:
        for row in _read_csv("mcp-published-scores.csv"):
            if row["entity"] == name and row["framework"] == "MCP" and row["score"]:
                rows.append({"entity": entity, "label": row["date"], "score": min(float(row["score"]), top),
                             "source": "KPK"})  # fmt: skip
    return pd.DataFrame(rows)


def national_sample(catalog_key: str = "spbe-2021", *, pemda: int = 546, seed: int = 11) -> ReportData:
    """``pemda`` local governments (38 provinces, the rest kabupaten/kota), each submitting every leaf."""
    catalog = load_catalog(catalog_key)
    rng = np.random.default_rng(seed)
    provinces = min(38, pemda)
    entities = []
    for p in range(provinces):
        entities.append({"entity": f"{p + 11:02d}", "name": f"Provinsi Sampel {p + 1:02d}", "kind": "provinsi",
                         "region": f"{p + 11:02d}", "parent": None})  # fmt: skip
    for k in range(pemda - provinces):
        parent = f"{k % provinces + 11:02d}"
        kind = "kota" if k % 5 == 0 else "kabupaten"
        label = "Kota" if kind == "kota" else "Kabupaten"
        entity_id = f"{parent}.{k // provinces + 1:02d}"
        entities.append({"entity": entity_id, "name": f"{label} Sampel {k + 1:03d}", "kind": kind,
                         "region": entity_id, "parent": parent})  # fmt: skip
    entity_frame = pd.DataFrame(entities)
    all_leaves = [leaf.code for leaf in catalog.leaves()]
    assignments = {e: all_leaves for e in entity_frame["entity"]}
    ability = {e: float(rng.uniform(0.2, 0.95)) for e in assignments}
    items, reviews, evidence = _submissions(
        catalog, assignments, ability, rng, opened=datetime(2025, 9, 1, tzinfo=UTC)
    )
    _hostile(items, evidence)
    frame = _scoring_input(items)
    scores = scoring.score(catalog, frame)
    previous = scoring.score(catalog, _previous_frame(frame, rng))
    ranking = _rank(scores, previous, pd.Series("pemda", index=entity_frame["entity"]))
    trend_rows = [
        {"entity": e, "label": str(y), "score": float(rng.uniform(0, catalog.scale.max)), "source": "lentera"}
        for e in entity_frame["entity"][:5]
        for y in range(2022, 2026)
    ]
    return ReportData(
        title=f"Laporan Kesiapan {catalog.framework} 2025 — Nasional ({pemda} pemda)",
        period=f"{catalog.framework} 2025",
        catalog_key=catalog.key,
        catalog_name=catalog.name,
        scale_max=catalog.scale.max,
        generated_at=GENERATED_AT,
        zones=zones_list(catalog),
        entities=entity_frame,
        scores=scores,
        nodes=nodes_frame(catalog),
        ranking=ranking,
        items=items,
        evidence=evidence,
        reviews=reviews,
        trend=pd.DataFrame(trend_rows),
        subject=None,
    )
