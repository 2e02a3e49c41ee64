"""``lentera digest``, ``export`` and ``fsck``: the jobs an operator or a cron job runs on a live installation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, EXIT_PROBLEMS, Subparsers, fail

if TYPE_CHECKING:
    from services.actor import Actor


def add_digest(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "digest",
        help="e-mail every user what is due today",
        description="Build one e-mail per user with an e-mail address (what is due in each open period) and "
        "send it via the LENTERA_SMTP_* settings; --dry-run prints the messages instead.",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the messages, send nothing")
    parser.add_argument("--period-id", type=int, default=None, help="only this period")
    parser.set_defaults(handler=run_digest)


def run_digest(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.digest import daily_digest, send_configured

    messages = daily_digest(period_id=args.period_id)
    if args.dry_run:
        for message in messages:
            print(f"To: {message.to}\nSubject: {message.subject}\n\n{message.text}")
        print(f"{len(messages)} message(s) (dry run, nothing sent)")
        return EXIT_OK
    try:
        sent = send_configured(messages)
    except LenteraError as error:
        return fail(error.message())
    print(f"{sent} message(s) sent")
    return EXIT_OK


def add_export(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a period's report (Excel, PDF, CSV tables or the evidence ZIP)",
        description="Build the report of one assessment period as the operator (admin rights, every region). "
        "SCOPE is 'province' (the period's pemda with its kabupaten/kota), a Kemendagri region code "
        "(82.71) or an OPD as opd:ABBREVIATION (the code column of the workbook, e.g. opd:DISKOMINFO) or opd:ID. --format csv writes a zip of one CSV per table. --out is a file path "
        "or an existing folder (the file is then named after the period and scope).",
    )
    parser.add_argument("--period", type=int, required=True, metavar="ID", help="the period's id")
    parser.add_argument(
        "--scope", default="province", help="province | REGION_CODE | opd:ABBREVIATION | opd:ID (province)"
    )
    parser.add_argument(
        "--report",
        choices=("laporan", "berita-acara", "rekap"),
        default="laporan",
        help="laporan: the period's report (every format); berita-acara: a Berita Acara Reviu per OPD with "
        "decisions, each with a new number (pdf or docx); rekap: the pemda's Rekapitulasi Hasil Reviu for the "
        "head of region and the Sekda (pdf or docx)",
    )
    parser.add_argument(
        "--format", required=True, choices=("xlsx", "pdf", "csv", "zip", "zip-all", "docx"), dest="fmt"
    )
    parser.add_argument("--out", required=True, type=Path, metavar="PATH", help="output file or folder")
    parser.add_argument("--language", choices=("id", "en"), default="id", help="the report's language (id)")
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from i18n import LenteraError
    from services.exports import OPERATOR, export

    actor = OPERATOR if args.language == OPERATOR.language else replace(OPERATOR, language=args.language)
    if args.report == "berita-acara":
        return _berita_acara(args)
    if args.report == "rekap":
        return _rekap(args, actor)
    if args.fmt == "docx":
        return fail("--format docx: only with --report berita-acara or rekap")
    try:
        path = export(actor, period_id=args.period, scope=args.scope, fmt=args.fmt, out=args.out)
    except LenteraError as error:
        return fail(error.message(args.language))
    print(f"{path} ({path.stat().st_size / 1024:.0f} KB)")
    return EXIT_OK


def _berita_acara(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.berita_acara import issue_berita_acara
    from services.exports import OPERATOR
    from storage.files import atomic_write

    if args.fmt not in ("pdf", "docx"):
        return fail("--report berita-acara: --format pdf or docx")
    try:
        issued = issue_berita_acara(OPERATOR, period_id=args.period, scope=args.scope)
    except LenteraError as error:
        return fail(error.message(args.language))
    if args.fmt == "pdf":
        from reports.document_pdf import render_pdf as render
    else:
        from reports.document_docx import render_docx as render
    path = args.out / f"{issued.file_stem}.{args.fmt}" if args.out.is_dir() else args.out
    atomic_write(path, render(issued.document))
    print(f"{path} ({path.stat().st_size / 1024:.0f} KB): {', '.join(issued.numbers) or '-'}")
    return EXIT_OK


def _rekap(args: argparse.Namespace, actor: Actor) -> int:
    from i18n import LenteraError
    from services.rekap import rekap_document
    from storage.files import atomic_write

    if args.fmt not in ("pdf", "docx"):
        return fail("--report rekap: --format pdf or docx")
    try:
        rekap = rekap_document(actor, period_id=args.period, scope=args.scope)
    except LenteraError as error:
        return fail(error.message(args.language))
    if args.fmt == "pdf":
        from reports.document_pdf import render_pdf as render
    else:
        from reports.document_docx import render_docx as render
    path = args.out / f"{rekap.file_stem}.{args.fmt}" if args.out.is_dir() else args.out
    atomic_write(path, render(rekap.document))
    print(f"{path} ({path.stat().st_size / 1024:.0f} KB)")
    return EXIT_OK


def add_fsck(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "fsck",
        help="check the evidence files against the database (and --repair)",
        description="Report evidence rows whose file is missing, files whose bytes no longer match their "
        "sha256, orphan files and leftover upload temp files. --repair moves orphan/corrupt/unknown files to "
        "DATA_DIR/quarantine/ (never deletes evidence), deletes temp files older than an hour and records "
        "rows with missing files in the audit log. Exit 0 when consistent, 1 when problems were found.",
    )
    parser.add_argument("--repair", action="store_true", help="quarantine, tidy and record what was found")
    parser.set_defaults(handler=run_fsck)


def run_fsck(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.fsck import operator_check_store, summary_lines

    try:
        report = operator_check_store(repair=args.repair)
    except LenteraError as error:
        return fail(error.message())
    for line in summary_lines(report):
        print(line)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def add_check_links(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "check-links",
        help="record which service URLs of the digital-services inventory answer",
        description="Ask every service URL of the inventory (HEAD, then GET) and record on each service whether "
        "it answered (an HTTP status below 400), with the status and the time. Run it on demand or from cron; "
        "it needs network access to the services.",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per URL (10)")
    parser.add_argument("--cafile", default=None, help="extra trusted certificate authorities (PEM)")
    parser.set_defaults(handler=run_check_links)


def run_check_links(args: argparse.Namespace) -> int:
    from i18n import LenteraError
    from services.exports import OPERATOR
    from services.link_check import check_links

    try:
        report = check_links(OPERATOR, timeout=args.timeout, cafile=args.cafile)
    except LenteraError as error:
        return fail(error.message())
    for result in report.failed:
        print(f"no answer: {result.url} ({result.status})")
    print(f"{len(report.results)} URL(s) checked, {report.answered} answered, {len(report.failed)} did not")
    return EXIT_OK if not report.failed else EXIT_PROBLEMS
