"""The live OpenAPI schema, and schemathesis against it: every operation, with a few generated requests each, as a
login that sees a committee's whole year; no answer is a server error and every documented answer matches its schema.

Derandomized (the same examples every run, so CI is stable) and small (a few examples per operation)."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.services import api_token_issue
from documents.tests.cascade import matrix_receipts

pytestmark = pytest.mark.django_db

OPERATIONS = 23  # 10 lists and their objects, and the three writes


@pytest.fixture
def api_key(world) -> str:
    """The office's key: it sees every unit's rows, drafts included; its writes are refused (403), as they should."""
    _token, key = api_token_issue(user=world.users["office_staff"], name="schemathesis")
    return key


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection open between requests (as Django's
    test client does): the rows the test made are seen, and rolled back after it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(api_key, wsgi_app):
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", wsgi_app, headers={"Authorization": f"Token {api_key}"}
    )


def test_the_schema_describes_every_endpoint(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "GET /api/v1/tasks/",
        "POST /api/v1/tasks/{id}/progress/",
        "POST /api/v1/receipts/{id}/receive/",
        "GET /api/v1/documents/{id}/",
        "GET /api/v1/upper-receipts/",
        "POST /api/v1/upper-receipts/{id}/receive/",
    }


# Each operation is run as its own Hypothesis test here rather than through `schemathesis.pytest.from_fixture`, whose
# test items use an attribute pytest 9.2 no longer has (`Node._nodeid`).
SETTINGS = hypothesis_settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_api_keeps_to_its_schema(world, api_schema, api_key):
    headers = {"Authorization": f"Token {api_key}"}
    # Generated ids rarely name a row: each object is also asked for with a real one, so that full answers (a task
    # with its record, a meeting with its decisions, a document with its receipts) are checked against the schema.
    pending, received = matrix_receipts(world.committee)
    real = {
        "/committees/{code}/": {"code": world.committee.code},
        "/units/{id}/": {"id": world.unit("fulian").pk},
        "/duties/{id}/": {"id": world.unit("fulian").duties.first().pk},
        "/meetings/{id}/": {"id": world.meeting.pk},
        "/decisions/{id}/": {"id": world.decision.pk},
        "/tasks/{id}/": {"id": world.tasks["fulian"].pk},
        "/tasks/{id}/progress/": {"id": world.tasks["fulian"].pk},
        "/reports/{id}/": {"id": world.cycle.reports.first().pk},
        "/documents/{id}/": {"id": world.to_both.pk},
        "/receipts/{id}/": {"id": world.to_both.receipts.first().pk},
        "/receipts/{id}/receive/": {"id": world.to_both.receipts.first().pk},
        "/upper-receipts/{id}/": {"id": received.pk},
        "/upper-receipts/{id}/receive/": {"id": pending.pk},
    }
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    for operation in operations:
        strategies = [operation.as_strategy()]
        path = operation.path.removeprefix("/api/v1")
        if path in real:
            strategies.append(operation.as_strategy(path_parameters=real[path]))
        for strategy in strategies:

            @SETTINGS
            @given(case=strategy)
            def answers_within_the_schema(case):
                case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

            answers_within_the_schema()


def test_the_docs_page_comes_from_the_sites_own_static_files(client, users):
    client.force_login(users["liaison-fulian"])
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    html = page.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(addresses) == 6 and "<script>" not in html and "<style" not in html
    # No CDN: a government intranet is offline. Each file is one of the site's static files.
    for address in addresses:
        assert address.startswith("/"), address
        if address.startswith(settings.STATIC_URL):
            assert finders.find(address.removeprefix(settings.STATIC_URL)), address
    script = next(address for address in addresses if "script=" in address)
    response = client.get(script)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/schema/"' in response.content.decode()
    assert client.get("/api/v1/schema/").status_code == 200
