"""The reminders of meetings (Art 21), declared to the one reminder schedule (core.reminders).

- Invitees are reminded 3 and 1 days before a notified meeting (MEETING_REMINDER_DAYS); an offset that had
  already passed when the notice went out is skipped (the notice told them), and only the nearest reminder
  due is sent. A meeting moved to another time starts its own reminders.
- Art 21: from 1 October (OFFICE_MEETING_REMINDER_DATE), if no office meeting of the year is held or
  scheduled, the office director is reminded, once a year.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from committee.models import Committee, Position
from committee.services import reminder_notify, reminder_notify_many
from core.reminders import Message, register_reminder
from core.wording import Phrase

from . import conf, selectors
from .models import Meeting, MeetingKind, MeetingState
from .services.scheduling import notice_body

MEETING = "meetings.meeting"
OFFICE_MEETING = "meetings.office_meeting"


def _meetings(now: datetime.datetime):
    days = conf.reminder_days()
    if not days:
        return Meeting.objects.none()
    horizon = now + datetime.timedelta(days=max(days))
    return Meeting.objects.filter(
        state=MeetingState.NOTIFIED, starts_at__gt=now, starts_at__lte=horizon
    ).select_related("committee", "chair__person")


def _meeting_key(meeting: Meeting, now: datetime.datetime) -> str | None:
    due = [
        offset
        for offset in conf.reminder_days()
        if meeting.starts_at - datetime.timedelta(days=offset) <= now
        and meeting.notice_sent_at <= meeting.starts_at - datetime.timedelta(days=offset)
    ]
    # The nearest reminder due now; earlier ones that were missed are not sent late.
    return f"{min(due)}@{meeting.starts_at.isoformat()}" if due else None


def _meeting_message(meeting: Meeting, key: str, now: datetime.datetime) -> Message:
    return Message(
        Phrase(gettext_noop("会议提醒：%(title)s将于%(when)s召开"), title=meeting.title, when=meeting.starts_at),
        notice_body(meeting),
        meeting.get_absolute_url(),
        action=Phrase(gettext_noop("按时出席会议")),
        deadline=timezone.localdate(meeting.starts_at),
    )


def _office_meeting_committees(now: datetime.datetime):
    today = timezone.localdate(now)
    if today < conf.office_meeting_due(today.year):
        return Committee.objects.none()
    scheduled = (
        Meeting.objects.filter(kind=MeetingKind.OFFICE, starts_at__year=today.year)
        .exclude(state=MeetingState.CANCELLED)
        .values("committee")
    )
    return Committee.objects.exclude(pk__in=scheduled)


def _office_meeting_message(committee: Committee, key: str, now: datetime.datetime) -> Message:
    return Message(
        Phrase(gettext_noop("%(year)s年尚未安排委员会办公室会议"), year=key),
        Phrase(gettext_noop("工作规则第二十一条：委员会办公室原则上每年召开一次会议。请安排本年度的办公室会议。")),
        reverse("meetings:compliance", kwargs={"committee_code": committee.code}),
        action=Phrase(gettext_noop("安排本年度的办公室会议")),
        deadline=datetime.date(int(key), 12, 31),
    )


register_reminder(
    MEETING,
    subjects=_meetings,
    key=_meeting_key,
    recipients=lambda meeting, key: selectors.people_to_notify(meeting),
    message=_meeting_message,
    send=reminder_notify,
    send_many=reminder_notify_many,
)
register_reminder(
    OFFICE_MEETING,
    subjects=_office_meeting_committees,
    key=lambda committee, now: str(timezone.localdate(now).year),
    recipients=lambda committee, key: selectors.office_people(committee, positions=(Position.OFFICE_DIRECTOR,)),
    message=_office_meeting_message,
    send=reminder_notify,
    send_many=reminder_notify_many,
    hours=(9,),
)
