"""Reads of report cycles, reports and research topics, filtered in the query by what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from committee.authority import Action, decide, holders, restrict
from committee.models import Committee, Person, Position
from core.reminders import last_sent
from members.models import MemberUnit

from .models import (
    AnnualReport,
    ReportAttachment,
    ReportCycle,
    ReportIssue,
    ReportState,
    ReportVersion,
    ResearchTopic,
)


@dataclass(frozen=True)
class FollowUp:
    """A follow-up task (督办事项) of the meetings capability, as part 2 of a report shows it."""

    id: int
    title: str
    deadline: datetime.date | None
    status: str
    url: str = ""
    # Where the task came from when that is outside the committee's own chain (Art 5: a document from above).
    source_label: str = ""


def _task_model():
    """duties.FollowUpTask, or None where the meetings capability is not installed."""
    try:
        return apps.get_model("duties", "FollowUpTask")
    except LookupError:
        return None


def follow_up_tasks_for(unit: MemberUnit, year: int) -> list[FollowUp]:
    """Art 22, part 2: the follow-up tasks assigned to the unit whose deadline falls in `year`, with their
    status now. Empty where the follow-up tasks (duties.FollowUpTask) do not exist."""
    model = _task_model()
    if model is None:
        return []
    tasks = model._default_manager.filter(unit=unit, deadline__year=year).order_by("deadline", "pk")
    if any(field.name == "upper_document" for field in model._meta.get_fields()):
        tasks = tasks.select_related("upper_document")
    return [
        FollowUp(
            id=task.pk,
            title=task.title[:300],
            deadline=task.deadline,
            status=str(task.get_status_display())[:60],
            url=task.get_absolute_url(),
            source_label=str(getattr(task, "source_label", "") or "")[:120],
        )
        for task in tasks
    ]


def follow_up_urls(task_ids: list[int]) -> dict[int, str]:
    """Links from a report's part 2 back to the tasks, where the tasks still exist."""
    model = _task_model()
    if model is None or not task_ids:
        return {}
    return {task.pk: task.get_absolute_url() for task in model._default_manager.filter(pk__in=task_ids)}


def may_view_all_reports(user, committee: Committee) -> bool:
    """Leadership, the office and viewers above see every unit's report; units see their own."""
    return bool(decide(user, Action.VIEW_UNIT_AFFAIRS, committee))


def reports_visible_to(user, committee: Committee) -> QuerySet[AnnualReport]:
    """The committee's reports the user sees (`VIEW_UNIT_AFFAIRS` on each report, shares included)."""
    reports = AnnualReport.objects.filter(committee=committee).select_related("unit", "cycle")
    return restrict(reports, user, Action.VIEW_UNIT_AFFAIRS)


