"""The report workflow in a real Chromium, as the people who do it; drafts that survive tabs and lost connections."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.models import AnnualReport, ReportState
from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report(staffed, users, *, confirm: bool) -> AnnualReport:
    cycle = services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        requires_head_confirmation=confirm,
    )
    return AnnualReport.objects.get(cycle=cycle, unit__code="fulian")


def _problems(page) -> list[str]:
    # The inbox link of base.html ("站内通知" around "通知 3") is not this capability's to fix.
    return [p for p in axe_violations(page) if not p.startswith("label-content-name-mismatch")]


def _accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_liaison_submits_office_returns_liaison_resubmits_office_director_accepts(
    page_for, live_server, staffed, users
):
    report = _report(staffed, users, confirm=False)
    url = f"{live_server.url}{report.get_absolute_url()}"

    liaison = page_for("liaison-fulian", width=375)
    _accept_dialogs(liaison)
    liaison.goto(url)
    duties = liaison.locator("textarea[name^=duty-]")
    for index in range(duties.count()):
        duties.nth(index).fill(f"第{index + 1}项：全年开展工作{index + 3}次。")
    liaison.get_by_role("textbox", name="三、重点工作落实情况").fill("开展家庭教育指导十二场。")
    expect(liaison.locator("#autosave-status")).to_contain_text("已自动保存")
    liaison.get_by_role("button", name="添加一条问题或建议").click()
    liaison.get_by_label("内容").fill("基层妇联干部对社区矫正业务不熟悉。")
    liaison.get_by_label("类别").select_option(label="存在问题")
    assert liaison.evaluate("document.documentElement.scrollWidth") <= 375
    assert not _problems(liaison)
    liaison.get_by_role("button", name="提交报告").click()
    expect(liaison.get_by_role("alert").first).to_contain_text("报告已提交")
    expect(liaison.locator("#main .badge").first).to_have_text("已报送")
    expect(liaison.get_by_role("button", name="提交报告")).to_have_count(0)

    office = page_for("office_staff")
    _accept_dialogs(office)
    office.goto(f"{live_server.url}{report.cycle.get_absolute_url()}")
    expect(office.locator("#board")).to_contain_text("已报送")
    assert not _problems(office)
    office.get_by_role("link", name="妇联", exact=True).click()
    office.get_by_label("退回意见").fill("第1项请补充走访人数。")
    office.get_by_role("button", name="退回修改").click()
    expect(office.get_by_role("alert").first).to_contain_text("报告已退回")

    liaison.goto(url)
    expect(liaison.get_by_role("alert").first).to_contain_text("第1项请补充走访人数。")
    liaison.locator("textarea[name^=duty-]").first.fill("第1项：全年开展工作3次，走访四十户。")
    liaison.get_by_role("button", name="提交报告").click()
    expect(liaison.locator("#main .badge").first).to_have_text("已重新报送")

    director = page_for("office_director")
    _accept_dialogs(director)
    director.goto(url)
    director.get_by_role("link", name="比较版本差异").click()
    expect(director.locator("section ins.diff-ins").first).to_contain_text("走访四十户")
    assert not _problems(director)
    director.go_back()
    director.get_by_role("button", name="审核通过").click()
    expect(director.get_by_role("alert").first).to_contain_text("报告已审核通过")
    expect(director.locator("#main .badge").first).to_have_text("已审核通过")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert [v.outcome for v in report.versions.order_by("number")] == ["returned", "accepted"]


def test_the_head_confirms_before_the_office_sees_it(page_for, live_server, staffed, users, fill):
    report = _report(staffed, users, confirm=True)
    fill(report, "liaison-fulian")
    services.report_submit(by=users["liaison-fulian"], report=report)
    head = page_for("head-fulian", width=375)
    _accept_dialogs(head)
    head.goto(f"{live_server.url}{report.get_absolute_url()}")
    assert not _problems(head)
    head.get_by_role("button", name="确认并报办公室").click()
    expect(head.get_by_role("alert").first).to_contain_text("已确认")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_second_tab_shows_the_conflict_instead_of_overwriting(page_for, live_server, staffed, users):
    report = _report(staffed, users, confirm=True)
    url = f"{live_server.url}{report.get_absolute_url()}"
    first = page_for("liaison-fulian")
    first.goto(url)
    second = first.context.new_page()
    second.goto(url)
    first.locator("textarea[name^=duty-]").first.fill("甲窗口写的")
    expect(first.locator("#autosave-status")).to_contain_text("已自动保存")
    second.locator("textarea[name^=duty-]").first.fill("乙窗口写的")
    conflict = second.locator("#autosave-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("其他窗口")
    entry = report.duty_entries.first()
    entry.refresh_from_db()
    assert entry.done_text == "甲窗口写的"
    # Still typing in the conflicted tab saves nothing until the user chooses.
    second.get_by_role("textbox", name="三、重点工作落实情况").fill("乙窗口继续写")
    second.wait_for_timeout(1200)
    report.refresh_from_db()
    assert report.key_work == ""
    second.get_by_role("button", name="以本页内容覆盖").click()
    expect(second.locator("#autosave-status")).to_contain_text("已自动保存")
    entry.refresh_from_db()
    report.refresh_from_db()
    assert entry.done_text == "乙窗口写的" and report.key_work == "乙窗口继续写"
    # The first tab, now stale, is told in turn and may load the newer content.
    first.get_by_role("textbox", name="三、重点工作落实情况").fill("甲窗口又写")
    expect(first.locator("#autosave-conflict")).to_be_visible()
    first.get_by_role("button", name="载入最新内容（放弃本页修改）").click()
    expect(first.get_by_role("textbox", name="三、重点工作落实情况")).to_have_value("乙窗口继续写")


def test_nothing_is_lost_on_a_lost_connection_or_a_closed_tab(page_for, live_server, staffed, users):
    report = _report(staffed, users, confirm=True)
    url = f"{live_server.url}{report.get_absolute_url()}"
    page = page_for("liaison-fulian")
    page.goto(url)
    page.context.set_offline(True)
    page.get_by_role("textbox", name="三、重点工作落实情况").fill("断网时写的内容")
    expect(page.locator("#autosave-status")).to_contain_text("网络中断")
    page.context.set_offline(False)
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    report.refresh_from_db()
    assert report.key_work == "断网时写的内容"

    # Typing and closing the tab at once, before the pause that triggers a save.
    page.get_by_role("textbox", name="三、重点工作落实情况").fill("关窗前最后一句")
    page.close(run_before_unload=True)
    context_page = page.context.new_page()
    context_page.goto(url)
    expect(context_page.get_by_role("textbox", name="三、重点工作落实情况")).to_have_value("关窗前最后一句")
    expect(context_page.locator("#autosave-status")).to_contain_text(re.compile("已自动保存|输入时自动保存"))
    context_page.wait_for_timeout(500)
    report.refresh_from_db()
    assert report.key_work == "关窗前最后一句"
