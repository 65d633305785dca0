"""Reads of meetings, minutes and decisions, shaped for pages in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, holders, restrict
from committee.models import Appointment, Committee, Person, Position

from . import conf
from .authority_rules import MeetingAction
from .models import (
    Decision,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingState,
    Minutes,
    MinutesState,
)


def count_of(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT as a subquery: no join, so one annotation does not multiply another."""
    counted = queryset.order_by().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def meeting_rows(committee: Committee) -> QuerySet[Meeting]:
    """Meetings for the list and the calendar: chair, minutes state and counts come with each row."""
    latest = Minutes.objects.filter(meeting=OuterRef("pk")).order_by("-version")
    return (
        Meeting.objects.filter(committee=committee)
        .select_related("chair__person", "committee")
        .annotate(
            minutes_state=Subquery(latest.values("state")[:1]),
            minutes_until=Subquery(latest.values("comments_until")[:1]),
            decision_count=count_of(Decision.objects.filter(meeting=OuterRef("pk"))),
            invitation_count=count_of(Invitation.objects.filter(meeting=OuterRef("pk"))),
        )
    )


def minutes_label(state: str | None, until: datetime.datetime | None) -> tuple[str, str]:
    """Words and colour for a minutes state as annotated on a meeting row."""
    if not state:
        return _("尚未起草"), "light"
    if state == MinutesState.COMMENTS and until is not None and until <= timezone.now():
        return _("待主持人批准"), "warning"
    tone = {
        MinutesState.DRAFT: "secondary",
        MinutesState.REVIEW: "warning",
        MinutesState.COMMENTS: "info",
        MinutesState.APPROVED: "success",
        MinutesState.SUPERSEDED: "light",
    }[MinutesState(state)]
    return str(MinutesState(state).label), tone


def meetings_between(committee: Committee, start: datetime.datetime, end: datetime.datetime, user) -> list[Meeting]:
    meetings = Meeting.objects.filter(committee=committee, starts_at__gte=start, starts_at__lt=end)
    return list(
        restrict(meetings, user, Action.VIEW_COMMITTEE).select_related("chair__person").order_by("starts_at", "pk")
    )


def unit_people(unit_ids, on: datetime.date | None = None) -> QuerySet[Appointment]:
    """The member (head) and the liaison in force of each unit: those who receive a unit's notices."""
    return Appointment.objects.in_force(on).filter(
        unit_id__in=unit_ids, position__in=[Position.UNIT_HEAD, Position.LIAISON]
    )


def people_to_notify(meeting: Meeting) -> list[Person]:
    """The chair, every invited person, and the member and liaison of every invited unit (`meetings.attend`)."""
    return list(holders(meeting, MeetingAction.ATTEND))


def attendees(meeting: Meeting) -> list[Person]:
    """Who was at the meeting and may comment on its minutes (the rule `meetings.comment_minutes`)."""
    return list(holders(meeting, MeetingAction.COMMENT_MINUTES))


def office_people(committee: Committee, positions=(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)) -> list[Person]:
    """The office (`MANAGE_COMMITTEE`), or its director alone (who reviews minutes)."""
    action = MeetingAction.REVIEW_MINUTES if set(positions) == {Position.OFFICE_DIRECTOR} else Action.MANAGE_COMMITTEE
    return list(holders(committee, action))


def invitations_of(meeting: Meeting) -> list[Invitation]:
    invitations = list(
        meeting.invitations.select_related("unit", "person").order_by("unit__sort_order", "person__name", "pk")
    )
    for invitation in invitations:
        if invitation.unit is not None:
            # The unit's page address names its committee, the meeting's: no query per invited unit.
            invitation.unit.committee = meeting.committee
    return invitations


def minutes_versions(meeting: Meeting) -> list[Minutes]:
    return list(
        meeting.minutes.select_related(
            "drafted_by__person", "reviewed_by__person", "approved_by__person", "approved_under"
        ).order_by("-version")
    )


