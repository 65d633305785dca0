"""Login throttling (django-axes): a (login, address) pair is locked after LOGIN_FAILURE_LIMIT wrong passwords,
with the wait in words; the administrator unlocks in the admin, where the attempts are listed; the password
change form counts wrong old passwords the same way."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from conftest import DEMO_PASSWORD

LOGIN = "/accounts/login/"


def _try(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def admin_user(staffed):
    return get_user_model().objects.create_superuser("sysadmin", "sysadmin@localhost", "admin-pass-1234")


def test_wrong_passwords_lock_the_login_at_that_address(staffed):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "office_staff", "wrong").status_code == 200
    locked = _try(client, "office_staff", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"请在 {minutes} 分钟后再试" in page and "系统管理员" in page
    assert '<nav class="navbar' in page  # the site's own layout
    # The right password does not help while locked...
    assert _try(client, "office_staff", DEMO_PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the same login from another address, and another login from this one, are not locked.
    assert _try(Client(), "office_staff", DEMO_PASSWORD, address="10.0.0.2").status_code == 302
    assert _try(Client(), "office_director", DEMO_PASSWORD).status_code == 302


def test_the_lockout_reads_in_english_too(staffed):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _try(client, "office_staff", "wrong")
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()


def test_the_administrator_sees_the_attempts_and_unlocks(staffed, admin_user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(Client(), "office_staff", "wrong")
    assert _try(Client(), "office_staff", DEMO_PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "office_staff" in listing and "10.0.0.1" in listing
    assert "office_staff" in admin.get(reverse("admin:axes_accessfailurelog_changelist")).content.decode()
    assert AccessFailureLog.objects.filter(username="office_staff").count() == settings.AXES_FAILURE_LIMIT + 1
    attempt = AccessAttempt.objects.get(username="office_staff")
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert _try(Client(), "office_staff", DEMO_PASSWORD).status_code == 302


def test_wrong_old_passwords_on_the_change_form_count_too(staffed, users):
    client = Client()
    client.force_login(users["office_staff"])
    url = reverse("password_change")
    data = {"new_password1": "a-New-pass-9876", "new_password2": "a-New-pass-9876"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"old_password": "wrong", **data}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 200 and "旧密码" in response.content.decode()
    locked = client.post(url, {"old_password": "wrong", **data}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429 and "分钟后再试" in locked.content.decode()
    refused = client.post(url, {"old_password": DEMO_PASSWORD, **data}, REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    users["office_staff"].refresh_from_db()
    assert users["office_staff"].check_password(DEMO_PASSWORD)
    # The login page at that address is locked for this login as well.
    assert _try(Client(), "office_staff", DEMO_PASSWORD).status_code == 429


def test_the_right_old_password_changes_it(staffed, users):
    client = Client()
    client.force_login(users["office_staff"])
    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "a-New-pass-9876", "new_password2": "a-New-pass-9876"},
    )
    assert response.status_code == 302
    users["office_staff"].refresh_from_db()
    assert users["office_staff"].check_password("a-New-pass-9876")
