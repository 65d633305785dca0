"""How notification e-mail reaches a person: at once or in a daily digest (urgent ones always at once), each
notification e-mailed exactly once; the preference page; links that work from a mail client; SITE_URL's checks."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from committee.models import MailDelivery, Notification
from committee.services import (
    DIGEST_TASK,
    NOTIFICATION_TASK,
    mail_preference_update,
    notification_digest_send,
    notification_digests_queue,
    notification_send,
)
from committee.tasks import notification_deliver
from conftest import DEMO_PASSWORD
from core.checks import check_mail_deployment, check_site_url
from core.mail import absolute_url
from core.models import OutboxMessage


@pytest.fixture
def liaison(users):
    """The 妇联 liaison, with an address, taking a daily digest at 18:00."""
    mail_preference_update(by=users["liaison-fulian"], mail_delivery=MailDelivery.DIGEST, digest_hour=18)
    person = users["liaison-fulian"].person
    person.refresh_from_db()
    person.email = "fulian@example.org"
    person.save(update_fields=["email"])
    return person


def at_hour(hour: int, days: int = 1) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone())


def next_hour(hour: int) -> datetime.datetime:
    """The next time the clock shows hour:00, within a day from now."""
    moment = at_hour(hour, days=0)
    return moment if moment > timezone.now() else moment + datetime.timedelta(days=1)


def outbox(task: str) -> list[dict]:
    return list(OutboxMessage.objects.filter(task=task).values_list("kwargs", flat=True))


def test_a_digest_taker_gets_urgent_notifications_at_once(liaison):
    today = timezone.localdate()
    later, tomorrow, signing = (
        notification_send(recipients=[liaison], subject=subject, **asked)[0]
        for subject, asked in (
            ("下周到期", {"deadline": today + datetime.timedelta(days=7)}),
            ("明天到期", {"deadline": today + datetime.timedelta(days=1)}),
            ("请签发", {"urgent": True, "action": "签发公文"}),
        )
    )
    assert later.in_digest and not later.urgent
    assert not tomorrow.in_digest and tomorrow.urgent
    assert not signing.in_digest and signing.urgent
    assert outbox(NOTIFICATION_TASK) == [{"notification_id": tomorrow.pk}, {"notification_id": signing.pk}]
    # The inbox is the same either way.
    assert Notification.objects.filter(recipient=liaison).count() == 3


def test_each_notification_is_emailed_once_in_one_digest(liaison, users):
    other = users["head-fulian"].person  # takes each at once: not in anyone's digest
    first, _ = notification_send(recipients=[liaison, other], subject="第一条", link="/inbox/")
    notification_send(recipients=[liaison], subject="第二条", body="正文", action="查阅")
    assert notification_digests_queue(now=next_hour(17)) == 0, "not the chosen hour"
    assert notification_digests_queue(now=next_hour(18)) == 1
    (kwargs,) = outbox(DIGEST_TASK)
    assert kwargs["person_id"] == liaison.pk
    # The row is run twice (a relay that sent it twice, a worker that died after sending): one e-mail.
    assert notification_digest_send(**kwargs) == 2
    assert notification_digest_send(**kwargs) == 0
    assert notification_deliver(first.pk) is False, "already e-mailed in the digest"
    (message,) = mail.outbox
    assert message.to == ["fulian@example.org"]
    assert "通知汇总（2条）" in message.subject
    assert "第一条" in message.body and "第二条" in message.body and "请办事项：查阅" in message.body
    assert "http://testserver/inbox/" in message.body
    assert not Notification.objects.filter(recipient=liaison, emailed_at=None).exists()
    assert notification_digests_queue(now=next_hour(18)) == 0, "nothing waits any more"


def test_a_digest_holds_only_what_waited_when_it_was_queued(liaison):
    queued_at = timezone.now()
    notification_send(recipients=[liaison], subject="之前")
    Notification.objects.filter(recipient=liaison).update(created_at=queued_at - datetime.timedelta(minutes=5))
    notification_send(recipients=[liaison], subject="之后")
    assert notification_digest_send(person_id=liaison.pk, until=queued_at.isoformat()) == 1
    assert Notification.objects.get(recipient=liaison, subject="之后").emailed_at is None


def test_a_missed_digest_hour_is_caught_up(liaison):
    """The beat was down at 18:00: what waits goes at the first run past 25 hours, not a day later still."""
    (waiting,) = notification_send(recipients=[liaison], subject="等待中")
    now = at_hour(10)
    Notification.objects.filter(pk=waiting.pk).update(created_at=now - datetime.timedelta(hours=20))
    assert notification_digests_queue(now=now) == 0
    Notification.objects.filter(pk=waiting.pk).update(created_at=now - datetime.timedelta(hours=26))
    assert notification_digests_queue(now=now) == 1


def test_choosing_at_once_sends_what_waited(liaison, users):
    notification_send(recipients=[liaison], subject="等待汇总")
    assert outbox(DIGEST_TASK) == []
    mail_preference_update(by=users["liaison-fulian"], mail_delivery=MailDelivery.IMMEDIATE, digest_hour=18)
    (kwargs,) = outbox(DIGEST_TASK)
    assert notification_digest_send(**kwargs) == 1
    assert "等待汇总" in mail.outbox[0].body
    (later,) = notification_send(recipients=[liaison], subject="之后的通知")
    assert not later.in_digest and {"notification_id": later.pk} in outbox(NOTIFICATION_TASK)


def test_someone_without_an_address_is_marked_and_sent_nothing(users):
    person = users["liaison-gonghui"].person
    assert not person.email and not person.user.email
    mail_preference_update(by=users["liaison-gonghui"], mail_delivery=MailDelivery.DIGEST, digest_hour=8)
    notification_send(recipients=[person], subject="无邮箱")
    notification_digests_queue(now=next_hour(8))
    (kwargs,) = outbox(DIGEST_TASK)
    assert notification_digest_send(**kwargs) == 1
    assert mail.outbox == []


def test_the_beat_queues_digests_hourly():
    from config.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["notification-digests"]
    assert entry["task"] == "committee.tasks.notification_digests_queue"
    assert entry["schedule"].minute == {0} and len(entry["schedule"].hour) == 24


# --- the preference page ----------------------------------------------------------------------------------------


def test_the_preference_page_is_in_the_user_menu_and_saves(login, users):
    client = login("liaison-fulian")
    url = reverse("committee:mail_preferences")
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    page = client.get(url).content.decode()
    assert "通知邮件设置" in page and "每日汇总发送一封" in page
    response = client.post(url, {"mail_delivery": "digest", "digest_hour": "7"})
    assert response.status_code == 302 and response["Location"] == url
    person = users["liaison-fulian"].person
    person.refresh_from_db()
    assert (person.mail_delivery, person.digest_hour) == ("digest", 7)
    assert person.history.first().history_user == users["liaison-fulian"]
    assert client.post(url, {"mail_delivery": "digest", "digest_hour": "24"}).status_code == 200
    person.refresh_from_db()
    assert person.digest_hour == 7


def test_the_preference_page_in_english(login):
    client = login("liaison-fulian")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("committee:mail_preferences")).content.decode()
    assert "Notification e-mail settings" in page and "One daily digest" in page
    assert "通知邮件设置" not in page


def test_a_login_without_a_person_has_nothing_to_set(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("outsider"))
    url = reverse("committee:mail_preferences")
    assert "没有对应的委员会人员" in client.get(url).content.decode()
    assert client.post(url, {"mail_delivery": "digest", "digest_hour": "7"}).status_code == 200


# --- links from a mail client -------------------------------------------------------------------------------------


def test_a_link_in_an_email_leads_through_the_login_to_its_page(client, staffed, users):
    link = absolute_url(reverse("committee:person", kwargs={"pk": users["director"].person.pk}))
    assert link.startswith("http://testserver/")
    path = urlsplit(link).path
    response = client.get(path)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("login")) and "next=" in login_url
    page = client.get(login_url).content.decode()
    assert f'name="next" value="{path}"' in page
    response = client.post(login_url, {"username": "liaison-fulian", "password": DEMO_PASSWORD, "next": path})
    assert response.status_code == 302 and response["Location"] == path
    assert client.get(path).status_code == 200


def test_absolute_links():
    assert absolute_url("/documents/6/") == "http://testserver/documents/6/"
    assert absolute_url("documents/6/") == "http://testserver/documents/6/"
    assert absolute_url("") == "http://testserver/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"
    with override_settings(SITE_URL="https://jz.example.gov.cn/"):
        assert absolute_url("/inbox/") == "https://jz.example.gov.cn/inbox/"


def test_site_url_checks():
    with override_settings(SITE_URL=""):
        assert [m.id for m in check_site_url()] == ["core.E001"]
    with override_settings(SITE_URL="jz.example.gov.cn"):
        assert [m.id for m in check_site_url()] == ["core.E002"]
    with override_settings(SITE_URL="https://jz.example.gov.cn"):
        assert check_site_url() == []
    with override_settings(
        SITE_URL="http://other.example.org:8080", ALLOWED_HOSTS=["jz.example.gov.cn"], DEFAULT_FROM_EMAIL="a@localhost"
    ):
        assert [m.id for m in check_mail_deployment()] == ["core.W001", "core.W002", "core.W003"]
    with override_settings(
        SITE_URL="https://jz.example.gov.cn", ALLOWED_HOSTS=[".example.gov.cn"], DEFAULT_FROM_EMAIL="jz@example.gov.cn"
    ):
        assert check_mail_deployment() == []


def test_an_email_is_written_in_chinese_whatever_the_language_in_force(liaison, users):
    person = users["head-fulian"].person
    person.email = "head@example.org"
    person.save(update_fields=["email"])
    (notification,) = notification_send(recipients=[person], subject="会议通知", link="/inbox/")
    with translation.override("en"):
        notification_deliver(notification.pk)
    (message,) = mail.outbox
    assert f"{person.name} 妇联负责人：您好！" in message.body
    assert "更改通知邮件设置：http://testserver/inbox/settings/" in message.body
