"""District oversight (issue 14): one row per child committee the viewer sees, the year's numbers of every
workflow counted in the query, sortable, exportable, a fixed number of queries however many towns."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from committee.models import Committee, Position
from committee.oversight import oversight_rows
from committee.services import appointment_make, person_create
from documents import services as document_services
from documents.tests.cascade import committee_make
from duties import inspections_services
from duties import services as duty_services
from duties.models import FollowUpTask
from meetings.models import MeetingKind
from meetings.tests import factories
from reports import services as report_services
from reports.models import AnnualReport


@pytest.fixture
def district(staffed):
    """密云区 over 密云镇 (the staffed town, loaded with its parent), with its observer (观察员) `district-viewer`."""
    district = staffed.parent
    user = get_user_model().objects.create_user("district-viewer")
    person = person_create(committee=district, name="区社区矫正管理局", user=user)
    appointment_make(committee=district, person=person, position=Position.VIEWER, start_date=datetime.date(2026, 1, 1))
    return district, user


@pytest.fixture
def worked(staffed, users):
    """The town's year: a plenary and an office meeting held, three tasks (open, overdue, closed on time), a report
    cycle (one report accepted, one with the office, the rest drafts), a signed document, an inspection."""
    _meeting, _minutes, (decision,) = factories.approved_meeting(users, staffed, days=-10)
    factories.hold(users, factories.schedule(users, staffed, kind=MeetingKind.OFFICE, starts_at=factories.at(-3)))
    factories.task(users, decision, "fulian", title="办理中")
    overdue = factories.task(users, decision, "fulian", title="逾期")
    FollowUpTask.objects.filter(pk=overdue.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    closed = factories.task(users, decision, "gonghui", title="已办结")
    duty_services.task_report_completion(by=users["liaison-gonghui"], task=closed, text="完成")
    duty_services.task_close(by=users["office_staff"], task=closed)
    cycle = report_services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        requires_head_confirmation=False,
    )
    for code in ("fulian", "gonghui"):
        report = AnnualReport.objects.get(cycle=cycle, unit__code=code)
        report = report_services.report_save(
            by=users[f"liaison-{code}"],
            report=report,
            revision=report.revision,
            content=report_services.DraftContent(
                duties={entry.pk: "已履职" for entry in report.duty_entries.all()}, key_work="重点工作"
            ),
        )
        report = report_services.report_submit(by=users[f"liaison-{code}"], report=report)
    report_services.report_accept(by=users["office_director"], report=report)
    document = document_services.document_draft(
        by=users["office_staff"],
        committee=staffed,
        kind="notice",
        classification="general",
        title="通知",
        body="正文",
        main_units=[staffed.units.get(code="fulian")],
    )
    document_services.document_submit(by=users["office_staff"], document=document)
    document_services.document_review(by=users["office_director"], document=document, forward=True)
    document_services.document_sign(by=users["office_director"], document=document, opinion="同意")
    inspections_services.inspection_propose(
        by=users["office_staff"],
        committee=staffed,
        subject="laws",
        title="法律法规落实检查",
        reason="需要",
        target_units=[staffed.units.get(code="fulian")],
    )
    return cycle


def test_a_district_viewer_sees_one_row_per_town_with_its_counts(client, staffed, district, worked):
    parent, viewer = district
    other = committee_make("xitiaoying", "溪翁庄镇", parent)
    client.force_login(viewer)
    response = client.get(reverse("committee:oversight", args=[parent.code]))
    assert response.status_code == 200
    rows = {row.committee.code: row for row in response.context["rows"]}
    assert set(rows) == {staffed.code, other.code}
    town = {cell.measure.key: cell.value for cell in rows[staffed.code].cells}
    total_reports = AnnualReport.objects.filter(cycle=worked).count()
    assert town == {
        "plenary_held": 1,
        "office_held": 1,
        "reports_due": total_reports,
        "reports_submitted": 2,
        "reports_accepted": 1,
        "reports_late": 0,
        "tasks_open": 2,
        "tasks_overdue": 1,
        "tasks_closed_on_time": 1,
        "documents_issued": 1,
        "inspections": 1,
        "upper_received": 0,
        "upper_tasks_created": 0,
        "upper_tasks_closed": 0,
    }
    assert all(cell.value == 0 for cell in rows[other.code].cells)
    # Drill-down: the town's page (read-only for the viewer) and the cycle's status board.
    cells = {cell.measure.key: cell for cell in rows[staffed.code].cells}
    board = reverse("reports:cycle", args=[worked.pk])
    assert cells["reports_accepted"].url == board
    content = response.content.decode()
    assert staffed.get_absolute_url() in content and board in content
    assert client.get(staffed.get_absolute_url()).status_code == 200
    assert client.get(board).status_code == 200
    assert "未召开" in content  # 溪翁庄镇 has not held its office meeting (Art 21)


def test_last_year_counts_nothing_of_this_year(client, staffed, district, worked):
    parent, viewer = district
    rows = oversight_rows(viewer, parent, timezone.localdate().year - 1)
    assert [cell.value for cell in rows[0].cells] == [0] * len(rows[0].cells)


def test_a_town_user_gets_404(client, staffed, district, users):
    parent, _viewer = district
    for username in ("director", "office_staff", "liaison-fulian"):
        client.force_login(users[username])
        assert client.get(reverse("committee:oversight", args=[parent.code])).status_code == 404
        assert client.get(reverse("committee:oversight_export", args=[parent.code])).status_code == 404
        # A town has no committees below it: no oversight page of its own.
        assert client.get(reverse("committee:oversight", args=[staffed.code])).status_code == 404


def test_queries_are_flat_in_the_number_of_towns(client, staffed, district, worked):
    parent, viewer = district
    client.force_login(viewer)
    url = reverse("committee:oversight", args=[parent.code])
    client.get(url)
    cache.clear()  # counted afresh each time, not read from the viewer's cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2):
        committee_make(f"town-{n}", f"镇{n}", parent)
    cache.clear()
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert len(response.context["rows"]) == 3
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]


@pytest.mark.parametrize("value", ["", "bogus", "-", "--name", "name;drop", "x" * 500, "-tasks_overdue__x"])
def test_an_unknown_sort_falls_back_to_the_name(client, district, value):
    parent, viewer = district
    client.force_login(viewer)
    response = client.get(reverse("committee:oversight", args=[parent.code]), {"sort": value})
    assert response.status_code == 200
    assert response.context["sort"] == "name"


@pytest.mark.parametrize("value", ["", "abc", "0", "1999", "99999", "2026.5", "-1", str(2**70)])
def test_an_unknown_year_falls_back_to_this_year(client, district, value):
    parent, viewer = district
    client.force_login(viewer)
    response = client.get(reverse("committee:oversight", args=[parent.code]), {"year": value})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_sorted_by_a_column_both_ways(client, staffed, district, worked):
    parent, viewer = district
    committee_make("aaa-town", "甲镇", parent)
    client.force_login(viewer)
    url = reverse("committee:oversight", args=[parent.code])
    most_first = client.get(url, {"sort": "-tasks_open"}).context["rows"]
    assert [row.committee.code for row in most_first] == [staffed.code, "aaa-town"]
    least_first = client.get(url, {"sort": "tasks_open"}).context["rows"]
    assert [row.committee.code for row in least_first] == ["aaa-town", staffed.code]


def test_the_export_has_the_rows(client, staffed, district, worked):
    parent, viewer = district
    committee_make("xitiaoying", "溪翁庄镇", parent)
    client.force_login(viewer)
    response = client.get(reverse("committee:oversight_export", args=[parent.code]), {"sort": "-tasks_overdue"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "委员会" and len(values) == 3
    assert values[1][0] == staffed.name and values[2][0] == "溪翁庄镇社区矫正委员会"
    overdue = next(i for i, header in enumerate(values[0]) if header.endswith("已逾期"))
    assert values[1][overdue] == 1


def test_a_city_row_for_a_district_counts_its_towns(staffed, district, worked, users):
    parent, _viewer = district
    city = committee_make("beijing", "北京市")
    Committee.objects.filter(pk=parent.pk).update(parent=city)
    user = get_user_model().objects.create_user("city-viewer")
    person = person_create(committee=city, name="市社区矫正管理局", user=user)
    appointment_make(committee=city, person=person, position=Position.VIEWER, start_date=datetime.date(2026, 1, 1))
    (row,) = oversight_rows(user, city, timezone.localdate().year)
    assert row.committee == parent and row.has_children
    assert row.value("tasks_open") == 2 and row.value("reports_accepted") == 1


def test_the_top_bar_offers_the_page_to_the_viewer_only(client, staffed, district, users):
    parent, viewer = district
    url = reverse("committee:oversight", args=[parent.code])
    client.force_login(viewer)
    assert url in client.get(reverse("home")).content.decode()
    assert url in client.get(parent.get_absolute_url()).content.decode()
    client.force_login(users["director"])
    assert url not in client.get(reverse("home")).content.decode()


def test_the_district_page_links_only_the_towns_the_reader_may_open(client, staffed, district):
    parent, viewer = district
    client.force_login(viewer)
    page = client.get(reverse("committee:detail", args=[parent.code])).content.decode()
    assert staffed.get_absolute_url() in page
    # The district's own director reads the district's page, not the towns' (oversight is the viewer's).
    director = get_user_model().objects.create_user("district-director")
    person = person_create(committee=parent, name="区主任", user=director)
    appointment_make(committee=parent, person=person, position=Position.DIRECTOR, start_date=datetime.date(2026, 1, 1))
    client.force_login(director)
    response = client.get(reverse("committee:detail", args=[parent.code]))
    assert response.status_code == 200
    assert staffed.get_absolute_url() not in response.content.decode()


def test_a_page_of_towns_at_a_time_sorted_over_all_of_them(client, staffed, district, worked, monkeypatch):
    from committee import views

    parent, viewer = district
    for n in range(3):
        committee_make(f"idle{n}", f"空白镇{n}", parent)
    monkeypatch.setattr(views, "OVERSIGHT_PAGE_SIZE", 2)
    client.force_login(viewer)
    url = reverse("committee:oversight", args=[parent.code])
    first = client.get(url, {"sort": "-tasks_open"})
    assert next(iter(first.context["rows"])).committee.code == staffed.code
    towns = Committee.objects.filter(parent=parent).count()
    pages = (towns + 1) // 2
    assert first.context["total"] == towns and f"第 1 / {pages} 页" in first.content.decode()
    last = client.get(url, {"sort": "-tasks_open", "page": pages})
    assert staffed.code not in [row.committee.code for row in last.context["rows"]]
    # The export has every town, whatever the page.
    book = load_workbook(BytesIO(client.get(reverse("committee:oversight_export", args=[parent.code])).content))
    assert book.active.max_row == 1 + towns


def test_the_counts_follow_a_write_at_once(client, staffed, district, worked, users):
    parent, viewer = district
    client.force_login(viewer)
    url = reverse("committee:oversight", args=[parent.code])

    def open_tasks():
        (row,) = [r for r in client.get(url).context["rows"] if r.committee == staffed]
        return row.value("tasks_open")

    before = open_tasks()
    assert open_tasks() == before  # the second visit is read from the cache
    task = FollowUpTask.objects.filter(committee=staffed).exclude(status="closed").first()
    duty_services.task_report_completion(by=users[f"liaison-{task.unit.code}"], task=task, text="完成")
    duty_services.task_close(by=users["office_staff"], task=task)
    assert open_tasks() == before - 1
