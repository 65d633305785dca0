"""Conditional GET (ETag, 304) on lists and objects, and pages."""

from __future__ import annotations

import pytest

from api.pagination import Pages
from duties import services as duty_services

pytestmark = pytest.mark.django_db


def test_a_list_answers_304_while_nothing_shown_changed(world, api_as, users):
    client = api_as("office_staff")
    first = client.get("/api/v1/tasks/")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and etag.endswith('"')
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "Authorization" in first["Vary"] and "Cookie" in first["Vary"]
    unchanged = client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    # A task moves on: the list shows it, so its ETag changes and the client gets the new list.
    duty_services.task_report_completion(by=users["liaison-fulian"], task=world.tasks["fulian"], text="已办结")
    changed = client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_object_answers_304_until_it_changes(world, api_as, users):
    client = api_as("office_staff")
    url = f"/api/v1/tasks/{world.tasks['fulian'].pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    duty_services.task_progress_add(by=users["liaison-fulian"], task=world.tasks["fulian"], text="又有新进展")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_two_logins_seeing_different_rows_get_different_etags(world, api_as):
    office = api_as("office_staff").get("/api/v1/tasks/")["ETag"]
    liaison = api_as("liaison-fulian").get("/api/v1/tasks/")["ETag"]
    assert office != liaison
    assert api_as("liaison-fulian").get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=office).status_code == 200


def test_errors_and_writes_carry_no_etag(world, api_as):
    client = api_as("liaison-fulian")
    assert "ETag" not in client.get("/api/v1/tasks/999999/")
    response = client.post(f"/api/v1/tasks/{world.tasks['fulian'].pk}/progress/", {"text": "进展"}, format="json")
    assert response.status_code == 201 and "ETag" not in response


def test_pages(world, api_as, monkeypatch):
    client = api_as("office_staff")
    every = client.get("/api/v1/units/").json()
    assert every["count"] == 14 and len(every["results"]) == 14 and every["next"] is None
    first = client.get("/api/v1/units/?page_size=5").json()
    assert first["count"] == 14 and len(first["results"]) == 5 and first["previous"] is None
    assert first["next"].endswith("/api/v1/units/?page=2&page_size=5")
    third = client.get("/api/v1/units/?page=3&page_size=5").json()
    assert len(third["results"]) == 4 and third["next"] is None
    pages = [client.get(f"/api/v1/units/?page={page}&page_size=5").json()["results"] for page in (1, 2, 3)]
    ids = [row["id"] for rows in pages for row in rows]
    assert ids == [row["id"] for row in every["results"]]
    assert client.get("/api/v1/units/?page=4&page_size=5").status_code == 404
    assert client.get("/api/v1/units/?page=abc").status_code == 404
    # At most `max_page_size` rows a page (200), whatever is asked.
    monkeypatch.setattr(Pages, "max_page_size", 10)
    assert len(client.get("/api/v1/duties/?page_size=100000").json()["results"]) == 10
