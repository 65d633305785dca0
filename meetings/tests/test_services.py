"""Art 21 as services: who chairs, who is told, attendance, agenda, minutes through their workflow, decisions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Notification
from meetings import services
from meetings.models import (
    Attendance,
    Decision,
    Importance,
    ItemState,
    MeetingKind,
    MeetingState,
    Minutes,
    MinutesState,
)
from meetings.tests import factories as f


def subjects(users, username: str) -> list[str]:
    return list(Notification.objects.filter(recipient__user=users[username]).values_list("subject", flat=True))


# Chair (Art 21: the director, or a deputy with a delegation to chair in force on the meeting date)


def test_the_director_chairs_and_the_capacity_is_recorded(staffed, users):
    meeting = f.schedule(users, staffed, kind=MeetingKind.PLENARY)
    assert meeting.chair.person == users["director"].person
    assert meeting.chaired.capacity == "以主任身份"
    assert meeting.chair_delegation is None
    assert meeting.state == MeetingState.PLANNED


def test_a_deputy_without_delegation_cannot_chair(staffed, users):
    with pytest.raises(ValidationError) as error:
        f.schedule(users, staffed, chair="deputy1")
    assert "不能主持会议" in str(error.value.message_dict["chair"])


def test_a_deputy_chairs_under_a_delegation_in_force_on_the_meeting_date(staffed, users, delegate):
    delegation = delegate("deputy1", ["chair"], days=30)
    meeting = f.schedule(users, staffed, chair="deputy1", starts_at=f.at(10))
    assert meeting.chair_delegation == delegation
    assert meeting.chaired.capacity == f"以副主任身份（第{delegation.number}号委托）"
    # The same delegation does not reach a meeting after it ends.
    with pytest.raises(ValidationError):
        f.schedule(users, staffed, chair="deputy1", starts_at=f.at(40))


def test_only_the_office_schedules(staffed, users):
    with pytest.raises(NotAllowed):
        f.schedule(users, staffed, by="liaison-fulian")
    with pytest.raises(NotAllowed):
        f.schedule(users, staffed, by="director")


def test_the_chair_is_among_the_invitees_once(staffed, users):
    """Art 21: the chair attends the meeting they chair, so they are invited with it (and counted once even when
    the office also ticks them among the people)."""
    meeting = f.schedule(users, staffed, units=("fulian",), persons=("director", "office_director"))
    invited = list(meeting.invitations.exclude(person=None).values_list("person__user__username", flat=True))
    assert sorted(invited) == ["director", "office_director"]
    assert meeting.invitations.filter(unit__code="fulian").count() == 1


def test_a_new_chair_is_invited_and_told_of_the_change(staffed, users, delegate):
    delegate("deputy1", ["chair"], days=30)
    meeting = f.schedule(users, staffed, units=("fulian",))
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    services.meeting_update(
        by=users["office_staff"],
        meeting=meeting,
        title=meeting.title,
        starts_at=meeting.starts_at,
        location=meeting.location,
        chair=f.person(users, "deputy1"),
    )
    assert meeting.invitations.filter(person=f.person(users, "deputy1")).count() == 1
    assert any("会议变更通知" in s for s in subjects(users, "deputy1"))
    # The former chair stays invited: they were told they would chair, and are told of the change.
    assert meeting.invitations.filter(person=f.person(users, "director")).exists()
    assert any("会议变更通知" in s for s in subjects(users, "director"))


def test_a_notice_needs_invitees_besides_the_chair(staffed, users):
    meeting = f.schedule(users, staffed, units=(), persons=())
    assert list(meeting.invitations.values_list("person__user__username", flat=True)) == ["director"]
    with pytest.raises(ValidationError, match="请先邀请参会单位或人员"):
        services.meeting_notify(by=users["office_staff"], meeting=meeting)


def test_end_before_start_is_refused(staffed, users):
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            by=users["office_staff"],
            committee=staffed,
            kind=MeetingKind.OFFICE,
            title="时间错了",
            starts_at=f.at(3, 10),
            ends_at=f.at(3, 9),
            location="会议室",
            chair=f.person(users, "director"),
        )
    assert "ends_at" in error.value.message_dict


# Notices


def test_the_notice_reaches_chair_persons_and_the_member_and_liaison_of_each_unit(staffed, users):
    from committee.services import NOTIFICATION_TASK
    from core.models import OutboxMessage

    meeting = f.schedule(users, staffed, units=("fulian", "gonghui"), persons=("office_director",))
    before = OutboxMessage.objects.filter(task=NOTIFICATION_TASK).count()
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.NOTIFIED and meeting.notice_sent_at is not None
    for username in ("director", "office_director", "head-fulian", "liaison-fulian", "head-gonghui", "liaison-gonghui"):
        assert any("会议通知" in s for s in subjects(users, username)), username
    assert not subjects(users, "liaison-sifasuo")
    # One e-mail per person, written to the outbox with the notice and relayed after commit.
    assert OutboxMessage.objects.filter(task=NOTIFICATION_TASK).count() - before == 6


def test_moving_a_notified_meeting_tells_everyone_and_bumps_the_calendar_sequence(staffed, users):
    meeting = f.schedule(users, staffed)
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    services.meeting_update(
        by=users["office_staff"],
        meeting=meeting,
        title=meeting.title,
        starts_at=f.at(6, 14),
        location=meeting.location,
        chair=f.person(users, "director"),
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert any("会议变更通知" in s for s in subjects(users, "liaison-fulian"))


def test_cancelling_needs_a_reason_and_tells_the_notified(staffed, users):
    meeting = f.schedule(users, staffed)
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_cancel(by=users["office_staff"], meeting=meeting, reason=" ")
    services.meeting_cancel(by=users["office_staff"], meeting=meeting, reason="主任临时外出")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    assert any("会议取消" in s for s in subjects(users, "head-fulian"))


def test_inviting_after_the_notice_notifies_the_newly_invited_only(staffed, users):
    meeting = f.schedule(users, staffed)
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    before = Notification.objects.filter(recipient__user=users["liaison-fulian"]).count()
    services.meeting_invite(by=users["office_staff"], meeting=meeting, units=[f.unit(staffed, "sifasuo")])
    assert any("会议通知" in s for s in subjects(users, "liaison-sifasuo"))
    assert Notification.objects.filter(recipient__user=users["liaison-fulian"]).count() == before


# Attendance


def test_attendance_is_recorded_after_the_start_with_a_named_substitute(staffed, users):
    future = f.schedule(users, staffed)
    with pytest.raises(ValidationError):
        f.hold(users, future)
    meeting = f.schedule(users, staffed, starts_at=f.at(-1), units=("fulian", "gonghui"))
    fulian, gonghui, office_director = (
        meeting.invitations.get(unit__code="fulian"),
        meeting.invitations.get(unit__code="gonghui"),
        meeting.invitations.get(person__user__username="office_director"),
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            by=users["office_staff"],
            meeting=meeting,
            entries={fulian.pk: {"attendance": Attendance.SUBSTITUTE, "substitute_name": ""}},
        )
    assert f"substitute_name_{fulian.pk}" in error.value.message_dict
    services.attendance_record(
        by=users["office_staff"],
        meeting=meeting,
        entries={
            fulian.pk: {"attendance": Attendance.SUBSTITUTE, "substitute_name": "韩梅梅", "attendance_note": ""},
            gonghui.pk: {"attendance": Attendance.LEAVE, "substitute_name": "忽略", "attendance_note": "出差"},
            office_director.pk: {"attendance": Attendance.OBSERVER},
        },
    )
    meeting.refresh_from_db()
    fulian.refresh_from_db()
    gonghui.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    assert fulian.substitute_name == "韩梅梅"
    assert gonghui.attendance == Attendance.LEAVE and gonghui.substitute_name == ""


# Agenda items


def test_a_unit_proposes_an_item_the_office_accepts_it(staffed, users):
    meeting = f.schedule(users, staffed)
    item = services.agenda_item_propose(
        by=users["liaison-fulian"],
        meeting=meeting,
        unit=f.unit(staffed, "fulian"),
        title="家庭关系修复",
        files=[f.checked(f.pdf())],
    )
    assert item.state == ItemState.PROPOSED and item.materials.count() == 1
    assert any("提出议题" in s for s in subjects(users, "office_staff"))
    services.agenda_item_accept(by=users["office_director"], item=item)
    item.refresh_from_db()
    assert item.state == ItemState.ACCEPTED
    with pytest.raises(NotAllowed):
        services.agenda_item_propose(
            by=users["liaison-gonghui"], meeting=meeting, unit=f.unit(staffed, "fulian"), title="冒名"
        )


def test_what_the_office_proposes_is_on_the_agenda_at_once(staffed, users):
    meeting = f.schedule(users, staffed)
    item = services.agenda_item_propose(by=users["office_staff"], meeting=meeting, title="工作小结")
    assert item.state == ItemState.ACCEPTED and item.proposer_label == "委员会办公室"


def test_declining_an_item_needs_a_reason(staffed, users):
    meeting = f.schedule(users, staffed)
    item = services.agenda_item_propose(
        by=users["head-fulian"], meeting=meeting, unit=f.unit(staffed, "fulian"), title="议题"
    )
    with pytest.raises(ValidationError):
        services.agenda_item_decline(by=users["office_staff"], item=item, reason="")
    services.agenda_item_decline(by=users["office_staff"], item=item, reason="下次会议再议")
    item.refresh_from_db()
    assert item.state == ItemState.DECLINED


# Minutes


@pytest.fixture
def held_office_meeting(staffed, users):
    meeting = f.schedule(users, staffed, starts_at=f.at(-2), units=("fulian",), persons=("office_director",))
    return f.hold(users, meeting)


def test_minutes_go_draft_review_comments_approval_then_lock(staffed, users, held_office_meeting):
    meeting = held_office_meeting
    minutes, (decision,) = f.minutes_in_comments(users, meeting)
    assert minutes.state == MinutesState.COMMENTS
    assert any("提出意见" in s for s in subjects(users, "liaison-fulian"))
    services.minutes_comment(by=users["head-fulian"], minutes=minutes, text="第二段表述请再斟酌。")
    with pytest.raises(NotAllowed):
        services.minutes_comment(by=users["liaison-gonghui"], minutes=minutes, text="我没参会")
    with pytest.raises(ValidationError):
        services.minutes_approve(by=users["director"], minutes=minutes)  # the comment period is still open
    f.pass_comment_period(minutes)
    with pytest.raises(ValidationError):
        services.minutes_comment(by=users["head-fulian"], minutes=minutes, text="晚了")
    with pytest.raises(NotAllowed):
        services.minutes_approve(by=users["office_director"], minutes=minutes)
    minutes = services.minutes_approve(by=users["director"], minutes=minutes)
    assert minutes.state == MinutesState.APPROVED and minutes.approved.capacity == "以主任身份"
    decision.refresh_from_db()
    assert decision.is_effective and decision.decided.capacity == "以主任身份"
    with pytest.raises(ValidationError):
        services.minutes_edit(by=users["office_staff"], minutes=minutes, text="改一改")
    with pytest.raises(ValidationError):
        services.decision_update(
            by=users["office_staff"],
            decision=decision,
            title="改",
            text="改",
            importance=Importance.GENERAL,
            duty=decision.duty,
        )


def test_a_change_to_approved_minutes_is_a_new_version_that_supersedes_the_old(staffed, users):
    meeting, v1, _decisions = f.approved_meeting(users, staffed, kind=MeetingKind.OFFICE)
    with pytest.raises(ValidationError):
        services.minutes_revise(by=users["office_staff"], meeting=meeting, text="新版", reason="")
    v2 = services.minutes_revise(by=users["office_staff"], meeting=meeting, text="新版正文", reason="更正参会人员")
    assert v2.version == 2 and v2.state == MinutesState.DRAFT
    with pytest.raises(ValidationError):
        services.minutes_revise(by=users["office_staff"], meeting=meeting, text="第三版", reason="再改")
    services.minutes_submit(by=users["office_staff"], minutes=v2)
    services.minutes_review(by=users["office_director"], minutes=v2, comment_days=1)
    f.pass_comment_period(v2)
    services.minutes_approve(by=users["director"], minutes=v2)
    v1.refresh_from_db()
    assert v1.state == MinutesState.SUPERSEDED and v1.text == "会议纪要正文。"
    assert Minutes.objects.get(meeting=meeting, state=MinutesState.APPROVED).version == 2


def test_review_and_send_back(staffed, users, held_office_meeting):
    minutes = services.minutes_draft(by=users["office_staff"], meeting=held_office_meeting, text="初稿")
    services.minutes_submit(by=users["office_staff"], minutes=minutes)
    with pytest.raises(NotAllowed):
        services.minutes_review(by=users["office_staff"], minutes=minutes)
    with pytest.raises(ValidationError):
        services.minutes_send_back(by=users["office_director"], minutes=minutes, note="")
    minutes = services.minutes_send_back(by=users["office_director"], minutes=minutes, note="补充会议议定事项")
    assert minutes.state == MinutesState.DRAFT and minutes.returned_note == "补充会议议定事项"
    assert any("退回修改" in s for s in subjects(users, "office_staff"))


def test_the_chair_approves_only_with_the_power_held_on_the_meeting_date(staffed, users, delegate):
    from committee.services import delegation_revoke

    delegation = delegate("deputy1", ["chair"], start=timezone.now() - datetime.timedelta(days=5), days=30)
    meeting = f.schedule(users, staffed, chair="deputy1", starts_at=f.at(-1))
    f.hold(users, meeting)
    minutes, _decisions = f.minutes_in_comments(users, meeting)
    f.pass_comment_period(minutes)
    with pytest.raises(NotAllowed):
        services.minutes_approve(by=users["director"], minutes=minutes)  # not the chair of this meeting
    # Revoking today does not undo the power the deputy held yesterday, when the meeting was held.
    delegation_revoke(by=users["director"], delegation=delegation, reason="提前结束")
    minutes = services.minutes_approve(by=users["deputy1"], minutes=minutes)
    assert minutes.approved_under == delegation
    assert minutes.approved.capacity == f"以副主任身份（第{delegation.number}号委托）"


# Decisions (Art 21: important in committee meetings, general in office meetings)


def test_important_matters_only_in_plenary_or_special_meetings(staffed, users, held_office_meeting):
    services.minutes_draft(by=users["office_staff"], meeting=held_office_meeting, text="纪要")
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            by=users["office_staff"],
            meeting=held_office_meeting,
            title="重要事项",
            text="内容",
            importance=Importance.IMPORTANT,
            duty=f.art5_duty(staffed),
        )
    assert "重要事项只能由委员会全体会议或专题会议研究决定" in str(error.value)


def test_general_matters_in_office_meetings(staffed, users):
    meeting = f.hold(users, f.schedule(users, staffed, kind=MeetingKind.PLENARY, starts_at=f.at(-1)))
    services.minutes_draft(by=users["office_staff"], meeting=meeting, text="纪要")
    with pytest.raises(ValidationError):
        services.decision_record(
            by=users["office_staff"],
            meeting=meeting,
            title="一般事项",
            text="内容",
            importance=Importance.GENERAL,
            duty=f.art5_duty(staffed),
        )


def test_an_important_matter_needs_a_chair_who_may_decide_it(staffed, users, delegate):
    delegate("deputy2", ["chair"], start=timezone.now() - datetime.timedelta(days=5))
    meeting = f.hold(users, f.schedule(users, staffed, kind=MeetingKind.SPECIAL, chair="deputy2", starts_at=f.at(-1)))
    services.minutes_draft(by=users["office_staff"], meeting=meeting, text="纪要")
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            by=users["office_staff"],
            meeting=meeting,
            title="重要事项",
            text="内容",
            importance=Importance.IMPORTANT,
            duty=f.art5_duty(staffed),
        )
    assert "没有研究决定重要事项的职权" in str(error.value)


def test_an_important_decision_records_the_deciding_capacity(staffed, users, delegate):
    delegation = delegate("deputy1", ["chair", "decide"], start=timezone.now() - datetime.timedelta(days=5))
    meeting = f.hold(users, f.schedule(users, staffed, kind=MeetingKind.SPECIAL, chair="deputy1", starts_at=f.at(-1)))
    minutes, (decision,) = f.minutes_in_comments(users, meeting)
    f.pass_comment_period(minutes)
    services.minutes_approve(by=users["deputy1"], minutes=minutes)
    decision.refresh_from_db()
    assert decision.importance == Importance.IMPORTANT
    assert decision.decided_under == delegation
    assert decision.decided_by.person == users["deputy1"].person


def test_a_decision_serves_an_art5_duty_of_the_committee(staffed, users, held_office_meeting):
    services.minutes_draft(by=users["office_staff"], meeting=held_office_meeting, text="纪要")
    unit_duty = f.unit(staffed, "fulian").duties.first()
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            by=users["office_staff"],
            meeting=held_office_meeting,
            title="事项",
            text="内容",
            importance=Importance.GENERAL,
            duty=unit_duty,
        )
    assert "duty" in error.value.message_dict


def test_decisions_are_numbered_and_removable_only_in_the_draft(staffed, users, held_office_meeting):
    services.minutes_draft(by=users["office_staff"], meeting=held_office_meeting, text="纪要")
    first, second = (
        services.decision_record(
            by=users["office_staff"],
            meeting=held_office_meeting,
            title=title,
            text="内容",
            importance=Importance.GENERAL,
            duty=f.art5_duty(staffed),
        )
        for title in ("甲", "乙")
    )
    assert (first.number, second.number) == (1, 2)
    services.decision_remove(by=users["office_staff"], decision=first)
    assert list(Decision.objects.filter(meeting=held_office_meeting).values_list("title", flat=True)) == ["乙"]
    with pytest.raises(ValidationError):
        services.decision_record(
            by=users["office_staff"],
            meeting=f.schedule(users, staffed, starts_at=f.at(-1)),
            title="没有纪要草稿",
            text="内容",
            importance=Importance.GENERAL,
            duty=f.art5_duty(staffed),
        )


def test_calendar_tokens_are_revocable(staffed, users):
    first = services.calendar_token_issue(user=users["liaison-fulian"])
    second = services.calendar_token_issue(user=users["liaison-fulian"])
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None and first.token != second.token
    assert services.calendar_token_revoke(user=users["liaison-fulian"]) == 1


def test_only_people_in_office_get_a_calendar_address(staffed, users, appointment_of):
    from committee.services import appointment_end

    appointment_end(appointment=appointment_of("liaison-gonghui"))  # ends today: from today no powers
    with pytest.raises(NotAllowed):
        services.calendar_token_issue(user=users["liaison-gonghui"])
