"""Writes for follow-up tasks (督办): assigning them from decisions, the unit's progress, extensions, completion,
and the reminders before and after their deadlines (Arts 21, 22, 24)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, Capacity, holders, require
from committee.locks import locked
from committee.models import Person, Position
from committee.services import notification_send
from committee.workflow import perform
from core.attachments import CheckedFile
from core.numerals import chinese_date
from core.wording import Phrase
from members.models import MemberUnit

from .models import (
    ExtensionRequest,
    ExtensionState,
    FollowUpTask,
    TaskAttachment,
    TaskUpdate,
    UpdateKind,
)


def reminder_days_before() -> tuple[int, ...]:
    """Days before a deadline on which the unit is reminded (setting TASK_REMINDER_DAYS_BEFORE, default 3 and 1)."""
    return tuple(int(days) for days in getattr(settings, "TASK_REMINDER_DAYS_BEFORE", (3, 1)))


def reminder_days_after() -> tuple[int, ...]:
    """Days after a missed deadline on which the unit is reminded again (TASK_REMINDER_DAYS_AFTER, default 1 and 7)."""
    return tuple(int(days) for days in getattr(settings, "TASK_REMINDER_DAYS_AFTER", (1, 7)))


# Who answers for a unit, by the act asked of them: its liaison acts (Art 25), its head confirms.
UNIT_ACTS = {Position.LIAISON: Action.ACT_FOR_UNIT, Position.UNIT_HEAD: Action.CONFIRM_FOR_UNIT}


def _unit_people(unit: MemberUnit, positions=(Position.LIAISON, Position.UNIT_HEAD)) -> list[Person]:
    """The holders of the unit's acts for these positions (`authority.holders`), liaison first."""
    return [person for position in positions for person in holders(unit, UNIT_ACTS[position])]


def _office(committee) -> list[Person]:
    return list(holders(committee, Action.MANAGE_COMMITTEE))


def _locked_task(task: FollowUpTask) -> FollowUpTask:
    return locked(FollowUpTask.objects.all()).select_related("unit", "committee").get(pk=task.pk)


def _update_add(
    task: FollowUpTask, kind: str, text: str, capacity: Capacity, files: Iterable[CheckedFile] = ()
) -> TaskUpdate:
    update = TaskUpdate.objects.create(task=task, kind=kind, text=text.strip(), acted=capacity)
    for checked in files:
        attachment = TaskAttachment(update=update)
        attachment.fill_from(checked)
        attachment.save()
    return update


@transaction.atomic
def task_create(
    *,
    by,
    decision,
    units: Iterable[MemberUnit],
    title: str,
    deadline: datetime.date,
    requirement: str = "",
) -> list[FollowUpTask]:
    """A decision in effect becomes one task per member unit asked to carry it out, each with a deadline."""
    from meetings.models import Decision

    decision = Decision.objects.select_related("committee").get(pk=decision.pk)
    capacity = require(by, Action.MANAGE_COMMITTEE, decision)
    if not decision.is_effective:
        raise ValidationError(_("决定事项尚未生效（纪要批准后生效），还不能交办。"))
    units = list(units)
    if not units:
        raise ValidationError({"units": _("请至少选择一个承办单位。")})
    if any(unit.committee_id != decision.committee_id or not unit.is_active for unit in units):
        raise ValidationError({"units": _("只能交办给本委员会在册的成员单位。")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("办理期限不能早于今天。")})
    if not title.strip():
        raise ValidationError({"title": _("请填写督办事项。")})
    return tasks_assign(
        committee=decision.committee,
        capacity=capacity,
        units=units,
        title=title,
        requirement=requirement,
        deadline=deadline,
        source={"decision": decision},
        basis=Phrase(gettext_noop("根据决定事项“%(decision)s”交办。"), decision=decision.title),
    )


