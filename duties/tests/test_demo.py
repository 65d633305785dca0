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
