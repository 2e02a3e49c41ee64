"""A backup's ``manifest.json``: the size and sha256 of every file in the backup, written last.

The manifest is what makes a backup trustworthy: ``lentera restore`` checks every file against it before it
writes anything, and an evidence file must also hash to its own name. It is written atomically after every
other file, so a backup interrupted halfway has no manifest and is refused as "not a backup".

The manifest is integrity-checked, not signed: whoever can write the backup folder can write a matching manifest.
Keep backups where only administrators can write.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from i18n import LenteraError, register
from storage.files import atomic_write, sha256_bytes, sha256_file

MANIFEST = "manifest.json"
FORMAT = "lentera-backup"
FORMAT_VERSION = 1
EVIDENCE = "evidence"  # the folder of evidence files inside a backup, laid out as in the store

register(
    {
        "backup.not_a_backup": {
            "id": "{folder} bukan cadangan Lentera (manifest.json tidak ada atau rusak).",
            "en": "{folder} is not a Lentera backup (manifest.json is missing or damaged).",
        },
        "backup.tampered": {
            "id": "Cadangan ditolak: {count} berkas tidak sesuai dengan manifest (mis. {example}). "
            "Tidak ada yang dipulihkan.",
            "en": "Backup refused: {count} file(s) do not match the manifest (e.g. {example}). "
            "Nothing was restored.",
        },
    }
)


def describe(path: Path) -> dict[str, Any]:
    """A manifest entry: the file's sha256 and size."""
    return {"sha256": sha256_file(path), "size": path.stat().st_size}


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    atomic_write(Path(folder) / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise LenteraError("backup.not_a_backup", folder=str(folder)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or "files" not in manifest:
        raise LenteraError("backup.not_a_backup", folder=str(folder))
    return manifest


def manifest_identity(folder: Path) -> str:
    """The sha256 of the manifest's bytes: which backup an interrupted restore was restoring."""
    return sha256_bytes((Path(folder) / MANIFEST).read_bytes())


def evidence_entries(manifest: dict[str, Any]) -> dict[str, str]:
    """The manifest's evidence files: name in the backup → sha256 (which is also the file's name)."""
    return {
        name: str(entry.get("sha256"))
        for name, entry in manifest["files"].items()
        if name.startswith(f"{EVIDENCE}/")
    }


def verify_backup(folder: Path) -> list[str]:
    """The files of the backup that are missing or do not match the manifest (empty when all is well)."""
    manifest = read_manifest(folder)
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = Path(folder) / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            problems.append(name)
            continue
        if not path.is_file() or path.stat().st_size != expected.get("size"):
            problems.append(name)
            continue
        digest = sha256_file(path)
        named_hash = Path(name).name if name.startswith(f"{EVIDENCE}/") else digest
        if digest != expected.get("sha256") or digest != named_hash:
            problems.append(name)
    return problems


def require_intact(folder: Path) -> dict[str, Any]:
    """The manifest of a backup whose every file matches it; otherwise ``backup.tampered``, naming one."""
    manifest = read_manifest(folder)
    problems = verify_backup(folder)
    if problems:
        raise LenteraError("backup.tampered", count=len(problems), example=problems[0])
    return manifest
