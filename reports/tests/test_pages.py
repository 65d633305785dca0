"""The report pages: who sees what (a unit never another unit's report), attachments, to-dos, query budgets."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from committee.todo import todo_for
from members.models import MemberUnit
from reports import services
from reports.models import ReportAttachment, ReportIssue
from tests.words import required_message

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _extra_units(committee, n: int) -> None:
    MemberUnit.objects.bulk_create(
        MemberUnit(
            committee=committee,
            code=f"extra-{i}",
            name=f"附加单位{i}",
            short_name=f"附加{i}",
            kind="regulator",
            joined_on=datetime.date(2026, 1, 1),
            sort_order=100 + i,
        )
        for i in range(n)
    )


def test_a_liaison_cannot_open_another_units_report_by_changing_the_url(cycle, report_of, login, users):
    theirs = report_of(cycle, "gonghui")
    attachment = services.attachment_add(
        by=users["liaison-gonghui"], report=theirs, upload=SimpleUploadedFile("台账.pdf", PDF)
    )
    client = login("liaison-fulian")
    for name, pk in [
        ("reports:report", theirs.pk),
        ("reports:report_pdf", theirs.pk),
        ("reports:diff", theirs.pk),
        ("reports:attachment", attachment.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for name, args in [
        ("reports:autosave", [theirs.pk]),
        ("reports:attachment_add", [theirs.pk]),
        ("reports:attachment_delete", [attachment.pk]),
        ("reports:step", [theirs.pk, "remind"]),
    ]:
        assert client.post(reverse(name, args=args), {"revision": 0}).status_code == 404, name
    issue = services.report_issue_add(by=users["liaison-gonghui"], report=theirs)
    assert client.get(reverse("reports:issue_followup", args=[issue.pk])).status_code == 404
    # Their own report opens; the board takes them to it.
    mine = report_of(cycle, "fulian")
    assert client.get(reverse("reports:report", args=[mine.pk])).status_code == 200
    board = client.get(reverse("reports:cycle", args=[cycle.pk]))
    assert board.status_code == 302 and board.url == mine.get_absolute_url()
    assert client.get(reverse("reports:cycle_issues", args=[cycle.pk])).status_code == 404
    listing = client.get(reverse("reports:cycles", args=["miyun-town"])).content.decode()
    assert "妇联" in listing and "镇工会" not in listing


def test_attachments_are_checked_by_content_and_kept_for_submitted_versions(cycle, report_of, login, users, fill):
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    url = reverse("reports:attachment_add", args=[report.pk])
    fake = client.post(url, {"file": SimpleUploadedFile("表格.pdf", "其实是文字".encode())}, follow=True)
    assert "不是允许的类型" in fake.content.decode()
    ok = client.post(url, {"file": SimpleUploadedFile("走访台账.pdf", PDF)}, follow=True)
    assert "已上传附件：走访台账.pdf" in ok.content.decode()
    attachment = ReportAttachment.objects.get(report=report)
    assert attachment.content_type == "application/pdf"
    assert "走访台账" not in attachment.file.name  # stored under a random name
    download = login("head-fulian").get(reverse("reports:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    fill(report, "liaison-fulian")
    services.report_submit(by=users["liaison-fulian"], report=report)
    services.report_send_back(by=users["head-fulian"], report=report, comment="附件换一份")
    client = login("liaison-fulian")
    client.post(reverse("reports:attachment_delete", args=[attachment.pk]))
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert report.versions.get().content["attachments"][0]["name"] == "走访台账.pdf"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "没有附件。" in page
    assert login("office_staff").get(reverse("reports:attachment", args=[attachment.pk])).status_code == 200


def test_the_board_keeps_its_query_budget_with_fifty_units(
    staffed, open_cycle, login, django_assert_max_num_queries, report_of, to_office
):
    _extra_units(staffed, 50)
    cycle = open_cycle(deadline_in=5)
    assert cycle.reports.count() == 64
    to_office(report_of(cycle, "fulian"))
    client = login("office_staff")
    client.post(reverse("reports:step", args=[report_of(cycle, "extra-7").pk, "remind"]))
    # Built afresh (nothing kept since the reminder), with the queries that find when the clock next changes it.
    with django_assert_max_num_queries(23):
        page = client.get(reverse("reports:cycle", args=[cycle.pk])).content.decode()
    assert "附加单位49" in page and "妇联" in page
    assert page.count('class="badge text-bg-') >= 64
    with django_assert_max_num_queries(23):
        filtered = client.get(reverse("reports:cycle", args=[cycle.pk]) + "?state=submitted&ordering=-submitted")
    assert filtered.context["count"] == 1
    waiting = client.get(reverse("reports:cycle", args=[cycle.pk]) + "?stage=office")
    assert waiting.context["count"] == 1
    with_units = client.get(reverse("reports:cycle", args=[cycle.pk]) + "?stage=unit&late=false")
    assert with_units.context["count"] == 63
    with django_assert_max_num_queries(14):
        client.get(reverse("reports:cycle_export", args=[cycle.pk]))
    with django_assert_max_num_queries(14):
        client.get(reverse("reports:cycles", args=["miyun-town"]))


def test_the_issue_list_keeps_its_query_budget(
    cycle, report_of, users, to_office, login, django_assert_max_num_queries
):
    for code in ("fulian", "gonghui", "tuanwei"):
        report = report_of(cycle, code)
        ReportIssue.objects.bulk_create(
            ReportIssue(report=report, position=i, kind="problem", text=f"{code}问题{i}") for i in range(60)
        )
        to_office(report)
    issue = ReportIssue.objects.filter(report__unit__code="fulian").first()
    services.issue_follow_up(by=users["office_staff"], issue=issue, state="resolved", text="已办结")
    client = login("office_director")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("reports:cycle_issues", args=[cycle.pk]))
    assert response.context["count"] == 180
    assert "tuanwei问题0" in response.content.decode()  # units in their order, 50 a page
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:cycle_issues", args=[cycle.pk]) + "?kind=problem&follow_up_state=resolved&page=1")


def test_report_page_budget_does_not_grow_with_entries(cycle, report_of, users, login, django_assert_max_num_queries):
    report = report_of(cycle, "fulian")
    client = login("liaison-fulian")
    with django_assert_max_num_queries(30):
        client.get(report.get_absolute_url())
    ReportIssue.objects.bulk_create(ReportIssue(report=report, position=i, text=f"问题{i}") for i in range(80))
    with django_assert_max_num_queries(30):
        page = client.get(report.get_absolute_url()).content.decode()
    assert "问题79" in page


def test_work_bench_items_for_each_role(cycle, report_of, users, staffed, fill):
    titles = lambda username: [item.title for item in todo_for(users[username], staffed)]  # noqa: E731
    assert any("填报" in t and "年度书面报告" in t for t in titles("liaison-fulian"))
    report = report_of(cycle, "fulian")
    fill(report, "liaison-fulian")
    services.report_submit(by=users["liaison-fulian"], report=report)
    assert any("确认本单位" in t for t in titles("head-fulian"))
    assert not any("填报" in t for t in titles("liaison-fulian"))
    services.report_confirm(by=users["head-fulian"], report=report)
    assert any("1份年度报告待审核" in t for t in titles("office_director"))
    assert any("1份年度报告待审阅" in t for t in titles("office_staff"))
    assert any("13个单位尚未报送" in t for t in titles("office_staff"))
    assert not any("年度报告" in t for t in titles("director"))


def test_pages_render_for_the_office(cycle, login, report_of, to_office, users):
    client = login("office_staff")
    new = client.get(reverse("reports:cycle_new", args=["miyun-town"])).content.decode()
    assert "开通年度书面报告报送" in new and "14,3" in new
    assert new.count('type="checkbox" name="units"') == 14
    to_office(report_of(cycle, "fulian"))
    board = client.get(cycle.get_absolute_url()).content.decode()
    for text in ("报送截止日期", "截止前14天", "逾期后每周一次", "导出Excel", "问题和建议", "年度履职情况汇编"):
        assert text in board, text


def test_opening_from_the_form_keeps_what_was_typed_on_error(staffed, login):
    client = login("office_staff")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("reports:cycle_new", args=["miyun-town"]),
        {"year": 2027, "deadline": yesterday.isoformat(), "remind_days_before": "14,x", "units": []},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "只能填写数字和逗号。" in page
    assert required_message() in page
    ok = client.post(
        reverse("reports:cycle_new", args=["miyun-town"]),
        {
            "year": 2027,
            "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "remind_days_before": "21，7",
            "remind_weekly_after": "on",
            "units": list(staffed.units.filter(code__in=["fulian", "gonghui"]).values_list("pk", flat=True)),
        },
    )
    assert ok.status_code == 302
    cycle = staffed.report_cycles.get(year=2027)
    assert cycle.reminder_days == [21, 7] and not cycle.requires_head_confirmation
    assert cycle.reports.count() == 2


@pytest.mark.parametrize("username", ["director", "liaison-fulian", "head-fulian"])
def test_opening_is_refused_to_others_with_the_reason(staffed, login, username):
    response = login(username).get(reverse("reports:cycle_new", args=["miyun-town"]), follow=True)
    assert "只有委员会办公室的人员可以办理委员会日常工作。" in response.content.decode()
