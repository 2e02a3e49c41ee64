"""Consistency check of the evidence store against the Evidence rows (``lentera fsck [--repair]``).

The store and the database commit separately (file first, then the row), so the expected debris of a crash is
small and known: a ``.upload-*.part`` temp file, or a stored file whose row never committed (an orphan). Disk
faults and hands in the data folder add the rest: a row whose file is gone, a file whose bytes no longer hash
to its name, a file that does not belong in the layout at all.

Repair never deletes evidence. Orphans, corrupt and unknown files move to ``$DATA_DIR/quarantine/<UTC time>/``
where an administrator can inspect or restore them; only temp files older than an hour are deleted (a younger
one may be an upload in progress, a younger orphan may be a row about to commit, so both are only reported). An
object saved again while repair runs (an upload of the same bytes touches it before its row commits) stays.
Rows whose file is missing are never deleted either: each gets one ``evidence.file_missing`` audit event, so
the history says when the loss was noticed, and the report lists the rows to restore from a backup.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlmodel import col, select

from config import get_settings
from i18n import LenteraError, register
from models.database import session_scope
from models.migrate import database_initialised
from models.tables import AuditEvent, Evidence, utcnow
from services.actor import Actor
from services.audit import record
from services.evidence_storage import evidence_store
from services.permissions import require
from services.restore import interrupted_restore
from storage import store as layout
from storage.store import EvidenceStorage, StoreEntry

STALE_AFTER = timedelta(hours=1)

# Kinds of finding, in the order they are reported.
MISSING = "missing_file"  # an Evidence row whose file is not in the store
CORRUPT = "corrupt_file"  # a stored file whose bytes do not hash to its name
ORPHAN = "orphan_file"  # a well-formed stored file no row points at
TEMP = "temp_file"  # a leftover upload temp file
UNKNOWN = "unknown_file"  # anything else in the evidence folder
KINDS = (MISSING, CORRUPT, ORPHAN, TEMP, UNKNOWN)

COLUMNS = ["kind", "path", "sha256", "evidence_ids", "size", "modified_at", "action"]

register(
    {
        "fsck.kind.missing_file": {"id": "berkas hilang", "en": "missing file"},
        "fsck.kind.corrupt_file": {"id": "berkas rusak", "en": "corrupt file"},
        "fsck.kind.orphan_file": {"id": "berkas tanpa data", "en": "orphan file"},
        "fsck.kind.temp_file": {"id": "berkas sementara", "en": "temp file"},
        "fsck.kind.unknown_file": {"id": "berkas asing", "en": "unknown file"},
        "fsck.action.quarantined": {"id": "dikarantina", "en": "quarantined"},
        "fsck.action.deleted": {"id": "dihapus", "en": "deleted"},
        "fsck.action.marked": {"id": "dicatat di log audit", "en": "recorded in the audit log"},
        "fsck.action.kept_recent": {
            "id": "dibiarkan (kurang dari 1 jam; mungkin unggahan yang sedang berjalan)",
            "en": "left alone (under an hour old; may be an upload in progress)",
        },
        "fsck.action.none": {"id": "belum diperbaiki", "en": "not repaired"},
        "fsck.clean": {
            "id": "Penyimpanan bukti dukung konsisten: {files} berkas, {rows} baris data.",
            "en": "The evidence store is consistent: {files} files, {rows} rows.",
        },
        "fsck.not_initialised": {
            "id": "Basis data belum disiapkan (belum ada tabel). Jalankan `lentera init` atau pulihkan cadangan "
            "dengan `lentera restore`, lalu periksa lagi.",
            "en": "The database is not initialised (no tables yet). Run `lentera init` or restore a backup "
            "with `lentera restore`, then check again.",
        },
        "fsck.restore_interrupted": {
            "id": "Pemulihan dari {folder} terhenti sebelum selesai; penyimpanan belum dapat diperiksa. "
            "Jalankan lagi `lentera restore {folder}`, lalu periksa lagi.",
            "en": "A restore from {folder} was interrupted; the store cannot be checked yet. "
            "Run `lentera restore {folder}` again, then check again.",
        },
        "fsck.problems": {
            "id": "{count} masalah pada {files} berkas dan {rows} baris data.",
            "en": "{count} problems in {files} files and {rows} rows.",
        },
    }
)


@dataclass(frozen=True)
class Finding:
    kind: str
    path: str | None  # relative to the evidence folder; None for a missing file
    sha256: str | None
    evidence_ids: tuple[int, ...] = ()
    size: int | None = None
    modified_at: datetime | None = None
    action: str = "none"  # none, quarantined, deleted, marked, kept_recent


@dataclass
class FsckReport:
    findings: list[Finding]
    files_checked: int
    rows_checked: int
    repaired: bool
    quarantine: Path | None = None  # where this run moved files, if it moved any
    checked_at: datetime = field(default_factory=utcnow)

    @property
    def ok(self) -> bool:
        return not self.findings

    def of_kind(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [[getattr(finding, column) for column in COLUMNS] for finding in self.findings], columns=COLUMNS
        )


def check_store(actor: Actor, *, repair: bool = False) -> FsckReport:
    """Check the evidence store (administrators); ``repair`` tidies it, and only an administrator of every
    region may do that, because the store is shared (a region-scoped admin would move other regions' files)."""
    require(actor, "check_store")
    if repair and actor.region_id is not None:
        raise LenteraError("perm.denied")
    return _check(actor, repair=repair)


def operator_check_store(*, repair: bool = False) -> FsckReport:
    """For ``lentera fsck``: whoever runs the CLI on the server already holds the data folder."""
    return _check(None, repair=repair)


def _check(actor: Actor | None, *, repair: bool) -> FsckReport:
    settings = get_settings()
    if (backup := interrupted_restore(settings.data_dir)) is not None:
        raise LenteraError("fsck.restore_interrupted", folder=backup)
    if not database_initialised(settings.sqlalchemy_url):
        raise LenteraError("fsck.not_initialised")
    store = evidence_store()
    now = utcnow()
    entries = list(store.iter_entries())  # files first: a row committed meanwhile then finds its file
    with session_scope(write=False) as session:
        rows = session.exec(select(Evidence.id, Evidence.sha256)).all()
    ids_by_hash: dict[str, list[int]] = {}
    for evidence_id, sha256 in rows:
        ids_by_hash.setdefault(sha256, []).append(int(evidence_id or 0))

    findings: list[Finding] = []
    present: set[str] = set()
    for entry in entries:
        findings.extend(_entry_findings(store, entry, ids_by_hash, present))
    corrupt = {f.sha256 for f in findings if f.kind == CORRUPT}  # listed with their rows, not as missing
    for sha256, ids in sorted(ids_by_hash.items()):
        # Re-checked in the store: an upload may have stored its file and committed its row since the scan.
        if sha256 not in present and sha256 not in corrupt and not _stored(store, sha256):
            findings.append(Finding(MISSING, None, sha256, tuple(sorted(ids))))
    findings.sort(key=lambda f: (KINDS.index(f.kind), f.path or "", f.sha256 or ""))

    report = FsckReport(findings, files_checked=len(entries), rows_checked=len(rows), repaired=repair)
    if repair and findings:
        report.quarantine = settings.data_dir / "quarantine" / now.strftime("%Y%m%dT%H%M%SZ")
        report.findings = _repair(actor, store, report.quarantine, findings, now)
        if not any(f.action == "quarantined" for f in report.findings):
            _drop_empty_folders(report.quarantine)  # made for files an upload kept in the store
            report.quarantine = None
    return report


def _entry_findings(
    store: EvidenceStorage, entry: StoreEntry, ids_by_hash: dict[str, list[int]], present: set[str]
) -> list[Finding]:
    def found(kind: str, sha256: str | None = None, ids: tuple[int, ...] = ()) -> list[Finding]:
        return [Finding(kind, entry.key, sha256, ids, entry.size, entry.modified_at)]

    if entry.kind == layout.TEMP:
        return found(TEMP)
    if entry.sha256 is None:
        return found(UNKNOWN)
    name = entry.sha256
    ids = tuple(sorted(ids_by_hash.get(name, ())))
    if not store.verify(name):
        return found(CORRUPT, name, ids)
    present.add(name)
    return [] if ids else found(ORPHAN, name)


def _stored(store: EvidenceStorage, sha256: str) -> bool:
    try:
        return store.exists(sha256)
    except ValueError:  # a row whose hash is not a sha256 has no file to find
        return False


# --------------------------------------------------------------------------- repair


def _repair(
    actor: Actor | None, store: EvidenceStorage, quarantine: Path, findings: list[Finding], now: datetime
) -> list[Finding]:
    done: list[Finding] = []
    for finding in findings:
        old_enough = finding.modified_at is not None and now - finding.modified_at >= STALE_AFTER
        if finding.kind == TEMP:
            if old_enough:
                store.remove(str(finding.path))
                done.append(replace(finding, action="deleted"))
            else:
                done.append(replace(finding, action="kept_recent"))
        elif finding.kind == ORPHAN and not old_enough:
            done.append(replace(finding, action="kept_recent"))
        elif finding.kind in (ORPHAN, CORRUPT, UNKNOWN):
            # An object saved again since the check looked (an upload of the same bytes) stays in place.
            listed_at = finding.modified_at if finding.sha256 is not None else None
            moved = store.move_out(
                str(finding.path), quarantine / finding.kind / str(finding.path), listed_at=listed_at
            )
            done.append(replace(finding, action="quarantined" if moved else "kept_recent"))
        else:
            done.append(replace(finding, action="marked"))
    _record_repairs(actor, quarantine, done)
    return done


def _drop_empty_folders(folder: Path) -> None:
    """Remove ``folder`` when it holds nothing but empty folders."""
    if any(path.is_file() or path.is_symlink() for path in folder.rglob("*")):
        return
    shutil.rmtree(folder, ignore_errors=True)


def _record_repairs(actor: Actor | None, quarantine: Path, findings: list[Finding]) -> None:
    """One audit event per moved or deleted file, and one per Evidence row whose file is gone (once)."""
    with session_scope() as session:
        already = set(
            session.exec(
                select(AuditEvent.entity_id).where(
                    AuditEvent.action == "evidence.file_missing", AuditEvent.entity == "evidence"
                )
            ).all()
        )
        for finding in findings:
            if finding.action in ("quarantined", "deleted"):
                record(
                    session,
                    actor=actor,
                    action=f"store.file_{finding.action}",
                    entity="evidence_file",
                    entity_id=(finding.sha256 or finding.path or "")[:60],
                    after={
                        "kind": finding.kind,
                        "path": finding.path,
                        "evidence_ids": ",".join(map(str, finding.evidence_ids)) or None,
                        "moved_to": str(quarantine / finding.kind / str(finding.path))
                        if finding.action == "quarantined"
                        else None,
                    },
                )
            gone = finding.kind == MISSING or (finding.kind == CORRUPT and finding.action == "quarantined")
            for evidence_id in finding.evidence_ids if gone else ():
                if str(evidence_id) in already:
                    continue
                record(
                    session,
                    actor=actor,
                    action="evidence.file_missing",
                    entity="evidence",
                    entity_id=evidence_id,
                    after={"sha256": finding.sha256, "found_by": "fsck", "kind": finding.kind},
                )


def missing_evidence_ids() -> list[int]:
    """Evidence rows marked by a repair as having lost their file (for a report or a restore checklist)."""
    with session_scope(write=False) as session:
        marked = session.exec(
            select(AuditEvent.entity_id).where(
                AuditEvent.action == "evidence.file_missing", col(AuditEvent.entity) == "evidence"
            )
        ).all()
    return sorted({int(value) for value in marked if value is not None})


def summary_lines(report: FsckReport, lang: str | None = None) -> list[str]:
    """Plain text for the CLI (and a log): one line per finding, then the verdict."""
    from i18n import t

    lines = []
    for finding in report.findings:
        what = finding.path or finding.sha256
        ids = f" evidence {','.join(map(str, finding.evidence_ids))}" if finding.evidence_ids else ""
        action = t(f"fsck.action.{finding.action}", lang) if report.repaired else ""
        lines.append(
            f"{t(f'fsck.kind.{finding.kind}', lang)}: {what}{ids}" + (f" → {action}" if action else "")
        )
    params = {"files": report.files_checked, "rows": report.rows_checked}
    if report.ok:
        lines.append(t("fsck.clean", lang, **params))
    else:
        lines.append(t("fsck.problems", lang, count=len(report.findings), **params))
    if report.quarantine is not None:
        lines.append(f"quarantine: {report.quarantine}")
    return lines
