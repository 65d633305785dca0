"""Opening a cycle, drafting, submitting, confirming, returning and accepting a report (Art 22);
problems and suggestions followed up; attachments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, require
from committee.locks import locked
from committee.models import Committee, Person
from committee.services import notification_send
from committee.workflow import perform
from core.acts import Act
from core.attachments import validate_attachment
from core.reminders import remind
from core.rendering import render_job_enqueue
from core.wording import Phrase, choice_label
from members.models import Duty, MemberUnit

from ..models import (
    EDITABLE_STATES,
    AnnualReport,
    DutyEntry,
    FollowUpState,
    IssueKind,
    ReportAttachment,
    ReportCycle,
    ReportIssue,
    ReportVersion,
    TaskEntry,
    VersionOutcome,
)
from ..reminders import DEADLINE
from ..renderers import REPORT
from ..selectors import follow_up_tasks_for, office_people, unit_people
from .pdfs import compilation_refresh


class ReportLocked(ValidationError):
    """The report is not in a state the unit may change."""


class StaleRevision(ValidationError):
    """The draft was saved elsewhere (another tab, another person) since this page loaded it."""

    def __init__(self, report: AnnualReport):
        self.report = report
        who = report.last_saved_by.name if report.last_saved_by else _("他人")
        at = timezone.localtime(report.last_saved_at).strftime("%H:%M") if report.last_saved_at else ""
        super().__init__(
            _("本报告已在其他窗口或由%(who)s于%(at)s保存，为免互相覆盖，您这次的修改没有保存。")
            % {"who": who, "at": at}
        )


@dataclass
class DraftContent:
    """What the unit typed: part 1 and 2 texts by entry id, part 3, and part 4 items by id."""

    duties: dict[int, str] = field(default_factory=dict)
    tasks: dict[int, str] = field(default_factory=dict)
    key_work: str | None = None
    issues: dict[int, tuple[str, str]] = field(default_factory=dict)


def _lock(report: AnnualReport) -> AnnualReport:
    return (
        locked(AnnualReport.objects.all())
        .select_related("cycle", "unit", "committee", "last_saved_by")
        .get(pk=report.pk)
    )


def _ensure_editable(report: AnnualReport) -> None:
    if report.state not in EDITABLE_STATES:
        raise ReportLocked(
            _("报告%(state)s，本单位不能再修改。") % {"state": report.get_state_display()}, code="locked"
        )


def _link(report: AnnualReport) -> str:
    return reverse("reports:report", kwargs={"pk": report.pk})


def _notify_unit(report: AnnualReport, subject: Phrase, body: str | Phrase = "", positions=None) -> None:
    people = unit_people([report.unit_id], **({"positions": positions} if positions else {})).get(report.unit_id, [])
    if people:
        notification_send(recipients=people, subject=subject, body=body, link=_link(report))


# Opening a cycle ------------------------------------------------------------------------------------------


@transaction.atomic
def cycle_open(
    *,
    by,
    committee: Committee,
    year: int,
    deadline: datetime.date,
    units: list[MemberUnit] | None = None,
    remind_days_before: str = "14,3",
    remind_weekly_after: bool = True,
    requires_head_confirmation: bool = True,
    instructions: str = "",
) -> ReportCycle:
    """Art 22: the office opens the year's reports; each unit gets its report, prefilled with its duty items
    (part 1) and the follow-up tasks assigned to it that year (part 2), and its liaison and head are told."""
    committee = locked(Committee.objects.all()).get(pk=committee.pk)
    capacity = require(by, Action.MANAGE_COMMITTEE, committee)
    units = list(units) if units is not None else list(committee.units.active().order_by("sort_order", "code"))
    if not units:
        raise ValidationError({"units": _("请至少选择一个成员单位。")})
    if any(unit.committee_id != committee.pk or not unit.is_active for unit in units):
        raise ValidationError({"units": _("只能选择本委员会在册的成员单位。")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("截止日期不能早于今天。")})
    if ReportCycle.objects.filter(committee=committee, year=year).exists():
        raise ValidationError({"year": _("%(year)s年度的报告报送已经开通。") % {"year": year}})
    cycle = ReportCycle(
        committee=committee,
        year=year,
        deadline=deadline,
        remind_days_before=remind_days_before.replace("，", ","),
        remind_weekly_after=remind_weekly_after,
        requires_head_confirmation=requires_head_confirmation,
        instructions=instructions,
        opened=capacity,
    )
    cycle.full_clean()
    cycle.save()
    duties: dict[int, list[Duty]] = {}
    for duty in Duty.objects.filter(unit__in=units, is_active=True).order_by("article_number", "item_number"):
        duties.setdefault(duty.unit_id, []).append(duty)
    people = unit_people([unit.pk for unit in units])
    entries, tasks = [], []
    for unit in sorted(units, key=lambda u: (u.sort_order, u.code)):
        report = AnnualReport.objects.create(committee=committee, cycle=cycle, unit=unit)
        for position, duty in enumerate(duties.get(unit.pk, []), start=1):
            entries.append(
                DutyEntry(report=report, duty=duty, position=position, duty_label=str(duty), duty_text=duty.text)
            )
        tasks.extend(_task_entries(report, year, start=1))
        # The opening notice is the first reminder of the ledger ("opening"): the schedule never repeats it.
        remind(
            DEADLINE,
            report,
            "opening",
            people.get(unit.pk, []),
            lambda fresh, report=report: notification_send(
                recipients=fresh,
                subject=Phrase(gettext_noop("请报送%(year)s年度履职情况书面报告"), year=year),
                body=Phrase(
                    gettext_noop(
                        "委员会办公室已开通%(year)s年度书面报告报送，请于%(deadline)s前填报并提交（第二十二条）。"
                    ),
                    year=year,
                    deadline=deadline,
                ),
                link=_link(report),
            ),
        )
    DutyEntry.objects.bulk_create(entries)
    TaskEntry.objects.bulk_create(tasks)
    return cycle


def _task_entries(report: AnnualReport, year: int, *, start: int, skip: set[int] = frozenset()) -> list[TaskEntry]:
    entries = []
    position = start
    for task in follow_up_tasks_for(report.unit, year):
        if task.id in skip:
            continue
        entries.append(
            TaskEntry(
                report=report,
                task_id=task.id,
                position=position,
                task_title=task.title,
                source_label=task.source_label,
                task_deadline=task.deadline,
                status_text=task.status,
            )
        )
        position += 1
    return entries


# Drafting -------------------------------------------------------------------------------------------------


@dataclass
class _Changes:
    duties: list[DutyEntry] = field(default_factory=list)
    tasks: list[TaskEntry] = field(default_factory=list)
    issues: list[ReportIssue] = field(default_factory=list)
    key_work: str | None = None

    def __bool__(self) -> bool:
        return bool(self.duties or self.tasks or self.issues or self.key_work is not None)


def _changes(report: AnnualReport, content: DraftContent) -> _Changes:
    """What the typed content changes; ids that are not this report's entries are ignored."""
    changes = _Changes()
    for entry in report.duty_entries.all():
        if entry.pk in content.duties and content.duties[entry.pk] != entry.done_text:
            entry.done_text = content.duties[entry.pk]
            changes.duties.append(entry)
    for entry in report.task_entries.all():
        if entry.pk in content.tasks and content.tasks[entry.pk] != entry.progress_text:
            entry.progress_text = content.tasks[entry.pk]
            changes.tasks.append(entry)
    for issue in report.issues.all():
        if issue.pk in content.issues:
            kind, text = content.issues[issue.pk]
            if kind not in IssueKind.values:
                kind = issue.kind
            if (kind, text) != (issue.kind, issue.text):
                issue.kind, issue.text = kind, text
                changes.issues.append(issue)
    if content.key_work is not None and content.key_work != report.key_work:
        changes.key_work = content.key_work
    return changes


