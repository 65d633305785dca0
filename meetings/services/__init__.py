"""Writes for meetings (Art 21): scheduling, notices and reminders, agenda, attendance, minutes and decisions.

Split by concern; everything a caller needs is importable from here: `from meetings import services`.
"""

from .agenda import agenda_item_accept, agenda_item_decline, agenda_item_propose, material_add
from .calendar import calendar_token_issue, calendar_token_revoke
from .minutes import (
    decision_record,
    decision_remove,
    decision_update,
    minutes_approve,
    minutes_comment,
    minutes_draft,
    minutes_edit,
    minutes_review,
    minutes_revise,
    minutes_send_back,
    minutes_submit,
)
from .scheduling import (
    attendance_record,
    meeting_cancel,
    meeting_invite,
    meeting_notify,
    meeting_schedule,
    meeting_update,
)

__all__ = [
    "agenda_item_accept",
    "agenda_item_decline",
    "agenda_item_propose",
    "attendance_record",
    "calendar_token_issue",
    "calendar_token_revoke",
    "decision_record",
    "decision_remove",
    "decision_update",
    "material_add",
    "meeting_cancel",
    "meeting_invite",
    "meeting_notify",
    "meeting_schedule",
    "meeting_update",
    "minutes_approve",
    "minutes_comment",
    "minutes_draft",
    "minutes_edit",
    "minutes_review",
    "minutes_revise",
    "minutes_send_back",
    "minutes_submit",
]
