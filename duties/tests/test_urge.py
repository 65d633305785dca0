"""催办 and 交办 from the 督办 list: the office presses a unit on an overdue task (its liaison and head are told,
the task's record keeps it, the board counts it), and assigns tasks without going through the meeting page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Notification
from duties import services
from duties.models import FollowUpTask, UpdateKind
from duties.selectors import summary_by_unit
from meetings.tests import factories as f

CODE = "miyun-town"


@pytest.fixture
def decision(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    return decision


@pytest.fixture
def overdue(users, decision):
    task = f.task(users, decision, "fulian", title="逾期未办的事项")
    FollowUpTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    task.refresh_from_db()
    return task


def test_the_office_urges_an_overdue_task_and_the_unit_is_told(users, overdue):
    update = services.task_urge(by=users["office_staff"], task=overdue)
    assert update.kind == UpdateKind.URGED and "已逾期3天" in update.text
    assert update.author.person == users["office_staff"].person
    for username in ("liaison-fulian", "head-fulian"):
        assert Notification.objects.filter(recipient__user=users[username], subject__startswith="催办：").exists()
    others = Notification.objects.filter(recipient__user=users["liaison-gonghui"], subject__startswith="催办")
    assert not others.exists()
    services.task_urge(by=users["office_director"], task=overdue, note="请于本周内报办结")
    (row,) = summary_by_unit(FollowUpTask.objects.filter(pk=overdue.pk))
    assert row.urged == 2 and row.total == 1  # the join to the updates does not count the task twice


def test_only_the_office_urges_and_only_an_overdue_open_task(users, decision, overdue):
    with pytest.raises(NotAllowed):
        services.task_urge(by=users["liaison-fulian"], task=overdue)
    on_time = f.task(users, decision, "gonghui", title="按期推进的事项")
    with pytest.raises(ValidationError, match="尚未逾期"):
        services.task_urge(by=users["office_staff"], task=on_time)


def test_urge_from_the_task_page_and_counted_on_the_board(users, login, overdue):
    client = login("office_staff")
    page = client.get(overdue.get_absolute_url()).content.decode()
    url = reverse("duties:task_step", kwargs={"pk": overdue.pk, "name": "urge"})
    assert url in page and "催办" in page
    response = client.post(url, {"note": ""}, follow=True)
    assert "已催办" in response.content.decode()
    board = client.get(reverse("duties:tasks", args=[CODE])).content.decode()
    assert "催办次数" in board and "已催办1次" in board
    assert url not in login("liaison-fulian").get(overdue.get_absolute_url()).content.decode()


def test_assign_from_the_task_list_choosing_the_decision(users, login, staffed, decision):
    client = login("office_staff")
    board = client.get(reverse("duties:tasks", args=[CODE])).content.decode()
    url = reverse("duties:task_assign", args=[CODE])
    assert f'href="{url}"' in board
    assert decision.title in client.get(url).content.decode()
    deadline = timezone.localdate() + datetime.timedelta(days=15)
    response = client.post(
        url,
        {
            "decision": decision.pk,
            "units": [f.unit(staffed, "fulian").pk, f.unit(staffed, "gonghui").pk],
            "title": "从督办页交办",
            "deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302 and response.url == reverse("duties:tasks", args=[CODE])
    assert FollowUpTask.objects.filter(decision=decision, title="从督办页交办").count() == 2
    assert f'href="{url}"' not in login("liaison-fulian").get(reverse("duties:tasks", args=[CODE])).content.decode()