def _bump(report: AnnualReport, person_id: int | None, **fields) -> None:
    """A new draft revision: queryset update, so that typing does not fill the history tables."""
    report.revision += 1
    report.last_saved_at = timezone.now()
    report.last_saved_by_id = person_id
    for name, value in fields.items():
        setattr(report, name, value)
    AnnualReport.objects.filter(pk=report.pk).update(
        revision=report.revision, last_saved_at=report.last_saved_at, last_saved_by_id=person_id, **fields
    )
    if person_id is not None:
        report.last_saved_by = Person.objects.get(pk=person_id)


def _apply(report: AnnualReport, content: DraftContent | None, revision: int | None, person_id: int) -> bool:
    if content is None:
        return False
    changes = _changes(report, content)
    if not changes:
        return False
    if revision != report.revision:
        raise StaleRevision(report)
    DutyEntry.objects.bulk_update(changes.duties, ["done_text"])
    TaskEntry.objects.bulk_update(changes.tasks, ["progress_text"])
    ReportIssue.objects.bulk_update(changes.issues, ["kind", "text"])
    _bump(report, person_id, **({"key_work": changes.key_work} if changes.key_work is not None else {}))
    return True


@transaction.atomic
def report_save(*, by, report: AnnualReport, revision: int | None, content: DraftContent) -> AnnualReport:
    """Saves the draft as the liaison types. A save based on an older revision that would change what
    another tab saved since is refused (`StaleRevision`), never silently applied."""
    report = _lock(report)
    capacity = require(by, Action.ACT_FOR_UNIT, report)
    _ensure_editable(report)
    _apply(report, content, revision, capacity.appointment.person_id)
    return report


