"""The e-mail of a notification, and of a day's digest: from the committee's office, to a person in their capacity.

Each message is worded in its recipient's language (`mail_language`), whatever the worker's locale or the language of
whoever caused it: a notification keeps its phrases (core.wording), worded again here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import absolute_url, mail_attachments, mail_message
from core.numerals import shown_date

from .models import Appointment, Committee, MailDelivery, Notification, Person

TEMPLATE = "committee/mail/notification.html"


def person_address(person: Person) -> str:
    """Where a person's e-mail goes: their own address, else their login's."""
    return person.email or (person.user.email if person.user_id else "")


def mail_language(person: Person) -> str:
    """The language a person's e-mail is written in. A person keeps no language of their own yet (the screen's
    language is a cookie of a browser, which offices share), so the site's: Chinese first (LANGUAGE_CODE)."""
    return settings.LANGUAGE_CODE


def capacity_text(person: Person) -> str:
    """The person's positions in force, as a greeting names them: 主任, 西滨河派出所联络员."""
    labels = []
    for appointment in (
        Appointment.objects.in_force().filter(person=person).select_related("unit").order_by("position", "unit")
    ):
        label = appointment.position_words
        if label not in labels:
            labels.append(label)
    return "、".join(labels)


def subject_line(committee: Committee, subject: str) -> str:
    """【密云镇社区矫正委员会】…: the committee's short name first, so that the message is known in a list."""
    return f"【{committee.short_name}】{subject}"


def _item(notification: Notification) -> dict:
    return {
        "subject": notification.shown_subject,
        "body": notification.shown_body,
        "action": notification.shown_action,
        "deadline": shown_date(notification.deadline) if notification.deadline else "",
        "urgent": notification.urgent,
        "url": absolute_url(notification.link or reverse("committee:inbox")),
        "created_at": timezone.localtime(notification.created_at),
    }


def _context(person: Person, committee: Committee, items: list[dict], *, digest: bool) -> dict:
    if person.mail_delivery == MailDelivery.DIGEST:
        delivery = _("您选择每日%(hour)s时汇总发送通知邮件（紧急事项即时发送）。") % {"hour": person.digest_hour}
    else:
        delivery = _("您选择每条通知即时发送邮件。")
    return {
        "committee": committee,
        "person": person,
        "capacity": capacity_text(person),
        "items": items,
        "digest": digest,
        "delivery": delivery,
        "preferences_url": absolute_url(reverse("committee:mail_preferences")),
        "inbox_url": absolute_url(reverse("committee:inbox")),
        "site_url": absolute_url("/"),
    }


def notification_email(notification: Notification, address: str) -> EmailMultiAlternatives:
    """One notification, with what its object's app attaches (a meeting's invitation)."""
    person, committee = notification.recipient, notification.committee
    with translation.override(mail_language(person)):
        return mail_message(
            subject=subject_line(committee, notification.shown_subject),
            to=address,
            from_name=committee.office_name,
            template_name=TEMPLATE,
            context=_context(person, committee, [_item(notification)], digest=False),
            attachments=mail_attachments(notification.about, person),
        )


def digest_email(person: Person, notifications: Sequence[Notification], address: str) -> EmailMultiAlternatives:
    """A day's notifications in one message, oldest first; each object's attachment once (its latest state)."""
    committee = person.committee
    attachments, seen = [], set()
    for notification in notifications:
        key = (notification.about_type_id, notification.about_id)
        if notification.about_id is not None and key not in seen:
            seen.add(key)
            attachments += mail_attachments(notification.about, person)
    with translation.override(mail_language(person)):
        subject = _("%(date)s通知汇总（%(count)s条）") % {
            "date": shown_date(timezone.localdate()),
            "count": len(notifications),
        }
        return mail_message(
            subject=subject_line(committee, subject),
            to=address,
            from_name=committee.office_name,
            template_name=TEMPLATE,
            context=_context(person, committee, [_item(n) for n in notifications], digest=True),
            attachments=attachments,
        )
