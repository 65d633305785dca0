from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from committee.demo import demo_people_create
from committee.models import Committee, Position
from committee.services import rules_load_with_parents

DEMO_PASSWORD = "test-pass-1234"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the rules (密云镇 and the district above it) and the demo people once per test database; each test
    rolls its own changes back."""
    with django_db_blocker.unblock():
        committee = rules_load_with_parents(data_dir=settings.COMMITTEE_RULES_DATA)
        demo_people_create(committee, DEMO_PASSWORD)


@pytest.fixture
def committee(db) -> Committee:
    # A transactional test before this one may have flushed the tables: load again then.
    found = Committee.objects.filter(code="miyun-town").first()
    return found or rules_load_with_parents(data_dir=settings.COMMITTEE_RULES_DATA)


@pytest.fixture
def staffed(committee) -> Committee:
    """The committee with the demo people in every position."""
    if not get_user_model().objects.filter(username="director").exists():
        demo_people_create(committee, DEMO_PASSWORD)
    return committee


@pytest.fixture
def users(staffed):
    """Logins by demo username: users['director'], users['liaison-sifasuo'], ..."""
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def appointment_of(staffed):
    def find(username: str, position: str | None = None):
        from committee.models import Appointment

        queryset = Appointment.objects.in_force().filter(person__user__username=username)
        if position:
            queryset = queryset.filter(position=position)
        return queryset.get()

    return find


@pytest.fixture
def login(client, users):
    def as_user(username: str):
        client.force_login(users[username])
        return client

    return as_user


@pytest.fixture
def delegate(staffed, users, appointment_of):
    """delegate('deputy1', ['chair'], days=30) records a delegation in force from a minute ago."""
    from committee.services import delegation_grant

    def grant(username: str, powers: list[str], *, start=None, days: int = 30):
        start = start or timezone.now() - datetime.timedelta(minutes=1)
        return delegation_grant(
            by=users["director"],
            committee=staffed,
            deputy=appointment_of(username, Position.DEPUTY),
            powers=powers,
            starts_at=start,
            ends_at=start + datetime.timedelta(days=days),
            reason="测试委托",
        )

    return grant


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session's browser tests."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure_system.sh test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_for(chromium, live_server, staffed, tmp_path):
    """page_for('office_staff') -> a logged-in Playwright page on the live server."""
    pages = []

    def open_as(username: str, *, width: int = 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        pages.append(page)
        return page

    yield open_as
    for page in pages:
        page.context.close()


@pytest.fixture(autouse=True)
def _chinese_first():
    """Each test starts in the site's language: a request made in English must not leave English active
    for the next test on the same worker."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
