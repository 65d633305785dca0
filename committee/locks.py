"""Row locks for workflows where two people can act on the same record at once."""

from django.db.models import QuerySet


def locked(queryset: QuerySet) -> QuerySet:
    """SELECT … FOR NO KEY UPDATE OF the queried table only.

    NO KEY: inserts that merely reference the row (a notification naming the committee) do not
    wait for it. OF self: rows joined by select_related are read, not locked, so that two
    workflows locking different tables in different orders cannot deadlock on a shared parent.
    On SQLite, which locks the whole database for a write, this is a no-op.
    """
    return queryset.select_for_update(no_key=True, of=("self",))