@transaction.atomic
def upper_task_create(
    *,
    by,
    receipt,
    units: Iterable[MemberUnit],
    title: str,
    deadline: datetime.date,
    requirement: str = "",
) -> list[FollowUpTask]:
    """Art 5: the committee carries out a document the committee above sent down: once its office has signed for
    it, the office turns it into one task per unit of its own, each linked to the document (来源上级来文)."""
    from documents.models import CommitteeReceipt

    receipt = CommitteeReceipt.objects.select_related("committee", "document").get(pk=receipt.pk)
    committee = receipt.committee
    capacity = require(by, Action.MANAGE_COMMITTEE, committee, lock=True)
    if receipt.received_at is None:
        raise ValidationError(_("请先签收上级来文，再交办督办事项。"))
    units = list(units)
    if not units:
        raise ValidationError({"units": _("请至少选择一个承办单位。")})
    if any(unit.committee_id != committee.pk or not unit.is_active for unit in units):
        raise ValidationError({"units": _("只能交办给本委员会在册的成员单位。")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("办理期限不能早于今天。")})
    if not title.strip():
        raise ValidationError({"title": _("请填写督办事项。")})
    document = receipt.document
    return tasks_assign(
        committee=committee,
        capacity=capacity,
        units=units,
        title=title,
        requirement=requirement,
        deadline=deadline,
        source={"upper_document": document},
        basis=Phrase(
            gettext_noop("根据上级来文%(number)s“%(title)s”交办。"), number=document.doc_number, title=document.title
        ),
    )


def tasks_assign(
    *,
    committee,
    capacity: Capacity,
    units: Iterable[MemberUnit],
    title: str,
    requirement: str,
    deadline: datetime.date,
    source: dict,
    basis: Phrase,
) -> list[FollowUpTask]:
    """One task per unit, each unit told; shared by every source of tasks (a decision, an inspection finding).
    The caller has already asked the authority service and passes the capacity it got."""
    tasks = []
    for unit in units:
        task = FollowUpTask(
            committee=committee,
            unit=unit,
            title=title.strip(),
            requirement=requirement.strip(),
            deadline=deadline,
            original_deadline=deadline,
            created_by=capacity.appointment,
            **source,
        )
        task.full_clean()
        task.save()
        tasks.append(task)
        notification_send(
            recipients=_unit_people(unit),
            subject=Phrase(gettext_noop("督办事项：%(title)s（%(date)s前办结）"), title=task.title, date=deadline),
            body=Phrase.lines(basis, task.requirement),
            link=task.get_absolute_url(),
            action=Phrase(gettext_noop("办结督办事项")),
            deadline=deadline,
        )
    return tasks


@transaction.atomic
def task_progress_add(*, by, task: FollowUpTask, text: str, files: Iterable[CheckedFile] = ()) -> TaskUpdate:
    """The unit's liaison records progress, with attachments."""
    task = _locked_task(task)
    capacity = perform(task, "report_progress", by)
    if not text.strip():
        raise ValidationError({"text": _("请填写办理进展。")})
    return _update_add(task, UpdateKind.PROGRESS, text, capacity, files)


@transaction.atomic
def task_report_completion(*, by, task: FollowUpTask, text: str, files: Iterable[CheckedFile] = ()) -> TaskUpdate:
    """The liaison reports the task done; the office is asked to confirm. A pending extension is withdrawn."""
    task = _locked_task(task)
    capacity = perform(task, "report_completion", by)
    if not text.strip():
        raise ValidationError({"text": _("请填写办结情况。")})
    update = _update_add(task, UpdateKind.COMPLETION, text, capacity, files)
    for pending in locked(task.extension_requests.filter(state=ExtensionState.PENDING)):
        pending.withdraw()
        pending.save(update_fields=["state"])
    task.reported_at = timezone.now()
    task.save(update_fields=["status", "reported_at"])
    notification_send(
        recipients=_office(task.committee),
        subject=Phrase(gettext_noop("%(unit)s报办结，待确认：%(title)s"), unit=task.unit.short_name, title=task.title),
        body=update.text,
        link=task.get_absolute_url(),
    )
    return update


@transaction.atomic
def task_extension_request(
    *, by, task: FollowUpTask, requested_deadline: datetime.date, reason: str
) -> ExtensionRequest:
    """The liaison asks for a later deadline, saying why; the office decides."""
    task = _locked_task(task)
    capacity = perform(task, "request_extension", by)
    if requested_deadline <= task.deadline:
        raise ValidationError(
            {
                "requested_deadline": _("延期后的期限必须晚于现在的期限（%(date)s）。")
                % {"date": chinese_date(task.deadline)}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("请写明延期理由。")})
    extension = ExtensionRequest(
        task=task,
        requested_deadline=requested_deadline,
        previous_deadline=task.deadline,
        reason=reason.strip(),
        requested_by=capacity.appointment,
    )
    extension.full_clean()
    extension.save()
    notification_send(
        recipients=_office(task.committee),
        subject=Phrase(
            gettext_noop("%(unit)s申请延期，待审批：%(title)s"), unit=task.unit.short_name, title=task.title
        ),
        body=Phrase(
            gettext_noop("申请延期至%(date)s。理由：%(reason)s"), date=requested_deadline, reason=extension.reason
        ),
        link=task.get_absolute_url(),
    )
    return extension


