"""Follow-up tasks (督办) as services: assigned from decisions in effect, the unit's record, extensions, 办结."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Notification
from duties import services
from duties.models import ExtensionState, FollowUpTask, Signal, TaskStatus, UpdateKind
from duties.selectors import signal_q, summary_by_decision, summary_by_unit, summary_rows, unit_tasks_of_year
from meetings.models import MeetingKind
from meetings.tests import factories as f


@pytest.fixture
def decision(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed, kind=MeetingKind.PLENARY)
    return decision


def test_a_decision_in_effect_becomes_one_task_per_unit_and_the_units_are_told(staffed, users, decision):
    tasks = services.task_create(
        by=users["office_director"],
        decision=decision,
        units=[f.unit(staffed, "fulian"), f.unit(staffed, "gonghui")],
        title="开展联合走访",
        requirement="每月走访一次",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert [task.unit.code for task in tasks] == ["fulian", "gonghui"]
    assert all(task.decision == decision and task.status == TaskStatus.OPEN for task in tasks)
    for username in ("liaison-fulian", "head-fulian", "liaison-gonghui"):
        assert Notification.objects.filter(recipient__user=users[username], subject__startswith="督办事项").exists()
    assert list(decision.tasks.order_by("unit__sort_order")) == tasks


def test_tasks_only_from_decisions_in_effect_by_the_office(staffed, users):
    meeting = f.hold(users, f.schedule(users, staffed, starts_at=f.at(-1)))
    _minutes, (draft_decision,) = f.minutes_in_comments(users, meeting)
    with pytest.raises(ValidationError):
        f.task(users, draft_decision)
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    with pytest.raises(NotAllowed):
        services.task_create(
            by=users["liaison-fulian"],
            decision=decision,
            units=[f.unit(staffed, "fulian")],
            title="自己交办",
            deadline=timezone.localdate(),
        )
    with pytest.raises(ValidationError) as error:
        services.task_create(
            by=users["office_staff"],
            decision=decision,
            units=[f.unit(staffed, "fulian")],
            title="过去的期限",
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "deadline" in error.value.message_dict


def test_only_the_units_liaison_records_progress(staffed, users, decision):
    task = f.task(users, decision, "fulian")
    update = services.task_progress_add(
        by=users["liaison-fulian"], task=task, text="已走访3户", files=[f.checked(f.pdf("走访记录.pdf"))]
    )
    assert update.kind == UpdateKind.PROGRESS and update.acted.capacity == "以妇联联络员身份"
    attachment = update.attachments.get()
    assert attachment.original_name == "走访记录.pdf" and attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("duties/tasks/") and "走访" not in attachment.file.name
    for username in ("liaison-gonghui", "head-fulian", "office_staff"):
        with pytest.raises(NotAllowed):
            services.task_progress_add(by=users[username], task=task, text="代填")


def test_extension_granted_moves_the_deadline(staffed, users, decision):
    task = f.task(users, decision, "fulian", days=5)
    new_deadline = task.deadline + datetime.timedelta(days=30)
    with pytest.raises(ValidationError):
        services.task_extension_request(
            by=users["liaison-fulian"], task=task, requested_deadline=task.deadline, reason="再给点时间"
        )
    extension = services.task_extension_request(
        by=users["liaison-fulian"], task=task, requested_deadline=new_deadline, reason="需配合法院排期"
    )
    with pytest.raises(ValidationError):
        services.task_extension_request(
            by=users["liaison-fulian"], task=task, requested_deadline=new_deadline, reason="再申请一次"
        )
    with pytest.raises(NotAllowed):
        services.task_extension_decide(by=users["liaison-fulian"], extension=extension, grant=True)
    services.task_extension_decide(by=users["office_staff"], extension=extension, grant=True, note="同意")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert task.deadline == new_deadline and task.original_deadline == new_deadline - datetime.timedelta(days=30)
    assert extension.state == ExtensionState.GRANTED and extension.decided.capacity == "以办公室工作人员身份"


def test_extension_refused_needs_a_reason(staffed, users, decision):
    task = f.task(users, decision, "fulian", days=5)
    extension = services.task_extension_request(
        by=users["liaison-fulian"],
        task=task,
        requested_deadline=task.deadline + datetime.timedelta(days=3),
        reason="忙",
    )
    with pytest.raises(ValidationError):
        services.task_extension_decide(by=users["office_director"], extension=extension, grant=False, note="")
    services.task_extension_decide(by=users["office_director"], extension=extension, grant=False, note="按期完成")
    task.refresh_from_db()
    assert task.deadline == task.original_deadline
    assert Notification.objects.filter(recipient__user=users["liaison-fulian"], subject__startswith="延期申请未同意")


def test_completion_is_confirmed_by_the_office_or_sent_back(staffed, users, decision):
    task = f.task(users, decision, "fulian")
    services.task_extension_request(
        by=users["liaison-fulian"], task=task, requested_deadline=task.deadline + datetime.timedelta(days=9), reason="x"
    )
    services.task_report_completion(by=users["liaison-fulian"], task=task, text="已完成")
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED and task.signal() == Signal.REPORTED
    assert task.extension_requests.get().state == ExtensionState.WITHDRAWN
    with pytest.raises(ValidationError):
        services.task_progress_add(by=users["liaison-fulian"], task=task, text="还想补充")
    with pytest.raises(ValidationError):
        services.task_send_back(by=users["office_staff"], task=task, note="")
    services.task_send_back(by=users["office_staff"], task=task, note="请补充走访记录")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.reported_at is None
    services.task_report_completion(by=users["liaison-fulian"], task=task, text="已补充")
    with pytest.raises(NotAllowed):
        services.task_close(by=users["liaison-fulian"], task=task)
    task = services.task_close(by=users["office_director"], task=task)
    assert task.status == TaskStatus.CLOSED and task.closed.capacity == "以办公室主任身份"
    assert [u.kind for u in task.updates.order_by("pk")] == ["completion", "sent_back", "completion", "closed"]


def test_colours_on_track_due_soon_overdue_closed(staffed, users, decision):
    today = timezone.localdate()
    far, soon, late = (
        f.task(users, decision, code, days) for code, days in (("fulian", 10), ("gonghui", 3), ("sifasuo", 1))
    )
    FollowUpTask.objects.filter(pk=late.pk).update(deadline=today - datetime.timedelta(days=2))
    late.refresh_from_db()
    assert far.signal() == Signal.ON_TRACK and far.signal_tone == "success" and far.signal_label == "正常推进"
    assert soon.signal() == Signal.DUE_SOON and soon.signal_tone == "warning"
    assert soon.signal_label == "即将到期（还剩3天）"
    assert late.signal() == Signal.OVERDUE and late.signal_tone == "danger" and late.signal_label == "已逾期2天"
    annotated = dict(FollowUpTask.objects.with_signal().values_list("pk", "signal_code"))
    assert annotated == {far.pk: "on_track", soon.pk: "due_soon", late.pk: "overdue"}
    for signal in Signal:
        expected = {pk for pk, code in annotated.items() if code == signal}
        assert set(FollowUpTask.objects.filter(signal_q(signal)).values_list("pk", flat=True)) == expected


def test_summaries_by_unit_and_by_decision(staffed, users, decision):
    for code in ("fulian", "gonghui"):
        f.task(users, decision, code)
    rows = summary_by_unit(FollowUpTask.objects.all())
    assert [(row.label, row.total, row.counts["on_track"]) for row in rows] == [("妇联", 1, 1), ("工会", 1, 1)]
    (row,) = summary_rows(summary_by_decision(FollowUpTask.objects.all()))
    assert row.key == decision.pk and row.total == 2
    year = timezone.localtime(decision.meeting.starts_at).year
    assert len(summary_by_decision(FollowUpTask.objects.all(), year=year, text=decision.title[:2])) == 1
    assert not summary_by_decision(FollowUpTask.objects.all(), year=year - 1).exists()
    assert not summary_by_decision(FollowUpTask.objects.all(), text="没有这样的决定").exists()


def test_annual_report_part_two_reads_the_units_tasks_of_the_year(staffed, users, decision):
    task = f.task(users, decision, "fulian")
    assert list(unit_tasks_of_year(f.unit(staffed, "fulian"), task.deadline.year)) == [task]
    assert not unit_tasks_of_year(f.unit(staffed, "gonghui"), task.deadline.year).exists()