@transaction.atomic
def report_issue_add(
    *, by, report: AnnualReport, revision: int | None = None, content: DraftContent | None = None
) -> ReportIssue:
    """Part 4: adds one more problem or suggestion, each a separate item the office can act on."""
    report = _lock(report)
    capacity = require(by, Action.ACT_FOR_UNIT, report)
    _ensure_editable(report)
    _apply(report, content, revision, capacity.appointment.person_id)
    position = (report.issues.aggregate(last=Max("position"))["last"] or 0) + 1
    issue = ReportIssue.objects.create(report=report, position=position)
    _bump(report, capacity.appointment.person_id)
    return issue


@transaction.atomic
def report_issue_remove(
    *, by, report: AnnualReport, issue_id: int, revision: int | None = None, content: DraftContent | None = None
) -> None:
    report = _lock(report)
    capacity = require(by, Action.ACT_FOR_UNIT, report)
    _ensure_editable(report)
    _apply(report, content, revision, capacity.appointment.person_id)
    issue = report.issues.filter(pk=issue_id).first()
    if issue is None:
        raise ValidationError(_("该条问题或建议已不存在。"))
    if report.versions.exists() and issue.follow_up_at is not None:
        raise ValidationError(_("委员会已登记办理情况的问题或建议不能删除。"))
    issue.delete()
    _bump(report, capacity.appointment.person_id)


@transaction.atomic
def report_tasks_sync(*, by, report: AnnualReport) -> int:
    """Part 2: adds follow-up tasks assigned to the unit since the report was opened; returns how many."""
    report = _lock(report)
    capacity = require(by, Action.ACT_FOR_UNIT, report)
    _ensure_editable(report)
    known = set(report.task_entries.exclude(task_id=None).values_list("task_id", flat=True))
    start = (report.task_entries.aggregate(last=Max("position"))["last"] or 0) + 1
    entries = _task_entries(report, report.cycle.year, start=start, skip=known)
    TaskEntry.objects.bulk_create(entries)
    if entries:
        _bump(report, capacity.appointment.person_id)
    return len(entries)


# Submission and review ------------------------------------------------------------------------------------


