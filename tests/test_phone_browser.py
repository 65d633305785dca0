"""A liaison's working day on a phone (390 px wide): the work bench with its charts, the annual report form, a
task's progress and the 签收 of a document. No page scrolls sideways; axe-core finds nothing serious."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.tests.conftest import Documents
from duties.models import FollowUpTask
from meetings.tests import factories as f
from reports import services as report_services
from reports.models import AnnualReport
from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


def _axe(page) -> list[str]:
    """As documents/tests/test_browser.py: less base.html's inbox link label with unread notifications."""
    return [
        problem
        for problem in axe_violations(page)
        if not (problem.startswith("label-content-name-mismatch") and 'inbox/"]' in problem and "1x" in problem)
    ]


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} is {width}px wide"
    assert not _axe(page), page.url


def test_a_liaisons_day_on_a_phone(page_for, live_server, users, staffed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    task = f.task(users, decision, code="fulian", days=5, title="开展重点时段联合排查")
    report_services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        requires_head_confirmation=True,
    )
    document = Documents(staffed, users).distributed(title="关于报送联络员名单的通知")

    liaison = page_for("liaison-fulian", width=PHONE)
    liaison.on("dialog", lambda dialog: dialog.accept())
    expect(liaison.get_by_role("heading", name="我的待办")).to_be_visible()
    expect(liaison.get_by_role("img", name="督办事项：按单位和办理状态")).to_be_visible()
    liaison.get_by_text("查看数据表").first.click()
    _fits(liaison)

    # The annual report form: fill part 1 and save.
    report = AnnualReport.objects.get(cycle__committee=staffed, unit__code="fulian")
    liaison.goto(f"{live_server.url}{report.get_absolute_url()}")
    _fits(liaison)
    liaison.locator("#part-1 textarea").first.fill("已按职责开展工作")
    liaison.get_by_role("button", name="保存草稿").click()
    expect(liaison.get_by_role("alert").first).to_be_visible()
    _fits(liaison)

    # A task's progress.
    liaison.goto(f"{live_server.url}{task.get_absolute_url()}")
    _fits(liaison)
    liaison.get_by_label("办理进展").fill("已完成第一轮排查。")
    liaison.get_by_role("button", name="提交进展").click()
    expect(liaison.get_by_role("alert").first).to_be_visible()
    assert FollowUpTask.objects.get(pk=task.pk).updates.filter(text="已完成第一轮排查。").exists()
    _fits(liaison)

    # 签收 of a document from the to-do list.
    liaison.goto(f"{live_server.url}/")
    todo = liaison.locator("section", has=liaison.get_by_role("heading", name="我的待办"))
    todo.get_by_role("link", name=re.compile("请签收")).first.click()
    expect(liaison.locator("h1")).to_contain_text(document.title)
    _fits(liaison)
    liaison.get_by_role("button", name="签收（妇联）").click()
    expect(liaison.get_by_role("alert")).to_contain_text("已签收")
    _fits(liaison)
