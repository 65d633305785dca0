"""The follow-up task pages in the project's permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from duties import inspections_services, services
from duties.models import ExtensionRequest, FollowUpTask, Inspection, InspectionFinding, TaskAttachment, TaskUpdate
from meetings.tests import factories

OFFICE = {"office_director", "office_staff"}
# The matrix posts empty or unrelated forms: nobody's, not even the office's, may change a task.
POST_MAY_CHANGE: set[str] = set()


def url_args(base) -> dict[str, dict]:
    committee, users = base["committee"], base["users"]
    _meeting, _minutes, (decision,) = factories.approved_meeting(users, committee, days=-30)
    task = factories.task(users, decision, "fulian")
    update = services.task_progress_add(
        by=users["liaison-fulian"], task=task, text="进展", files=[factories.checked(factories.pdf())]
    )
    services.task_report_completion(by=users["liaison-fulian"], task=task, text="已完成")
    inspection = _inspection(committee, users)
    return {
        "duties:inspections": {"committee_code": committee.code},
        "duties:inspection_new": {"committee_code": committee.code},
        "duties:inspection": {"pk": inspection.pk},
        "duties:tasks": {"committee_code": committee.code},
        "duties:tasks_export": {"committee_code": committee.code},
        "duties:task_new": {"decision_pk": decision.pk},
        "duties:task": {"pk": task.pk},
        "duties:attachment": {"pk": update.attachments.get().pk},
    }


def _inspection(committee, users) -> Inspection:
    """An inspection under way: proposed by 妇联, approved, planned, one finding recorded."""
    import datetime

    from django.utils import timezone

    units = {unit.code: unit for unit in committee.units.all()}
    inspection = inspections_services.inspection_propose(
        by=users["liaison-fulian"],
        committee=committee,
        proposing_unit=units["fulian"],
        subject="duties",
        title="履职情况督导检查",
        reason="了解履职情况",
        target_units=[units["fulian"], units["gonghui"]],
    )
    inspections_services.inspection_decide(by=users["director"], inspection=inspection, approve=True)
    today = timezone.localdate()
    inspections_services.inspection_plan(
        by=users["office_staff"],
        inspection=inspection,
        team=[users["office_staff"].person],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
    )
    item = inspection.items.order_by("position").first()
    inspections_services.finding_record(by=users["office_staff"], item=item, result="not_met", note="未落实")
    return inspection


# Who may open the proposal form: the office, and a unit's member or liaison (each for their own unit).
PROPOSERS = {"office_director", "office_staff", "liaison_own", "liaison_other", "head_own"}


def expected(name: str, role: str) -> set[int] | None:
    if not name.startswith("duties:") or name in {"duties:inspections", "duties:inspection"}:
        return None
    if name == "duties:inspection_new" and role not in {"anonymous", "outsider"}:
        return {200} if role in PROPOSERS else {302}
    if role == "anonymous":
        return {302}
    if role == "outsider":
        return {404}
    if name in {"duties:task", "duties:attachment"}:
        return {404} if role == "liaison_other" else {200}
    if name == "duties:task_new":
        return {200} if role in OFFICE else {302}
    return {200}


def snapshot():
    return (
        sorted(FollowUpTask.objects.values_list("pk", "status", "deadline")),
        TaskUpdate.objects.count(),
        TaskAttachment.objects.count(),
        sorted(ExtensionRequest.objects.values_list("pk", "state")),
        sorted(Inspection.objects.values_list("pk", "state")),
        sorted(InspectionFinding.objects.values_list("pk", "result", "note")),
    )
