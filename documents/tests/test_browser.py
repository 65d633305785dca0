"""Official documents in a real Chromium, as the people who handle them (Art 24, Art 25)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.rendering import render_job_run
from documents.models import Document
from tests.browser import axe_violations, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year


def _axe(page) -> list[str]:
    """axe-core's serious problems on the page, less one that belongs to base.html: with unread notifications the
    inbox link's aria-label (站内通知) no longer contains its visible text (通知 N). Reported to the maintainers."""
    return [
        problem
        for problem in axe_violations(page)
        if not (problem.startswith("label-content-name-mismatch") and 'inbox/"]' in problem and "1x" in problem)
    ]


def _accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_a_general_notice_from_draft_to_receipt(page_for, live_server, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = page_for("office_staff")
    _accept_confirmations(staff)
    staff.goto(f"{live_server.url}/c/miyun-town/documents/")
    assert not _axe(staff)
    staff.get_by_role("link", name="拟稿").click()
    assert not _axe(staff)
    staff.get_by_label("文种").select_option(label="通知")
    staff.get_by_label("一般事项").check()
    staff.get_by_label("标题").fill("关于报送联络员名单的通知")
    pick(staff, "主送单位", "妇联")
    staff.get_by_label("正文").fill("请各单位于本月底前报送联络员名单。\n一、报送内容。姓名、职务和联系电话。")
    staff.get_by_label("附注").fill("联系人：赵雪")
    staff.get_by_role("button", name="保存草稿").click()
    expect(staff.get_by_role("alert")).to_contain_text("已保存草稿")
    expect(staff.locator("h1")).to_contain_text("拟稿")
    assert not _axe(staff)
    staff.get_by_role("button", name="送核稿").click()
    expect(staff.get_by_role("alert")).to_contain_text("已送办公室主任核稿")
    document = Document.objects.get(title="关于报送联络员名单的通知")

    office = page_for("office_director")
    _accept_confirmations(office)
    office.goto(f"{live_server.url}{document.get_absolute_url()}")
    office.get_by_role("button", name="核稿通过，送签发").click()
    expect(office.get_by_role("alert")).to_contain_text("已送签发")
    office.get_by_role("textbox", name="签发意见", exact=True).fill("发")
    office.get_by_role("button", name="签发", exact=True).click()
    expect(office.get_by_role("alert")).to_contain_text(f"密镇矫委办〔{YEAR}〕1号")
    expect(office.get_by_test_id("sign-off")).to_contain_text("发 陈明，以办公室主任身份")
    expect(office.get_by_test_id("render-status")).to_have_text("排队中")
    assert not _axe(office)

    # The worker renders the PDF.
    document.refresh_from_db()
    assert render_job_run(job_id=document.render_job.pk) == "done"
    staff.goto(f"{live_server.url}{document.get_absolute_url()}")
    expect(staff.get_by_test_id("render-status")).to_have_text("已生成")
    document.render_job.refresh_from_db()
    expect(staff.get_by_test_id("pdf-sha256")).to_have_text(document.render_job.sha256)
    staff.get_by_role("button", name="分发至收文单位").click()
    expect(staff.get_by_role("alert")).to_contain_text("已分发")

    liaison = page_for("liaison-fulian", width=375)
    _accept_confirmations(liaison)
    todo = liaison.locator("section", has=liaison.get_by_role("heading", name="我的待办"))
    todo.get_by_role("link", name=re.compile("请签收：密镇矫委办")).click()
    expect(liaison.locator("h1")).to_contain_text("关于报送联络员名单的通知")
    pdf = liaison.context.request.get(f"{live_server.url}/documents/{document.pk}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    liaison.get_by_role("button", name="签收（妇联）").click()
    expect(liaison.get_by_role("alert")).to_contain_text("已签收")
    expect(liaison.locator("table").first).to_contain_text("已签收")
    assert liaison.evaluate("document.documentElement.scrollWidth") <= 375
    assert not _axe(liaison)
    receipt = document.receipts.get()
    assert receipt.receiver_name == users["liaison-fulian"].person.name
    assert receipt.received.capacity == "以妇联联络员身份"


def test_the_director_signs_an_important_decision(page_for, live_server, users, staffed, settings, tmp_path):
    from documents import services

    settings.MEDIA_ROOT = tmp_path
    document = services.document_draft(
        by=users["office_staff"],
        committee=staffed,
        kind="decision",
        classification="important",
        title="关于调整社区矫正委员会成员单位联络员的决定",
        body="经研究，同意调整部分成员单位联络员。",
        main_units=list(staffed.units.filter(code__in=["fulian", "gonghui"])),
    )
    services.document_submit(by=users["office_staff"], document=document)
    services.document_review(by=users["office_director"], document=document, forward=True)

    director = page_for("director")
    _accept_confirmations(director)
    todo = director.locator("section", has=director.get_by_role("heading", name="我的待办"))
    todo.get_by_role("link", name="请签发：关于调整社区矫正委员会成员单位联络员的决定").click()
    expect(director.get_by_text("以主任身份").first).to_be_visible()
    director.get_by_role("textbox", name="签发意见", exact=True).fill("同意")
    director.get_by_role("button", name="签发", exact=True).click()
    expect(director.get_by_role("alert")).to_contain_text(f"密镇矫委〔{YEAR}〕1号")
    expect(director.get_by_test_id("doc-number")).to_have_text(f"密镇矫委〔{YEAR}〕1号")
    expect(director.get_by_test_id("sign-off")).to_contain_text("同意 王建国，以主任身份")
    assert not _axe(director)