def report_snapshot(report: AnnualReport) -> dict:
    """The report's content as it stands, for a version: readable without the live rows."""
    return {
        "duties": [
            {"label": entry.duty_label, "text": entry.duty_text, "done": entry.done_text}
            for entry in report.duty_entries.all()
        ],
        "tasks": [
            {
                "id": entry.task_id,
                "title": entry.task_title,
                "deadline": entry.task_deadline.isoformat() if entry.task_deadline else None,
                "status": entry.status_text,
                "progress": entry.progress_text,
                # Added later: present only when set, so that earlier versions compare as they were.
                **({"source": entry.source_label} if entry.source_label else {}),
            }
            for entry in report.task_entries.all()
        ],
        "key_work": report.key_work,
        "issues": [
            {"id": issue.pk, "kind": issue.kind, "kind_label": str(issue.get_kind_display()), "text": issue.text}
            for issue in report.issues.all()
            if issue.text.strip()
        ],
        "attachments": [
            {"id": attachment.pk, "name": attachment.original_name, "size": attachment.size}
            for attachment in report.attachments.filter(removed_at__isnull=True)
        ],
    }


def _check_complete(report: AnnualReport) -> None:
    errors = {}
    for entry in report.duty_entries.all():
        if not entry.done_text.strip():
            errors[f"duty-{entry.pk}"] = _("请填写本项职责的履职情况。")
    if not report.key_work.strip():
        errors["key_work"] = _("请填写重点工作落实情况。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_submit(
    *, by, report: AnnualReport, revision: int | None = None, content: DraftContent | None = None
) -> AnnualReport:
    """Art 22: the liaison submits the report; it is kept as a new version and locked for the unit.
    It goes to the unit head to confirm if the cycle requires it, else straight to the office."""
    report = _lock(report)
    capacity = perform(report, "submit", by)
    _apply(report, content, revision, capacity.appointment.person_id)
    _check_complete(report)
    now = timezone.now()
    number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    ReportVersion.objects.create(
        report=report,
        number=number,
        content=report_snapshot(report),
        submitted=Act(capacity.appointment, capacity.delegation, now),
    )
    if report.cycle.requires_head_confirmation:
        report.save(update_fields=["state"])
        _notify_unit(
            report,
            Phrase(gettext_noop("请确认本单位%(year)s年度书面报告"), year=report.cycle.year),
            Phrase(gettext_noop("联络员已提交第%(number)s版，确认后报委员会办公室。"), number=number),
            positions=["unit_head"],
        )
    else:
        _reach_office(report, now)
    return report


def _reach_office(report: AnnualReport, now: datetime.datetime) -> None:
    """The report has just moved to the office (submitted, or resubmitted after a return): the first time, when and
    whether late; the office is told."""
    fields = ["state"]
    if report.submitted_at is None:
        report.submitted_at = now
        report.late = timezone.localdate(now) > report.cycle.deadline
        fields += ["submitted_at", "late"]
    report.save(update_fields=fields)
    people = office_people(report.committee)
    if people:
        notification_send(
            recipients=people,
            subject=Phrase(
                gettext_noop("%(unit)s%(state)s%(year)s年度书面报告"),
                unit=report.unit.short_name,
                state=choice_label(report, "state"),
                year=report.cycle.year,
            ),
            link=_link(report),
        )


def _latest_version(report: AnnualReport) -> ReportVersion:
    return locked(ReportVersion.objects.filter(report=report)).order_by("-number").first()


@transaction.atomic
def report_confirm(*, by, report: AnnualReport) -> AnnualReport:
    """The unit head (committee member) confirms the liaison's submission; it goes to the office."""
    report = _lock(report)
    capacity = perform(report, "confirm", by)
    now = timezone.now()
    version = _latest_version(report)
    version.confirmed = Act(capacity.appointment, capacity.delegation, now)
    version.save(update_fields=ReportVersion.confirmed.fields)
    _reach_office(report, now)
    return report


@transaction.atomic
def report_send_back(*, by, report: AnnualReport, comment: str) -> AnnualReport:
    """The unit head sends the submission back to the liaison with a comment, before it reaches the office."""
    report = _lock(report)
    capacity = perform(report, "send_back", by)
    if not comment.strip():
        raise ValidationError({"comment": _("请写明退回意见。")})
    _record_outcome(report, VersionOutcome.SENT_BACK, capacity, comment)
    report.save(update_fields=["state"])
    _notify_unit(
        report,
        Phrase(gettext_noop("单位负责人退回了%(year)s年度书面报告"), year=report.cycle.year),
        comment,
        positions=["liaison"],
    )
    return report