@transaction.atomic
def task_extension_decide(*, by, extension: ExtensionRequest, grant: bool, note: str = "") -> ExtensionRequest:
    """The office grants an extension (the deadline moves) or refuses it with a reason."""
    # The task first, then the request: the order `task_report_completion` locks them in, so the two never deadlock.
    task = _locked_task(ExtensionRequest.objects.select_related("task").get(pk=extension.pk).task)
    extension = locked(ExtensionRequest.objects.all()).select_related("requested_by__person").get(pk=extension.pk)
    extension.task = task
    capacity = perform(extension, "grant" if grant else "refuse", by)
    if not grant and not note.strip():
        raise ValidationError({"note": _("不同意延期的，请写明理由。")})
    extension.decided = capacity
    extension.decision_note = note.strip()
    extension.save()
    if grant:
        task.deadline = extension.requested_deadline
        task.save(update_fields=["deadline"])
    notification_send(
        recipients=[extension.requested_by.person, *_unit_people(task.unit, (Position.LIAISON,))],
        subject=Phrase(
            gettext_noop("延期申请已同意：%(title)s") if grant else gettext_noop("延期申请未同意：%(title)s"),
            title=task.title,
        ),
        body=Phrase(gettext_noop("办理期限：%(date)s。%(note)s"), date=task.deadline, note=extension.decision_note),
        link=task.get_absolute_url(),
    )
    return extension


@transaction.atomic
def task_close(*, by, task: FollowUpTask, note: str = "") -> FollowUpTask:
    """The office confirms the task done (办结)."""
    task = _locked_task(task)
    capacity = perform(task, "close", by)
    _update_add(task, UpdateKind.CLOSED, note.strip() or _("经核实，确认办结。"), capacity)
    task.closed = capacity
    task.save(update_fields=["status", *FollowUpTask.closed.fields])
    notification_send(
        recipients=_unit_people(task.unit),
        subject=Phrase(gettext_noop("督办事项已办结：%(title)s"), title=task.title),
        link=task.get_absolute_url(),
    )
    return task


@transaction.atomic
def task_send_back(*, by, task: FollowUpTask, note: str) -> FollowUpTask:
    """The office sends a completion report back: the task is open again, with the reason in its record."""
    task = _locked_task(task)
    capacity = perform(task, "send_back", by)
    if not note.strip():
        raise ValidationError({"note": _("请写明退回理由。")})
    _update_add(task, UpdateKind.SENT_BACK, note, capacity)
    task.reported_at = None
    task.save(update_fields=["status", "reported_at"])
    notification_send(
        recipients=_unit_people(task.unit, (Position.LIAISON,)),
        subject=Phrase(gettext_noop("办结报告被退回：%(title)s"), title=task.title),
        body=note.strip(),
        link=task.get_absolute_url(),
    )
    return task


@transaction.atomic
def task_urge(*, by, task: FollowUpTask, note: str = "") -> TaskUpdate:
    """催办: the office presses the unit on an overdue task; its liaison and head are told at once, and the
    entry in the task's record is what the 督办 board counts (Art 21)."""
    task = _locked_task(task)
    capacity = perform(task, "urge", by)
    overdue = (timezone.localdate() - task.deadline).days
    said = note.strip() or Phrase(gettext_noop("该事项已逾期%(n)s天，请抓紧办理并及时填报进展。"), n=overdue)
    update = _update_add(task, UpdateKind.URGED, str(said), capacity)
    notification_send(
        recipients=_unit_people(task.unit),
        subject=Phrase(gettext_noop("催办：%(title)s（已逾期%(n)s天）"), title=task.title, n=overdue),
        body=said,
        link=task.get_absolute_url(),
        action=Phrase(gettext_noop("办结督办事项")),
        urgent=True,
    )
    return update