def current_minutes(versions: list[Minutes]) -> Minutes | None:
    """The version being worked on, else the approved one, else the newest."""
    for state in (MinutesState.DRAFT, MinutesState.REVIEW, MinutesState.COMMENTS, MinutesState.APPROVED):
        for minutes in versions:
            if minutes.state == state:
                return minutes
    return versions[0] if versions else None


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(
        meeting.decisions.select_related("duty", "agenda_item", "decided_by__person", "decided_under")
        .annotate(task_count=Count("tasks"))
        .order_by("number")
    )


def meetings_for_user(user, committee: Committee) -> QuerySet[Meeting]:
    """The meetings that concern a person (`meetings.follow`): all of them for the leadership and the office;
    otherwise those they chair or are invited to, in person or through their unit."""
    return restrict(Meeting.objects.filter(committee=committee), user, MeetingAction.FOLLOW)


@dataclass
class OfficeMeetingYear:
    """Art 21: whether the office met in a year (原则上每年召开一次会议)."""

    year: int
    due: datetime.date
    held: list[Meeting] = field(default_factory=list)
    scheduled: list[Meeting] = field(default_factory=list)
    committee_meetings: int = 0
    status: str = "missing"

    @property
    def label(self) -> str:
        return {
            "held": _("已召开"),
            "scheduled": _("已安排，尚未召开"),
            "missing": _("未召开"),
            "due": _("尚未安排（%(month)s月%(day)s日前应安排）") % {"month": self.due.month, "day": self.due.day},
            "late": _("尚未安排，已过提醒日期"),
        }[self.status]

    @property
    def tone(self) -> str:
        return {"held": "success", "scheduled": "info", "missing": "danger", "due": "secondary", "late": "danger"}[
            self.status
        ]


def office_meeting_years(committee: Committee, today: datetime.date | None = None) -> list[OfficeMeetingYear]:
    """One row per year since the rules took effect, newest first; two queries whatever the number of meetings."""
    today = today or timezone.localdate()
    first = committee.effective_on.year
    years = {
        year: OfficeMeetingYear(year=year, due=conf.office_meeting_due(year)) for year in range(first, today.year + 1)
    }
    meetings = (
        Meeting.objects.filter(committee=committee, kind=MeetingKind.OFFICE)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at")
    )
    for meeting in meetings:
        row = years.get(timezone.localtime(meeting.starts_at).year)
        if row is None:
            continue
        (row.held if meeting.state == MeetingState.HELD else row.scheduled).append(meeting)
    counts = (
        Meeting.objects.filter(committee=committee, kind__in=[MeetingKind.PLENARY, MeetingKind.SPECIAL])
        .exclude(state=MeetingState.CANCELLED)
        .values_list("starts_at__year")
        .annotate(n=Count("pk"))
    )
    for year, n in counts:
        if year in years:
            years[year].committee_meetings = n
    for row in years.values():
        row.status = office_meeting_status(row, today)
    return sorted(years.values(), key=lambda row: row.year, reverse=True)


def office_meeting_status(row: OfficeMeetingYear, today: datetime.date) -> str:
    if row.held:
        return "held"
    if row.scheduled:
        return "scheduled"
    if row.year < today.year:
        return "missing"
    return "late" if today >= row.due else "due"


def decision_documents(decision: Decision) -> list:
    """Official documents that record the decision (Art 24), as the documents app links them, if it does.

    This app does not import the documents app: it asks its Document model for the documents `recording`
    an object (a generic link), or else follows any relation from that app to Decision; a link row that
    has a `document` is shown as that document.
    """
    try:
        documents = apps.get_model("documents", "Document")._default_manager.all()
    except LookupError:
        documents = None
    if documents is not None and hasattr(documents, "recording"):
        return list(documents.recording(decision))
    found = []
    for relation in Decision._meta.related_objects:
        if relation.related_model._meta.app_label != "documents":
            continue
        try:
            value = getattr(decision, relation.get_accessor_name())
        except relation.related_model.DoesNotExist:
            continue
        rows = list(value.all()) if hasattr(value, "all") else [value]
        found.extend(getattr(row, "document", row) for row in rows)
    return found
