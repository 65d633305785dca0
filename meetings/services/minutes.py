"""Minutes (会议纪要) through their workflow, and the decisions (决定事项) they record (Arts 5, 21, 24)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, decide, require
from committee.locks import locked
from committee.models import Committee, Position
from committee.services import notification_send
from committee.workflow import perform
from core.acts import Act
from core.wording import Phrase
from members.models import Duty

from .. import conf, selectors
from ..models import (
    AgendaItem,
    Decision,
    Importance,
    ItemState,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesState,
)
from .scheduling import meeting_locked

# Minutes (会议纪要): draft -> review -> comments -> approved; a change is a new version.


def _locked_minutes(minutes: Minutes) -> Minutes:
    return (
        locked(Minutes.objects.all())
        .select_related("meeting__committee", "meeting__chair__person", "committee", "drafted_by__person")
        .get(pk=minutes.pk)
    )


@transaction.atomic
def minutes_draft(*, by, meeting: Meeting, text: str) -> Minutes:
    """The office staff drafts the minutes of a held meeting (the first version)."""
    meeting = meeting_locked(meeting)
    capacity = perform(meeting, "draft_minutes", by)
    if not text.strip():
        raise ValidationError({"text": _("请填写纪要正文。")})
    minutes = Minutes(
        committee=meeting.committee, meeting=meeting, version=1, text=text.strip(), drafted_by=capacity.appointment
    )
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_revise(*, by, meeting: Meeting, text: str, reason: str) -> Minutes:
    """Approved minutes are locked: a change is a new version, drafted, reviewed, commented on and approved again."""
    meeting = meeting_locked(meeting)
    capacity = perform(meeting, "revise_minutes", by)
    if not reason.strip():
        raise ValidationError({"change_reason": _("请写明修订原因。")})
    if not text.strip():
        raise ValidationError({"text": _("请填写纪要正文。")})
    minutes = Minutes(
        committee=meeting.committee,
        meeting=meeting,
        version=meeting.minutes.aggregate(n=Max("version"))["n"] + 1,
        text=text.strip(),
        change_reason=reason.strip(),
        drafted_by=capacity.appointment,
    )
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_edit(*, by, minutes: Minutes, text: str) -> Minutes:
    """The office changes the draft; whoever saves it last is its drafter."""
    minutes = _locked_minutes(minutes)
    capacity = perform(minutes, "edit", by)
    if not text.strip():
        raise ValidationError({"text": _("请填写纪要正文。")})
    minutes.text = text.strip()
    minutes.drafted_by = capacity.appointment
    minutes.drafted_at = timezone.now()
    minutes.save(update_fields=["text", "drafted_by", "drafted_at"])
    return minutes


@transaction.atomic
def minutes_submit(*, by, minutes: Minutes) -> Minutes:
    """The draft goes to the office director for review."""
    minutes = _locked_minutes(minutes)
    perform(minutes, "submit", by)
    minutes.submitted_at = timezone.now()
    minutes.returned_note = ""
    minutes.save(update_fields=["state", "submitted_at", "returned_note"])
    notification_send(
        recipients=selectors.office_people(minutes.committee, positions=(Position.OFFICE_DIRECTOR,)),
        subject=Phrase(gettext_noop("会议纪要待审核：%(minutes)s"), minutes=minutes.name_phrase()),
        link=minutes.get_absolute_url(),
    )
    return minutes


@transaction.atomic
def minutes_review(*, by, minutes: Minutes, comment_days: int | None = None, note: str = "") -> Minutes:
    """The office director passes the draft; it is open to the attendees' comments for `comment_days` days."""
    minutes = _locked_minutes(minutes)
    capacity = perform(minutes, "review", by)
    days = conf.comment_days() if comment_days is None else comment_days
    if not 1 <= days <= 30:
        raise ValidationError({"comment_days": _("征求意见期限应为1至30天。")})
    now = timezone.now()
    minutes.reviewed_by = capacity.appointment
    minutes.reviewed_at = now
    minutes.review_note = note.strip()
    minutes.comments_until = now + datetime.timedelta(days=days)
    minutes.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "comments_until"])
    notification_send(
        recipients=selectors.attendees(minutes.meeting),
        subject=Phrase(gettext_noop("请对会议纪要提出意见：%(minutes)s"), minutes=minutes.name_phrase()),
        body=Phrase(gettext_noop("征求意见截至%(until)s。"), until=minutes.comments_until),
        link=minutes.get_absolute_url(),
    )
    return minutes


