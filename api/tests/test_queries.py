"""Query budgets: each list and object costs the same few queries however many rows it shows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents import services as document_services
from duties import services as duty_services
from meetings.models import Decision
from meetings.tests import factories

pytestmark = pytest.mark.django_db

# The queries of any answer: the token and the login (2), the login's appointments for `restrict` (1), the page's
# count and rows (2), and for an object one query per list it carries.
LIST_BUDGET = 6
DETAIL_BUDGET = 6
LISTS = ["committees", "units", "duties", "meetings", "decisions", "tasks", "reports", "documents", "receipts"]


def counted(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def more_of_everything(world) -> None:
    """Several times the rows of every list, and longer lists inside the objects the test reads."""
    users, committee = world.users, world.committee
    units = list(committee.units.filter(is_active=True))
    duty_services.task_create(
        by=users["office_staff"],
        decision=world.decision,
        units=units,
        title="全体单位的督办事项",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    for n in range(4):
        duty_services.task_progress_add(by=users["liaison-fulian"], task=world.tasks["fulian"], text=f"进展{n}")
    factories.bulk_meetings(
        users, committee, 12, timezone.now() - datetime.timedelta(days=60), datetime.timedelta(days=1)
    )
    minutes = world.decision.minutes
    Decision.objects.bulk_create(
        Decision(
            committee=committee,
            meeting=world.meeting,
            minutes=minutes,
            number=n,
            title=f"决定事项{n}",
            text="内容",
            importance=world.decision.importance,
            duty=world.decision.duty,
            created_by=world.decision.created_by,
        )
        for n in range(2, 12)
    )
    for n in range(6):
        document_services.document_draft(
            by=users["office_staff"],
            committee=committee,
            kind="notice",
            classification="general",
            title=f"草稿{n}",
            body="正文",
            main_units=units[:3],
        )
    world.to_everyone = world.document("发全体单位的通知", main=[unit.code for unit in units])


def test_lists_and_objects_cost_the_same_however_many_rows(world, api_as, django_assert_max_num_queries):
    client = api_as("office_staff")
    client.get("/api/v1/committees/")  # the token's first use is written once; later requests only read it
    objects = {
        "task": f"/api/v1/tasks/{world.tasks['fulian'].pk}/",
        "meeting": f"/api/v1/meetings/{world.meeting.pk}/",
        "unit": f"/api/v1/units/{world.unit('fulian').pk}/",
        "report": f"/api/v1/reports/{world.cycle.reports.first().pk}/",
    }
    before = {name: counted(client, f"/api/v1/{name}/") for name in LISTS}
    before |= {name: counted(client, url) for name, url in objects.items()}
    before["document"] = counted(client, f"/api/v1/documents/{world.to_both.pk}/")
    more_of_everything(world)
    after = {name: counted(client, f"/api/v1/{name}/") for name in LISTS}
    after |= {name: counted(client, url) for name, url in objects.items()}
    after["document"] = counted(client, f"/api/v1/documents/{world.to_everyone.pk}/")
    assert after == before
    for name in LISTS:
        with django_assert_max_num_queries(LIST_BUDGET):
            client.get(f"/api/v1/{name}/")
    for url in [*objects.values(), f"/api/v1/documents/{world.to_everyone.pk}/"]:
        with django_assert_max_num_queries(DETAIL_BUDGET):
            client.get(url)
