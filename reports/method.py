"""How a number is computed ("Cara menghitung"), in plain words generated from the catalog's own data.

The leader's overview panel, the PDF and the xlsx say the same thing: how an item, an area, an OPD and the pemda
are scored, with the rule names of ``indicators.schema.AGGREGATIONS``, the items that apply to one kind of pemda
only, the scale's floor and the zones. Nothing here is written per catalog: a new year's catalog explains
itself.
"""

from __future__ import annotations

from collections import Counter

import i18n
from i18n import t
from indicators import Catalog

i18n.register(
    {
        "method.title": {"id": "Cara menghitung", "en": "How this is computed"},
        "method.item": {"id": "Butir", "en": "Item"},
        "method.item.text": {
            "id": "Nilai butir = nilai yang dicatat ÷ nilai maksimum aturannya × {scale_max} (skala {scale}). "
            "Aturan butir di katalog ini: {rules}. Butir yang belum dijawab ditampilkan kosong dan dihitung "
            "pada batas bawah skala ({floor}), tidak pernah di bawahnya.",
            "en": "Item value = the recorded value ÷ its rule's maximum × {scale_max} (scale {scale}). Item rules "
            "in this catalog: {rules}. An unanswered item shows empty and counts at the scale's floor ({floor}), "
            "never below it.",
        },
        "method.area": {"id": "Area", "en": "Area"},
        "method.area.text": {
            "id": "Nilai setiap simpul ({areas} area, {levels} tingkat, {leaves} butir) = rata-rata berbobot "
            "nilai anak-anaknya; bobot dinormalkan ulang atas anak yang berlaku. Zona: {zones}.",
            "en": "Every node's value ({areas} areas, {levels} levels, {leaves} items) = the weighted mean of its "
            "children's values; weights are renormalised over the children that apply. Zones: {zones}.",
        },
        "method.opd": {"id": "OPD", "en": "OPD"},
        "method.opd.text": {
            "id": "Nilai OPD dihitung hanya atas butir yang ditugaskan kepadanya, dengan bobot dinormalkan atas "
            "butir itu.",
            "en": "An OPD is scored on the items assigned to it only, weights renormalised over those items.",
        },
        "method.opd.indicative": {
            "id": " Predikat ({zones}) ditetapkan untuk indeks instansi (pemda); pada baris OPD predikat hanya "
            "indikatif.",
            "en": " The predicates ({zones}) are defined for an instansi's (pemda's) index; on OPD rows they are "
            "indicative only.",
        },
        "method.pemda": {"id": "Pemda", "en": "Pemda"},
        "method.pemda.text": {
            "id": "Nilai pemda per butir diambil dari nilai OPD yang ditugaskan menurut aturan butir: {rules}. "
            "Butir yang berlaku bagi pemda tetapi belum ditugaskan ke OPD mana pun dihitung {floor} dan "
            "ditandai \u201cbelum ditugaskan\u201d. Lalu pemda dinilai seperti entitas lain.",
            "en": "The pemda's value of an item comes from its assigned OPDs' values by the item's rule: {rules}. "
            "An item that applies to the pemda but is assigned to no OPD counts {floor} and is marked \u201cnot yet "
            "assigned\u201d. Then the pemda is scored like any entity.",
        },
        "method.applies": {
            "id": " Berlaku hanya untuk jenis pemda tertentu: {items}.",
            "en": " Apply to some kinds of pemda only: {items}.",
        },
        "method.rule.lead": {
            "id": "lead — nilai OPD pengampu ({count} butir)",
            "en": "lead — the lead OPD's value ({count} items)",
        },
        "method.rule.any": {
            "id": "any — nilai terbaik, satu dokumen tingkat pemda cukup, mis. Perda/Perkada ({count} butir)",
            "en": "any — the best value, one pemda-level document suffices, e.g. a Perda/Perkada ({count} items)",
        },
        "method.rule.all": {
            "id": "all — nilai terendah, setiap OPD wajib memenuhi, mis. Renja, RKA, RUP ({count} butir)",
            "en": "all — the lowest value, every OPD must comply, e.g. Renja, RKA, RUP ({count} items)",
        },
        "method.rule.mean": {
            "id": "mean — rata-rata (cakupan) nilai OPD ({count} butir)",
            "en": "mean — the mean (coverage) of the OPDs' values ({count} items)",
        },
        "method.kind.levels": {"id": "tingkat {low}–{high}", "en": "levels {low}–{high}"},
        "method.kind.levels_cumulative": {
            "id": "tingkat {low}–{high} kumulatif: tingkat yang dicapai adalah tingkat tertinggi yang buktinya, dan "
            "bukti setiap tingkat di bawahnya, diterima",
            "en": "cumulative levels {low}–{high}: the level reached is the highest whose evidence, and that of "
            "every level below it, is accepted",
        },
        "method.kind.external_index": {
            "id": "tingkat {low}–{high} dikonversi dari indeks eksternal (tanpa nilai indeks: {low})",
            "en": "levels {low}–{high} converted from an external index (no index value: {low})",
        },
        "method.kind.percent": {"id": "persen", "en": "percent"},
        "method.kind.documents": {"id": "poin dokumen", "en": "document points"},
        "method.kind.binary": {"id": "ya/tidak", "en": "yes/no"},
        "method.count": {"id": "{what} ({count} butir)", "en": "{what} ({count} items)"},
    }
)


