"""The follow-up task pages in the project's permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import timedelta

from documents.tests.cascade import matrix_receipts
from duties import inspections_services, services
from duties.models import ExtensionRequest, FollowUpTask, Inspection, InspectionFinding, TaskAttachment, TaskUpdate
from meetings.tests import factories

OFFICE = {"office_director", "office_staff"}
POST_ONLY = {"duties:task_step", "duties:extension_step", "duties:inspection_step"}
# Roles whose empty posts may legitimately change something: the office (a step whose note is optional: confirm a
# task done, grant an extension) and the approvers of inspections (approve, the note being optional too).
POST_MAY_CHANGE = OFFICE | {"director", "deputy_delegated"}


def url_args(base) -> dict[str, dict]:
    committee, users = base["committee"], base["users"]
    _meeting, _minutes, (decision,) = factories.approved_meeting(users, committee, days=-30)
    task = factories.task(users, decision, "fulian")
    update = services.task_progress_add(
        by=users["liaison-fulian"], task=task, text="进展", files=[factories.checked(factories.pdf())]
    )
    services.task_report_completion(by=users["liaison-fulian"], task=task, text="已完成")
    open_task = factories.task(users, decision, "fulian", title="办理中的事项")
    asking = factories.task(users, decision, "fulian", title="申请延期的事项")
    extension = services.task_extension_request(
        by=users["liaison-fulian"], task=asking, requested_deadline=asking.deadline + timedelta(days=10), reason="排期"
    )
    overdue = factories.task(users, decision, "fulian", title="逾期的事项")
    FollowUpTask.objects.filter(pk=overdue.pk).update(deadline=overdue.deadline - timedelta(days=30))
    proposed = _proposed(committee, users)
    approved = _proposed(committee, users)
    inspections_services.inspection_decide(by=users["director"], inspection=approved, approve=True)
    inspection = _inspection(committee, users)
    _pending, received = matrix_receipts(committee)
    return {
        "duties:upper_task_new": {"receipt_pk": received.pk},
        "duties:inspections": {"committee_code": committee.code},
        "duties:inspection_new": {"committee_code": committee.code},
        "duties:inspection": {"pk": inspection.pk},
        "duties:tasks": {"committee_code": committee.code},
        "duties:tasks_export": {"committee_code": committee.code},
        "duties:task_new": {"decision_pk": decision.pk},
        "duties:task_assign": {"committee_code": committee.code},
        "duties:task": {"pk": task.pk},
        "duties:attachment": {"pk": update.attachments.get().pk},
        # Every declared step, on an object in the state it starts from.
        "duties:task_step": [
            {"pk": each.pk, "name": name}
            for each, names in (
                (open_task, ["report_progress", "report_completion", "request_extension"]),
                (task, ["close", "send_back"]),
                (overdue, ["urge"]),
            )
            for name in names
        ],
        "duties:extension_step": [{"pk": extension.pk, "name": name} for name in ("grant", "refuse")],
        "duties:inspection_step": [
            {"pk": each.pk, "name": name}
            for each, names in (
                (proposed, ["approve", "reject"]),
                (approved, ["plan"]),
                (inspection, ["record_finding", "assign_task", "draft_report", "close"]),
            )
            for name in names
        ],
    }


def _proposed(committee, users) -> Inspection:
    units = {unit.code: unit for unit in committee.units.all()}
    return inspections_services.inspection_propose(
        by=users["office_staff"],
        committee=committee,
        subject="laws",
        title="法律法规落实检查",
        reason="需要",
        target_units=[units["fulian"]],
    )


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
    if name in POST_ONLY:
        return {302, 405} if role == "anonymous" else {405}
    if name == "duties:inspection_new" and role not in {"anonymous", "outsider"}:
        return {200} if role in PROPOSERS else {302}
    if role == "anonymous":
        return {302}
    if role == "outsider":
        return {404}
    if name in {"duties:task", "duties:attachment"}:
        return {404} if role == "liaison_other" else {200}
    if name in {"duties:task_new", "duties:task_assign"}:
        return {200} if role in OFFICE else {302}
    if name == "duties:upper_task_new":
        # A document from above is the town's leadership's and office's affair; its office turns it into tasks.
        if role in OFFICE:
            return {200}
        return {404} if role in {"liaison_own", "liaison_other", "head_own"} else {302}
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