def report_or_404(user, pk: int) -> AnnualReport:
    """Fetch-and-authorise: the report if the user may see its unit's affairs, else 404 (never 403)."""
    report = (
        AnnualReport.objects.select_related("cycle", "unit", "committee", "accepted_by__person", "last_saved_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not decide(user, Action.VIEW_UNIT_AFFAIRS, report):
        raise Http404
    return report


def cycle_or_404(user, pk: int) -> ReportCycle:
    cycle = ReportCycle.objects.select_related("committee", "opened_by__person").filter(pk=pk).first()
    if cycle is None or not decide(user, Action.VIEW_COMMITTEE, cycle):
        raise Http404
    return cycle


def cycles_with_counts(committee: Committee) -> QuerySet[ReportCycle]:
    return (
        ReportCycle.objects.filter(committee=committee)
        .annotate(
            report_count=Count("reports"),
            reported_count=Count("reports", filter=Q(reports__submitted_at__isnull=False)),
            accepted_count=Count("reports", filter=Q(reports__state=ReportState.ACCEPTED)),
            late_count=Count("reports", filter=Q(reports__late=True)),
        )
        .order_by("-year")
    )


def board_rows(cycle: ReportCycle, user) -> QuerySet[AnnualReport]:
    """The status board: every unit's report the user sees, with its state, submission, lateness and last
    reminder."""
    from .reminders import DEADLINE  # the reminder declarations import these selectors

    return (
        restrict(cycle.reports.all(), user, Action.VIEW_UNIT_AFFAIRS)
        .select_related("unit", "cycle")
        .annotate(last_reminder_at=last_sent(DEADLINE, AnnualReport), issue_count=Count("issues", distinct=True))
        .order_by("unit__sort_order", "unit__code")
    )


def cycle_issues(cycle: ReportCycle) -> QuerySet[ReportIssue]:
    """Art 22, part 4 across units: every problem and suggestion that has reached the office."""
    return (
        ReportIssue.objects.filter(report__cycle=cycle, report__submitted_at__isnull=False)
        .exclude(text="")
        .select_related("report__unit", "follow_up_by__person")
        .order_by("report__unit__sort_order", "report__unit__code", "position")
    )


def report_detail_parts(report: AnnualReport) -> dict:
    """The four parts, attachments and versions of one report, in a fixed number of queries."""
    return {
        "duty_entries": list(report.duty_entries.all()),
        "task_entries": list(report.task_entries.all()),
        "issues": list(report.issues.all()),
        "attachments": list(report.attachments.filter(removed_at__isnull=True).select_related("uploaded_by")),
        "versions": list(
            report.versions.select_related(
                "submitted_by__person",
                "confirmed_by__person",
                "outcome_by__person",
                "outcome_by__unit",
                "outcome_under",
            )
        ),
    }


def version_pair(
    report: AnnualReport, a: int | None, b: int | None
) -> tuple[ReportVersion | None, ReportVersion | None]:
    """The two versions to compare: the numbers asked for, else the last two."""
    versions = {version.number: version for version in report.versions.all()}
    if not versions:
        return None, None
    numbers = sorted(versions)
    new = versions.get(b) if b in versions else versions[numbers[-1]]
    old = versions.get(a) if a in versions else (versions[numbers[-2]] if len(numbers) > 1 else None)
    return old, new


# Who answers for a unit, by the act asked of them: its liaison drafts and submits, its head confirms (Art 22).
UNIT_ACTS = {Position.LIAISON: Action.ACT_FOR_UNIT, Position.UNIT_HEAD: Action.CONFIRM_FOR_UNIT}


def unit_people(unit_ids: list[int], positions=(Position.LIAISON, Position.UNIT_HEAD)) -> dict[int, list[Person]]:
    """The holders of each unit's acts for these positions (`authority.holders`), by unit id: who reminders and
    notices go to."""
    people: dict[int, list[Person]] = {}
    for unit in MemberUnit.objects.filter(pk__in=unit_ids).select_related("committee"):
        found = [person for position in positions for person in holders(unit, UNIT_ACTS[position])]
        if found:
            people[unit.pk] = found
    return people


def office_people(committee: Committee) -> list[Person]:
    return list(holders(committee, Action.MANAGE_COMMITTEE))


def topics_for(committee: Committee, year: int | None = None) -> QuerySet[ResearchTopic]:
    topics = ResearchTopic.objects.filter(committee=committee).select_related("lead_unit")
    if year is not None:
        topics = topics.filter(year=year)
    return topics.prefetch_related(Prefetch("participating_units", queryset=MemberUnit.objects.order_by("sort_order")))


def topic_years(committee: Committee) -> list[int]:
    return list(
        ResearchTopic.objects.filter(committee=committee).order_by("-year").values_list("year", flat=True).distinct()
    )


def topic_or_404(user, pk: int) -> ResearchTopic:
    topic = ResearchTopic.objects.select_related("committee", "lead_unit", "created_by__person").filter(pk=pk).first()
    if topic is None or not decide(user, Action.VIEW_COMMITTEE, topic):
        raise Http404
    return topic


def attachment_or_404(user, pk: int) -> ReportAttachment:
    attachment = ReportAttachment.objects.select_related("report__unit", "report__committee").filter(pk=pk).first()
    if attachment is None or not decide(user, Action.VIEW_UNIT_AFFAIRS, attachment.report):
        raise Http404
    return attachment