@transaction.atomic
def minutes_send_back(*, by, minutes: Minutes, note: str) -> Minutes:
    """Back to the drafter: by the office director at review, or by the chair instead of approving."""
    minutes = _locked_minutes(minutes)
    perform(minutes, "send_back", by)
    if not note.strip():
        raise ValidationError({"note": _("请写明退回修改的意见。")})
    minutes.returned_note = note.strip()
    minutes.comments_until = None
    minutes.save(update_fields=["state", "returned_note", "comments_until"])
    notification_send(
        recipients=[minutes.drafted_by.person],
        subject=Phrase(gettext_noop("会议纪要退回修改：%(minutes)s"), minutes=minutes.name_phrase()),
        body=minutes.returned_note,
        link=minutes.get_absolute_url(),
    )
    return minutes


@transaction.atomic
def minutes_comment(*, by, minutes: Minutes, text: str) -> MinutesComment:
    """An attendee comments on the minutes while the comment period is open."""
    minutes = _locked_minutes(minutes)
    capacity = perform(minutes, "comment", by)
    if not text.strip():
        raise ValidationError({"text": _("请填写意见。")})
    comment = MinutesComment.objects.create(minutes=minutes, acted=capacity, text=text.strip())
    notification_send(
        recipients=[minutes.drafted_by.person],
        subject=Phrase(gettext_noop("%(name)s对会议纪要提出了意见"), name=capacity.appointment.person.name),
        body=comment.text,
        link=minutes.get_absolute_url(),
    )
    return comment


@transaction.atomic
def minutes_approve(*, by, minutes: Minutes) -> Minutes:
    """The chair approves once the comment period is over; the minutes are then locked, and the decisions they
    record take effect in the capacity the chair held on the meeting date (Art 21)."""
    minutes = _locked_minutes(minutes)
    meeting = minutes.meeting
    capacity = perform(minutes, "approve", by)
    now = timezone.now()
    pending = list(locked(Decision.objects.filter(meeting=meeting, effective_at=None)).order_by("number"))
    deciding = None
    if any(decision.importance == Importance.IMPORTANT for decision in pending):
        deciding = require(by, Action.DECIDE_IMPORTANT, meeting, at=meeting.starts_at, lock=True)
    # Superseded is no step anyone takes: it is what approving a new version does to the old one.
    for previous in locked(Minutes.objects.filter(meeting=meeting, state=MinutesState.APPROVED)):
        previous.state = MinutesState.SUPERSEDED
        previous.save(update_fields=["state"])
    minutes.approved = Act(capacity.appointment, capacity.delegation, now)
    minutes.save(update_fields=["state", *Minutes.approved.fields])
    for decision in pending:
        decided = deciding if decision.importance == Importance.IMPORTANT else capacity
        decision.decided = Act(decided.appointment, decided.delegation, now)
        decision.save(update_fields=Decision.decided.fields)
    notification_send(
        recipients=[*selectors.attendees(meeting), *selectors.office_people(meeting.committee)],
        subject=Phrase(gettext_noop("会议纪要已批准：%(minutes)s"), minutes=minutes.name_phrase()),
        link=minutes.get_absolute_url(),
    )
    return minutes


# Decisions (决定事项), recorded with the draft minutes, effective when the minutes are approved.


