"""The work bench is cached per person and minute under the data version (committee/workbench.py): a write by
anyone shows at the next page, an appointment or delegation that starts or ends counts from its day or minute,
and nothing is served from the cache that a fresh build would not show."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committee.authority import Action, restrict
from committee.models import Position
from committee.services import appointment_end, delegation_revoke
from duties.models import FollowUpTask
from meetings.tests import factories as f

HOME = reverse("home")


@pytest.fixture
def decision(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    return decision


def _bench(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(HOME)
    assert page.status_code == 200
    # Every page masks its CSRF token afresh; the rest must be the same.
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page.content.decode()), len(queries)


@pytest.fixture
def clock(monkeypatch):
    """Sets the time every `timezone.now()` reads (the database's own clock is not asked by these pages)."""

    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def test_a_second_look_is_served_from_the_cache(login, decision):
    client = login("liaison-fulian")
    first, built = _bench(client)
    again, cached = _bench(client)
    assert again == first
    # The to-do providers' and panels' queries are not sent again.
    assert cached < built - 5, (built, cached)


def test_a_task_assigned_to_a_unit_shows_on_its_liaisons_bench_at_once(users, login, decision):
    client = login("liaison-fulian")
    before, _ = _bench(client)
    _bench(client)  # now cached
    assert "妇联的新事项" not in before
    task = f.task(users, decision, "fulian", title="妇联的新事项")  # the office, through the service
    page, _ = _bench(client)
    assert "妇联的新事项" in page and task.get_absolute_url() in page
    # What it lists is still what `restrict` lets the liaison see.
    assert restrict(FollowUpTask.objects.all(), users["liaison-fulian"], Action.VIEW_UNIT_AFFAIRS).filter(pk=task.pk)


def test_another_units_task_does_not_show(users, login, decision):
    client = login("liaison-fulian")
    _bench(client)
    f.task(users, decision, "sifasuo", title="司法所的事项")
    page, _ = _bench(client)
    assert "司法所的事项" not in page


def test_an_ended_appointment_leaves_the_bench_at_once(users, login, decision, appointment_of):
    f.task(users, decision, "fulian", title="妇联的事项")
    client = login("liaison-fulian")
    page, _ = _bench(client)
    assert "妇联的事项" in page
    appointment_end(appointment=appointment_of("liaison-fulian", Position.LIAISON))
    page, _ = _bench(client)
    assert "妇联的事项" not in page
    assert "您目前没有在任的职务" in page


def test_a_delegation_granted_then_revoked_shows_and_goes_at_once(users, login, delegate):
    client = login("deputy1")
    page, _ = _bench(client)
    assert "您受主任委托" not in page
    delegation = delegate("deputy1", ["chair"])
    page, _ = _bench(client)
    assert f"您受主任委托（第{delegation.number}号）" in page and "主持会议" in page
    delegation_revoke(by=users["director"], delegation=delegation, reason="收回")
    page, _ = _bench(client)
    assert "您受主任委托" not in page and "主持会议" not in page


def test_a_delegation_ends_on_its_minute_without_any_write(users, login, delegate, clock):
    end = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    clock(end - datetime.timedelta(minutes=2))
    delegation = delegate("deputy1", ["chair"], start=end - datetime.timedelta(days=1))
    delegation.ends_at = end
    delegation.save(update_fields=["ends_at"])
    client = login("deputy1")
    clock(end - datetime.timedelta(seconds=30))
    page, _ = _bench(client)
    assert "您受主任委托" in page and "主持会议" in page
    clock(end)
    page, _ = _bench(client)
    assert "您受主任委托" not in page and "主持会议" not in page


def test_an_appointment_ends_at_midnight_without_any_write(users, login, decision, appointment_of, clock):
    f.task(users, decision, "fulian", title="妇联的事项")
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()))
    appointment_end(appointment=appointment_of("liaison-fulian", Position.LIAISON), end_date=midnight.date())
    clock(midnight - datetime.timedelta(minutes=1))
    client = login("liaison-fulian")
    clock(midnight - datetime.timedelta(seconds=20))
    page, _ = _bench(client)
    assert "妇联的事项" in page
    again, _ = _bench(client)
    assert again == page
    clock(midnight + datetime.timedelta(seconds=5))
    page, _ = _bench(client)
    assert "妇联的事项" not in page and "您目前没有在任的职务" in page


def test_each_person_gets_their_own_bench(users, login, decision):
    f.task(users, decision, "fulian", title="妇联的事项")
    client = login("liaison-fulian")
    liaison, _ = _bench(client)
    client = login("liaison-sifasuo")
    other, _ = _bench(client)
    assert "妇联的事项" in liaison and "妇联的事项" not in other


def test_a_meeting_starting_asks_the_office_for_the_attendance_without_any_write(users, staffed, login, clock):
    starts = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    clock(starts - datetime.timedelta(minutes=5))
    meeting = f.schedule(users, staffed, starts_at=starts, title="周例会")
    client = login("office_staff")
    clock(starts - datetime.timedelta(seconds=30))
    page, _ = _bench(client)
    assert "周例会" in page and "待登记出席情况：周例会" not in page
    clock(starts + datetime.timedelta(seconds=1))
    page, _ = _bench(client)
    assert "待登记出席情况：周例会" in page
    assert reverse("meetings:attendance", kwargs={"pk": meeting.pk}) in page


def test_an_entry_lives_at_most_max_age(users, login, decision, clock):
    from committee import viewcache

    now = timezone.now()
    clock(now)
    client = login("liaison-fulian")
    _bench(client)
    _, cached = _bench(client)
    clock(now + viewcache.MAX_AGE + datetime.timedelta(seconds=1))
    _, rebuilt = _bench(client)
    assert rebuilt > cached + 5
