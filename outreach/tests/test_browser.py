"""工作动态 to a signed 简报, and a 表彰 to a signed 决定, in a real Chromium, as the people who do them."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outreach.models import Bulletin, Commendation, WorkUpdate
from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year
PHONE = 390


def _axe(page) -> list[str]:
    """As documents/tests/test_browser.py: less the inbox link's label mismatch with unread notifications."""
    return [
        problem
        for problem in axe_violations(page)
        if not (problem.startswith("label-content-name-mismatch") and 'inbox/"]' in problem)
    ]


def _fits(page) -> None:
    """Nothing on a phone-sized page runs off to the right."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


def _confirming(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _sign_as_office(page_for, live_server, document, signer: str, number_prefix: str):
    staff = _confirming(page_for("office_staff"))
    staff.goto(f"{live_server.url}{document.get_absolute_url()}")
    staff.get_by_role("button", name="送核稿").click()
    expect(staff.get_by_role("alert")).to_contain_text("已送办公室主任核稿")
    office = _confirming(page_for("office_director"))
    office.goto(f"{live_server.url}{document.get_absolute_url()}")
    office.get_by_role("button", name="核稿通过，送签发").click()
    expect(office.get_by_role("alert")).to_contain_text("已送签发")
    signing = office if signer == "office_director" else _confirming(page_for(signer))
    signing.goto(f"{live_server.url}{document.get_absolute_url()}")
    signing.get_by_role("textbox", name="签发意见", exact=True).fill("发")
    signing.get_by_role("button", name="签发", exact=True).click()
    expect(signing.get_by_role("alert")).to_contain_text(number_prefix)
    return signing


def test_a_liaison_posts_an_update_on_a_phone_and_the_office_issues_a_briefing_from_it(
    page_for, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    liaison = _confirming(page_for("liaison-fulian", width=PHONE))
    liaison.goto(f"{live_server.url}/c/miyun-town/updates/")
    _fits(liaison)
    assert not _axe(liaison)
    liaison.get_by_role("link", name="报送工作动态").click()
    _fits(liaison)
    assert not _axe(liaison)
    liaison.get_by_label("类别").select_option(label="教育帮扶")
    liaison.get_by_label("标题").fill("组织社区矫正对象参加法治讲座")
    liaison.get_by_label("内容").fill("邀请镇司法所干部讲授《社区矫正法》，8名社区矫正对象参加。")
    liaison.locator("#id_files").set_input_files(
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": _png()}]
    )
    liaison.get_by_role("button", name="报送").click()
    expect(liaison.get_by_role("alert")).to_contain_text("工作动态已报送")
    expect(liaison.locator("h1")).to_contain_text("组织社区矫正对象参加法治讲座")
    expect(liaison.get_by_role("link", name="现场.png")).to_be_visible()
    _fits(liaison)
    assert not _axe(liaison)
    update = WorkUpdate.objects.get(title="组织社区矫正对象参加法治讲座")

    staff = _confirming(page_for("office_staff"))
    staff.goto(f"{live_server.url}{update.get_absolute_url()}")
    assert not _axe(staff)
    staff.get_by_role("link", name="标记为典型经验或问题").click()
    assert not _axe(staff)
    staff.get_by_label("典型经验").check()
    staff.get_by_label("要点").fill("以案释法，对象参与度高。")
    staff.get_by_role("button", name="标记", exact=True).click()
    expect(staff.get_by_role("alert")).to_contain_text("已标记")
    staff.goto(f"{live_server.url}/c/miyun-town/highlights/")
    assert not _axe(staff)
    staff.goto(f"{live_server.url}/c/miyun-town/bulletins/")
    assert not _axe(staff)
    staff.get_by_role("link", name="编辑工作简报").click()
    assert not _axe(staff)
    staff.get_by_label("期数").fill(f"{YEAR}年第1期")
    staff.get_by_label("组织社区矫正对象参加法治讲座", exact=False).check()
    staff.get_by_role("button", name="保存").click()
    expect(staff.get_by_role("alert")).to_contain_text("已保存")
    expect(staff.get_by_text("（一）妇联：组织社区矫正对象参加法治讲座。")).to_be_visible()
    assert not _axe(staff)
    staff.get_by_role("button", name="拟制公文").click()
    expect(staff.get_by_role("alert")).to_contain_text("已拟制公文")
    briefing = Bulletin.objects.get()
    signed = _sign_as_office(page_for, live_server, briefing.document, "office_director", f"密镇矫委办〔{YEAR}〕")
    expect(signed.get_by_test_id("records-link")).to_have_text(briefing.title)


def test_a_commendation_from_proposal_to_the_signed_decision(page_for, live_server, users):
    liaison = _confirming(page_for("liaison-fulian", width=PHONE))
    liaison.goto(f"{live_server.url}/c/miyun-town/commendations/")
    assert not _axe(liaison)
    liaison.get_by_role("link", name="推荐表彰").click()
    _fits(liaison)
    assert not _axe(liaison)
    liaison.get_by_label("个人").check()
    liaison.locator("#id_nominee").fill("王芳")
    liaison.get_by_label("所在单位或职务").fill("镇妇联干部")
    liaison.get_by_label("主要事迹").fill("三年来结对帮扶5名社区矫正对象，均顺利解矫。")
    liaison.get_by_role("button", name="推荐").click()
    expect(liaison.get_by_role("alert")).to_contain_text("已推荐")
    assert not _axe(liaison)
    commendation = Commendation.objects.get()

    director = _confirming(page_for("director"))
    director.goto(f"{live_server.url}{commendation.get_absolute_url()}")
    assert not _axe(director)
    director.locator("[data-step=decide]").get_by_label("意见").fill("同意表彰")
    director.get_by_role("button", name="决定表彰").click()
    expect(director.get_by_role("alert")).to_contain_text("委员会已决定表彰")

    staff = _confirming(page_for("office_staff"))
    staff.goto(f"{live_server.url}{commendation.get_absolute_url()}")
    staff.get_by_role("button", name="拟制表彰决定").click()
    expect(staff.get_by_role("alert")).to_contain_text("已拟制表彰决定")
    commendation.refresh_from_db()
    signed = _sign_as_office(page_for, live_server, commendation.document, "director", f"密镇矫委〔{YEAR}〕")
    signed.goto(f"{live_server.url}/c/miyun-town/commendations/")
    expect(signed.get_by_role("table")).to_contain_text("王芳")
    expect(signed.get_by_role("table")).to_contain_text(f"密镇矫委〔{YEAR}〕")


def _png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
