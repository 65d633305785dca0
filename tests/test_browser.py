"""The main workflows in a real Chromium, as the role that does them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_staff_opens_the_committee_and_a_unit(page_for, live_server):
    page = page_for("office_staff")
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    page.get_by_role("link", name="委员会", exact=True).click()
    expect(page.get_by_role("heading", name="北京市密云区密云镇社区矫正委员会")).to_be_visible()
    expect(page.get_by_text("议事协调机构（第二条）")).to_be_visible()
    # The member units' table (the charts of the year below it carry tables of their own).
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(14)
    page.get_by_role("link", name="公安分局西滨河派出所").click()
    expect(page).to_have_url(re.compile(r"/units/xibinhe-police/$"))
    expect(page.get_by_role("heading", name="第八条")).to_be_visible()
    expect(page.get_by_text("执行人民法院作出的逮捕决定", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="变更记录")).to_be_visible()


def test_director_delegates_and_the_deputy_sees_the_powers(page_for, live_server):
    director = page_for("director")
    director.goto(f"{live_server.url}/c/miyun-town/delegations/")
    director.get_by_label("受委托的副主任").select_option(label="李振华（镇党委委员、武装部长）")
    director.get_by_label("主持会议").check()
    director.get_by_label("签发重要事项公文").check()
    director.get_by_label("委托事由").fill("主任赴市里参加培训期间")
    director.get_by_role("button", name="登记委托").click()
    expect(director.get_by_role("alert")).to_contain_text("已登记第")
    expect(director.locator("table").first).to_contain_text("李振华")

    deputy = page_for("deputy1")
    todo = deputy.locator("section", has=deputy.get_by_role("heading", name="我的待办"))
    expect(todo).to_contain_text("您受主任委托")
    expect(todo).to_contain_text("主持会议、签发重要事项公文")
    powers = deputy.locator("section", has=deputy.get_by_role("heading", name="我此刻可以行使的职权"))
    expect(powers).to_contain_text("主持会议")
    expect(powers).to_contain_text("以副主任身份（第")
    expect(powers).not_to_contain_text("批准督导检查")


def test_liaison_pages_fit_a_phone(page_for, live_server):
    page = page_for("liaison-fulian", width=375)
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