def _record_outcome(report: AnnualReport, outcome: str, capacity, comment: str) -> ReportVersion:
    version = _latest_version(report)
    version.outcome = outcome
    version.handled = capacity
    version.outcome_comment = comment
    version.save(update_fields=["outcome", *ReportVersion.handled.fields, "outcome_comment"])
    return version


@transaction.atomic
def report_return(*, by, report: AnnualReport, comment: str) -> AnnualReport:
    """The office (its director or staff) returns the report to the unit with comments to revise."""
    report = _lock(report)
    capacity = perform(report, "return_to_unit", by)
    if not comment.strip():
        raise ValidationError({"comment": _("请写明退回修改的意见。")})
    _record_outcome(report, VersionOutcome.RETURNED, capacity, comment)
    report.save(update_fields=["state"])
    _notify_unit(
        report,
        Phrase(gettext_noop("委员会办公室退回了%(year)s年度书面报告，请修改后重新报送"), year=report.cycle.year),
        comment,
    )
    return report


@transaction.atomic
def report_accept(*, by, report: AnnualReport, comment: str = "") -> AnnualReport:
    """The office director accepts the report; its PDF is then rendered in the background, and the year's
    compilation, if the office has made one, is made again with it."""
    report = _lock(report)
    capacity = perform(report, "accept", by)
    _record_outcome(report, VersionOutcome.ACCEPTED, capacity, comment)
    report.accepted = capacity
    report.save(update_fields=["state", *AnnualReport.accepted.fields])
    render_job_enqueue(REPORT, report, again=True)
    compilation_refresh(committee=report.committee, year=report.cycle.year)
    _notify_unit(report, Phrase(gettext_noop("%(year)s年度书面报告已审核通过"), year=report.cycle.year), comment)
    return report


# Problems and suggestions, attachments --------------------------------------------------------------------


@transaction.atomic
def issue_follow_up(*, by, issue: ReportIssue, state: str, text: str) -> ReportIssue:
    """Part 4: the office records what the committee did with a unit's problem or suggestion."""
    issue = locked(ReportIssue.objects.all()).select_related("report__committee", "report__unit").get(pk=issue.pk)
    capacity = require(by, Action.MANAGE_COMMITTEE, issue.report)
    if issue.report.submitted_at is None:
        raise ValidationError(_("报告报到办公室后才能登记办理情况。"))
    if state not in FollowUpState.values:
        raise ValidationError({"follow_up_state": _("请选择办理状态。")})
    if state != FollowUpState.OPEN and not text.strip():
        raise ValidationError({"follow_up_text": _("请写明委员会的办理情况。")})
    issue.follow_up_state = state
    issue.follow_up_text = text
    issue.followed_up = capacity
    issue.save(update_fields=["follow_up_state", "follow_up_text", *ReportIssue.followed_up.fields])
    if state != FollowUpState.OPEN:
        _notify_unit(
            issue.report,
            Phrase(
                gettext_noop("委员会对本单位所提问题或建议的办理情况：%(state)s"),
                state=choice_label(issue, "follow_up_state"),
            ),
            text,
        )
    return issue


@transaction.atomic
def attachment_add(*, by, report: AnnualReport, upload: UploadedFile) -> ReportAttachment:
    report = _lock(report)
    capacity = require(by, Action.ACT_FOR_UNIT, report)
    _ensure_editable(report)
    try:
        checked = validate_attachment(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    attachment = ReportAttachment(report=report, uploaded_by_id=capacity.appointment.person_id)
    attachment.fill_from(checked)
    attachment.save()
    _bump(report, capacity.appointment.person_id)
    return attachment


@transaction.atomic
def attachment_remove(*, by, attachment: ReportAttachment) -> ReportAttachment:
    """Takes an attachment off the draft; the file stays, for the versions that were submitted with it."""
    report = _lock(attachment.report)
    capacity = require(by, Action.ACT_FOR_UNIT, report)
    _ensure_editable(report)
    attachment = locked(ReportAttachment.objects.filter(report=report)).get(pk=attachment.pk)
    if attachment.removed_at is None:
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        _bump(report, capacity.appointment.person_id)
    return attachment
