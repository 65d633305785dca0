"""The annual reports in the project's permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

OFFICE = {"office_director", "office_staff"}
LEADERS = {"director", "deputy_plain", "deputy_expired", "deputy_revoked", "deputy_delegated"}
# Who sees every unit's report: the leadership and the office.
BOARD = LEADERS | OFFICE
OWN_UNIT = {"liaison_own", "head_own"}
# Everyone in the committee but the other unit's liaison may see the "fulian" report.
SEES_REPORT = BOARD | OWN_UNIT

POST_ONLY = {"reports:autosave", "reports:step", "reports:attachment_add", "reports:attachment_delete"}

# The office may remind a unit and accept a report; the own unit's liaison may take an attachment off its draft,
# and its head confirm the liaison's submission.
POST_MAY_CHANGE = OFFICE | {"liaison_own", "head_own"}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url_args(base) -> dict:
    from reports import services
    from reports.models import AnnualReport

    committee, users = base["committee"], base["users"]
    liaison, head = users["liaison-fulian"], users["head-fulian"]
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=20)
    cycle = services.cycle_open(by=users["office_staff"], committee=committee, year=today.year, deadline=deadline)
    report = AnnualReport.objects.get(cycle=cycle, unit__code="fulian")

    def submitted(years_back: int) -> AnnualReport:
        """The unit's report of an earlier year (one report per unit and year), filled in and submitted."""
        earlier = services.cycle_open(
            by=users["office_staff"],
            committee=committee,
            year=today.year - years_back,
            deadline=deadline,
            units=[report.unit],
        )
        draft = AnnualReport.objects.get(cycle=earlier)
        content = services.DraftContent(
            duties={entry.pk: "已履职" for entry in draft.duty_entries.all()}, key_work="重点工作已落实"
        )
        services.report_save(by=liaison, report=draft, revision=draft.revision, content=content)
        return services.report_submit(by=liaison, report=draft)

    awaiting = submitted(1)
    with_office = services.report_confirm(by=head, report=submitted(2))
    accepted = services.report_accept(
        by=users["office_director"], report=services.report_confirm(by=head, report=submitted(3))
    )
    attachment = services.attachment_add(
        by=users["liaison-fulian"], report=report, upload=SimpleUploadedFile("台账.pdf", PDF)
    )
    issue = services.report_issue_add(by=users["liaison-fulian"], report=report)
    units = {unit.code: unit for unit in committee.units.all()}
    topic = services.topic_create(
        by=users["office_staff"],
        committee=committee,
        year=today.year,
        title="就业帮扶调研",
        lead_unit=units["fulian"],
        participating_units=[units["gonghui"]],
        plan="走访",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        final_report=SimpleUploadedFile("调研报告.pdf", PDF),
    )
    code = {"committee_code": committee.code}
    return {
        "reports:cycles": code,
        "reports:cycle_new": code,
        "reports:cycle": {"pk": cycle.pk},
        "reports:cycle_export": {"pk": cycle.pk},
        "reports:cycle_issues": {"pk": cycle.pk},
        "reports:compilation": {"pk": cycle.pk},
        "reports:report": {"pk": report.pk},
        "reports:autosave": {"pk": report.pk},
        "reports:report_pdf": {"pk": report.pk},
        "reports:diff": {"pk": report.pk},
        # Every declared step, on a report in the state it starts from.
        "reports:step": [
            {"pk": obj.pk, "name": name}
            for obj, names in (
                (report, ["submit", "remind"]),
                (awaiting, ["confirm", "send_back"]),
                (with_office, ["accept", "return_to_unit"]),
                (accepted, ["render_again"]),
            )
            for name in names
        ],
        "reports:attachment_add": {"pk": report.pk},
        "reports:attachment": {"pk": attachment.pk},
        "reports:attachment_delete": {"pk": attachment.pk},
        "reports:issue_followup": {"pk": issue.pk},
        "reports:topics": code,
        "reports:topic_new": code,
        "reports:topic": {"pk": topic.pk},
        "reports:topic_edit": {"pk": topic.pk},
        "reports:topic_file": {"pk": topic.pk},
    }


def _unless(allowed: set[str], role: str, yes: int, no: int) -> set[int]:
    return {yes} if role in allowed else {no}


def expected(name: str, role: str) -> set[int] | None:
    if not name.startswith("reports:"):
        return None
    if role == "anonymous":
        return {302}
    if name in POST_ONLY:
        return {405}
    if role == "outsider":
        return {404}
    match name:
        case "reports:cycles" | "reports:topics" | "reports:topic" | "reports:topic_file":
            return {200}
        case "reports:cycle_new" | "reports:topic_new":
            return _unless(OFFICE, role, 200, 302)
        case "reports:cycle":
            # A unit's people are taken to their own report.
            return _unless(BOARD, role, 200, 302)
        case "reports:cycle_export" | "reports:cycle_issues":
            return _unless(BOARD, role, 200, 404)
        case "reports:compilation":
            # Not rendered yet: back to the board with a word.
            return _unless(BOARD, role, 302, 404)
        case "reports:report" | "reports:attachment":
            return _unless(SEES_REPORT, role, 200, 404)
        case "reports:report_pdf":
            return _unless(SEES_REPORT, role, 302, 404)
        case "reports:diff" | "reports:issue_followup":
            if role not in SEES_REPORT:
                return {404}
            return _unless(OFFICE, role, 200, 302)
        case "reports:topic_edit":
            return _unless(OFFICE | OWN_UNIT, role, 200, 302)
    return None


def snapshot():
    from core.models import ReminderSent, RenderJob
    from reports.models import AnnualReport, ReportAttachment, ReportCycle, ReportIssue, ResearchTopic

    return (
        sorted(AnnualReport.objects.values_list("pk", "state", "revision")),
        ReminderSent.objects.count(),
        sorted(ReportCycle.objects.values_list("pk", "year")),
        sorted(RenderJob.objects.filter(kind__startswith="reports.").values_list("pk", "status", "queued_at")),
        sorted(ReportIssue.objects.values_list("pk", "kind", "text", "follow_up_state", "follow_up_text")),
        sorted(ReportAttachment.objects.values_list("pk", "removed_at")),
        sorted(ResearchTopic.objects.values_list("pk", "title", "status", "findings", "final_report")),
    )