def _check_importance(meeting: Meeting, importance: str) -> None:
    """Art 21: important matters in a plenary or special-topic meeting whose chair may decide them on the
    meeting date; general matters in an office meeting."""
    if importance not in Importance.values:
        raise ValidationError({"importance": _("请选择事项类别。")})
    if importance == Importance.IMPORTANT:
        if not meeting.decides_important:
            raise ValidationError(
                {"importance": _("重要事项只能由委员会全体会议或专题会议研究决定，办公室会议只研究决定一般事项。")}
            )
        chair_user = meeting.chair.person.user
        if chair_user is None or not decide(chair_user, Action.DECIDE_IMPORTANT, meeting, at=meeting.starts_at):
            raise ValidationError(
                {
                    "importance": _(
                        "本次会议的主持人%(chair)s在会议时间没有研究决定重要事项的职权（主任或有“研究决定重要事项”委托的副主任）。"
                    )
                    % {"chair": meeting.chair.person.name}
                }
            )
    elif meeting.decides_important:
        raise ValidationError(
            {"importance": _("一般事项由办公室会议研究决定；委员会全体会议和专题会议研究决定重要事项。")}
        )


def _check_duty(committee: Committee, duty: Duty) -> None:
    if duty.committee_id != committee.pk or duty.unit_id is not None or not duty.is_active:
        raise ValidationError({"duty": _("请选择第五条规定的委员会职责中的一项。")})


def _check_agenda_item(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and (agenda_item.meeting_id != meeting.pk or agenda_item.state != ItemState.ACCEPTED):
        raise ValidationError({"agenda_item": _("请选择本次会议议程中的议题。")})


def _open_draft(meeting: Meeting) -> Minutes:
    draft = meeting.minutes.filter(state=MinutesState.DRAFT).first()
    if draft is None:
        raise ValidationError(_("决定事项随纪要草稿记录：请先起草纪要（或在纪要退回修改后再改）。"))
    return draft


@transaction.atomic
def decision_record(
    *,
    by,
    meeting: Meeting,
    title: str,
    text: str,
    importance: str,
    duty: Duty,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """The office records a decision in the draft minutes, with the Art 5 duty it serves."""
    meeting = meeting_locked(meeting)
    capacity = require(by, Action.MANAGE_COMMITTEE, meeting)
    draft = _open_draft(meeting)
    _check_importance(meeting, importance)
    _check_duty(meeting.committee, duty)
    _check_agenda_item(meeting, agenda_item)
    number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(
        committee=meeting.committee,
        meeting=meeting,
        minutes=draft,
        number=number,
        title=title.strip(),
        text=text.strip(),
        importance=importance,
        duty=duty,
        agenda_item=agenda_item,
        created_by=capacity.appointment,
    )
    decision.full_clean()
    decision.save()
    return decision


def _editable(decision: Decision) -> Decision:
    decision = (
        locked(Decision.objects.all())
        .select_related("meeting__chair__person", "committee", "minutes")
        .get(pk=decision.pk)
    )
    if decision.is_effective:
        raise ValidationError(_("该决定事项已随纪要批准生效，不能再修改；如需改变，请在新版本纪要中另作决定。"))
    if decision.minutes.state != MinutesState.DRAFT:
        raise ValidationError(_("纪要已送审，决定事项不能修改；请待纪要退回后再改。"))
    return decision


@transaction.atomic
def decision_update(
    *,
    by,
    decision: Decision,
    title: str,
    text: str,
    importance: str,
    duty: Duty,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    decision = _editable(decision)
    require(by, Action.MANAGE_COMMITTEE, decision)
    _check_importance(decision.meeting, importance)
    _check_duty(decision.committee, duty)
    _check_agenda_item(decision.meeting, agenda_item)
    decision.title = title.strip()
    decision.text = text.strip()
    decision.importance = importance
    decision.duty = duty
    decision.agenda_item = agenda_item
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_remove(*, by, decision: Decision) -> Meeting:
    decision = _editable(decision)
    require(by, Action.MANAGE_COMMITTEE, decision)
    meeting = decision.meeting
    decision.delete()
    return meeting
