"""Meeting reminders (sent once per person and offset), the Art 21 office-meeting check, calendar addresses."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, require
from committee.locks import locked
from committee.models import Committee, Person, Position
from committee.services import notification_send

from .. import conf, selectors
from ..models import (
    CalendarToken,
    Meeting,
    MeetingKind,
    MeetingReminder,
    MeetingState,
    OfficeMeetingReminder,
)
from .scheduling import moment_text, notice_body

# Reminders (sent once per person and offset) and the Art 21 office-meeting check.


def meeting_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Reminds invitees of a meeting `conf.reminder_days()` days before it (3 and 1 by default).

    Each send is a unique row (meeting, person, meeting time, offset): a second run, a restarted beat or two
    workers at once send nothing twice. An offset that had already passed when the notice went out is
    skipped: the notice itself told them. Returns the number of reminders sent.
    """
    now = now or timezone.now()
    days = conf.reminder_days()
    if not days:
        return 0
    horizon = now + datetime.timedelta(days=max(days))
    sent = 0
    candidates = Meeting.objects.filter(
        state=MeetingState.NOTIFIED, starts_at__gt=now, starts_at__lte=horizon
    ).values_list("pk", flat=True)
    for meeting_id in candidates:
        sent += _meeting_remind(meeting_id, now, days)
    return sent


@transaction.atomic
def _meeting_remind(meeting_id: int, now: datetime.datetime, days: tuple[int, ...]) -> int:
    meeting = (
        locked(Meeting.objects.filter(pk=meeting_id, state=MeetingState.NOTIFIED))
        .select_related("committee", "chair__person")
        .first()
    )
    if meeting is None or meeting.starts_at <= now:
        return 0
    due = [
        offset
        for offset in days
        if meeting.starts_at - datetime.timedelta(days=offset) <= now
        and meeting.notice_sent_at <= meeting.starts_at - datetime.timedelta(days=offset)
    ]
    if not due:
        return 0
    offset = min(due)  # the nearest reminder due now; earlier ones that were missed are not sent late
    people = selectors.people_to_notify(meeting)
    done = set(
        MeetingReminder.objects.filter(meeting=meeting, starts_at=meeting.starts_at, offset_days=offset).values_list(
            "person_id", flat=True
        )
    )
    recipients = []
    for person in people:
        if person.pk in done:
            continue
        try:
            with transaction.atomic():
                MeetingReminder.objects.create(
                    meeting=meeting, person=person, starts_at=meeting.starts_at, offset_days=offset
                )
        except IntegrityError:
            continue
        recipients.append(person)
    if recipients:
        notification_send(
            recipients=recipients,
            subject=_("会议提醒：%(title)s将于%(when)s召开")
            % {"title": meeting.title, "when": moment_text(meeting.starts_at)},
            body=notice_body(meeting),
            link=meeting.get_absolute_url(),
        )
    return len(recipients)


def office_meeting_reminders_send(*, today: datetime.date | None = None) -> int:
    """Art 21: from the configured date (1 October by default), if no office meeting of this year is held or
    scheduled, the office director is reminded, once a year."""
    today = today or timezone.localdate()
    if today < conf.office_meeting_due(today.year):
        return 0
    sent = 0
    for committee in Committee.objects.all():
        sent += _office_meeting_remind(committee, today)
    return sent


@transaction.atomic
def _office_meeting_remind(committee: Committee, today: datetime.date) -> int:
    committee = locked(Committee.objects.all()).get(pk=committee.pk)
    has_one = (
        Meeting.objects.filter(committee=committee, kind=MeetingKind.OFFICE, starts_at__year=today.year)
        .exclude(state=MeetingState.CANCELLED)
        .exists()
    )
    if has_one:
        return 0
    done = set(
        OfficeMeetingReminder.objects.filter(committee=committee, year=today.year).values_list("person_id", flat=True)
    )
    recipients = [
        person
        for person in selectors.office_people(committee, positions=(Position.OFFICE_DIRECTOR,))
        if person.pk not in done
    ]
    for person in recipients:
        OfficeMeetingReminder.objects.create(committee=committee, year=today.year, person=person)
    if recipients:
        notification_send(
            recipients=recipients,
            subject=_("%(year)s年尚未安排委员会办公室会议") % {"year": today.year},
            body=_("工作规则第二十一条：委员会办公室原则上每年召开一次会议。请安排本年度的办公室会议。"),
            link=reverse("meetings:compliance", kwargs={"committee_code": committee.code}),
        )
    return len(recipients)


# Calendar subscription (a secret address per person, revocable).


@transaction.atomic
def calendar_token_issue(*, user) -> CalendarToken:
    """A new subscription address for the user's person; the old one stops working at once."""
    person = Person.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None
    if person is None:
        raise ValidationError(_("您的账号没有对应的委员会人员，不能订阅会议日历。"))
    require(user, Action.VIEW_COMMITTEE, person.committee)
    person = locked(Person.objects.all()).get(pk=person.pk)
    CalendarToken.objects.filter(person=person, revoked_at=None).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(person=person, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_revoke(*, user) -> int:
    return CalendarToken.objects.filter(person__user=user, revoked_at=None).update(revoked_at=timezone.now())
