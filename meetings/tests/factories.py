"""Meetings, minutes, decisions and tasks for tests, made through the services as the pages would."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committee.models import Person
from core.attachments import validate_attachment
from duties import services as duty_services
from duties.models import FollowUpTask
from meetings import services
from meetings.models import Attendance, Decision, Importance, Meeting, MeetingKind, Minutes
from members.models import Duty, MemberUnit

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def at(days: float, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment `days` from today (negative: in the past), at a local time."""
    day = timezone.localdate() + datetime.timedelta(days=int(days))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def person(users, username: str) -> Person:
    return users[username].person


def unit(committee, code: str) -> MemberUnit:
    return MemberUnit.objects.get(committee=committee, code=code)


def art5_duty(committee, item: int = 1) -> Duty:
    return Duty.objects.get(committee=committee, unit=None, item_number=item)


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def checked(upload) -> object:
    return validate_attachment(upload)


def schedule(
    users,
    committee,
    *,
    kind: str = MeetingKind.OFFICE,
    starts_at: datetime.datetime | None = None,
    chair: str = "director",
    units=("fulian",),
    persons=("office_director",),
    title: str = "",
    by: str = "office_staff",
) -> Meeting:
    starts_at = starts_at or at(5)
    return services.meeting_schedule(
        by=users[by],
        committee=committee,
        kind=kind,
        title=title or f"测试{MeetingKind(kind).label}",
        starts_at=starts_at,
        location="镇政府会议室",
        chair=person(users, chair),
        units=[unit(committee, code) for code in units],
        persons=[person(users, name) for name in persons],
    )


def hold(users, meeting: Meeting, attendance: str = Attendance.PRESENT) -> Meeting:
    entries = {
        invitation.pk: {"attendance": attendance, "substitute_name": "", "attendance_note": ""}
        for invitation in meeting.invitations.all()
    }
    return services.attendance_record(by=users["office_staff"], meeting=meeting, entries=entries)


def pass_comment_period(minutes: Minutes) -> Minutes:
    """As if the comment period had run out."""
    Minutes.objects.filter(pk=minutes.pk).update(comments_until=timezone.now() - datetime.timedelta(minutes=1))
    minutes.refresh_from_db()
    return minutes


def minutes_in_comments(users, meeting: Meeting, decisions: int = 1) -> tuple[Minutes, list[Decision]]:
    """Drafted with `decisions` decisions, reviewed, open for comments."""
    minutes = services.minutes_draft(by=users["office_staff"], meeting=meeting, text="会议纪要正文。")
    importance = Importance.IMPORTANT if meeting.decides_important else Importance.GENERAL
    recorded = [
        services.decision_record(
            by=users["office_staff"],
            meeting=meeting,
            title=f"决定事项{n}",
            text=f"决定内容{n}",
            importance=importance,
            duty=art5_duty(meeting.committee, n % 5 + 1),
        )
        for n in range(1, decisions + 1)
    ]
    services.minutes_submit(by=users["office_staff"], minutes=minutes)
    minutes = services.minutes_review(by=users["office_director"], minutes=minutes, comment_days=3)
    return minutes, recorded


def approved_meeting(
    users, committee, *, kind: str = MeetingKind.PLENARY, days: int = -10, decisions: int = 1, chair: str = "director"
) -> tuple[Meeting, Minutes, list[Decision]]:
    """A meeting held `days` ago whose minutes the chair approved: its decisions are in effect."""
    meeting = schedule(users, committee, kind=kind, starts_at=at(days), chair=chair)
    hold(users, meeting)
    minutes, recorded = minutes_in_comments(users, meeting, decisions)
    pass_comment_period(minutes)
    minutes = services.minutes_approve(by=users[chair], minutes=minutes)
    return meeting, minutes, [Decision.objects.get(pk=d.pk) for d in recorded]


def task(users, decision: Decision, code: str = "fulian", days: int = 10, title: str = "落实决定") -> FollowUpTask:
    (created,) = duty_services.task_create(
        by=users["office_staff"],
        decision=decision,
        units=[unit(decision.committee, code)],
        title=title,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
    )
    return created


def bulk_meetings(users, committee, n: int, first: datetime.datetime, step: datetime.timedelta) -> list[Meeting]:
    """Many meetings at once, for query budgets (the rows a page reads, not the workflow that made them)."""
    chair = users["director"].person.appointments.get(position="director")
    staff = users["office_staff"].person.appointments.get(position="office_staff")
    kinds = list(MeetingKind)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=committee,
            kind=kinds[i % 3],
            title=f"批量会议{i}",
            starts_at=first + step * i,
            location="会议室",
            chair=chair,
            created_by=staff,
        )
        for i in range(n)
    )
    units = list(MemberUnit.objects.filter(committee=committee)[:3])
    from meetings.models import Invitation

    Invitation.objects.bulk_create(Invitation(meeting=m, unit=u) for m in meetings for u in units)
    return meetings


def bulk_tasks(decision: Decision, n: int) -> list[FollowUpTask]:
    """Many tasks of every colour across the units, for query budgets."""
    units = list(MemberUnit.objects.filter(committee=decision.committee).order_by("sort_order"))
    staff = decision.created_by
    today = timezone.localdate()
    tasks = []
    for i in range(n):
        deadline = today + datetime.timedelta(days=(i % 20) - 8)
        status = ["open", "open", "open", "reported", "closed"][i % 5]
        tasks.append(
            FollowUpTask(
                committee=decision.committee,
                unit=units[i % len(units)],
                decision=decision,
                title=f"批量督办{i}",
                deadline=deadline,
                original_deadline=deadline,
                status=status,
                created_by=staff,
                reported_at=timezone.now() if status != "open" else None,
                closed_at=timezone.now() if status == "closed" else None,
                closed_by=staff if status == "closed" else None,
            )
        )
    return FollowUpTask.objects.bulk_create(tasks)
