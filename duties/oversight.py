"""督办 and inspections (Arts 21, 23, 24) on the district oversight page: the year's follow-up tasks open, overdue
and closed on time, and the inspections proposed in the year (rejected ones left out). Art 5: the tasks each
committee below created from the documents sent down to it, and those closed; the same per document on the issuer's
page of the document, and the way from a signed-for document to its tasks (documents/follow.py)."""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from committee.authority import Action, decide, restrict
from committee.oversight import Measure, measure
from documents.follow import FollowAction, FollowColumn, follow_action, follow_column

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


# Art 5: decisions that cascade -------------------------------------------------------------------------------------

UPPER = gettext_lazy("第五条 上级来文")


def _upper_tasks(user, year):
    """Tasks a committee created from documents sent down to it, in the year they were created."""
    tasks = FollowUpTask.objects.filter(upper_document__isnull=False, created_at__year=year)
    return restrict(tasks, user, Action.VIEW_UNIT_AFFAIRS)


measure(
    Measure(
        "upper_tasks_created",
        gettext_lazy("据以交办督办（项）"),
        UPPER,
        51,
        lambda user, year, today: _upper_tasks(user, year),
    )
)
measure(
    Measure(
        "upper_tasks_closed",
        gettext_lazy("已办结（项）"),
        UPPER,
        52,
        lambda user, year, today: _upper_tasks(user, year).filter(status=TaskStatus.CLOSED),
    )
)

follow_column(
    FollowColumn(
        "tasks_created",
        gettext_lazy("交办督办（项）"),
        10,
        lambda: FollowUpTask.objects.all(),
        document="upper_document",
    )
)
follow_column(
    FollowColumn(
        "tasks_closed",
        gettext_lazy("已办结（项）"),
        20,
        lambda: FollowUpTask.objects.filter(status=TaskStatus.CLOSED),
        document="upper_document",
    )
)
follow_action(
    FollowAction(
        "tasks",
        gettext_lazy("交办督办事项"),
        20,
        lambda receipt: reverse("duties:upper_task_new", args=[receipt.pk]),
        lambda user, receipt: bool(decide(user, Action.MANAGE_COMMITTEE, receipt.committee)),
    )
)
