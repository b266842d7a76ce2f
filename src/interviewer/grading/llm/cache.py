"""A disk cache of the judge's verdicts: one JSON file per key, written atomically.

Only valid verdicts are stored, so a failure is retried on the next run and a rerun of a graded
suite makes no call at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def cache_key(*parts) -> str:
    """The sha256 of the parts' canonical JSON: any change in any part is a different key."""
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class DiskCache:
    """JSON documents under ``directory``, one file ``<key>.json`` each."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> dict | None:
        """The stored document, or None when absent or unreadable (a damaged entry is a miss)."""
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict) -> None:
        """Store ``value``; readers see the old file or the new one, never half of one.

        A cache that cannot be written costs calls on the next run, not this grade: it is logged.
        """
        temporary = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.directory, prefix=f".{key[:16]}.",
                                             suffix=".tmp", delete=False) as handle:
                temporary = handle.name
                json.dump(value, handle, ensure_ascii=False)
            os.replace(temporary, self._path(key))
        except OSError as error:
            log.warning("could not write the LLM cache entry %s: %s", self._path(key), error)
            if temporary:
                Path(temporary).unlink(missing_ok=True)
