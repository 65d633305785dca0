"""API keys: issued once by the system administrator, kept as a digest, refused once revoked or when the login is
deactivated; a key grants what its login holds, no more."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from api.models import ApiToken, key_digest
from api.services import api_token_issue

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def bearing(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_command_issues_a_key_shown_once_and_kept_as_a_digest(users):
    key = command("issue", "liaison-fulian", "--name", "区社区矫正信息平台").strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (users["liaison-fulian"], "区社区矫正信息平台", key[:8])
    assert token.key_digest == key_digest(key) and key not in str(ApiToken.objects.values().get())
    response = bearing(key).get("/api/v1/units/")
    assert response.status_code == 200 and response.json()["count"] == 14
    listing = command("list")
    assert token.prefix in listing and "liaison-fulian" in listing and "active" in listing


def test_a_revoked_key_or_a_deactivated_login_is_refused(users):
    first, first_key = api_token_issue(user=users["liaison-fulian"], name="平台甲")
    _second, second_key = api_token_issue(user=users["liaison-fulian"], name="平台乙")
    assert "Revoked 1 key(s)." in command("revoke", first.prefix)
    refused = bearing(first_key).get("/api/v1/units/")
    assert refused.status_code == 401 and refused.json() == {"detail": "令牌无效或已作废。"}
    # Each calling system's key is its own: the other one still works.
    assert bearing(second_key).get("/api/v1/units/").status_code == 200
    user = users["liaison-fulian"]
    user.is_active = False
    user.save()
    assert bearing(second_key).get("/api/v1/units/").json() == {"detail": "该令牌所属的登录账号已停用。"}
    command("revoke", "--all", "liaison-fulian")
    assert ApiToken.objects.active().count() == 0


# A header's bytes reach Django decoded as Latin-1 (PEP 3333): UTF-8 text arrives as such characters.
UTF8_AS_RECEIVED = "令牌".encode().decode("latin-1")


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token not-a-key", f"Token {UTF8_AS_RECEIVED}"])
def test_odd_authorization_headers_are_401(users, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/units/").status_code == 401


def test_the_command_refuses_what_it_cannot_do(users):
    with pytest.raises(CommandError, match="No login"):
        command("issue", "nobody", "--name", "平台")
    with pytest.raises(CommandError, match="用途"):
        command("issue", "liaison-fulian", "--name", "  ")
    with pytest.raises(CommandError, match="prefix"):
        command("revoke")
    with pytest.raises(CommandError, match="No key"):
        command("revoke", "zzzzzzzz")


def test_a_key_grants_what_its_login_holds_and_no_more(users):
    admin = get_user_model().objects.create_superuser("api-admin")
    _token, key = api_token_issue(user=admin, name="管理员的脚本")
    # The system administrator keeps the system and has no say in the committee's affairs (DESIGN: roles).
    assert bearing(key).get("/api/v1/committees/").json()["count"] == 0


def test_the_last_use_is_recorded(users):
    token, key = api_token_issue(user=users["office_staff"], name="平台")
    assert token.last_used_at is None
    bearing(key).get("/api/v1/committees/")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_administrator_revokes_keys_in_the_admin(users):
    token, key = api_token_issue(user=users["office_staff"], name="平台")
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("api-admin"))
    page = admin.get("/admin/api/apitoken/")
    assert page.status_code == 200 and token.prefix in page.content.decode()
    assert admin.get("/admin/api/apitoken/add/").status_code == 403
    admin.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearing(key).get("/api/v1/committees/").status_code == 401
