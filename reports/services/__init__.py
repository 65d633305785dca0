"""Writes of the annual reports (Art 22): opening a cycle, drafting, submitting, confirming, returning,
accepting, reminding, rendering, following up problems and suggestions, and research topics.

Views, tasks, the demo and the tests call these through `reports.services`.
"""

from .pdfs import compilation_refresh, compilation_request, report_pdf_request
from .reminders import report_remind
from .topics import topic_create, topic_update
from .workflow import (
    DraftContent,
    ReportLocked,
    StaleRevision,
    attachment_add,
    attachment_remove,
    cycle_open,
    issue_follow_up,
    report_accept,
    report_confirm,
    report_issue_add,
    report_issue_remove,
    report_return,
    report_save,
    report_send_back,
    report_snapshot,
    report_submit,
    report_tasks_sync,
)

__all__ = [
    "DraftContent",
    "ReportLocked",
    "StaleRevision",
    "attachment_add",
    "attachment_remove",
    "compilation_refresh",
    "compilation_request",
    "cycle_open",
    "issue_follow_up",
    "report_accept",
    "report_confirm",
    "report_issue_add",
    "report_issue_remove",
    "report_pdf_request",
    "report_remind",
    "report_return",
    "report_save",
    "report_send_back",
    "report_snapshot",
    "report_submit",
    "report_tasks_sync",
    "topic_create",
    "topic_update",
]
