"""The two writes go through the workflows' services: the state and the record change as from the pages, with who
acted; a refusal is a 403 with the reason (or a 404 where the object stays hidden), never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from committee.models import Position
from documents.models import Receipt
from duties import services as duty_services
from duties.models import TaskStatus, TaskUpdate, UpdateKind

pytestmark = pytest.mark.django_db

REFUSED = "只有本单位的联络员可以办理本单位事务。"


def progress(client, task, text="本月已走访矫正对象家庭三户"):
    return client.post(f"/api/v1/tasks/{task.pk}/progress/", {"text": text}, format="json")


def test_the_liaison_reports_progress_as_on_the_task_page(world, api_as, appointment_of):
    task = world.tasks["fulian"]
    before = TaskUpdate.history.filter(task_id=task.pk).count()
    response = progress(api_as("liaison-fulian"), task)
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "progress"
    assert response.json()["author"] == world.users["liaison-fulian"].person.name
    update = TaskUpdate.objects.get(pk=response.json()["id"])
    assert (update.task, update.kind, update.text) == (task, UpdateKind.PROGRESS, "本月已走访矫正对象家庭三户")
    # Who acted is the liaison's appointment (the capacity the step returned), and the change is in the history.
    assert update.author == appointment_of("liaison-fulian", Position.LIAISON)
    assert TaskUpdate.history.filter(task_id=task.pk).count() == before + 1
    assert TaskUpdate.history.latest("history_id").history_user == world.users["liaison-fulian"]
    detail = api_as("office_staff").get(f"/api/v1/tasks/{task.pk}/").json()
    assert [entry["text"] for entry in detail["updates"]][-1] == "本月已走访矫正对象家庭三户"


def test_progress_by_anyone_else_is_refused_and_changes_nothing(world, api_as):
    task = world.tasks["fulian"]
    count = TaskUpdate.objects.count()
    for username, status, answer in (
        ("office_staff", 403, {"detail": REFUSED}),
        ("head-fulian", 403, {"detail": REFUSED}),
        ("director", 403, {"detail": REFUSED}),
        # Another unit's task, another committee's, nobody's: hidden, as on the pages.
        ("liaison-gonghui", 404, None),
        ("other-office", 404, None),
        ("outsider", 404, None),
    ):
        response = progress(api_as(username), task)
        assert response.status_code == status, (username, response.content)
        if answer:
            assert response.json() == answer, username
    assert TaskUpdate.objects.count() == count


def test_progress_needs_text_and_an_open_task(world, api_as, users):
    task = world.tasks["fulian"]
    client = api_as("liaison-fulian")
    response = progress(client, task, text="   ")
    assert response.status_code == 400 and "text" in response.json()
    assert client.post(f"/api/v1/tasks/{task.pk}/progress/", {}, format="json").status_code == 400
    url = f"/api/v1/tasks/{task.pk}/progress/"
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    duty_services.task_report_completion(by=users["liaison-fulian"], task=task, text="已办结")
    response = progress(client, task)
    assert response.status_code == 409
    assert response.json() == {"detail": "该事项已报办结，待确认，不能再填报进展。"}
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED


def test_the_liaison_signs_for_the_unit(world, api_as):
    receipt = Receipt.objects.get(document=world.to_both, unit__code="gonghui")
    before = Receipt.history.filter(id=receipt.pk).count()
    response = api_as("liaison-gonghui").post(f"/api/v1/receipts/{receipt.pk}/receive/")
    assert response.status_code == 200, response.content
    name = world.users["liaison-gonghui"].person.name
    assert response.json()["received_at"] is not None and response.json()["receiver_name"] == name
    receipt.refresh_from_db()
    assert receipt.received_by.person.user == world.users["liaison-gonghui"]
    assert Receipt.history.filter(id=receipt.pk).count() == before + 1
    # Once is enough: the second time says who signed and when.
    again = api_as("liaison-gonghui").post(f"/api/v1/receipts/{receipt.pk}/receive/")
    assert again.status_code == 409
    assert again.json()["detail"].startswith(f"工会已由{name}于")


def test_signing_for_another_unit_or_an_unseen_document_is_refused(world, api_as):
    fulian_of_both = Receipt.objects.get(document=world.to_both, unit__code="fulian")
    fulian_only = Receipt.objects.get(document=world.to_fulian, unit__code="fulian")
    # 工会 sees the document sent to both, but signs only for itself.
    response = api_as("liaison-gonghui").post(f"/api/v1/receipts/{fulian_of_both.pk}/receive/")
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}
    # The document sent to 妇联 alone is hidden from 工会.
    assert api_as("liaison-gonghui").post(f"/api/v1/receipts/{fulian_only.pk}/receive/").status_code == 404
    # The office sees it, and may not sign in a unit's name.
    assert api_as("office_staff").post(f"/api/v1/receipts/{fulian_only.pk}/receive/").status_code == 403
    assert Receipt.objects.filter(received_at__isnull=False).count() == 0


def test_the_session_works_too_with_its_csrf_token(world):
    task = world.tasks["fulian"]
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["liaison-fulian"])
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    refused = client.post(f"/api/v1/tasks/{task.pk}/progress/", {"text": "无令牌"}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get("/accounts/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress/", {"text": "经会话提交"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content


def test_reading_and_writing_need_a_login(world, api_as):
    anonymous = api_as(None)
    response = anonymous.get("/api/v1/tasks/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert progress(anonymous, world.tasks["fulian"]).status_code == 401
    assert anonymous.get("/api/v1/schema/").status_code == 401
    docs = anonymous.get("/api/v1/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
