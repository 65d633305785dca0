"""The e-mail of a notification, and of a day's digest: from the committee's office, to a person in their capacity.

Chinese first: e-mail is written in the site's language (LANGUAGE_CODE) whatever the worker's locale.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import absolute_url, mail_attachments, mail_message
from core.numerals import chinese_date

from .models import Appointment, Committee, MailDelivery, Notification, Person, Position

TEMPLATE = "committee/mail/notification.html"


def person_address(person: Person) -> str:
    """Where a person's e-mail goes: their own address, else their login's."""
    return person.email or (person.user.email if person.user_id else "")


def capacity_text(person: Person) -> str:
    """The person's positions in force, as a greeting names them: 主任, 西滨河派出所联络员."""
    labels = []
    for appointment in (
        Appointment.objects.in_force().filter(person=person).select_related("unit").order_by("position", "unit")
    ):
        match appointment.position:
            case Position.UNIT_HEAD:
                label = _("%(unit)s负责人") % {"unit": appointment.unit.short_name}
            case Position.LIAISON:
                label = _("%(unit)s联络员") % {"unit": appointment.unit.short_name}
            case _:
                label = str(appointment.get_position_display())
        if label not in labels:
            labels.append(label)
    return "、".join(labels)


def subject_line(committee: Committee, subject: str) -> str:
    """【密云镇社区矫正委员会】…: the committee's short name first, so that the message is known in a list."""
    return f"【{committee.short_name}】{subject}"


def _item(notification: Notification) -> dict:
    return {
        "subject": notification.subject,
        "body": notification.body,
        "action": notification.action,
        "deadline": chinese_date(notification.deadline) if notification.deadline else "",
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
    with translation.override(settings.LANGUAGE_CODE):
        return mail_message(
            subject=subject_line(committee, notification.subject),
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
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(date)s通知汇总（%(count)s条）") % {
            "date": chinese_date(timezone.localdate()),
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
