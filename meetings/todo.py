"""The meetings part of 我的待办 (UI.md).

The user's appointments are read once and answer every question here (once per page: the follow-up tasks'
part, duties/todo.py, reads the same within `reading_once`); the meetings that concern the user come in one
query, annotated with what waits on them.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, appointments_held, decide
from committee.models import Appointment, Committee
from committee.todo import TodoItem, changes_at, earliest, provider

from . import conf
from .authority_rules import MeetingAction
from .models import (
    ATTENDED,
    OPEN_MINUTES_STATES,
    AgendaItem,
    Invitation,
    ItemState,
    Meeting,
    MeetingKind,
    MeetingState,
    Minutes,
    MinutesState,
)
from .selectors import count_of

UPCOMING_DAYS = 30


@changes_at
def meeting_changes(user, committee: Committee, now: datetime.datetime) -> datetime.datetime | None:
    """A meeting comes within the month ahead, starts (its attendance is then to be recorded), a comment period on
    minutes ends (the chair may then approve them)."""
    ahead = datetime.timedelta(days=UPCOMING_DAYS)
    starts = (
        Meeting.objects.filter(committee=committee)
        .exclude(state=MeetingState.CANCELLED)
        .aggregate(
            starts=Min("starts_at", filter=Q(starts_at__gte=now)),
            comes=Min("starts_at", filter=Q(starts_at__gte=now + ahead)),
        )
    )
    until = Minutes.objects.filter(meeting__committee=committee, comments_until__gte=now).aggregate(
        until=Min("comments_until")
    )["until"]
    return earliest(starts["starts"], starts["comes"] and starts["comes"] - ahead, until)


@provider
def meeting_todo(user, committee: Committee) -> list[TodoItem]:
    held = appointments_held(user, committee)
    _share_person(user, held)
    return meeting_items(user, committee, held)


def _share_person(user, held: list[Appointment]) -> None:
    """The work bench greets the person by name: hand it the person already read with the appointments."""
    related = get_user_model().person.related
    if held and not related.is_cached(user):
        related.set_cached_value(user, held[0].person)


def meeting_items(user, committee: Committee, held: list[Appointment]) -> list[TodoItem]:
    if not held:
        return []
    now = timezone.now()
    office = bool(decide(user, Action.MANAGE_COMMITTEE, committee, held=held))
    reviewer = bool(decide(user, MeetingAction.REVIEW_MINUTES, committee, held=held))
    person_ids = {a.person_id for a in held}
    unit_ids = {a.unit_id for a in held if a.unit_id}
    local_now = timezone.localtime(now)
    year_start = local_now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    next_year = year_start.replace(year=year_start.year + 1)
    soon = Q(starts_at__gte=now, starts_at__lte=now + datetime.timedelta(days=UPCOMING_DAYS))

    open_minutes = Minutes.objects.filter(meeting=OuterRef("pk"), state__in=sorted(OPEN_MINUTES_STATES))
    invited = Invitation.objects.filter(meeting=OuterRef("pk")).filter(
        Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)
    )
    meetings = (
        Meeting.objects.filter(committee=committee)
        .exclude(state=MeetingState.CANCELLED)
        .annotate(
            open_state=Subquery(open_minutes.values("state")[:1]),
            open_until=Subquery(open_minutes.values("comments_until")[:1]),
            attended=Exists(invited.filter(attendance__in=sorted(ATTENDED))),
            has_minutes=Exists(Minutes.objects.filter(meeting=OuterRef("pk"))),
            pending_items=count_of(AgendaItem.objects.filter(meeting=OuterRef("pk"), state=ItemState.PROPOSED)),
        )
        .select_related("chair")
        # What the items say, and no more: the page reads few columns of few rows.
        .only("committee_id", "kind", "title", "starts_at", "location", "state", "chair__person")
        .order_by("starts_at", "pk")
    )
    if office:
        meetings = meetings.filter(
            soon
            | Q(open_state__isnull=False)
            | Q(pending_items__gt=0)
            | Q(state=MeetingState.HELD, has_minutes=False)
            | Q(state__in=[MeetingState.PLANNED, MeetingState.NOTIFIED], starts_at__lt=now)
            | Q(kind=MeetingKind.OFFICE, starts_at__gte=year_start, starts_at__lt=next_year)
        )
    else:
        mine = Q(chair__person_id__in=person_ids) | Exists(invited)
        meetings = meetings.filter(mine).filter(soon | Q(open_state__isnull=False))

    items: list[TodoItem] = []
    this_year_office: list[Meeting] = []
    for meeting in meetings:
        items.extend(_items_for(meeting, now, office=office, reviewer=reviewer, person_ids=person_ids))
        if meeting.kind == MeetingKind.OFFICE and year_start <= meeting.starts_at < next_year:
            this_year_office.append(meeting)
    if office:
        items.append(_office_meeting_item(committee, this_year_office, local_now.date()))
    return items


def _items_for(meeting: Meeting, now, *, office: bool, reviewer: bool, person_ids: set[int]) -> list[TodoItem]:
    items = []
    url = meeting.get_absolute_url()
    minutes_url = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    when = timezone.localtime(meeting.starts_at)
    upcoming = now <= meeting.starts_at <= now + datetime.timedelta(days=UPCOMING_DAYS)
    if upcoming:
        planned = meeting.state == MeetingState.PLANNED
        items.append(
            TodoItem(
                title=(_("会议待发通知：%(title)s") if office and planned else _("会议：%(title)s"))
                % {"title": meeting.title},
                url=url,
                detail=f"{when:%H:%M} · {meeting.location}",
                due=meeting.starts_at,
                tone="warning" if office and planned else "primary",
            )
        )
    if office and meeting.state in {MeetingState.PLANNED, MeetingState.NOTIFIED} and meeting.starts_at < now:
        items.append(
            TodoItem(
                title=_("待登记出席情况：%(title)s") % {"title": meeting.title},
                url=reverse("meetings:attendance", kwargs={"pk": meeting.pk}),
                due=meeting.starts_at,
                tone="warning",
            )
        )
    if office and meeting.state == MeetingState.HELD and not meeting.has_minutes:
        items.append(
            TodoItem(title=_("待起草纪要：%(title)s") % {"title": meeting.title}, url=minutes_url, tone="warning")
        )
    if office and meeting.pending_items:
        items.append(
            TodoItem(
                title=_("待审核议题%(n)s项：%(title)s") % {"n": meeting.pending_items, "title": meeting.title},
                url=url,
                due=meeting.starts_at,
                tone="warning",
            )
        )
    state, until = meeting.open_state, meeting.open_until
    if state == MinutesState.DRAFT and office:
        items.append(TodoItem(title=_("纪要草稿待送审：%(title)s") % {"title": meeting.title}, url=minutes_url))
    elif state == MinutesState.REVIEW and reviewer:
        items.append(
            TodoItem(title=_("待审核纪要：%(title)s") % {"title": meeting.title}, url=minutes_url, tone="warning")
        )
    elif state == MinutesState.COMMENTS and until is not None:
        if until > now and meeting.attended:
            items.append(
                TodoItem(
                    title=_("请对纪要提出意见：%(title)s") % {"title": meeting.title},
                    url=minutes_url,
                    due=until,
                    tone="info",
                )
            )
        elif until <= now and meeting.chair.person_id in person_ids:
            items.append(
                TodoItem(title=_("待批准纪要：%(title)s") % {"title": meeting.title}, url=minutes_url, tone="warning")
            )
    return items


def _office_meeting_item(committee: Committee, meetings: list[Meeting], today: datetime.date) -> TodoItem:
    """Art 21: this year's office meeting, held, scheduled or still missing."""
    url = reverse("meetings:compliance", kwargs={"committee_code": committee.code})
    held = [m for m in meetings if m.state == MeetingState.HELD]
    if held:
        return TodoItem(
            title=_("本年度办公室会议已召开（第二十一条）"),
            url=url,
            detail=held[0].title,
            tone="success",
        )
    if meetings:
        return TodoItem(
            title=_("本年度办公室会议已安排（第二十一条）"),
            url=meetings[0].get_absolute_url(),
            detail=meetings[0].title,
            due=meetings[0].starts_at,
            tone="info",
        )
    due = conf.office_meeting_due(today.year)
    return TodoItem(
        title=_("本年度尚未安排办公室会议（第二十一条：原则上每年召开一次）"),
        url=url,
        due=due,
        tone="danger" if today >= due else "warning",
    )
