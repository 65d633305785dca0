"""A version of what the database holds, changed after every write commits, in any process: what a page caches
for a person (the work bench) is keyed by it, so that a cached answer is never older than the last write.

The writes are seen where every one of them passes, the database cursor (an execute wrapper on each connection),
not through model signals: `QuerySet.update()`, `bulk_create` (receipts, notifications, history rows) and raw SQL
send none, and a cache fed by signals would miss them. A write in a transaction changes the version when the
transaction commits (`on_commit`), so that whoever reads the new version reads the committed rows; a write in
autocommit mode changes it at once. Bookkeeping that nothing cached reads (sessions, login attempts, the outbox
relay, API tokens' last use) does not count: the session alone is written by every reader once a minute.

Where the version lives: in the cache when it is shared by every process (Redis, `CACHE_URL`); in a file under
VAR_DIR when the cache is the per-process memory one (the embedded default), because a web worker must see a write
made by another worker or by the Celery worker. Each version is a new random token, so a version that is evicted
and made again can never match an old entry.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE_KEY = "data-version"

# Tables whose writes change nothing a cached page shows (they are written while people only read).
IGNORED_TABLES = re.compile(r"django_session|axes_\w+|core_outboxmessage|api_apitoken")
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_READ = re.compile(r"\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN|PRAGMA)\b", re.IGNORECASE)


def _shared_cache() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _file() -> Path:
    return Path(getattr(settings, "DATA_VERSION_FILE", None) or Path(settings.VAR_DIR) / "data-version")


def current() -> str:
    """The version now; made if there is none yet."""
    if _shared_cache():
        version = cache.get(CACHE_KEY)
        if version is None:
            cache.add(CACHE_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(CACHE_KEY)
        return version
    try:
        return _file().read_text() or _bump_file()
    except FileNotFoundError:
        return _bump_file()


def bump() -> None:
    """A new version: every entry keyed by an older one is read no more."""
    if _shared_cache():
        cache.set(CACHE_KEY, uuid.uuid4().hex, timeout=None)
    else:
        _bump_file()


def _bump_file() -> str:
    version = uuid.uuid4().hex
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed over: a reader in another process reads the old token or the new, never half.
    spare = path.with_name(f"{path.name}.{version}")
    spare.write_text(version)
    os.replace(spare, path)
    return version


def _bump_after_commit() -> None:
    try:
        bump()
    except Exception:
        # The write has committed; the page that made it must not fail for the cache. Until the next write,
        # pages may show what they cached before it: say so loudly.
        logger.exception("the data version could not be changed after a write")


def _counts(sql: str) -> bool:
    if _READ.match(sql):
        return False
    found = _WRITE.match(sql)
    # Anything else (DDL, a raw statement of another shape) counts as a write: better a needless miss.
    return found is None or not IGNORED_TABLES.fullmatch(found.group(1))


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _counts(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump()
        elif getattr(connection.atomic_blocks[0], "_from_testcase", False):
            # A test's transaction never commits (it is rolled back at the end): its writes count at once.
            bump()
        elif not any(function is _bump_after_commit for *_sids, function, _robust in connection.run_on_commit):
            transaction.on_commit(_bump_after_commit, using=connection.alias)
    return result


def watch(sender, connection, **kwargs) -> None:
    """Connected to `connection_created`: every statement of the connection passes `_watch`. First in the list,
    so that `connection.execute_wrapper()` blocks, which remove the last wrapper on leaving, remove their own."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)
