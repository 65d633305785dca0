"""Every page of the permission matrix asks the database as many times with three times the data: a query per
row (an N+1) fails here, before ten years of data find it.

The world of the permission matrix is grown with months of the committee's past work through the services
(`scale.generate.grow`: meetings with minutes and decisions, tasks, documents with receipts, history), then
with twice as much more, further in the past; each page is counted after each, for the roles that see the
most of the committee (the office, the director, a unit's liaison and head).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import dataversion
from tests.test_permission_matrix import project_url_names, variants, world  # noqa: F401 - `world` is a fixture

ROLES = ["office_staff", "director", "liaison_own", "head_own"]
DAY = datetime.timedelta(days=1)


def _grow(staffed, *, days_ago: int, days: int, meetings: int, seed: int):
    from django.conf import settings

    from scale.generate import grow
    from scale.people import staff_town

    town = staff_town(staffed, since=datetime.date(2022, 3, 30), password=settings.SECRET_KEY, prefix="")
    until = timezone.now() - days_ago * DAY
    summary = grow(town, start=until - days * DAY, until=until, meetings=meetings, notices=meetings, seed=seed)
    return summary.counts | {f"refused {step}": n for step, n in summary.refused.items()}


def _counts(client, logins, names, args) -> dict[tuple[str, str], int]:
    counts = {}
    for role in ROLES:
        client.force_login(logins[role])
        for name in names:
            for kwargs in variants(args[name]):
                url = reverse(name, kwargs=kwargs)
                ContentType.objects.clear_cache()  # each page pays for the content types it looks up
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                counts[(role, url)] = len(queries)
    return counts


@pytest.mark.django_db(transaction=False)
def test_every_page_asks_as_often_with_three_times_the_data(client, world, staffed):  # noqa: F811
    names = project_url_names()
    first = _grow(staffed, days_ago=40, days=60, meetings=3, seed=1)
    once = _counts(client, world["logins"], names, world["args"])
    # Twice as much again, older than everything on the pages' first screens.
    more = _grow(staffed, days_ago=100, days=120, meetings=6, seed=2)
    assert (first["meetings"], more["meetings"]) == (3, 6), (first, more)
    for kind in ("decisions", "tasks", "documents"):
        assert more.get(kind, 0) >= 1.5 * first.get(kind, 1), (kind, first, more)
    thrice = _counts(client, world["logins"], names, world["args"])
    grown = [f"{role} {url}: {once[(role, url)]} → {thrice[(role, url)]}" for role, url in once]
    grown = [line for (key, line) in zip(once, grown, strict=True) if thrice[key] != once[key]]
    assert not grown, "queries grew with the data (a query per row?):\n" + "\n".join(grown)


def _queries(client, url: str) -> int:
    """What building the page asks: nothing kept from an earlier look (`committee.viewcache`) is served."""
    ContentType.objects.clear_cache()
    dataversion.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_meeting_page_asks_as_often_for_fourteen_units_as_for_one(login, users, staffed):
    from meetings.tests import factories

    codes = list(staffed.units.active().values_list("code", flat=True))
    small = factories.schedule(users, staffed, units=codes[:1])
    large = factories.schedule(users, staffed, units=codes, title="全体成员单位参加的会议")
    client = login("office_staff")
    _queries(client, small.get_absolute_url())  # warm
    assert _queries(client, large.get_absolute_url()) == _queries(client, small.get_absolute_url())


def test_the_liaisons_work_bench_asks_as_often_for_many_receipts_as_for_one(login, users, staffed):
    from documents import services
    from documents.models import Document
    from documents.tests.matrix import _done

    staff, office = users["office_staff"], users["office_director"]
    fulian = staffed.units.get(code="fulian")

    def distributed(title: str) -> Document:
        document = services.document_draft(
            by=staff,
            committee=staffed,
            kind="notice",
            classification="general",
            title=title,
            body="请各单位认真落实。",
            main_units=[fulian],
        )
        services.document_submit(by=staff, document=document)
        services.document_review(by=office, document=document, forward=True)
        document = services.document_sign(by=office, document=document, opinion="发")
        _done(document)
        return services.document_distribute(by=staff, document=document)

    distributed("第一份通知")
    client = login("liaison-fulian")
    _queries(client, "/")
    one = _queries(client, "/")
    for n in range(4):
        distributed(f"第{n + 2}份通知")
    assert client.get("/").content.decode().count("请签收：") == 5
    assert _queries(client, "/") == one
