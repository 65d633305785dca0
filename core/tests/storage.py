"""A stand-in for S3-compatible storage in tests: files kept in memory, and no filesystem path to ask for.

Django's InMemoryStorage still answers `path()` with a made-up one; S3Storage raises NotImplementedError, and so
does this, so that a test fails wherever the code would need a path instead of the storage API.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import InMemoryStorage
from django.utils._os import safe_join


class PathlessStorage(InMemoryStorage):
    def path(self, name):
        raise NotImplementedError("S3-compatible storage has no filesystem paths; go through the storage API.")

    def _relative_path(self, name):
        # InMemoryStorage names its in-memory nodes through path(); keep that working inside the storage only.
        return os.path.relpath(safe_join(self.location, name), self.location)


def without_filesystem() -> dict:
    """A STORAGES setting whose default storage is a PathlessStorage (for `override_settings(STORAGES=...)`)."""
    return {**settings.STORAGES, "default": {"BACKEND": "core.tests.storage.PathlessStorage"}}
