"""Notifications: in the inbox at once, e-mailed after commit by a task, once even if the task runs twice."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from committee.models import Notification
from committee.services import notification_send
from committee.tasks import notification_deliver


def test_delegation_notifies_the_deputy_through_the_outbox(
    staffed, users, delegate, settings, django_capture_on_commit_callbacks
):
    from committee.services import NOTIFICATION_TASK
    from core.models import OutboxMessage

    settings.OUTBOX_NUDGE = True
    with django_capture_on_commit_callbacks() as callbacks:
        delegate("deputy1", ["chair"])
    notification = Notification.objects.get(recipient__user=users["deputy1"])
    assert "主持会议" in notification.subject
    # The e-mail is a row written with the delegation; the relay is nudged once, after commit.
    assert OutboxMessage.objects.filter(task=NOTIFICATION_TASK, kwargs={"notification_id": notification.pk}).exists()
    assert len(callbacks) == 1


def test_delivery_is_once_even_if_the_task_runs_twice(staffed, users):
    person = users["deputy2"].person
    person.email = "deputy2@example.org"
    person.save()
    (notification,) = notification_send(recipients=[person], subject="会议通知", body="请出席", link="/")
    assert notification_deliver(notification.pk) is True
    assert notification_deliver(notification.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["deputy2@example.org"]


def test_a_notification_that_is_gone_is_tolerated(db):
    assert notification_deliver(987654) is False


def test_inbox_marks_read_only_own_notifications(client, staffed, users):
    (mine,) = notification_send(recipients=[users["deputy1"].person], subject="甲")
    (theirs,) = notification_send(recipients=[users["deputy2"].person], subject="乙")
    client.force_login(users["deputy1"])
    page = client.get(reverse("committee:inbox")).content.decode()
    assert "甲" in page and "乙" not in page
    client.post(reverse("committee:inbox"), {"id": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
