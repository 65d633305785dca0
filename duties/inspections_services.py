"""Writes for supervision inspections (督导检查, Art 23): proposal, approval, plan and checklist, findings,
corrective tasks, the report as an official document, and closing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, holders, require
from committee.locks import locked
from committee.models import Committee, Person
from committee.services import notification_send
from committee.workflow import perform
from core.numerals import chinese_date
from core.wording import Phrase
from members.models import Duty, MemberUnit

from .authority_rules import InspectionAction
from .models import (
    NEEDS_CORRECTION,
    FindingResult,
    FollowUpTask,
    Inspection,
    InspectionFinding,
    InspectionItem,
    InspectionSubject,
)
from .services import _office, _unit_people, tasks_assign


def documents_available() -> bool:
    """The report is drafted through the documents app; inspections keep working if it is absent or changes."""
    try:
        from documents.services import document_draft  # noqa: F401
    except ImportError:
        return False
    return True


def report_documents(inspection: Inspection) -> list:
    """The official documents that record this inspection (its report), newest first; [] without the app."""
    try:
        from django.contrib.contenttypes.models import ContentType

        from documents.models import Document
    except ImportError:
        return []
    return list(
        Document.objects.filter(
            records_type=ContentType.objects.get_for_model(Inspection), records_id=inspection.pk
        ).order_by("-pk")
    )


def _locked(inspection: Inspection) -> Inspection:
    return locked(Inspection.objects.all()).select_related("committee", "proposing_unit").get(pk=inspection.pk)


@transaction.atomic
def inspection_propose(
    *,
    by,
    committee: Committee,
    subject: str,
    title: str,
    reason: str,
    target_units: Iterable[MemberUnit],
    proposing_unit: MemberUnit | None = None,
) -> Inspection:
    """Art 23: the office (without `proposing_unit`) or a member unit proposes an inspection; the director
    (and the deputies delegated to approve) are told it waits for them."""
    if proposing_unit is not None and proposing_unit.committee_id != committee.pk:
        raise ValidationError({"proposing_unit": _("提议单位不属于本委员会。")})
    capacity = require(by, InspectionAction.PROPOSE, proposing_unit or committee, lock=True)
    targets = list(target_units)
    if not targets:
        raise ValidationError({"target_units": _("请至少选择一个被检查单位。")})
    if any(unit.committee_id != committee.pk or not unit.is_active for unit in targets):
        raise ValidationError({"target_units": _("只能检查本委员会在册的成员单位。")})
    if subject not in InspectionSubject.values:
        raise ValidationError({"subject": _("请选择检查事项类别。")})
    if not title.strip():
        raise ValidationError({"title": _("请填写检查名称。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请写明提议理由。")})
    inspection = Inspection(
        committee=committee,
        title=title.strip(),
        subject=subject,
        reason=reason.strip(),
        proposing_unit=proposing_unit,
        proposed=capacity,
    )
    inspection.full_clean()
    inspection.save()
    inspection.target_units.set(targets)
    notification_send(
        recipients=list(holders(committee, Action.APPROVE_INSPECTION)),
        subject=Phrase(gettext_noop("督导检查待批准：%(title)s"), title=inspection.title),
        body=Phrase(
            gettext_noop("%(proposer)s提议开展督导检查，理由：%(reason)s"),
            proposer=inspection.proposing_unit.short_name
            if inspection.proposing_unit_id
            else Phrase(gettext_noop("委员会办公室")),
            reason=inspection.reason,
        ),
        link=inspection.get_absolute_url(),
    )
    return inspection


@transaction.atomic
def inspection_decide(*, by, inspection: Inspection, approve: bool, note: str = "") -> Inspection:
    """Art 23: the director, or a deputy delegated to approve inspections, agrees or refuses (saying why).
    The capacity is judged with the delegation locked, and recorded."""
    inspection = _locked(inspection)
    capacity = perform(inspection, "approve" if approve else "reject", by)
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("不同意时请写明理由。")})
    inspection.decided = capacity
    inspection.decision_note = note or _("同意")
    inspection.save()
    recipients = {person.pk: person for person in _office(inspection.committee)}
    recipients.setdefault(inspection.proposed_by.person_id, inspection.proposed_by.person)
    notification_send(
        recipients=list(recipients.values()),
        subject=Phrase(
            gettext_noop("督导检查已批准：%(title)s") if approve else gettext_noop("督导检查未获批准：%(title)s"),
            title=inspection.title,
        ),
        body=Phrase(
            gettext_noop("%(person)s（%(capacity)s）：%(note)s"),
            person=inspection.decided.person.name,
            capacity=inspection.decided.capacity_phrase,
            note=inspection.decision_note,
        ),
        link=inspection.get_absolute_url(),
    )
    return inspection


def checklist_duties(inspection: Inspection) -> list[Duty]:
    """The duty items of the target units in force, in the rules' order: one checklist row each."""
    return list(
        Duty.objects.filter(unit__in=inspection.target_units.all(), is_active=True)
        .select_related("unit")
        .order_by("unit__sort_order", "unit_id", "article_number", "item_number")
    )


