"""Decisions that cascade (Art 5) in a real Chromium: the district office issues a document to the towns; 密云镇's
office signs for it and creates a follow-up task for a unit; the district viewer sees that town's row change."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents import services
from documents.models import Document
from documents.tests.cascade import district_for, pdf_done
from duties.models import FollowUpTask
from tests.browser import axe_violations, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())


def _cell(page, town: str, measure: str):
    return page.locator(f'tr[data-committee="{town}"] td[data-measure="{measure}"]')


def test_a_district_document_is_signed_for_and_followed_up_by_a_town(page_for, live_server, staffed, users):
    world = district_for(staffed)
    town = world.town.code

    viewer = page_for("cd-viewer")
    viewer.goto(f"{live_server.url}/c/{world.district.code}/oversight/")
    expect(_cell(viewer, town, "upper_received")).to_have_text("0")
    expect(_cell(viewer, town, "upper_tasks_created")).to_have_text("0")

    # The district office drafts the notice to the towns and sends it for review.
    office = page_for("cd-office")
    _accept_confirmations(office)
    office.goto(f"{live_server.url}/c/{world.district.code}/documents/new/")
    office.get_by_label("文种").select_option(label="通知")
    office.get_by_label("一般事项").check()
    office.get_by_label("标题").fill("关于开展社区矫正对象教育帮扶专项行动的通知")
    pick(office, "主送下级委员会", "密云镇")
    pick(office, "主送下级委员会", "溪翁庄镇")
    office.get_by_label("正文").fill("各镇社区矫正委员会要结合实际抓好落实。\n一、明确责任。各成员单位确定专人负责。")
    office.get_by_role("button", name="保存草稿").click()
    expect(office.get_by_role("alert")).to_contain_text("已保存草稿")
    expect(office.get_by_test_id("main-addressees")).to_contain_text("密云镇社区矫正委员会")
    office.get_by_role("button", name="送核稿").click()
    expect(office.get_by_role("alert")).to_contain_text("已送办公室主任核稿")

    # Reviewed and signed by the district's office director (the signing pages have their own browser tests).
    document = Document.objects.get(title="关于开展社区矫正对象教育帮扶专项行动的通知")
    services.document_review(by=world.users["cd-office-director"], document=document, forward=True)
    document = services.document_sign(by=world.users["cd-office-director"], document=document, opinion="发")
    pdf_done(document)

    office.goto(f"{live_server.url}{document.get_absolute_url()}")
    office.get_by_role("button", name="分发至收文单位").click()
    expect(office.get_by_role("alert")).to_contain_text("已分发")
    below = office.get_by_test_id("receipts-below")
    expect(below.locator(f'tr[data-committee="{town}"]')).to_contain_text("未签收")

    # 密云镇's office: the to-do, the receipt, a task for 妇联.
    town_office = page_for("office_staff")
    _accept_confirmations(town_office)
    todo = town_office.locator("section", has=town_office.get_by_role("heading", name="我的待办"))
    todo.get_by_role("link", name=re.compile(f"签收上级来文：{re.escape(document.doc_number)}")).click()
    expect(town_office.locator("h1")).to_contain_text("关于开展社区矫正对象教育帮扶专项行动的通知")
    card = town_office.get_by_test_id("upper-receipt")
    card.get_by_role("button", name="签收").click()
    expect(town_office.get_by_role("alert")).to_contain_text("已签收")
    assert not axe_violations(town_office)
    town_office.get_by_test_id("upper-receipt").get_by_role("link", name="交办督办事项").click()
    expect(town_office.locator("h1")).to_contain_text("交办督办事项")
    pick(town_office, "承办单位", "妇联")
    title = town_office.get_by_label("督办事项")
    title.fill("开展教育帮扶专项行动")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    town_office.get_by_label("办理期限").fill(deadline.isoformat())
    # What is sent is what was typed (the title is prefilled with the document's), and the form is still this one.
    expect(title).to_have_value("开展教育帮扶专项行动")
    expect(town_office.locator("h1")).to_contain_text("交办督办事项")
    town_office.get_by_role("button", name="交办").click()
    expect(town_office.get_by_role("alert")).to_contain_text("已交办1个单位")
    task = FollowUpTask.objects.get(title="开展教育帮扶专项行动")
    assert task.upper_document_id == document.pk and task.unit.code == "fulian"

    # The district viewer sees 密云镇's row change, and the other town's not.
    viewer.reload()
    expect(_cell(viewer, town, "upper_received")).to_have_text("1")
    expect(_cell(viewer, town, "upper_tasks_created")).to_have_text("1")
    expect(_cell(viewer, world.other.code, "upper_received")).to_have_text("0")
    assert not axe_violations(viewer)

    # ...and the district office the same on its document.
    office.reload()
    row = office.get_by_test_id("receipts-below").locator(f'tr[data-committee="{town}"]')
    expect(row).to_contain_text("已签收")
    expect(row.locator('td[data-column="tasks_created"]')).to_have_text("1")
