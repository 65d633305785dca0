"""The meeting workflow in a real Chromium, each step by the role that does it: the office schedules an office
meeting, records attendance and drafts the minutes with a decision; the office director reviews; the chair
approves; the office assigns the decision to a unit; the unit's liaison reports progress from a phone."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from committee.models import Person
from duties.models import FollowUpTask
from meetings.models import Decision, Meeting, Minutes, MinutesState
from meetings.tests.factories import PDF
from tests.browser import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_office_meeting_from_schedule_to_the_liaisons_progress(page_for, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    started = timezone.localtime() - datetime.timedelta(hours=1)

    staff = accept_dialogs(page_for("office_staff"))
    staff.get_by_role("link", name="会议", exact=True).click()
    staff.get_by_role("link", name="安排会议").click()
    staff.get_by_label("会议类别").select_option(label="办公室会议")
    staff.get_by_label("会议名称").fill("年度委员会办公室会议")
    staff.get_by_label("开始时间").fill(f"{started:%Y-%m-%dT%H:%M}")
    staff.get_by_label("地点").fill("镇司法所会议室")
    staff.get_by_label("主持人").select_option(label="王建国（主任）")
    pick(staff, "邀请成员单位", "妇联")
    pick(staff, "邀请人员", "陈明")
    staff.get_by_role("button", name="安排会议").click()
    expect(staff.get_by_role("heading", name=re.compile("年度委员会办公室会议"))).to_be_visible()
    meeting = Meeting.objects.get(title="年度委员会办公室会议")

    staff.get_by_role("link", name="登记出席情况").click()
    staff.get_by_label("妇联：出席情况").select_option(label="代为出席")
    staff.get_by_label("妇联：代为出席人").fill("韩梅梅")
    staff.get_by_label("陈明：出席情况").select_option(label="出席")
    staff.get_by_role("button", name="保存出席情况").click()
    expect(staff.get_by_role("alert")).to_contain_text("出席情况已登记")
    expect(staff.locator("table").first).to_contain_text("代为出席（韩梅梅）")

    staff.get_by_role("link", name="会议纪要", exact=True).click()
    staff.get_by_label("纪要正文").fill("会议由主任王建国主持，研究了社区矫正对象家庭走访工作。")
    staff.get_by_role("button", name="保存草稿").click()
    staff.get_by_role("link", name="记录决定事项").click()
    staff.get_by_label("决定事项").fill("开展社区矫正对象家庭走访")
    staff.get_by_label("决定内容").fill("妇联会同司法所对女性社区矫正对象开展家庭走访。")
    staff.get_by_label("所履行的委员会职责（第五条）").select_option(index=4)
    staff.get_by_role("button", name="记录", exact=True).click()
    expect(staff.get_by_role("alert")).to_contain_text("已记录决定事项（第1项）")
    staff.get_by_role("button", name="送办公室主任审核").click()
    expect(staff.get_by_role("alert")).to_contain_text("纪要已送办公室主任审核")

    reviewer = accept_dialogs(page_for("office_director"))
    reviewer.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    reviewer.get_by_label("征求意见天数").fill("1")
    reviewer.get_by_role("button", name="审核通过，征求意见").click()
    expect(reviewer.get_by_role("alert")).to_contain_text("审核通过")

    # A day passes: the comment period is over.
    Minutes.objects.filter(meeting=meeting).update(comments_until=timezone.now() - datetime.timedelta(minutes=1))

    chair = accept_dialogs(page_for("director"))
    todo = chair.locator("section", has=chair.get_by_role("heading", name="我的待办"))
    expect(todo).to_contain_text("待批准纪要：年度委员会办公室会议")
    todo.get_by_role("link", name="待批准纪要：年度委员会办公室会议").click()
    chair.get_by_role("button", name="批准纪要").click()
    expect(chair.get_by_role("alert")).to_contain_text("纪要已批准")
    assert Minutes.objects.get(meeting=meeting).state == MinutesState.APPROVED
    decision = Decision.objects.get(meeting=meeting)
    assert decision.is_effective and decision.decided.capacity == "以主任身份"

    staff.goto(f"{live_server.url}{decision.get_absolute_url()}")
    staff.get_by_role("link", name="交办督办事项").click()
    liaison_name = Person.objects.get(user__username="liaison-fulian").name
    pick(staff, "承办单位", liaison_name, "妇联")  # a unit is found by the name of its liaison too
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    staff.get_by_label("办理期限").fill(f"{deadline:%Y-%m-%d}")
    staff.get_by_role("button", name="交办").click()
    expect(staff.get_by_role("alert")).to_contain_text("已交办1个单位")
    task = FollowUpTask.objects.get(decision=decision)
    expect(staff.locator("table").first).to_contain_text("正常推进")

    liaison = page_for("liaison-fulian", width=375)
    todo = liaison.locator("section", has=liaison.get_by_role("heading", name="我的待办"))
    todo.get_by_role("link", name="本单位督办：开展社区矫正对象家庭走访").click()
    expect(liaison).to_have_url(re.compile(rf"/tasks/{task.pk}/$"))
    liaison.get_by_label("办理进展").fill("已走访女性社区矫正对象家庭3户。")
    pdf = tmp_path / "走访记录.pdf"
    pdf.write_bytes(PDF)
    liaison.locator("#id_report_progress-files").set_input_files(str(pdf))
    liaison.get_by_role("button", name="提交进展").click()
    expect(liaison.get_by_role("alert")).to_contain_text("已记录办理进展")
    expect(liaison.get_by_role("link", name="走访记录.pdf")).to_be_visible()
    assert liaison.evaluate("document.documentElement.scrollWidth") <= 375
    assert task.updates.get().attachments.get().original_name == "走访记录.pdf"
