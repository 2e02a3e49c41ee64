"""The one cache class (``services.cache.LruCache``) and the one catalog cache built on it (``services.catalogs``):
bounded, least recently used out first, data caches forgotten on demand, and a catalog document parsed once per
content hash whoever asks for it (catalog pages, the workflow's leaf index, the pemda's relaxed copy)."""

from __future__ import annotations

from uji_catalog import uji_catalog

from models.tables import Catalog as CatalogRow
from services import catalogs, leaf_index, period_scores
from services.cache import LruCache, clear_caches


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: LruCache[str, int] = LruCache("test lru", size=2, kind="data")
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert "b" not in cache and "a" in cache and "c" in cache
    assert len(cache) == 2
    assert cache.get_or_compute("a", lambda: 99) == 1  # a hit does not compute
    assert cache.get_or_compute("d", lambda: 4) == 4
    assert "c" not in cache


def test_clear_caches_forgets_data_and_keeps_content_unless_asked() -> None:
    data: LruCache[str, int] = LruCache("test data", size=4, kind="data")
    content: LruCache[str, int] = LruCache("test content", size=4, kind="content")
    data.put("k", 1)
    content.put("k", 1)
    clear_caches()
    assert "k" not in data and "k" in content
    clear_caches(content=True)
    assert "k" not in content


def _row(key: str = "uji-2026") -> CatalogRow:
    document = catalogs.canonical_document(uji_catalog())
    return CatalogRow(
        key=key, name="uji", framework="MCP", year=2026, document=document,
        content_hash=catalogs.content_hash(document),
    )  # fmt: skip


def test_one_parse_per_content_hash_for_every_reader() -> None:
    clear_caches(content=True)
    row, twin = _row(), _row()  # two rows (two sessions' objects) of the same content
    document = catalogs.catalog_document(row)
    assert catalogs.catalog_document(twin) is document
    parsed = leaf_index.parsed_catalog(twin)
    assert parsed.doc is document  # the workflow's leaf index is derived from the same parse
    assert leaf_index.parsed_catalog(row) is parsed
    assert list(parsed.leaves) == ["A1", "A2", "A3", "B1"]
    relaxed = period_scores.relaxed(row)
    assert period_scores.relaxed(twin) is relaxed and relaxed is not document
    assert relaxed.scale == document.scale
