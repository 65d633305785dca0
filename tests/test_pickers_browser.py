"""The searchable pickers (static/js/pickers.js) in a real Chromium: a list stays where the person left it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_list_does_not_come_back_after_the_person_has_chosen_and_moved_on(page_for, live_server, staffed):
    """Tom Select searches 300 ms after the last key by default. A person who typed 妇联, chose it at once and went on
    to the next field had that late search reopen the list and take the focus back: the rest of what they typed went
    into the picker, and the open list covered the button below."""
    staff = page_for("office_staff")
    staff.goto(f"{live_server.url}/c/{staffed.code}/tasks/new/")
    box = staff.get_by_role("combobox", name="承办单位", exact=True)
    box.click()
    box.press_sequentially("妇联")
    staff.locator(".ts-dropdown [data-selectable]", has_text="妇联").first.click()
    title = staff.get_by_label("督办事项")
    title.click()
    title.press_sequentially("开展教育帮扶", delay=80)  # about half a second of typing: past the late search
    staff.wait_for_timeout(400)  # ...and a moment more, in case it comes later still

    expect(staff.locator(".ts-dropdown").filter(visible=True)).to_have_count(0)
    expect(title).to_be_focused()
    expect(title).to_have_value("开展教育帮扶")
    chosen = staff.locator("#id_units").evaluate("select => [...select.selectedOptions].map(o => o.dataset.name)")
    assert chosen == ["妇联"]
