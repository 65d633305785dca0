"""Content-Security-Policy (no inline script or style anywhere) and sessions that end: at browser close and
after SESSION_IDLE_MINUTES without a request."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.test import Client

from committee.middleware import LAST_SEEN_KEY
from tests.test_deployment import ROOT, production_env

TEMPLATE_DIRS = [Path(settings.BASE_DIR, "templates"), *Path(settings.BASE_DIR).glob("*/templates")]


def test_every_page_carries_a_policy_without_inline_script_or_style(login):
    response = login("office_staff").get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert Client().get("/accounts/login/")["Content-Security-Policy"] == policy


def test_no_template_has_inline_script_handlers_or_styles():
    """What the policy would block in a browser: inline <script> bodies, on…= handlers, style= and <style>.
    The PDF templates are WeasyPrint's and the e-mail templates a mail client's (which keeps only inline CSS);
    neither is ever served to a browser."""
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            if "pdf" in path.parts or "mail" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in (
                r"<script(?![^>]*\bsrc=)[^>]*>",
                r"\son[a-z]+\s*=",
                r"\sstyle\s*=",
                r"<style\b",
                "javascript:",
            ):
                if re.search(pattern, text):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {pattern}")
    assert offenders == []


def test_sessions_end_at_browser_close_and_after_the_idle_time(login, users):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_IDLE_SECONDS == 2 * 60 * 60
    client = login("office_staff")
    response = client.get("/")
    assert response.status_code == 200
    # No Expires / Max-Age: the cookie dies with the browser.
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not session_cookie["expires"] and not session_cookie["max-age"]
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_an_active_session_stays(login):
    client = login("office_staff")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5


def test_production_settings_keep_the_policy_and_the_session_limits():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_IDLE_SECONDS, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'], 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
        "'axes.middleware.AxesMiddleware' == s.MIDDLEWARE[-1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(), capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["True", "7200", "[\"'self'\"]", "True", "True"], result.stderr
    shorter = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(SESSION_IDLE_MINUTES="30"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert shorter.stdout.split()[1] == "1800"
