"""Pages kept per viewer until the next write (committee/viewcache.py): the 督办 overview, the change log and the
report board are built once between two writes for each person, query and browser, and never show one person,
filter or browser what was built for another."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.tests import factories as f
from reports import services as report_services
from reports.models import AnnualReport

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')


@pytest.fixture
def decision(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    return decision


def _get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    # Every page masks its CSRF token afresh; the rest must be the same.
    return TOKEN.sub("", page.content.decode()), len(queries)


def _overview(staffed) -> str:
    return reverse("duties:tasks", kwargs={"committee_code": staffed.code})


def test_a_second_look_at_the_overview_is_kept_and_a_new_task_shows_at_once(staffed, users, login, decision):
    f.task(users, decision, "fulian", title="先交办的事项")
    client = login("office_staff")
    first, built = _get(client, _overview(staffed))
    again, kept = _get(client, _overview(staffed))
    assert again == first and "先交办的事项" in first
    # The summaries' and the table's queries are not sent again.
    assert kept < built - 4, (built, kept)
    f.task(users, decision, "sifasuo", title="后交办的事项")  # a write: the next look is built afresh
    page, rebuilt = _get(client, _overview(staffed))
    assert "后交办的事项" in page and rebuilt >= built


def test_each_filter_and_each_person_has_its_own_overview(staffed, users, decision):
    f.task(users, decision, "fulian", title="妇联的事项")
    f.task(users, decision, "sifasuo", title="司法所的事项")
    office = Client()
    office.force_login(users["office_staff"])
    everything, _ = _get(office, _overview(staffed))
    searched, _ = _get(office, _overview(staffed) + "?q=妇联")
    assert "司法所的事项" in everything and "司法所的事项" not in searched and "妇联的事项" in searched
    liaison = Client()
    liaison.force_login(users["liaison-fulian"])
    own, _ = _get(liaison, _overview(staffed))
    assert "妇联的事项" in own and "司法所的事项" not in own


def test_the_overview_turns_a_task_overdue_at_midnight_without_a_write(staffed, users, login, decision, monkeypatch):
    evening = timezone.localtime().replace(hour=23, minute=55, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    task = f.task(users, decision, "fulian", title="今天到期的事项", days=0)
    client = login("office_staff")
    url = _overview(staffed) + "?signal=overdue"
    before, _ = _get(client, url)
    assert task.title not in before
    # Six minutes later, within an entry's longest life: it is the next day, and the task is overdue.
    monkeypatch.setattr(timezone, "now", lambda: evening + datetime.timedelta(minutes=6))
    after, _ = _get(client, url)
    assert task.title in after


def test_the_change_log_shows_a_change_at_once(staffed, users, login, decision):
    client = login("office_director")
    url = reverse("committee:history", kwargs={"code": staffed.code})
    _get(client, url)
    _get(client, url)  # now kept
    f.task(users, decision, "fulian", title="记入变更记录的事项")
    page, _ = _get(client, url)
    assert "记入变更记录的事项" in page


def test_a_kept_board_holds_each_browsers_own_csrf_token(staffed, users):
    cycle = report_services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    report = AnnualReport.objects.get(cycle=cycle, unit__code="fulian")
    board = reverse("reports:cycle", kwargs={"pk": cycle.pk})
    remind = reverse("reports:step", kwargs={"pk": report.pk, "name": "remind"})
    browsers = []
    for _ in range(2):  # the same person in two browsers: two CSRF secrets
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(users["office_staff"])
        page = browser.get(board)
        assert page.status_code == 200
        browsers.append((browser, page.content.decode()))
    for browser, html in browsers:
        form = html[html.index(f'action="{remind}"') :]
        token = TOKEN.search(form).group(1)
        response = browser.post(remind, {"csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.status_code
