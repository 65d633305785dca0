"""Demo meetings (UI.md: Demo data): a past plenary meeting with approved minutes and decisions, last year's
office meeting, and an upcoming office meeting with an agenda item waiting for the office. Idempotent.

The past meetings are made at the moments they would have been, under a simulated clock (core/clock.py): scheduled
two weeks before, attendance on the day, minutes in the days after. Their rows and their history (变更记录) then
carry those dates, not the day the demo was loaded."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from committee.models import Appointment, Committee, Position
from core.attachments import validate_attachment
from core.clock import SimulatedClock
from members.models import Duty, MemberUnit

from . import services
from .models import Attendance, Importance, Meeting, MeetingKind

# A one-page PDF, enough for a material that opens.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _present(meeting: Meeting) -> dict:
    return {
        invitation.pk: {"attendance": Attendance.PRESENT, "substitute_name": "", "attendance_note": ""}
        for invitation in meeting.invitations.all()
    }


@transaction.atomic
def demo_create(committee: Committee) -> list[str]:
    if Meeting.objects.filter(committee=committee).exists():
        return []
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(person__committee=committee)}
    person = {username: user.person for username, user in users.items()}
    staff, office_director, director = users["office_staff"], users["office_director"], users["director"]
    units = list(MemberUnit.objects.filter(committee=committee).active().order_by("sort_order"))
    by_code = {unit.code: unit for unit in units}
    duties = {duty.item_number: duty for duty in Duty.objects.filter(committee=committee, unit=None, is_active=True)}
    leaders = [
        person[name] for name in ("deputy1", "deputy2", "deputy3", "office_director", "office_staff") if name in person
    ]
    # Read from the real clock before any simulated one starts.
    plenary_at = _at(-45, 9, 30)
    last_year_at = datetime.datetime.combine(
        datetime.date(timezone.localdate().year - 1, 11, 20),
        datetime.time(14, 30),
        tzinfo=timezone.get_current_timezone(),
    )
    upcoming_at = _at(10, 9, 0)

    with SimulatedClock(last_year_at - 14 * DAY) as clock:
        last_year = services.meeting_schedule(
            by=staff,
            committee=committee,
            kind=MeetingKind.OFFICE,
            title=f"{last_year_at.year}年委员会办公室会议",
            starts_at=last_year_at,
            location="镇司法所会议室",
            chair=person["director"],
            units=[by_code["sifasuo"], by_code["xibinhe-police"]],
            persons=[person["office_director"], person["office_staff"]],
        )
        clock.travel(last_year_at + 2 * HOUR)
        services.attendance_record(by=staff, meeting=last_year, entries=_present(last_year))
        clock.travel(last_year_at + DAY)
        old_minutes = services.minutes_draft(by=staff, meeting=last_year, text="会议研究了社区矫正档案管理等一般事项。")
        services.decision_record(
            by=staff,
            meeting=last_year,
            title="规范社区矫正档案管理",
            text="各成员单位按统一目录整理社区矫正工作档案。",
            importance=Importance.GENERAL,
            duty=duties.get(4) or next(iter(duties.values())),
        )
        services.minutes_submit(by=staff, minutes=old_minutes)
        clock.travel(last_year_at + 2 * DAY)
        services.minutes_review(by=office_director, minutes=old_minutes, comment_days=1)
        clock.travel(last_year_at + 4 * DAY)
        services.minutes_approve(by=director, minutes=old_minutes)

    with SimulatedClock(plenary_at - 14 * DAY) as clock:
        plenary = services.meeting_schedule(
            by=staff,
            committee=committee,
            kind=MeetingKind.PLENARY,
            title=f"{plenary_at.year}年第一次全体会议",
            starts_at=plenary_at,
            ends_at=plenary_at + 2 * HOUR,
            location="镇政府三楼第一会议室",
            chair=person["director"],
            units=units,
            persons=leaders,
        )
        services.agenda_item_propose(
            by=staff,
            meeting=plenary,
            title="审议本年度社区矫正工作要点",
            description="通报上年度社区矫正工作情况，审议本年度工作要点。",
            files=[validate_attachment(SimpleUploadedFile("年度工作要点（送审稿）.pdf", DEMO_PDF))],
        )
        clock.travel(plenary_at - 12 * DAY)
        services.agenda_item_propose(
            by=users["liaison-xibinhe-police"],
            meeting=plenary,
            unit=by_code["xibinhe-police"],
            title="社区矫正对象重点时段联合排查",
            description="提请委员会研究节假日等重点时段的联合排查机制。",
        )
        clock.travel(plenary_at - 11 * DAY)
        services.agenda_item_accept(by=staff, item=plenary.items.get(unit=by_code["xibinhe-police"]))
        items = list(plenary.items.order_by("order"))
        entries = _present(plenary)
        for invitation in plenary.invitations.all():
            if invitation.unit_id == by_code["jiaowei"].pk:
                entries[invitation.pk] = {
                    "attendance": Attendance.LEAVE,
                    "substitute_name": "",
                    "attendance_note": "外出培训",
                }
            elif invitation.unit_id == by_code["tuanwei"].pk:
                entries[invitation.pk] = {
                    "attendance": Attendance.SUBSTITUTE,
                    "substitute_name": "周晓宇",
                    "attendance_note": "团委副书记",
                }
        clock.travel(plenary_at + 2 * HOUR)
        services.attendance_record(by=staff, meeting=plenary, entries=entries)
        clock.travel(plenary_at + DAY)
        minutes = services.minutes_draft(
            by=staff,
            meeting=plenary,
            text=(
                f"{plenary_at.year}年第一次全体会议由主任王建国主持，委员会副主任、办公室主任和各成员单位负责人出席。\n\n"
                "会议听取了镇司法所关于上年度社区矫正工作情况的通报，审议了本年度社区矫正工作要点，"
                "研究了重点时段联合排查机制。会议议定事项如下。"
            ),
        )
        decisions = [
            ("印发本年度社区矫正工作要点", "原则通过本年度社区矫正工作要点，由委员会办公室修改完善后印发。", 1, 0),
            (
                "建立重点时段联合排查机制",
                "节假日和重大活动期间，司法所、派出所、妇联等单位对社区矫正对象开展联合排查，结果报委员会办公室。",
                4,
                1,
            ),
            (
                "落实社区矫正对象就业帮扶",
                "便民服务中心、卫生院、教委、团委按职责开展就业、就医、就学帮扶，年底前报告落实情况。",
                3,
                None,
            ),
        ]
        for title, text, duty_number, item_index in decisions:
            services.decision_record(
                by=staff,
                meeting=plenary,
                title=title,
                text=text,
                importance=Importance.IMPORTANT,
                duty=duties.get(duty_number) or next(iter(duties.values())),
                agenda_item=items[item_index] if item_index is not None else None,
            )
        services.minutes_submit(by=staff, minutes=minutes)
        clock.travel(plenary_at + 2 * DAY)
        services.minutes_review(by=office_director, minutes=minutes, comment_days=3, note="同意，请征求意见")
        clock.travel(plenary_at + 3 * DAY)
        services.minutes_comment(
            by=users["head-fulian"], minutes=minutes, text="建议在联合排查中写明妇联参与家庭走访。"
        )
        clock.travel(plenary_at + 5 * DAY + HOUR)
        services.minutes_approve(by=director, minutes=minutes)

    # The coming meeting is being prepared now, on the real clock.
    upcoming = services.meeting_schedule(
        by=staff,
        committee=committee,
        kind=MeetingKind.OFFICE,
        title=f"{upcoming_at.year}年委员会办公室会议",
        starts_at=upcoming_at,
        ends_at=upcoming_at + datetime.timedelta(hours=1, minutes=30),
        location="镇司法所会议室",
        chair=person["director"],
        units=[by_code["sifasuo"], by_code["xibinhe-police"], by_code["fulian"], by_code["bianmin"]],
        persons=[person["office_director"], person["office_staff"]],
    )
    services.agenda_item_propose(
        by=staff, meeting=upcoming, title="半年工作小结及督办事项落实情况", description="通报督办事项进展。"
    )
    services.meeting_notify(by=staff, meeting=upcoming)
    services.agenda_item_propose(
        by=users["liaison-fulian"],
        meeting=upcoming,
        unit=by_code["fulian"],
        title="女性社区矫正对象家庭关系修复",
        description="提请研究女性社区矫正对象家庭关系修复的帮扶措施。",
        files=[validate_attachment(SimpleUploadedFile("帮扶措施建议.pdf", DEMO_PDF))],
    )
    return ["meetings (past plenary with approved minutes and decisions, upcoming office meeting)"]


def _holder(committee: Committee, position: str):
    appointment = Appointment.objects.in_force().filter(committee=committee, position=position).first()
    return appointment.person


@transaction.atomic
def demo_town_create(committee: Committee, number: int) -> list[str]:
    """A demo town's year so far, different in each so that the district's oversight rows differ (Art 21): the
    first has held its office meeting, the second has one scheduled and not yet held, the third has held a
    plenary meeting and no office meeting. Idempotent."""
    if Meeting.objects.filter(committee=committee).exists():
        return []
    director, staff = _holder(committee, Position.DIRECTOR), _holder(committee, Position.OFFICE_STAFF)
    office_director = _holder(committee, Position.OFFICE_DIRECTOR)
    units = list(MemberUnit.objects.filter(committee=committee).active().order_by("sort_order"))
    place = committee.short_name.removesuffix("社区矫正委员会")
    now, today = timezone.now(), timezone.localdate()
    # Held this year: twenty days ago, or on the year's second day when it is younger than that.
    held_day = max(today - 20 * DAY, today.replace(month=1, day=2))
    held_at = datetime.datetime.combine(held_day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone())
    kind = MeetingKind.PLENARY if number == 3 else MeetingKind.OFFICE
    starts_at = _at(12, 9, 30) if number == 2 else held_at
    with SimulatedClock(min(starts_at, now) - 14 * DAY) as clock:
        meeting = services.meeting_schedule(
            by=staff.user,
            committee=committee,
            kind=kind,
            title=f"{starts_at.year}年{place}社区矫正委员会{'第一次全体会议' if number == 3 else '办公室会议'}",
            starts_at=starts_at,
            location=f"{place}司法所会议室",
            chair=director,
            units=units if number == 3 else units[:2],
            persons=[office_director, staff],
        )
        if starts_at < now - 2 * HOUR:
            clock.travel(starts_at + 2 * HOUR)
            services.attendance_record(by=staff.user, meeting=meeting, entries=_present(meeting))
            return [f"{place}: {meeting.title} held"]
    return [f"{place}: {meeting.title} scheduled"]
