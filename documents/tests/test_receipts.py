"""签收: each unit's liaison signs for a distributed document; reminders go to those who have not, once a round."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Notification
from core.models import ReminderSent
from core.reminders import reminders_send
from documents import services
from documents.reminders import RECEIPT


def receipts_remind_due(now) -> int:
    """Runs the receipt schedule at `now`; counts the units reminded."""
    before = set(ReminderSent.objects.filter(kind=RECEIPT).values_list("subject_id", "key"))
    reminders_send(now=now, kinds=[RECEIPT])
    return len(set(ReminderSent.objects.filter(kind=RECEIPT).values_list("subject_id", "key")) - before)


def rounds(document) -> list[str]:
    """The round of each unit reminded, in the order sent."""
    seen = {}
    for subject_id, key in (
        ReminderSent.objects.filter(kind=RECEIPT, subject_id__in=document.receipts.values("pk"))
        .order_by("sent_at", "pk")
        .values_list("subject_id", "key")
    ):
        seen.setdefault((subject_id, key), key)
    return list(seen.values())


def _receipt(document, code):
    return document.receipts.get(unit__code=code)


def test_the_liaison_signs_for_the_unit_once(docs, users, appointment_of):
    document = docs.distributed(main=("fulian",), copy=("gonghui",))
    receipt = services.receipt_confirm(by=users["liaison-fulian"], receipt=_receipt(document, "fulian"))
    assert receipt.received_at is not None
    assert receipt.received_by == appointment_of("liaison-fulian")
    assert receipt.receiver_name == users["liaison-fulian"].person.name
    assert receipt.received.capacity == "以妇联联络员身份"
    with pytest.raises(ValidationError, match="已由"):
        services.receipt_confirm(by=users["liaison-fulian"], receipt=receipt)


@pytest.mark.parametrize("username", ["head-fulian", "liaison-gonghui", "office_staff", "director"])
def test_nobody_else_signs_for_the_unit(docs, users, username):
    document = docs.distributed(main=("fulian",), copy=("gonghui",))
    with pytest.raises(NotAllowed, match="只有本单位的联络员"):
        services.receipt_confirm(by=users[username], receipt=_receipt(document, "fulian"))


def test_signing_for_it_through_the_page(docs, login):
    document = docs.distributed(main=("fulian",))
    client = login("liaison-fulian")
    page = client.get(document.get_absolute_url()).content.decode()
    assert "签收（妇联）" in page
    response = client.post(f"/documents/{document.pk}/steps/receive/")
    assert response.status_code == 302
    assert _receipt(document, "fulian").received_at is not None
    assert "签收（妇联）" not in client.get(document.get_absolute_url()).content.decode()


def test_the_head_sees_it_but_cannot_sign_for_it(docs, login):
    document = docs.distributed(main=("fulian",))
    client = login("head-fulian")
    assert "签收（妇联）" not in client.get(document.get_absolute_url()).content.decode()
    response = client.post(f"/documents/{document.pk}/steps/receive/")
    assert response.status_code == 200
    assert _receipt(document, "fulian").received_at is None


def test_units_see_a_document_only_once_it_is_sent_to_them(docs, login):
    document = docs.signed(main=("fulian",), render=True)
    assert login("liaison-fulian").get(document.get_absolute_url()).status_code == 404
    services.document_distribute(by=docs.users["office_staff"], document=document)
    assert login("liaison-fulian").get(document.get_absolute_url()).status_code == 200
    assert login("head-fulian").get(document.get_absolute_url()).status_code == 200
    assert login("liaison-gonghui").get(document.get_absolute_url()).status_code == 404


def _reminded(users, code):
    return Notification.objects.filter(recipient=users[f"liaison-{code}"].person, subject__startswith="催签收").count()


def test_reminders_go_once_per_round_to_units_that_have_not_signed(docs, users):
    document = docs.distributed(main=("fulian", "gonghui", "tuanwei"))
    services.receipt_confirm(by=users["liaison-tuanwei"], receipt=_receipt(document, "tuanwei"))
    start = document.distributed_at

    assert receipts_remind_due(start + datetime.timedelta(hours=12)) == 0
    day_one = start + datetime.timedelta(days=1, minutes=5)
    assert receipts_remind_due(day_one) == 2
    # The hourly task runs again: nothing is sent twice.
    assert receipts_remind_due(day_one + datetime.timedelta(hours=1)) == 0
    assert (_reminded(users, "fulian"), _reminded(users, "gonghui"), _reminded(users, "tuanwei")) == (1, 1, 0)

    services.receipt_confirm(by=users["liaison-gonghui"], receipt=_receipt(document, "gonghui"))
    assert receipts_remind_due(start + datetime.timedelta(days=3, minutes=5)) == 1
    assert (_reminded(users, "fulian"), _reminded(users, "gonghui")) == (2, 1)
    assert rounds(document) == ["day-1", "day-1", "day-3"]


def test_a_late_run_sends_only_the_latest_round(docs, users):
    document = docs.distributed(main=("fulian",))
    assert receipts_remind_due(document.distributed_at + datetime.timedelta(days=8)) == 1
    assert _reminded(users, "fulian") == 1
    assert rounds(document) == ["day-7"]


def test_the_hourly_beat_task_sends_receipt_reminders_once(docs, users, monkeypatch):
    from core import tasks

    document = docs.distributed(main=("fulian",))
    # Late in the evening: the kinds kept to office hours (meetings at 9, reports at 9 and 15) stay quiet.
    later = timezone.localtime(document.distributed_at + datetime.timedelta(days=1, hours=1))
    later = later.replace(hour=max(later.hour, 22))
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert tasks.reminders_send() == 1
    assert tasks.reminders_send() == 0


def test_the_office_reminds_now_once_a_day(docs, users, login):
    document = docs.distributed(main=("fulian", "gonghui"))
    client = login("office_staff")
    response = client.post(f"/documents/{document.pk}/steps/remind/", follow=True)
    assert "已提醒2个单位签收。" in response.content.decode()
    response = client.post(f"/documents/{document.pk}/steps/remind/", follow=True)
    assert "今天已提醒过" in response.content.decode()
    assert _reminded(users, "fulian") == 1
    with pytest.raises(NotAllowed):
        services.document_remind(by=users["liaison-fulian"], document=document)
