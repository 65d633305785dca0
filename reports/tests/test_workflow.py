"""Art 22 workflow: opening, drafting, submitting, confirming, returning, resubmitting, accepting — and who may."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Notification
from core.models import OutboxMessage, ReminderSent
from core.rendering import RENDER_TASK
from members.models import Duty, MemberUnit
from reports import services
from reports.models import AnnualReport, RenderStatus, ReportState, ReportVersion, VersionOutcome
from reports.reminders import DEADLINE
from tests.words import required_message

from .conftest import filled


def test_opening_creates_a_prefilled_report_per_active_unit_and_tells_liaison_and_head(cycle, staffed):
    units = list(MemberUnit.objects.filter(committee=staffed, is_active=True))
    assert cycle.reports.count() == len(units) == 14
    police = cycle.reports.get(unit__code="xibinhe-police")
    duties = Duty.objects.filter(unit=police.unit, is_active=True).order_by("item_number")
    entries = list(police.duty_entries.all())
    assert [e.duty_text for e in entries] == [d.text for d in duties]
    assert entries[0].duty_label == "第八条（1）"
    assert "执行人民法院作出的逮捕决定" in {e.duty_text for e in entries}
    subjects = Notification.objects.filter(recipient__user__username__in=["liaison-fulian", "head-fulian"])
    assert subjects.filter(subject__contains=f"请报送{cycle.year}年度履职情况书面报告").count() == 2
    opening = ReminderSent.objects.filter(kind=DEADLINE, key="opening", subject_id__in=cycle.reports.values("pk"))
    assert opening.values("subject_id").distinct().count() == 14
    assert cycle.opened.capacity == "以办公室工作人员身份"


def test_only_the_office_opens_a_cycle_and_once_a_year(staffed, users, open_cycle):
    with pytest.raises(NotAllowed):
        services.cycle_open(
            by=users["liaison-fulian"],
            committee=staffed,
            year=2030,
            deadline=timezone.localdate() + datetime.timedelta(days=5),
        )
    open_cycle()
    with pytest.raises(ValidationError) as excinfo:
        open_cycle()
    assert "已经开通" in str(excinfo.value)


def test_opening_for_chosen_units_only(staffed, users):
    units = list(MemberUnit.objects.filter(committee=staffed, code__in=["fulian", "gonghui"]))
    cycle = services.cycle_open(
        by=users["office_director"],
        committee=staffed,
        year=2031,
        deadline=timezone.localdate() + datetime.timedelta(days=9),
        units=units,
    )
    assert sorted(cycle.reports.values_list("unit__code", flat=True)) == ["fulian", "gonghui"]


def test_full_path_draft_submit_confirm_return_resubmit_accept(cycle, report_of, users, fill):
    report = report_of(cycle, "fulian")
    fill(report, "liaison-fulian", "第一稿")
    report = services.report_submit(by=users["liaison-fulian"], report=report)
    assert report.state == ReportState.AWAITING_CONFIRMATION
    assert report.submitted_at is None
    report = services.report_confirm(by=users["head-fulian"], report=report)
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_at is not None and not report.late

    report = services.report_return(by=users["office_staff"], report=report, comment="第一项请补充数据")
    assert report.state == ReportState.RETURNED
    first = report.versions.get(number=1)
    assert first.outcome == VersionOutcome.RETURNED and first.outcome_comment == "第一项请补充数据"
    assert first.handled.capacity == "以办公室工作人员身份"

    fill(report, "liaison-fulian", "第二稿")
    report = services.report_submit(by=users["liaison-fulian"], report=report)
    report = services.report_confirm(by=users["head-fulian"], report=report)
    assert report.state == ReportState.RESUBMITTED

    with pytest.raises(NotAllowed, match="办公室主任审核通过"):
        services.report_accept(by=users["office_staff"], report=report)
    report = services.report_accept(by=users["office_director"], report=report, comment="同意")
    assert report.state == ReportState.ACCEPTED
    assert report.accepted.capacity == "以办公室主任身份"
    assert report.pdf_status == RenderStatus.QUEUED
    assert OutboxMessage.objects.filter(task=RENDER_TASK, kwargs__job_id=report.render_job.pk).exists()
    versions = list(report.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content["duties"][0]["done"].startswith("第一稿")
    assert versions[1].content["duties"][0]["done"].startswith("第二稿")
    assert versions[1].outcome == VersionOutcome.ACCEPTED
    assert versions[1].confirmed.capacity == "以妇联成员（单位负责人）身份"


def test_without_head_confirmation_submission_goes_straight_to_the_office(open_cycle, report_of, users, fill):
    cycle = open_cycle(confirm=False)
    report = report_of(cycle, "gonghui")
    fill(report, "liaison-gonghui")
    report = services.report_submit(by=users["liaison-gonghui"], report=report)
    assert report.state == ReportState.SUBMITTED
    assert report.versions.get().confirmed_at is None


def test_head_may_send_the_report_back_to_the_liaison(cycle, report_of, users, fill):
    report = report_of(cycle, "fulian")
    fill(report, "liaison-fulian")
    services.report_submit(by=users["liaison-fulian"], report=report)
    with pytest.raises(ValidationError):
        services.report_send_back(by=users["head-fulian"], report=report, comment=" ")
    report = services.report_send_back(by=users["head-fulian"], report=report, comment="数据再核实")
    assert report.state == ReportState.DRAFT
    assert report.versions.get().outcome == VersionOutcome.SENT_BACK


TRANSITIONS = {
    # step: (who may, the state the report must be in first)
    "submit": ({"liaison-fulian"}, "draft"),
    "confirm": ({"head-fulian"}, "awaiting"),
    "return": ({"office_staff", "office_director"}, "with_office"),
    "accept": ({"office_director"}, "with_office"),
}
EVERYONE = [
    "director",
    "deputy1",
    "office_director",
    "office_staff",
    "liaison-fulian",
    "head-fulian",
    "liaison-gonghui",
    "head-gonghui",
]


@pytest.mark.parametrize("step", sorted(TRANSITIONS))
@pytest.mark.parametrize("username", EVERYONE)
def test_who_may_perform_each_transition(step, username, cycle, report_of, users, fill, delegate):
    # Even a deputy holding every delegable power has no say in unit reports.
    delegate("deputy1", ["chair", "decide", "approve_inspection", "sign"])
    allowed, before = TRANSITIONS[step]
    report = report_of(cycle, "fulian")
    fill(report, "liaison-fulian")
    if before in {"awaiting", "with_office"}:
        report = services.report_submit(by=users["liaison-fulian"], report=report)
    if before == "with_office":
        report = services.report_confirm(by=users["head-fulian"], report=report)
    call = {
        "submit": lambda: services.report_submit(by=users[username], report=report),
        "confirm": lambda: services.report_confirm(by=users[username], report=report),
        "return": lambda: services.report_return(by=users[username], report=report, comment="请修改"),
        "accept": lambda: services.report_accept(by=users[username], report=report),
    }[step]
    state = AnnualReport.objects.get(pk=report.pk).state
    if username in allowed:
        assert call().state != state
    else:
        with pytest.raises(NotAllowed):
            call()
        assert AnnualReport.objects.get(pk=report.pk).state == state


def test_a_submitted_report_is_locked_for_the_unit(cycle, report_of, users, fill, login):
    report = report_of(cycle, "fulian")
    fill(report, "liaison-fulian")
    report = services.report_submit(by=users["liaison-fulian"], report=report)
    with pytest.raises(services.ReportLocked):
        services.report_save(
            by=users["liaison-fulian"], report=report, revision=report.revision, content=filled(report, "改了")
        )
    client = login("liaison-fulian")
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert 'id="report-form"' not in page
    assert "提交报告" not in page
    response = client.post(reverse("reports:report", args=[report.pk]), {"op": "save", "revision": report.revision})
    assert response.status_code == 302
    follow = client.get(response.url).content.decode()
    assert "不能再修改" in follow
    assert not report.duty_entries.filter(done_text__contains="改了").exists()


def test_submission_needs_every_duty_item_and_key_work(cycle, report_of, users, login):
    report = report_of(cycle, "fulian")
    first = report.duty_entries.first()
    client = login("liaison-fulian")
    response = client.post(
        reverse("reports:step", args=[report.pk, "submit"]),
        {"revision": report.revision, f"duty-{first.pk}": "只填了第一项", "key_work": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写本项职责的履职情况。" in page
    assert "请填写重点工作落实情况。" in page
    assert "只填了第一项" in page  # what was typed is kept
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert not ReportVersion.objects.filter(report=report).exists()


def test_a_late_submission_is_marked_late(cycle, report_of, users, to_office):
    cycle.deadline = timezone.localdate() - datetime.timedelta(days=2)
    cycle.save(update_fields=["deadline"])
    report = to_office(report_of(cycle, "tuanwei"))
    assert report.late
    assert report.is_late()
    on_time = report_of(cycle, "fulian")
    assert on_time.is_late(), "not yet submitted after the deadline counts as late"
    assert not on_time.late


def test_the_liaison_posts_the_whole_form_to_submit(open_cycle, report_of, login):
    cycle = open_cycle(confirm=False)
    report = report_of(cycle, "gonghui")
    data = {"revision": report.revision, "key_work": "重点工作"}
    for entry in report.duty_entries.all():
        data[f"duty-{entry.pk}"] = "已落实"
    response = login("liaison-gonghui").post(reverse("reports:step", args=[report.pk, "submit"]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_problems_and_suggestions_are_separate_items_with_office_follow_up(cycle, report_of, users, login, to_office):
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    url = reverse("reports:report", args=[report.pk])
    client.post(url, {"op": "add_issue", "revision": report.revision})
    client.post(url, {"op": "add_issue", "revision": report.revision + 1})
    issues = list(report.issues.order_by("position"))
    assert len(issues) == 2
    report.refresh_from_db()
    services.report_save(
        by=users["liaison-fulian"],
        report=report,
        revision=report.revision,
        content=services.DraftContent(
            issues={issues[0].pk: ("problem", "帮扶资金不足"), issues[1].pk: ("suggestion", "建议建立季度联席会议")}
        ),
    )
    report = to_office(report)
    with pytest.raises(NotAllowed):
        services.issue_follow_up(by=users["liaison-fulian"], issue=issues[0], state="resolved", text="自己办结")
    office = login("office_staff")
    response = office.post(
        reverse("reports:issue_followup", args=[issues[1].pk]),
        {"follow_up_state": "in_progress", "follow_up_text": "已提交下次全体会议研究"},
    )
    assert response.status_code == 302
    issues[1].refresh_from_db()
    assert issues[1].follow_up_state == "in_progress"
    assert issues[1].followed_up.capacity == "以办公室工作人员身份"
    page = office.get(reverse("reports:cycle_issues", args=[cycle.pk])).content.decode()
    assert "帮扶资金不足" in page and "建议建立季度联席会议" in page and "已提交下次全体会议研究" in page
    mine = login("liaison-fulian").get(url).content.decode()
    assert "已提交下次全体会议研究" in mine


def test_office_returns_with_comment_from_the_page(cycle, report_of, login, to_office):
    report = to_office(report_of(cycle, "fulian"))
    client = login("office_staff")
    url = reverse("reports:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "退回修改" in page and "审核通过由办公室主任办理" in page
    step = reverse("reports:step", args=[report.pk, "return_to_unit"])
    response = client.post(step, {"return_to_unit-comment": ""})
    assert response.status_code == 200
    assert required_message() in response.content.decode()
    response = client.post(step, {"return_to_unit-comment": "请补充第三部分"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    liaison_page = login("liaison-fulian").get(url).content.decode()
    assert "请补充第三部分" in liaison_page
