"""Evidence file store: content-addressed files, type sniffing, size limits; a local folder by default."""

from storage.sniff import ALLOWED_EXTENSIONS, MEDIA_TYPES
from storage.store import EvidenceStore, StoredFile, safe_display_name

__all__ = ["ALLOWED_EXTENSIONS", "MEDIA_TYPES", "EvidenceStore", "StoredFile", "safe_display_name"]
