"""axe-core in a real Chromium: labels, contrast, landmarks on the foundation's pages."""

from __future__ import annotations

import pytest

from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("director", "/"),
    ("office_staff", "/c/miyun-town/"),
    ("office_staff", "/c/miyun-town/units/"),
    ("liaison-fulian", "/c/miyun-town/units/fulian/"),
    ("liaison-fulian", "/c/miyun-town/units/fulian/change/"),
    ("head-fulian", "/c/miyun-town/rules/"),
    ("director", "/c/miyun-town/delegations/"),
    ("office_director", "/c/miyun-town/history/"),
    ("office_director", "/c/miyun-town/unit-proposals/new/"),
    ("liaison-fulian", "/inbox/settings/"),
]


def test_pages_have_no_serious_accessibility_problems(page_for, live_server):
    problems = []
    pages = {}
    for username, path in PAGES:
        if username not in pages:
            pages[username] = page_for(username)
        page = pages[username]
        page.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {p}" for p in axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_login_page_is_accessible(chromium, live_server):
    page = chromium.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert not axe_violations(page)
    page.close()