@transaction.atomic
def inspection_plan(
    *,
    by,
    inspection: Inspection,
    team: Iterable[Person],
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> Inspection:
    """The office makes the plan of an approved inspection: the team, the dates, and the checklist, one row per
    duty item of each target unit (a unit without listed duties gets one row for its work as a whole)."""
    inspection = _locked(inspection)
    capacity = perform(inspection, "plan", by)
    team = list(team)
    if not team:
        raise ValidationError({"team": _("请选择检查组成员。")})
    if any(person.committee_id != inspection.committee_id for person in team):
        raise ValidationError({"team": _("检查组成员须为本委员会的人员。")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
    duties = checklist_duties(inspection)
    covered = {duty.unit_id for duty in duties}
    rows = [InspectionItem(unit=duty.unit, duty=duty, text=duty.text) for duty in duties]
    for unit in inspection.target_units.order_by("sort_order", "pk"):
        if unit.pk not in covered:
            rows.append(InspectionItem(unit=unit, text=_("%(unit)s履职总体情况") % {"unit": unit.short_name}))
    for position, row in enumerate(rows, start=1):
        row.inspection, row.committee, row.position = inspection, inspection.committee, position
        row.save()
    inspection.team.set(team)
    inspection.starts_on, inspection.ends_on, inspection.plan_note = starts_on, ends_on, note.strip()
    inspection.planned_by, inspection.planned_at = capacity.appointment, timezone.now()
    inspection.full_clean()
    inspection.save()
    units = list(inspection.target_units.all())
    notification_send(
        recipients=team + [p for unit in units for p in _unit_people(unit)],
        subject=Phrase(
            gettext_noop("督导检查方案：%(title)s（%(start)s至%(end)s）"),
            title=inspection.title,
            start=starts_on,
            end=ends_on,
        ),
        body=Phrase(gettext_noop("检查清单共%(n)s项。%(note)s"), n=len(rows), note=inspection.plan_note),
        link=inspection.get_absolute_url(),
    )
    return inspection


@dataclass(frozen=True)
class FindingRow:
    """One row of the findings form: the conclusion for a checklist item (`item`), or, without one, a matter the
    office adds to the checklist (`unit`, `text`), with or without its conclusion yet. `delete` takes the conclusion
    off (and an added matter with it); an empty `result` leaves an item unrecorded."""

    item: InspectionItem | None = None
    unit: MemberUnit | None = None
    text: str = ""
    result: str = ""
    note: str = ""
    delete: bool = False

    @property
    def is_blank(self) -> bool:
        return self.item is None and not (self.text.strip() or self.result or self.note.strip() or self.unit)


class FindingRowsInvalid(ValidationError):
    """Some rows of the findings form are refused; `rows` maps a row's place in the list to {field: [messages]}, so
    that the page shows each message next to its field. Nothing of the submission is saved."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        self.rows = rows
        super().__init__(
            [str(message) for fields in rows.values() for messages in fields.values() for message in messages]
        )


@transaction.atomic
def findings_save(*, by, inspection: Inspection, rows: list[FindingRow]) -> int:
    """Art 23: the office records what the team found, for many checklist items in one submission: conclusions
    recorded, changed or taken off, and matters added to the checklist or taken off it again. Either every row
    is accepted or nothing is saved (`FindingRowsInvalid` names the rows). Returns how many rows changed something;
    each change is kept in the history, with who recorded it in what capacity."""
    inspection = _locked(inspection)
    capacity = perform(inspection, "record_finding", by)
    items = {item.pk: item for item in InspectionItem.objects.filter(inspection=inspection).select_related("finding")}
    targets = {unit.pk for unit in inspection.target_units.all()}
    with_tasks = set(
        FollowUpTask.objects.filter(finding__item__inspection=inspection).values_list("finding_id", flat=True)
    )
    errors: dict[int, dict[str, list[str]]] = {}
    changes: list = []

    def refuse(index: int, field: str, message: str) -> None:
        errors.setdefault(index, {}).setdefault(field, []).append(message)

    for index, row in enumerate(rows):
        if row.is_blank:
            continue
        item = items.get(row.item.pk) if row.item is not None else None
        if row.item is not None and item is None:
            refuse(index, "__all__", _("该检查项不属于本次督导检查。"))
            continue
        finding = getattr(item, "finding", None) if item is not None else None
        has_tasks = finding is not None and finding.pk in with_tasks
        if row.delete:
            if has_tasks:
                refuse(index, "DELETE", _("该项已交办整改，不能删除检查结论。"))
            elif item is not None and item.is_added:
                changes.append(("remove", item))  # its finding goes with it
            elif finding is not None:
                changes.append(("remove", finding))
            continue
        if item is None:
            if row.unit is None or row.unit.pk not in targets:
                refuse(index, "unit", _("请选择被检查单位。"))
            if not row.text.strip():
                refuse(index, "text", _("请填写检查内容。"))
        result, note = row.result, row.note.strip()
        if result and result not in FindingResult.values:
            refuse(index, "result", _("请选择检查结论。"))
        elif result and result != FindingResult.MET and not note:
            refuse(index, "note", _("基本符合或不符合时，请写明存在的问题。"))
        elif not result and finding is not None:
            refuse(index, "result", _("请选择检查结论；要删除已记录的结论，请勾选“删除”。"))
        elif has_tasks and result == FindingResult.MET:
            refuse(index, "result", _("该项已交办整改，不能改为“符合”。"))
        if index in errors:
            continue
        if item is None:
            changes.append(("add_item", (row.unit, row.text.strip(), result, note)))
        elif result and (finding is None or (finding.result, finding.note) != (result, note)):
            changes.append(("record", (item, finding, result, note)))
    if errors:
        raise FindingRowsInvalid(errors)
    position = max((item.position for item in items.values()), default=0)
    for kind, change in changes:
        if kind == "remove":
            change.delete()
        elif kind == "add_item":
            unit, text, result, note = change
            position += 1
            item = InspectionItem(
                committee=inspection.committee, inspection=inspection, unit=unit, text=text, position=position
            )
            item.added = capacity
            item.full_clean()
            item.save()
            if result:
                _record(inspection, item, None, result, note, capacity)
        else:
            item, finding, result, note = change
            _record(inspection, item, finding, result, note, capacity)
    return len(changes)


def _record(inspection, item, finding, result: str, note: str, capacity) -> InspectionFinding:
    finding = finding or InspectionFinding(item=item, committee=inspection.committee)
    finding.result, finding.note = result, note
    finding.recorded = capacity
    finding.full_clean()
    finding.save()
    return finding


def finding_record(*, by, item: InspectionItem, result: str, note: str = "") -> InspectionFinding:
    """The office records what the team found for one checklist item (one row of `findings_save`); it may be
    corrected while the inspection runs, each change kept in the history."""
    try:
        findings_save(by=by, inspection=item.inspection, rows=[FindingRow(item=item, result=result, note=note)])
    except FindingRowsInvalid as exc:
        raise ValidationError(exc.rows[0]) from exc
    return InspectionFinding.objects.get(item=item)


@transaction.atomic
def finding_task_create(
    *, by, finding: InspectionFinding, title: str, deadline: datetime.date, requirement: str = ""
) -> FollowUpTask:
    """A shortfall becomes a corrective task (督办事项) for the inspected unit, tracked like any other task."""
    finding = InspectionFinding.objects.select_related("item__unit", "item__inspection").get(pk=finding.pk)
    inspection = _locked(finding.item.inspection)
    capacity = perform(inspection, "assign_task", by)
    if finding.result not in NEEDS_CORRECTION:
        raise ValidationError(_("只有基本符合或不符合的检查项需要交办整改。"))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("办理期限不能早于今天。")})
    if not title.strip():
        raise ValidationError({"title": _("请填写整改事项。")})
    (task,) = tasks_assign(
        committee=inspection.committee,
        capacity=capacity,
        units=[finding.item.unit],
        title=title,
        requirement=requirement or finding.note,
        deadline=deadline,
        source={"finding": finding},
        basis=Phrase(gettext_noop("根据督导检查“%(inspection)s”发现的问题交办整改。"), inspection=inspection.title),
    )
    return task


def report_body(inspection: Inspection) -> str:
    """A first draft of the report from the plan and the findings; the office edits it before drafting."""
    items = list(inspection.items.select_related("unit", "finding").order_by("position"))
    lines = [
        _(
            "根据%(proposer)s提议，经%(approver)s同意，委员会于%(start)s至%(end)s对%(units)s开展了督导检查，检查事项为%(subject)s。"
        )
        % {
            "proposer": inspection.proposer_label,
            "approver": inspection.decided_by.person.name if inspection.decided_by_id else "",
            "start": chinese_date(inspection.starts_on) if inspection.starts_on else "",
            "end": chinese_date(inspection.ends_on) if inspection.ends_on else "",
            "units": "、".join(u.short_name for u in inspection.target_units.order_by("sort_order", "pk")),
            "subject": inspection.get_subject_display(),
        }
    ]
    counts = dict.fromkeys(FindingResult, 0)
    for item in items:
        finding = getattr(item, "finding", None)
        if finding is not None:
            counts[FindingResult(finding.result)] += 1
    lines.append(
        _("检查清单共%(n)s项，其中符合%(met)s项、基本符合%(partly)s项、不符合%(not_met)s项。")
        % {
            "n": len(items),
            "met": counts[FindingResult.MET],
            "partly": counts[FindingResult.PARTLY],
            "not_met": counts[FindingResult.NOT_MET],
        }
    )
    shortfalls = [i for i in items if getattr(i, "finding", None) and i.finding.result in NEEDS_CORRECTION]
    if shortfalls:
        lines.append(_("发现的主要问题："))
        for number, item in enumerate(shortfalls, start=1):
            lines.append(f"{number}. {item.unit.short_name}：{item.finding.note}")
    lines.append(_("对发现的问题，委员会已交办相关单位限期整改。"))
    return "\n".join(lines)


@transaction.atomic
def inspection_report_draft(*, by, inspection: Inspection, title: str, body: str, classification: str):
    """The inspection report, drafted as an official document (Art 24) that records the inspection; it then
    goes through review and sign-off in the documents app. Every checklist item must have its finding."""
    inspection = _locked(inspection)
    perform(inspection, "draft_report", by)
    from documents.models import DocumentKind
    from documents.services import document_draft

    return document_draft(
        by=by,
        committee=inspection.committee,
        kind=DocumentKind.REPORT,
        classification=classification,
        title=title,
        body=body,
        main_units=list(inspection.target_units.order_by("sort_order", "pk")),
        records=inspection,
    )


@transaction.atomic
def inspection_close(*, by, inspection: Inspection) -> Inspection:
    """The office closes an inspection once every item has its finding and its report has been drafted
    (when the documents app is installed); corrective tasks go on under 督办."""
    inspection = _locked(inspection)
    capacity = perform(inspection, "close", by)
    if inspection.items_unrecorded:
        raise ValidationError(_("还有检查项未记录检查结论，不能结束检查。"))
    if documents_available() and not report_documents(inspection):
        raise ValidationError(_("请先起草检查报告（公文），再结束检查。"))
    inspection.closed = capacity
    inspection.save()
    return inspection
