"""Part 2 of a report reads the follow-up tasks (督办事项) assigned to the unit in the report's year."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from duties.models import FollowUpTask, TaskStatus
from reports import services
from reports.selectors import follow_up_tasks_for


def _task(staffed, appointment_of, code: str, title: str, deadline: datetime.date, status=TaskStatus.OPEN):
    extra = {}
    if status != TaskStatus.OPEN:
        extra["reported_at"] = datetime.datetime(deadline.year, deadline.month, deadline.day, 9, tzinfo=datetime.UTC)
    if status == TaskStatus.CLOSED:
        extra |= {"closed_at": extra["reported_at"], "closed_by": appointment_of("office_director")}
    return FollowUpTask.objects.create(
        committee=staffed,
        unit=staffed.units.get(code=code),
        title=title,
        deadline=deadline,
        original_deadline=deadline,
        status=status,
        created_by=appointment_of("office_staff"),
        **extra,
    )


def test_the_selector_returns_the_units_tasks_of_that_year(staffed, appointment_of):
    year = 2026
    _task(staffed, appointment_of, "fulian", "开展家庭走访", datetime.date(year, 5, 1), TaskStatus.CLOSED)
    _task(staffed, appointment_of, "fulian", "建立帮扶台账", datetime.date(year, 9, 30))
    _task(staffed, appointment_of, "fulian", "上年度的事项", datetime.date(year - 1, 12, 31))
    _task(staffed, appointment_of, "gonghui", "别的单位的事项", datetime.date(year, 6, 1))
    tasks = follow_up_tasks_for(staffed.units.get(code="fulian"), year)
    assert [(t.title, t.status) for t in tasks] == [("开展家庭走访", "已办结"), ("建立帮扶台账", "办理中")]
    assert tasks[0].url == reverse("duties:task", kwargs={"pk": tasks[0].id})


def test_opening_prefills_part_2_and_later_tasks_can_be_added(
    staffed, appointment_of, open_cycle, report_of, users, login
):
    today = timezone.localdate()
    first = _task(staffed, appointment_of, "fulian", "开展家庭走访", today.replace(month=1, day=15), TaskStatus.CLOSED)
    cycle = open_cycle()
    report = report_of(cycle, "fulian")
    entries = list(report.task_entries.all())
    assert [(e.task_id, e.task_title, e.status_text) for e in entries] == [(first.pk, "开展家庭走访", "已办结")]
    assert not report_of(cycle, "gonghui").task_entries.exists()

    later = _task(staffed, appointment_of, "fulian", "补充心理辅导", today.replace(month=12, day=31))
    assert services.report_tasks_sync(by=users["liaison-fulian"], report=report) == 1
    assert services.report_tasks_sync(by=users["liaison-fulian"], report=report) == 0
    assert list(report.task_entries.values_list("task_id", flat=True)) == [first.pk, later.pk]

    # The snapshot stays as it was copied; the page links back to the live task.
    FollowUpTask.objects.filter(pk=first.pk).update(title="改名后的事项")
    html = login("liaison-fulian").get(report.get_absolute_url()).content.decode()
    assert "开展家庭走访" in html and reverse("duties:task", kwargs={"pk": first.pk}) in html


def test_the_unit_writes_its_account_of_each_task_and_it_is_kept_in_the_version(
    staffed, appointment_of, open_cycle, report_of, users, fill
):
    today = timezone.localdate()
    _task(staffed, appointment_of, "fulian", "开展家庭走访", today.replace(month=6, day=1))
    cycle = open_cycle(confirm=False)
    report = report_of(cycle, "fulian")
    entry = report.task_entries.get()
    fill(report, "liaison-fulian")
    report.refresh_from_db()
    services.report_save(
        by=users["liaison-fulian"],
        report=report,
        revision=report.revision,
        content=services.DraftContent(tasks={entry.pk: "走访四十户，形成报告一份"}),
    )
    report = services.report_submit(by=users["liaison-fulian"], report=report)
    task = report.versions.get().content["tasks"][0]
    assert task["title"] == "开展家庭走访" and task["status"] == "办理中"
    assert task["progress"] == "走访四十户，形成报告一份"


def test_without_the_follow_up_tasks_part_2_is_empty_but_works(staffed, appointment_of, open_cycle, monkeypatch):
    _task(staffed, appointment_of, "fulian", "开展家庭走访", timezone.localdate())

    def missing(app_label, model_name):
        raise LookupError(f"{app_label}.{model_name}")

    monkeypatch.setattr("reports.selectors.apps.get_model", missing)
    assert follow_up_tasks_for(staffed.units.get(code="fulian"), timezone.localdate().year) == []
    cycle = open_cycle()
    assert not cycle.reports.filter(task_entries__isnull=False).exists()


def test_the_accepted_pdf_lists_the_tasks_with_chinese_dates(
    staffed, appointment_of, open_cycle, report_of, users, to_office
):
    from .test_outputs import pdf_text_and_fonts, render

    _task(staffed, appointment_of, "fulian", "开展家庭走访", timezone.localdate().replace(month=6, day=1))
    cycle = open_cycle(confirm=False)
    report = to_office(report_of(cycle, "fulian"))
    services.report_accept(by=users["office_director"], report=report)
    render(report)
    report.refresh_from_db()
    text, _fonts = pdf_text_and_fonts(report.pdf_file.read())
    assert "开展家庭走访" in text and f"{timezone.localdate().year}年6月1日" in text.replace(" ", "")