def _number(value: float, lang: str) -> str:
    return i18n.format_number(value, 0 if float(value).is_integer() else 2, lang)


def _rule_kinds(catalog: Catalog, lang: str) -> str:
    counts: Counter[str] = Counter()
    for leaf in catalog.leaves():
        rule = leaf.rule
        assert rule is not None
        if rule.kind in ("levels", "external_index"):
            levels = sorted(rule.levels)
            kind = "levels_cumulative" if rule.kind == "levels" and rule.cumulative else rule.kind
            what = t(f"method.kind.{kind}", lang, low=levels[0], high=levels[-1])
        else:
            what = t(f"method.kind.{rule.kind}", lang)
        counts[what] += 1
    return "; ".join(t("method.count", lang, what=what, count=count) for what, count in counts.items())


def how_computed(catalog: Catalog, lang: str = "id") -> list[tuple[str, str]]:
    """(heading, paragraph) for the item, the area, the OPD and the pemda, in ``lang``."""
    floor = _number(catalog.scale.min, lang)
    scale = f"{floor}–{_number(catalog.scale.max, lang)}"
    zones = ", ".join(
        f"{z.name} {_number(z.min, lang)}–{_number(z.max, lang)}"
        for z in sorted(catalog.zones, key=lambda z: z.min)
    )
    leaves = catalog.leaves()
    rules = Counter(leaf.rule_for_pemda for leaf in leaves)
    rule_text = "; ".join(
        t(f"method.rule.{rule}", lang, count=rules[rule])
        for rule in ("lead", "any", "all", "mean")
        if rules[rule]
    )
    narrow = [leaf for leaf in leaves if len(leaf.kinds) < 3]
    pemda = t("method.pemda.text", lang, rules=rule_text, floor=floor)
    if narrow:
        items = "; ".join(f"{leaf.code} ({', '.join(leaf.kinds)})" for leaf in narrow)
        pemda += t("method.applies", lang, items=items)
    opd = t("method.opd.text", lang)
    if catalog.zone_indicative(opd=True):
        opd += t("method.opd.indicative", lang, zones=", ".join(z.name for z in catalog.zones))
    return [
        (
            t("method.item", lang),
            t(
                "method.item.text",
                lang,
                scale_max=_number(catalog.scale.max, lang),
                scale=scale,
                rules=_rule_kinds(catalog, lang),
                floor=floor,
            ),
        ),
        (
            t("method.area", lang),
            t(
                "method.area.text",
                lang,
                areas=len(catalog.top_level),
                levels=catalog.max_depth,
                leaves=len(leaves),
                zones=zones,
            ),
        ),
        (t("method.opd", lang), opd),
        (t("method.pemda", lang), pemda),
    ]
