"""Day and date in Indonesian words, as the berita acara states them: several dates incl. the 31st and the turn
of a year, and the numbers that have their own words (sebelas, seratus, seribu)."""

from __future__ import annotations

from datetime import date

import pytest

from reports.terbilang import day_date_words, long_date, number_words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 12, 2), "hari Rabu tanggal dua bulan Desember tahun dua ribu dua puluh enam"),
        (date(2026, 11, 30), "hari Senin tanggal tiga puluh bulan November tahun dua ribu dua puluh enam"),
        (
            date(2026, 12, 31),
            "hari Kamis tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh enam",
        ),
        (date(2027, 1, 1), "hari Jumat tanggal satu bulan Januari tahun dua ribu dua puluh tujuh"),
        (date(2025, 12, 17), "hari Rabu tanggal tujuh belas bulan Desember tahun dua ribu dua puluh lima"),
        (
            date(2028, 2, 29),
            "hari Selasa tanggal dua puluh sembilan bulan Februari tahun dua ribu dua puluh delapan",
        ),
        (date(2026, 3, 11), "hari Rabu tanggal sebelas bulan Maret tahun dua ribu dua puluh enam"),
        (date(2026, 5, 10), "hari Minggu tanggal sepuluh bulan Mei tahun dua ribu dua puluh enam"),
        (date(2030, 8, 31), "hari Sabtu tanggal tiga puluh satu bulan Agustus tahun dua ribu tiga puluh"),
    ],
)
def test_day_and_date_in_words(day: date, words: str) -> None:
    assert day_date_words(day) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (10, "sepuluh"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1999, "seribu sembilan ratus sembilan puluh sembilan"),
        (2000, "dua ribu"),
        (100_000, "seratus ribu"),
        (1_000_000, "satu juta"),
        (2_501_000, "dua juta lima ratus satu ribu"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        number_words(-1)


def test_long_date() -> None:
    assert long_date(date(2027, 1, 1)) == "1 Januari 2027"
