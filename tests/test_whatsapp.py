"""Phone numbers as people type them, stored as +62…, and the wa.me link: pure functions, no database."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from i18n import WIT, LenteraError
from services.whatsapp import normalise_nip, normalise_phone, reminder_text, whatsapp_link

FIELD = "actions.field.owner_phone"


@pytest.mark.parametrize(
    "typed",
    ["081234567890", "0812-3456-7890", "0812 3456 7890", "6281234567890", "62 812-3456-7890",
     "+6281234567890", "+62 812 3456 7890", " +62-812-3456-7890 ", "(0812) 3456.7890"],
)  # fmt: skip
def test_every_usual_way_of_writing_a_mobile_number_becomes_plus_62(typed: str) -> None:
    assert normalise_phone(typed, field=FIELD) == "+6281234567890"


@pytest.mark.parametrize(
    "typed",
    ["12345", "0212345678", "+6212345678", "08123", "0812345678901234", "0812-ABCD-7890", "+1 415 555 0100",
     "8123456789", "++6281234567890"],
)  # fmt: skip
def test_a_malformed_number_is_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(LenteraError) as caught:
        normalise_phone(typed, field=FIELD)
    assert caught.value.key == "phone.invalid"
    assert caught.value.message("id").startswith("Telepon penanggung jawab: nomor")
    assert caught.value.message("en").startswith("Person in charge's phone:")
    assert typed.strip() in caught.value.message("id")


def test_an_empty_number_is_none_and_a_nip_has_18_digits() -> None:
    assert normalise_phone("  ", field=FIELD) is None
    assert normalise_nip("19800101 200501 1 001", field="actions.field.owner_nip") == "198001012005011001"
    with pytest.raises(LenteraError) as caught:
        normalise_nip("19800101-2005", field="actions.field.owner_nip")
    assert caught.value.message("id").startswith("NIP penanggung jawab: NIP")


def test_the_link_text_is_url_encoded_indonesian() -> None:
    from datetime import datetime

    text = reminder_text(
        name="Ibu Rina", title="Unggah SK & RUP 2026", codes=["3.1", "3.2"], opd="BPKAD",
        due_at=datetime(2026, 11, 30, 23, 59, tzinfo=WIT), status="berjalan",
    )  # fmt: skip
    link = whatsapp_link("+6281234567890", text)
    assert link is not None
    number, _, encoded = link.removeprefix("https://wa.me/").partition("?text=")
    assert number == "6281234567890"
    assert all(c not in encoded for c in ' &?#\n"') and "%26" in encoded  # "&" must not end the parameter
    assert unquote(encoded) == (
        'Yth. Ibu Rina, mohon tindak lanjut rencana aksi "Unggah SK & RUP 2026" (butir 3.1, 3.2) untuk BPKAD. '
        "Batas waktu: 30 November 2026 23.59 WIT. Status saat ini: berjalan. "
        "Silakan perbarui di Lentera: http://localhost:8501/rencana-aksi"
    )
    assert whatsapp_link(None, text) is None
