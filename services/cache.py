"""The one in-process cache: a bounded, thread-safe LRU that every cached thing of the services uses.

Two kinds of key, and nothing else, keep a cached value honest:
- ``data`` caches key on the periods' ``change_token`` (``models/tables.py``): any transaction that writes a
  submission or assignment of a period gives the period a new token at commit, so a stale entry is never read
  again and simply ages out. The documents' progress keys on ``documents_token`` as well, which files and
  reviews move (an upload moves no ``change_token``). ``clear_caches()`` forgets them (tests, benchmarks).
- ``content`` caches key on a catalog's ``content_hash``: a stored catalog document never changes, so these
  entries are never stale; ``clear_caches(content=True)`` forgets them too.

Streamlit runs every session in a thread of one process, so the caches are shared by all sessions and guarded
by one lock each; values are computed outside the lock (two threads may compute the same value once each).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, Literal, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Kind = Literal["data", "content"]

_registry: list[LruCache[object, object]] = []


class LruCache(Generic[K, V]):
    """At most ``size`` entries; a hit moves to the end, an insert past ``size`` drops the oldest."""

    def __init__(self, name: str, *, size: int, kind: Kind) -> None:
        self.name = name
        self.size = size
        self.kind = kind
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        _registry.append(self)  # type: ignore[arg-type]

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        hit = self.get(key)
        return hit if hit is not None else self.put(key, compute())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries


def clear_caches(*, content: bool = False) -> None:
    """Forget every ``data`` cache (scores, means, rankings); with ``content`` the catalog caches too."""
    for cache in _registry:
        if cache.kind == "data" or content:
            cache.clear()
