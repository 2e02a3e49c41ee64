"""The words of a catalog's rejection: the schema's own rules, the YAML reader's refusals and pydantic's common
kinds of error, Bahasa Indonesia first, English second.

An administrator who uploads a malformed catalog reads these next to the file, line (or sheet and row) and node
code that ``indicators.loader`` and ``indicators.excel`` put in front of them. A schema rule raises ``RuleError``
(a ``ValueError`` pydantic reports as usual) so the loader can tell its rules apart by key, not by wording.
"""

from __future__ import annotations

from typing import Any

from i18n import MESSAGES, register, t

register(
    {
        "catalog.rule.zone_order": {
            "id": "zona '{zone}': batas bawah harus lebih kecil dari batas atas",
            "en": "zone '{zone}': min must be below max",
        },
        "catalog.rule.zone_color": {
            "id": "zona '{zone}': warna '{color}' harus kode heksadesimal #rrggbb, misalnya #2e7d32",
            "en": "zone '{zone}': colour '{color}' must be a #rrggbb hex code, e.g. #2e7d32",
        },
        "catalog.rule.scale_order": {
            "id": "skala: batas bawah harus lebih kecil dari batas atas",
            "en": "scale min must be below max",
        },
        "catalog.rule.no_such_day": {
            "id": "tenggat '{deadline}': bulan {month} tidak punya tanggal {day}",
            "en": "deadline '{deadline}': month {month} has no day {day}",
        },
        "catalog.rule.code_type": {
            "id": "kode harus berupa teks atau bilangan bulat",
            "en": "code must be text or a whole number",
        },
        "catalog.rule.code_blank": {
            "id": "kode wajib diisi, tanpa spasi di awal atau akhir",
            "en": "code must be non-empty without surrounding spaces",
        },
        "catalog.rule.code_reserved": {
            "id": "kode '{code}' dipakai untuk nilai keseluruhan",
            "en": "code '{code}' is reserved for the overall score",
        },
        "catalog.rule.applies_to_empty": {
            "id": "applies_to perlu sedikitnya satu jenis pemda (hapus saja bila berlaku untuk semua)",
            "en": "applies_to needs at least one kind of pemda (leave it out for every kind)",
        },
        "catalog.rule.weight_bool": {
            "id": "bobot harus berupa angka, bukan true/false",
            "en": "weight must be a number, not true/false",
        },
        "catalog.rule.weight_positive": {
            "id": "bobot harus lebih dari 0 (tertulis {weight})",
            "en": "weight must be positive, got {weight}",
        },
        "catalog.rule.branch_with_rule": {
            "id": "butir {code}: butir yang punya turunan tidak boleh punya aturan nilai",
            "en": "node {code}: a node with children cannot have a scoring rule",
        },
        "catalog.rule.leaf_without_rule": {
            "id": "butir {code}: butir paling bawah perlu aturan nilai",
            "en": "node {code}: a leaf needs a scoring rule",
        },
        "catalog.rule.no_nodes": {
            "id": "katalog perlu sedikitnya satu butir",
            "en": "a catalog needs at least one node",
        },
        "catalog.rule.duplicate_code": {"id": "kode ganda '{code}'", "en": "duplicate code '{code}'"},
        "catalog.rule.no_zones": {
            "id": "katalog perlu sedikitnya satu zona",
            "en": "a catalog needs at least one zone",
        },
        "catalog.rule.zones_cover": {
            "id": "zona harus mencakup skala {low}..{high}, kini mencakup {start}..{end}",
            "en": "zones must cover the scale {low}..{high}, they cover {start}..{end}",
        },
        "catalog.rule.zone_names": {
            "id": "nama zona harus unik: zona sebuah nilai disebut dengan namanya",
            "en": "zone names must be unique: a score's zone is reported by its name",
        },
        "catalog.rule.zones_overlap": {
            "id": "zona '{low}' dan '{high}' bertumpang tindih",
            "en": "zones '{low}' and '{high}' overlap",
        },
        "catalog.rule.zones_gap": {
            "id": "zona '{low}' dan '{high}' menyisakan celah",
            "en": "zones '{low}' and '{high}' leave a gap",
        },
        "catalog.rule.applies_wider": {
            "id": "butir {code}: applies_to {kinds} padahal induknya tidak berlaku untuk itu",
            "en": "node {code}: applies_to {kinds} where its parent does not apply",
        },
        "catalog.rule.levels": {
            "id": "tingkat harus bernomor 1, 2, ..., N (atau 0, 1, ..., N) dengan N paling sedikit 2",
            "en": "levels must be numbered 1, 2, ..., N (or 0, 1, ..., N) with N >= 2",
        },
        "catalog.rule.levels_from_one": {
            "id": "tingkat harus bernomor 1, 2, ..., N dengan N paling sedikit 2",
            "en": "levels must be numbered 1, 2, ..., N with N >= 2",
        },
        "catalog.rule.steps_order": {
            "id": "pilihan nilai harus berbeda, naik, dan di antara 0..100",
            "en": "steps must be distinct, ascending and within 0..100",
        },
        "catalog.rule.steps_end": {
            "id": "pilihan nilai harus berakhir di 100",
            "en": "steps must end at 100",
        },
        "catalog.rule.no_documents": {
            "id": "aturan 'documents' perlu sedikitnya satu dokumen",
            "en": "a documents rule needs at least one document",
        },
        "catalog.rule.document_points": {
            "id": "poin dokumen berjumlah {points}, bukan nilai maksimum butir {total}",
            "en": "document points add up to {points}, not to the leaf's maximum {total}",
        },
        "catalog.rule.document_codes": {
            "id": "kode dokumen dalam satu butir harus unik",
            "en": "document codes must be unique within a leaf",
        },
        "catalog.rule.level_documents_not_cumulative": {
            "id": "bukti per tingkat hanya untuk aturan 'levels' dengan cumulative: true",
            "en": "evidence per level is only for a 'levels' rule with cumulative: true",
        },
        "catalog.rule.level_document_level": {
            "id": "bukti {code} menyebut tingkat {level}; tingkat yang memerlukan bukti: {levels}",
            "en": "evidence {code} names level {level}; the levels that need evidence are {levels}",
        },
        "catalog.rule.level_documents_cover": {
            "id": "tingkat kumulatif perlu bukti untuk setiap tingkat; belum ada bukti untuk tingkat {levels}",
            "en": "cumulative levels need evidence for every level; level(s) {levels} have none",
        },
        "catalog.rule.external_range": {
            "id": "external_min harus lebih kecil dari external_max",
            "en": "external_min must be below external_max",
        },
        "catalog.rule.thresholds_levels": {
            "id": "ambang harus memberi nilai eksternal terendah tiap tingkat 2..N",
            "en": "thresholds must give the lowest external value of each level 2..N",
        },
        "catalog.rule.thresholds_range": {
            "id": "ambang harus di atas {low} dan paling tinggi {high}",
            "en": "thresholds must lie above {low} and at most {high}",
        },
        "catalog.rule.thresholds_rise": {
            "id": "ambang harus naik bersama tingkatnya",
            "en": "thresholds must rise with the level",
        },
        # the YAML reader
        "catalog.file.alias": {
            "id": "alias YAML (*nama) tidak diizinkan dalam katalog",
            "en": "YAML aliases (*name) are not allowed in a catalog",
        },
        "catalog.file.anchor": {
            "id": "anchor YAML (&nama) tidak diizinkan dalam katalog",
            "en": "YAML anchors (&name) are not allowed in a catalog",
        },
        "catalog.file.tag": {
            "id": "tag YAML '{tag}' tidak diizinkan dalam katalog",
            "en": "YAML tag '{tag}' is not allowed in a catalog",
        },
        "catalog.file.key_text": {"id": "kunci harus berupa teks biasa", "en": "a key must be plain text"},
        "catalog.file.key_twice": {
            "id": "kunci '{name}' muncul dua kali",
            "en": "key '{name}' appears twice",
        },
        "catalog.file.too_deep": {
            "id": "YAML bersarang terlalu dalam",
            "en": "the YAML is nested too deeply",
        },
        "catalog.file.not_yaml": {"id": "bukan YAML yang sah: {detail}", "en": "not valid YAML: {detail}"},
        "catalog.file.empty": {"id": "berkas kosong", "en": "the file is empty"},
        "catalog.file.not_utf8": {
            "id": "berkas bukan teks UTF-8 (bita 0x{byte}); simpan ulang sebagai UTF-8",
            "en": "the file is not UTF-8 text (byte 0x{byte}); save it as UTF-8",
        },
        "catalog.file.too_large": {
            "id": "berkas lebih besar dari 5 MB",
            "en": "the file is larger than 5 MB",
        },
        "catalog.file.not_mapping": {
            "id": "katalog harus berupa pemetaan dengan key, name, nodes, bukan {kind}",
            "en": "a catalog must be a mapping with key, name, nodes, not a {kind}",
        },
        "catalog.file.nested": {
            "id": "butir bersarang lebih dari {depth} tingkat",
            "en": "nodes are nested more than {depth} levels deep",
        },
        "catalog.file.duplicate_code": {
            "id": "kode ganda (pertama dipakai di baris {line})",
            "en": "duplicate code (first used on line {line})",
        },
        "catalog.file.no_such_catalog": {
            "id": "katalog tidak ada (yang tersedia: {shipped})",
            "en": "no such catalog (shipped: {shipped})",
        },
        # pydantic's common kinds of error, by their type
        "catalog_xlsx.invalid.greater_than": {
            "id": "harus lebih dari {gt}",
            "en": "must be greater than {gt}",
        },
        "catalog_xlsx.invalid.missing": {"id": "wajib diisi", "en": "is required"},
        "catalog_xlsx.invalid.float_parsing": {"id": "harus berupa angka", "en": "must be a number"},
        "catalog_xlsx.invalid.float_type": {"id": "harus berupa angka", "en": "must be a number"},
        "catalog_xlsx.invalid.int_parsing": {
            "id": "harus berupa bilangan bulat",
            "en": "must be a whole number",
        },
        "catalog_xlsx.invalid.int_type": {
            "id": "harus berupa bilangan bulat",
            "en": "must be a whole number",
        },
        "catalog_xlsx.invalid.string_type": {"id": "harus berupa teks", "en": "must be text"},
        "catalog_xlsx.invalid.string_too_short": {
            "id": "paling sedikit {min_length} karakter",
            "en": "must have at least {min_length} characters",
        },
        "catalog_xlsx.invalid.string_too_long": {
            "id": "paling banyak {max_length} karakter",
            "en": "must have at most {max_length} characters",
        },
        "catalog_xlsx.invalid.bool_parsing": {"id": "harus ya atau tidak", "en": "must be yes or no"},
        "catalog_xlsx.invalid.bool_type": {"id": "harus ya atau tidak", "en": "must be yes or no"},
        "catalog_xlsx.invalid.list_type": {"id": "harus berupa daftar", "en": "must be a list"},
        "catalog_xlsx.invalid.dict_type": {"id": "harus berupa pemetaan", "en": "must be a mapping"},
        "catalog_xlsx.invalid.extra_forbidden": {"id": "isian tidak dikenal", "en": "unknown field"},
        "catalog_xlsx.invalid.less_than_equal": {
            "id": "paling tinggi {le}",
            "en": "must be at most {le}",
        },
        "catalog_xlsx.invalid.greater_than_equal": {
            "id": "paling rendah {ge}",
            "en": "must be at least {ge}",
        },
        "catalog_xlsx.invalid.literal_error": {
            "id": "harus salah satu dari: {expected}",
            "en": "must be one of: {expected}",
        },
        "catalog_xlsx.invalid.union_tag_invalid": {
            "id": "aturan nilai '{tag}' tidak dikenal; pilih salah satu dari: {expected_tags}",
            "en": "unknown rule '{tag}'; the rule must be one of: {expected_tags}",
        },
    }
)


class RuleError(ValueError):
    """A catalog rule broken: its message key and parameters; its text is the key's in the current language."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params: dict[str, Any] = params
        super().__init__(key)

    def __str__(self) -> str:
        return t(f"catalog.rule.{self.key}", **self.params)


def rule_key(error: Any) -> str | None:
    """The ``RuleError`` key behind one of pydantic's errors, or None for pydantic's own kinds."""
    cause = (error.get("ctx") or {}).get("error")
    return cause.key if isinstance(cause, RuleError) else None


def validation_words(error: Any) -> str:
    """One of pydantic's errors in the user's language: a catalog rule's own words, a common kind's words, or
    (a kind not listed here) pydantic's English text."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, RuleError):
        return str(cause)
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if f"catalog_xlsx.invalid.{kind}" in MESSAGES:
        return t(f"catalog_xlsx.invalid.{kind}", **{k: str(v) for k, v in context.items()})
    return str(error["msg"]).removeprefix("Value error, ")
