"""Notifications are worded in the reader's language, not the sender's: the subject, body and action are kept as
phrases (core.wording) and worded when the inbox is shown, or when the e-mail is written (in the recipient's
language: the site's, Chinese, as people keep no language of their own)."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from django.utils import translation

from committee.models import Notification
from committee.tasks import notification_deliver

CJK = re.compile(r"[\u3400-\u9fff]")


def _inbox(client, user, language: str) -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(reverse("committee:inbox")).content.decode()


def test_a_notification_sent_from_the_english_screen_reads_chinese_to_a_chinese_reader(client, users, delegate):
    with translation.override("en"):
        delegate("deputy1", ["chair"])
    notification = Notification.objects.get(recipient__user=users["deputy1"])
    # The stored text is the site's language, for the admin and searching.
    assert notification.subject.startswith("主任委托您")
    with translation.override("en"):
        english = notification.shown_subject
    assert english and not CJK.search(english)

    chinese_page = _inbox(client, users["deputy1"], "zh-hans")
    assert notification.subject in chinese_page and english not in chinese_page
    english_page = _inbox(client, users["deputy1"], "en")
    assert english in english_page and notification.subject not in english_page


def test_a_notification_sent_from_the_chinese_screen_reads_english_to_an_english_reader(client, users, delegate):
    delegation = delegate("deputy1", ["chair"])
    from committee.services import delegation_revoke

    delegation_revoke(by=users["director"], delegation=delegation, reason="提前结束")
    revoked = Notification.objects.filter(recipient__user=users["deputy1"]).order_by("-pk").first()
    page = _inbox(client, users["deputy1"], "en")
    assert f"Delegation No. {delegation.number} revoked" in page
    assert f"第{delegation.number}号委托已撤销" not in page
    assert revoked.body == "提前结束"  # what a person typed is shown as typed


def test_the_capacity_in_a_notification_is_worded_for_each_reader(client, staffed, users, delegate):
    """An ActedBy capacity named in a notification (who approved, as what) follows the reader's language too."""
    from duties import inspections_services

    units = {unit.code: unit for unit in staffed.units.all()}
    inspection = inspections_services.inspection_propose(
        by=users["office_staff"],
        committee=staffed,
        subject="laws",
        title="法律执行情况督导检查",
        reason="检查落实情况。",
        target_units=[units["sifasuo"]],
    )
    number = delegate("deputy1", ["approve_inspection"]).number
    with translation.override("en"):
        inspections_services.inspection_decide(
            by=users["deputy1"], inspection=inspection, approve=True, note="同意开展"
        )

    chinese_page = _inbox(client, users["office_staff"], "zh-hans")
    assert f"李振华（以副主任身份（第{number}号委托））：同意开展" in chinese_page
    english_page = _inbox(client, users["office_staff"], "en")
    assert f"李振华 (As Deputy Director (Delegation No. {number})): 同意开展" in english_page
    assert "以副主任身份" not in english_page


def test_the_e_mail_is_in_the_recipients_language_not_the_senders(users, delegate):
    person = users["deputy1"].person
    person.email = "deputy1@example.org"
    person.save()
    with translation.override("en"):
        delegate("deputy1", ["chair"])
    notification = Notification.objects.get(recipient__user=users["deputy1"])
    with translation.override("en"):
        assert notification_deliver(notification.pk) is True
    (message,) = mail.outbox
    assert "主任委托您" in message.subject and "主任委托您" in message.body
    assert "delegated" not in message.body.lower()
