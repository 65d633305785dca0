"""The demo shows a committee at work (UI.md): a past plenary with approved minutes and decisions, an upcoming
office meeting, tasks open, due soon, overdue, reported and closed, an extension waiting. Made once."""

from __future__ import annotations

from duties.demo import demo_create
from duties.models import ExtensionState, FollowUpTask, Signal
from meetings.models import Meeting, MeetingKind, MeetingState, Minutes, MinutesState


def test_demo_meetings_and_tasks(staffed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    done = demo_create(staffed)
    assert len(done) == 3
    plenary = Meeting.objects.get(committee=staffed, kind=MeetingKind.PLENARY)
    assert plenary.state == MeetingState.HELD
    assert Minutes.objects.get(meeting=plenary).state == MinutesState.APPROVED
    assert plenary.decisions.exclude(effective_at=None).count() == 3
    assert Meeting.objects.filter(kind=MeetingKind.OFFICE, state=MeetingState.NOTIFIED).count() == 1
    signals = set(FollowUpTask.objects.with_signal().values_list("signal_code", flat=True))
    assert signals == {s.value for s in Signal}
    assert FollowUpTask.objects.filter(extension_requests__state=ExtensionState.PENDING).count() == 1
    assert demo_create(staffed) == []
    assert FollowUpTask.objects.count() == 7


def test_demo_inspections(staffed, settings, tmp_path):
    from duties.models import Inspection, InspectionFinding, InspectionState

    settings.MEDIA_ROOT = tmp_path / "media"
    demo_create(staffed)
    running = Inspection.objects.get(committee=staffed, state=InspectionState.PLANNED)
    assert running.decided.capacity == "以主任身份"
    assert running.items.count() > 3
    assert InspectionFinding.objects.filter(item__inspection=running).count() == 3
    assert Inspection.objects.filter(committee=staffed, state=InspectionState.PROPOSED).count() == 1


def test_demo_history_carries_the_dates_of_what_it_records(staffed, settings, tmp_path):
    """The past is made on its own days (core/clock.py): the plenary of 45 days ago was scheduled two weeks before
    it and held on its day, its minutes approved days later, and the tasks assigned weeks ago; each history row
    (变更记录) says so, not the day the demo was loaded."""
    import datetime

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    demo_create(staffed)

    plenary = Meeting.objects.get(committee=staffed, kind=MeetingKind.PLENARY)
    meeting_day = timezone.localdate(plenary.starts_at)
    assert meeting_day == today - datetime.timedelta(days=45)
    history = list(plenary.history.order_by("history_date", "history_id"))
    assert history[0].history_type == "+"
    assert timezone.localdate(history[0].history_date) == meeting_day - datetime.timedelta(days=14)
    held = next(row for row in history if row.state == MeetingState.HELD)
    assert timezone.localdate(held.history_date) == meeting_day

    minutes = Minutes.objects.get(meeting=plenary)
    approved = minutes.history.filter(state=MinutesState.APPROVED).get()
    # The simulated clock ticks a millisecond a reading: the history row is written just after the approval.
    assert abs(approved.history_date - minutes.approved_at) < datetime.timedelta(seconds=1)
    assert meeting_day < timezone.localdate(minutes.approved_at) < today

    overdue = FollowUpTask.objects.get(committee=staffed, unit__code="xibinhe-police")
    assert overdue.deadline < today
    assigned = overdue.history.get(history_type="+")
    assert abs(assigned.history_date - overdue.created_at) < datetime.timedelta(seconds=1)
    assert timezone.localdate(assigned.history_date) == today - datetime.timedelta(days=38)
