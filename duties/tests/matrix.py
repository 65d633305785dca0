"""The follow-up task pages in the project's permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from duties import services
from duties.models import ExtensionRequest, FollowUpTask, TaskAttachment, TaskUpdate
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
    return {
        "duties:tasks": {"committee_code": committee.code},
        "duties:tasks_export": {"committee_code": committee.code},
        "duties:task_new": {"decision_pk": decision.pk},
        "duties:task": {"pk": task.pk},
        "duties:attachment": {"pk": update.attachments.get().pk},
    }


def expected(name: str, role: str) -> set[int] | None:
    if not name.startswith("duties:") or name == "duties:inspections":
        return None
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
    )
