"""The API's documentation page in a real Chromium, under the site's Content-Security-Policy: Swagger UI loads from
the site's own static files, lists every operation, and a logged-in liaison tries one with their session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from api.tests.test_schema import OPERATIONS
from meetings.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_reads_the_docs_and_tries_the_task_list(page_for, live_server, users, staffed):
    _meeting, _minutes, (decision,) = factories.approved_meeting(users, staffed, kind="office", days=-10)
    factories.task(users, decision, "fulian", title="妇联落实的事项")
    page = page_for("liaison-fulian")
    problems, outside = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("request", lambda request: request.url.startswith(live_server.url) or outside.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    operations = page.locator(".opblock-summary")
    expect(operations.first).to_be_visible()
    assert operations.count() == OPERATIONS
    task_list = page.locator("#operations-tasks-tasks_list")
    task_list.locator(".opblock-summary").click()
    task_list.get_by_role("button", name="Try it out").click()
    task_list.get_by_role("button", name="Execute").click()
    status = task_list.locator(".live-responses-table tr.response .response-col_status").first
    expect(status).to_have_text(re.compile(r"^\s*200"))
    expect(task_list.locator(".live-responses-table")).to_contain_text("妇联落实的事项")
    assert not problems, problems
    assert not outside, outside
