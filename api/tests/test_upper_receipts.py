"""Art 5 through the API: a district's platform follows, town by town, the documents it sent down (signed for? how
many tasks created and closed?); a town's office signs for one as on its page. What each login sees is what the pages
show it (`VIEW_UPPER` on the receipt, `VIEW_ALL` on the document for the follow-up counts)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.services import api_token_issue
from documents.models import CommitteeReceipt, UpperReceiptState
from documents.tests.cascade import district_for, receipt_of, sent_down
from duties import services as duty_services

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    client = APIClient()
    _token, key = api_token_issue(user=user, name="区矫正信息平台")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def rows(client, query: str = "") -> dict[str, dict]:
    response = client.get(f"/api/v1/upper-receipts/{query}")
    assert response.status_code == 200, response.content
    return {row["committee"]: row for row in response.json()["results"]}


@pytest.fixture
def cascade(staffed, users):
    world = district_for(staffed)
    world.users.update(users)
    return world


def test_the_district_follows_each_town_and_a_town_sees_only_its_own(cascade):
    users, town, other = cascade.users, cascade.town, cascade.other
    document = sent_down(cascade)
    receipt = receipt_of(document, town)
    query = f"?document={document.pk}"

    district = rows(client_of(users["cd-office"]), query)
    assert set(district) == {town.code, other.code}
    row = district[town.code]
    assert (row["issuer"], row["doc_number"], row["title"]) == (
        cascade.district.code,
        document.doc_number,
        document.title,
    )
    assert (row["state"], row["state_label"], row["received_at"], row["role"]) == ("pending", "待签收", None, "main")
    assert row["follow"] == {"tasks_created": 0, "tasks_closed": 0}

    # The town's office signs for it, as with the page's 签收 button, and gives 妇联 a task.
    office = users["office_staff"]
    signed = client_of(office).post(f"/api/v1/upper-receipts/{receipt.pk}/receive/")
    assert signed.status_code == 200, signed.content
    assert signed.json()["state"] == "received" and signed.json()["receiver_name"] == office.person.name
    receipt.refresh_from_db()
    assert receipt.state == UpperReceiptState.RECEIVED and receipt.received_by.person == office.person
    assert CommitteeReceipt.history.filter(id=receipt.pk).latest("history_id").history_user == office
    (task,) = duty_services.upper_task_create(
        by=office,
        receipt=receipt,
        units=[town.units.get(code="fulian")],
        title="开展教育帮扶专项行动",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )

    district = rows(client_of(users["cd-office"]), query)
    assert district[town.code]["state"] == "received"
    assert district[town.code]["follow"] == {"tasks_created": 1, "tasks_closed": 0}
    assert district[other.code]["follow"] == {"tasks_created": 0, "tasks_closed": 0}
    assert set(rows(client_of(users["cd-office"]), "?state=pending")) == {other.code}

    # The town's office sees its own receipt only; its own tasks are on its own pages (and in /tasks/).
    own = rows(client_of(office))
    assert set(own) == {town.code} and own[town.code]["follow"] is None
    tasks = client_of(office).get(f"/api/v1/tasks/?upper_document={document.pk}").json()["results"]
    assert [(row["id"], row["upper_document"]) for row in tasks] == [(task.pk, document.pk)]
    # The other town the same; a unit of the town sees none, and the receipt is hidden from it.
    assert set(rows(client_of(users["xwz-office"]))) == {other.code}
    assert rows(client_of(users["liaison-fulian"])) == {}
    assert client_of(users["liaison-fulian"]).get(f"/api/v1/upper-receipts/{receipt.pk}/").status_code == 404


def test_only_the_receiving_office_signs_and_only_once(cascade):
    users, town, other = cascade.users, cascade.town, cascade.other
    document = sent_down(cascade)
    receipt, elsewhere = receipt_of(document, town), receipt_of(document, other)

    # What the town's office has to sign for, and nobody else.
    assert set(rows(client_of(users["office_staff"]), "?to_sign=true")) == {town.code}
    assert rows(client_of(users["cd-office"]), "?to_sign=true") == {}
    # The district's office sees the receipt but does not sign in the town's name; the town does not see another's.
    refused = client_of(users["cd-office"]).post(f"/api/v1/upper-receipts/{receipt.pk}/receive/")
    assert refused.status_code == 403 and refused.json()["detail"]
    assert client_of(users["office_staff"]).post(f"/api/v1/upper-receipts/{elsewhere.pk}/receive/").status_code == 404
    assert client_of(users["liaison-fulian"]).post(f"/api/v1/upper-receipts/{receipt.pk}/receive/").status_code == 404
    assert not CommitteeReceipt.objects.filter(received_at__isnull=False).exists()

    assert client_of(users["office_staff"]).post(f"/api/v1/upper-receipts/{receipt.pk}/receive/").status_code == 200
    again = client_of(users["office_director"]).post(f"/api/v1/upper-receipts/{receipt.pk}/receive/")
    assert again.status_code == 409
    assert again.json()["detail"].startswith(f"{town.short_name}已由{users['office_staff'].person.name}于")
    assert rows(client_of(users["office_staff"]), "?to_sign=true") == {}


def test_the_list_costs_the_same_however_many_documents_and_towns(cascade):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(cascade.users["cd-office"])
    sent_down(cascade, "第一份下发的通知")

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/upper-receipts/").status_code == 200
        return len(queries)

    counted()  # the first request reads what every later one finds cached (content types, the token)
    one = counted()
    for n in range(3):
        sent_down(cascade, f"第{n + 2}份下发的通知")
    assert len(rows(client)) == 2  # keyed by town: two towns, each with four receipts now
    assert client.get("/api/v1/upper-receipts/").json()["count"] == 8
    assert counted() == one
