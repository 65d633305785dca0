"""Errors are the site's own pages, in the reader's language, with DEBUG off (as in production and `make run`):
404 (also for an object the user may not see), 403 with the reason, 500 without the database, 400."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def errors_urls(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"


def _english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_not_found_in_the_site_layout(errors_urls, login, staffed, users, language):
    from meetings.tests import factories as f

    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    hidden = f.task(users, decision, "gonghui")
    client = login("liaison-fulian")
    if language == "en":
        _english(client)
    for url in ("/no-such-page/", hidden.get_absolute_url()):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert 'id="main"' in page and "/static/vendor/bootstrap/bootstrap.min.css" in page  # the site's layout
        assert ("Page not found" if language == "en" else "页面不存在") in page
        assert "URLconf" not in page and "urlpatterns" not in page


def test_permission_denied_says_why(errors_urls, login):
    response = login("office_staff").get("/test-denied/")
    page = response.content.decode()
    assert response.status_code == 403 and "无权进行此操作" in page and "只有委员会办公室可以进行此项操作" in page
    page = _english(login("office_staff")).get("/test-denied/").content.decode()
    assert "Not allowed" in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_server_error_page_needs_no_database(errors_urls, client, language):
    client.raise_request_exception = False
    if language == "en":
        _english(client)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert ("Something went wrong" if language == "en" else "系统出错") in response.content.decode()
    with translation.override(language):  # no `db` fixture here: a query would fail the test
        assert "/static/vendor/bootstrap/bootstrap.min.css" in render_to_string("500.html")


def test_bad_request_page(errors_urls, client):
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory

    from committee.views import bad_request

    response = bad_request(RequestFactory().get("/"), SuspiciousOperation("bad"))
    assert response.status_code == 400 and "请求有误" in response.content.decode()


def test_make_run_serves_with_debug_off_at_the_port_it_prints(monkeypatch):
    spec = importlib.util.spec_from_file_location("run_local", ROOT / "scripts" / "run_local.py")
    run_local = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_local)
    assert run_local.child_env({})["DJANGO_DEBUG"] == "0"
    assert run_local.child_env({"DJANGO_DEBUG": "1"})["DJANGO_DEBUG"] == "1"
    makefile = (ROOT / "Makefile").read_text()
    assert "http://$(HOST):$(PORT)/" in makefile and "PORT ?= 8000" in makefile
