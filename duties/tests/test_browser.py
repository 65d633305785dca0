"""A supervision inspection (督导检查, Art 23) in a real Chromium: the office proposes it, picking the units to inspect
by typing; plans it, picking the team by name, post or unit; and records the whole checklist in one submission,
adding a row for a matter found outside it. axe-core checks the pages on the way."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from committee.models import Person
from duties import inspections_services as services
from duties.models import Inspection, InspectionFinding, InspectionItem, InspectionState
from tests.browser import axe_violations, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_picks_units_and_team_by_typing_and_records_the_checklist_at_once(page_for, live_server, users):
    staff = page_for("office_staff")
    staff.on("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("link", name="督导检查", exact=True).click()
    staff.get_by_role("link", name="提议督导检查").click()
    assert not axe_violations(staff)
    staff.get_by_label("检查事项类别").select_option(label="成员单位依法履职情况")
    staff.get_by_label("检查名称").fill("妇联、工会履职情况督导检查")
    pick(staff, "被检查单位", "妇联")
    liaison = Person.objects.get(user__username="liaison-gonghui").name
    pick(staff, "被检查单位", liaison, "工会")  # a unit is found by the name of its liaison too
    staff.get_by_label("提议理由").fill("了解两单位落实年度工作要点的情况")
    staff.get_by_role("button", name="提交提议").click()
    expect(staff.get_by_role("alert").first).to_contain_text("已提议")
    inspection = Inspection.objects.get(title="妇联、工会履职情况督导检查")
    assert sorted(inspection.target_units.values_list("code", flat=True)) == ["fulian", "gonghui"]

    services.inspection_decide(by=users["director"], inspection=inspection, approve=True)
    staff.reload()
    assert not axe_violations(staff)
    head = Person.objects.get(user__username="head-fulian").name
    pick(staff, "检查组成员", "妇联", head)  # people are found by their unit, and show their post
    pick(staff, "检查组成员", "陈明")
    today = timezone.localdate()
    staff.get_by_label("开始日期").fill(f"{today:%Y-%m-%d}")
    staff.get_by_label("结束日期").fill(f"{today:%Y-%m-%d}")
    staff.get_by_role("button", name="确定方案").click()
    expect(staff.get_by_role("alert").first).to_contain_text("检查方案已制定")
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.PLANNED
    assert sorted(inspection.team.values_list("user__username", flat=True)) == ["head-fulian", "office_director"]

    items = list(inspection.items.order_by("position"))
    staff.get_by_label("第1项检查结论").select_option(label="符合")
    staff.get_by_label("第2项检查结论").select_option(label="不符合")
    staff.get_by_label("第2项情况说明").fill("未按季度走访")
    staff.get_by_label("第3项检查结论").select_option(label="基本符合")
    staff.get_by_role("button", name="添加一行").click()  # by script: no round trip
    staff.get_by_label("新增第2项：被检查单位").select_option(label="工会")
    staff.get_by_label("新增第2项：检查内容").fill("矫正对象档案保管")
    staff.get_by_label("新增第2项：检查结论").select_option(label="不符合")
    staff.get_by_label("新增第2项：情况说明").fill("档案柜未上锁")
    assert not axe_violations(staff)
    staff.get_by_role("button", name="保存检查结论").click()
    # 第3项 needs its note: the page says so next to the field, and keeps every row as typed.
    expect(staff.locator(f"#item-{items[2].pk}")).to_contain_text("请写明存在的问题")
    expect(staff.get_by_label("第2项情况说明")).to_have_value("未按季度走访")
    expect(staff.get_by_label("新增第2项：检查内容")).to_have_value("矫正对象档案保管")
    assert not InspectionFinding.objects.exists()
    staff.get_by_label("第3项情况说明").fill("台账不全")
    staff.get_by_role("button", name="保存检查结论").click()
    expect(staff.get_by_role("alert").first).to_contain_text("已保存检查结论，4项有变动")
    found = dict(InspectionFinding.objects.values_list("item__position", "result"))
    assert {found[1], found[2], found[3]} == {"met", "not_met", "partly"}
    added = InspectionItem.objects.get(inspection=inspection, text="矫正对象档案保管")
    assert added.unit.code == "gonghui" and added.finding.note == "档案柜未上锁"
