"""Known vulnerabilities in the pinned dependencies (`constraints.txt`), from PyPI's own vulnerability data.

Why not only pip-audit: pip-audit asks PyPI's per-release JSON (`/pypi/<name>/<version>/json`) or OSV. Behind a
closed network that answers only the package index (this project's CI), both fail and pip-audit can audit nothing.
PyPI's per-project JSON (`/pypi/<name>/json`) still answers there, and it carries the known vulnerabilities (from
the PyPA advisory database / OSV) of the project's newest release. So a pin that *is* the newest release is audited
from that; an older pin is audited from its per-release JSON when that answers, and is otherwise listed as
NOT audited — never counted as clean.

Exit status: 0 every pin audited and none vulnerable; 1 a known vulnerability (or a line that is not a pin);
3 no vulnerability found but some pins could not be audited (each listed with the reason).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_INDEX = "https://pypi.org/pypi"
EXIT_VULNERABLE = 1
EXIT_NOT_AUDITED = 3
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:[;#].*)?$")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    line: int


@dataclass
class Finding:
    pin: Pin
    audited: bool
    vulnerabilities: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""


def read_pins(path: Path) -> tuple[list[Pin], list[str]]:
    """The `name==version` lines of a constraints file, and a problem for every other non-comment line."""
    pins: list[Pin] = []
    problems: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        if match is None:
            problems.append(f"{path}:{number}: not an exact pin (name==version): {line!r}")
            continue
        pins.append(Pin(name=match.group(1), version=match.group(2), line=number))
    return pins, problems


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _get_json(url: str, timeout: float) -> dict[str, Any] | None:
    """The JSON document at ``url``; None when the index says it does not exist (404)."""
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "lentera-audit"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            document: dict[str, Any] = json.load(response)
            return document
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def _live(vulnerabilities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in vulnerabilities if not v.get("withdrawn")]


def _judged(pin: Pin, document: dict[str, Any]) -> Finding:
    """A document without a vulnerabilities list (a mirror that strips it) audits nothing: not a clean bill."""
    vulnerabilities = document.get("vulnerabilities")
    if not isinstance(vulnerabilities, list):
        return Finding(pin, audited=False, reason="the index gives no vulnerability data for this package")
    return Finding(pin, audited=True, vulnerabilities=_live(vulnerabilities))


def audit_pin(pin: Pin, *, index: str, timeout: float) -> Finding:
    name = _canonical(pin.name)
    try:
        release = _get_json(f"{index}/{name}/{pin.version}/json", timeout)
        if release is not None:
            return _judged(pin, release)
        project = _get_json(f"{index}/{name}/json", timeout)
    except (OSError, ValueError) as error:  # URLError, timeouts and refused connections are OSErrors
        return Finding(pin, audited=False, reason=f"index unreachable ({error})")
    if project is None:
        return Finding(pin, audited=False, reason="not found on the index")
    info = project.get("info", {})
    newest = str(info.get("version", ""))
    if newest != pin.version:
        needs = f" (needs Python {info['requires_python']})" if info.get("requires_python") else ""
        reason = (
            f"pinned {pin.version}, newest {newest}{needs}: no vulnerability data for older releases here"
        )
        return Finding(pin, audited=False, reason=reason)
    return _judged(pin, project)


def audit(pins: list[Pin], *, index: str, timeout: float, workers: int = 8) -> list[Finding]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda pin: audit_pin(pin, index=index, timeout=timeout), pins))


def report(findings: list[Finding], problems: list[str]) -> tuple[str, int]:
    """The text to print and the exit status."""
    lines = [*problems]
    vulnerable = [f for f in findings if f.vulnerabilities]
    for finding in vulnerable:
        for vulnerability in finding.vulnerabilities:
            ids = ", ".join([vulnerability.get("id", "?"), *vulnerability.get("aliases", [])])
            fixed = ", ".join(vulnerability.get("fixed_in") or []) or "no fixed release"
            lines.append(f"VULNERABLE {finding.pin.name}=={finding.pin.version}: {ids} (fixed in {fixed})")
    unaudited = [f for f in findings if not f.audited]
    for finding in unaudited:
        lines.append(f"NOT audited {finding.pin.name}=={finding.pin.version}: {finding.reason}")
    audited = len(findings) - len(unaudited)
    count = sum(len(f.vulnerabilities) for f in vulnerable)
    lines.append(
        f"{audited} of {len(findings)} pinned packages audited; {count} known vulnerabilities in "
        f"{len(vulnerable)} packages; {len(unaudited)} NOT audited."
    )
    if vulnerable or problems:
        return "\n".join(lines), EXIT_VULNERABLE
    return "\n".join(lines), EXIT_NOT_AUDITED if unaudited else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("constraints", type=Path, help="pins, one name==version per line")
    parser.add_argument(
        "--index", default=DEFAULT_INDEX, help="PyPI JSON API base URL (default: %(default)s)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    args = parser.parse_args(argv)
    pins, problems = read_pins(args.constraints)
    text, status = report(audit(pins, index=args.index.rstrip("/"), timeout=args.timeout), problems)
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
