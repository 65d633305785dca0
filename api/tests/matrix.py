"""The open API in the project's permission matrix (tests/test_permission_matrix.py).

Anonymous requests are 401 (the docs page, a page for a browser, sends to the login instead); a login sees the lists
(empty where it sees nothing) and the objects the pages would show it, else 404; the writes answer only POST.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from api.tests.factories import rendered
from documents import services as document_services
from documents.models import CommitteeReceipt, Receipt
from documents.tests.cascade import matrix_receipts
from documents.tests.matrix import LEADERS, OFFICE
from meetings.tests import factories
from reports import services as report_services
from reports.models import AnnualReport

POST_ONLY = {"api:task-progress", "api:receipt-receive", "api:upper-receipt-receive"}
# Another unit's affairs: a task, a report, a document sent to 妇联 only (and its receipt).
UNIT_AFFAIRS = {"api:task-detail", "api:report-detail", "api:document-detail", "api:receipt-detail"}
# A document from the district to the town: its leadership and office see the receipt, the units do not.
LEADERS_AND_OFFICE = LEADERS | OFFICE
# The liaison of the unit signs for its receipt, and the town's office for the town's (the documents' matrix allows
# the same through the pages).
POST_MAY_CHANGE = {"liaison_own", "office_director", "office_staff"}
TASK_TITLE = "接口督办事项"
DOCUMENT_TITLE = "经接口查阅的通知"


def url_args(base) -> dict[str, dict]:
    committee, users = base["committee"], base["users"]
    staff, office = users["office_staff"], users["office_director"]
    fulian = committee.units.get(code="fulian")
    meeting, _minutes, (decision,) = factories.approved_meeting(users, committee, kind="office", days=-20)
    task = factories.task(users, decision, "fulian", title=TASK_TITLE)
    document = document_services.document_draft(
        by=staff,
        committee=committee,
        kind="notice",
        classification="general",
        title=DOCUMENT_TITLE,
        body="请各单位认真落实。",
        main_units=[fulian],
    )
    document_services.document_submit(by=staff, document=document)
    document_services.document_review(by=office, document=document, forward=True)
    document = document_services.document_sign(by=office, document=document, opinion="发")
    document = document_services.document_distribute(by=staff, document=rendered(document))
    # A year of its own, apart from the years the reports' matrix opens.
    cycle = report_services.cycle_open(
        by=staff,
        committee=committee,
        year=timezone.localdate().year - 9,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        units=[fulian],
    )
    receipt = Receipt.objects.get(document=document, unit=fulian)
    pending, _received = matrix_receipts(committee)
    lists = [
        "committee",
        "unit",
        "duty",
        "meeting",
        "decision",
        "task",
        "report",
        "document",
        "receipt",
        "upper-receipt",
    ]
    return {
        "api:schema": {},
        "api:docs": {},
        **{f"api:{name}-list": {} for name in lists},
        "api:committee-detail": {"code": committee.code},
        "api:unit-detail": {"pk": fulian.pk},
        "api:duty-detail": {"pk": fulian.duties.first().pk},
        "api:meeting-detail": {"pk": meeting.pk},
        "api:decision-detail": {"pk": decision.pk},
        "api:task-detail": {"pk": task.pk},
        "api:task-progress": {"pk": task.pk},
        "api:report-detail": {"pk": AnnualReport.objects.get(cycle=cycle).pk},
        "api:document-detail": {"pk": document.pk},
        "api:receipt-detail": {"pk": receipt.pk},
        "api:receipt-receive": {"pk": receipt.pk},
        "api:upper-receipt-detail": {"pk": pending.pk},
        "api:upper-receipt-receive": {"pk": pending.pk},
    }


def expected(name: str, role: str) -> set[int] | None:
    if not name.startswith("api:"):
        return None
    if name == "api:docs":
        return {302} if role == "anonymous" else {200}
    if role == "anonymous":
        return {401}
    if name in POST_ONLY:
        return {405}
    if name == "api:schema" or name.endswith("-list"):
        return {200}
    if role == "outsider" or (role == "liaison_other" and name in UNIT_AFFAIRS):
        return {404}
    if name == "api:upper-receipt-detail":
        return {200} if role in LEADERS_AND_OFFICE else {404}
    return {200}


def snapshot():
    """This module's task and receipts (the other apps' rows are in their own snapshots)."""
    from duties.models import TaskUpdate

    return (
        TaskUpdate.objects.filter(task__title=TASK_TITLE).count(),
        Receipt.objects.filter(document__title=DOCUMENT_TITLE, received_at__isnull=False).count(),
        CommitteeReceipt.objects.filter(received_at__isnull=False).count(),
    )
