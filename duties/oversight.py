"""督办 and inspections (Arts 21, 23, 24) on the district oversight page: the year's follow-up tasks open, overdue
and closed on time, and the inspections proposed in the year (rejected ones left out)."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy

from committee.authority import Action, restrict
from committee.oversight import Measure, measure

from .models import FollowUpTask, Inspection, InspectionState, TaskStatus

TASKS = gettext_lazy("督办事项")


def _tasks(user, year):
    """A task belongs to the year it was assigned in or is due in (as the 督办 panel counts it)."""
    tasks = FollowUpTask.objects.filter(Q(created_at__year=year) | Q(deadline__year=year))
    return restrict(tasks, user, Action.VIEW_UNIT_AFFAIRS)


measure(
    Measure(
        "tasks_open",
        gettext_lazy("未办结"),
        TASKS,
        30,
        lambda user, year, today: _tasks(user, year).exclude(status=TaskStatus.CLOSED),
    )
)
measure(
    Measure(
        "tasks_overdue",
        gettext_lazy("已逾期"),
        TASKS,
        31,
        lambda user, year, today: _tasks(user, year).filter(status=TaskStatus.OPEN, deadline__lt=today),
        tone=lambda n: "danger" if n else "",
        chart="danger",
    )
)
measure(
    Measure(
        "tasks_closed_on_time",
        gettext_lazy("按期办结"),
        TASKS,
        32,
        lambda user, year, today: _tasks(user, year).filter(
            status=TaskStatus.CLOSED, closed_at__date__lte=F("deadline")
        ),
    )
)
measure(
    Measure(
        "inspections",
        gettext_lazy("督导检查（次）"),
        gettext_lazy("第二十三条 督导检查"),
        40,
        lambda user, year, today: restrict(
            Inspection.objects.filter(proposed_at__year=year).exclude(state=InspectionState.REJECTED),
            user,
            Action.VIEW_COMMITTEE,
        ),
    )
)
