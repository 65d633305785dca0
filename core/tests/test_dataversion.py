"""The data version (core/dataversion.py) changes after every committed write, however it was made, and only then."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import override_settings

from core import dataversion


@pytest.mark.parametrize(
    ("sql", "counts"),
    [
        ('SELECT "committee_committee"."id" FROM "committee_committee" FOR UPDATE', False),
        ('INSERT INTO "duties_followuptask" ("title") VALUES (%s)', True),
        ('UPDATE "documents_receipt" SET "received_at" = %s', True),
        ('DELETE FROM "committee_delegation" WHERE id = %s', True),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accesslog" ("username") VALUES (%s)', False),
        ('UPDATE "core_outboxmessage" SET "relayed_at" = %s', False),
        ('CREATE TABLE "x" ("id" integer)', True),
        ("SAVEPOINT s1", False),
    ],
)
def test_which_statements_count(sql, counts):
    assert dataversion._counts(sql) is counts


@pytest.mark.django_db(transaction=True)
def test_a_write_in_a_transaction_counts_when_it_commits():
    before = dataversion.current()
    with transaction.atomic():
        Group.objects.create(name="新组")
        assert dataversion.current() == before  # another reader would still read the old rows
    assert dataversion.current() != before


@pytest.mark.django_db(transaction=True)
def test_a_write_rolled_back_does_not_count():
    before = dataversion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="新组")
        raise RuntimeError
    assert dataversion.current() == before
    Group.objects.create(name="另一组")  # autocommit: at once
    assert dataversion.current() != before


def test_bulk_writes_count_and_the_session_does_not(db):
    before = dataversion.current()
    session = SessionStore()
    session["last_seen"] = 1
    session.save()
    assert dataversion.current() == before
    Group.objects.bulk_create([Group(name="甲"), Group(name="乙")])
    after_bulk = dataversion.current()
    assert after_bulk != before
    Group.objects.filter(name="甲").update(name="丙")
    assert dataversion.current() != after_bulk


def test_a_shared_cache_keeps_the_version_and_the_memory_cache_a_file(db, settings, tmp_path):
    settings.DATA_VERSION_FILE = tmp_path / "version"
    dataversion.bump()
    assert (tmp_path / "version").read_text() == dataversion.current()
    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path / "c"}}
    with override_settings(CACHES=shared):
        from django.core.cache import cache

        before = (tmp_path / "version").read_text()
        Group.objects.create(name="新组")
        assert cache.get(dataversion.CACHE_KEY) == dataversion.current()
        assert (tmp_path / "version").read_text() == before
