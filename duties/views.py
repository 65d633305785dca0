"""Follow-up task pages (督办): the overview by unit and by decision, Excel export, a task's record and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from committee import params
from committee.authority import Action, decide, get_visible_or_404
from committee.history import history_rows
from committee.models import Committee
from committee.viewcache import render_page
from committee.web import submit
from committee.workflow import Handler, StepRouter
from core.attachments import attachment_response
from core.exports import Sheet, xlsx_response
from core.numerals import chinese_date

from . import selectors, services
from .forms import (
    CompletionForm,
    ExtensionForm,
    NoteForm,
    ProgressForm,
    TaskAssignForm,
    TaskCreateForm,
    TaskFilter,
)
from .models import (
    SIGNAL_TONE,
    ExtensionRequest,
    ExtensionState,
    FollowUpTask,
    Signal,
    TaskAttachment,
    TaskStatus,
    TaskUpdate,
)

PAGE_SIZE = 30
DECISION_PAGE_SIZE = 10
# The years offered in the summary by decision (and 全部年度 for those before).
DECISION_YEARS = 10


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


def _filtered(request: HttpRequest, committee: Committee) -> tuple[TaskFilter, bool]:
    every_unit = selectors.sees_every_unit(request.user, committee)
    units = None if every_unit else selectors.visible_units(request.user, committee)
    base = selectors.visible_tasks(request.user, committee)
    return TaskFilter(request.GET or None, queryset=base, committee=committee, units=units), every_unit


@login_required
def task_overview(request: HttpRequest, committee_code: str) -> HttpResponse:
    """督办总览: every task the user may see, coloured, filterable; counts per unit and per decision. Kept for the
    viewer until the next write (`committee.viewcache`)."""
    committee = _committee(request, committee_code)
    return render_page(
        request,
        committee,
        "duties/task_overview.html",
        "duties/includes/task_overview_body.html",
        lambda: _overview_context(request, committee),
    )


def _overview_context(request: HttpRequest, committee: Committee) -> dict:
    task_filter, every_unit = _filtered(request, committee)
    matching = task_filter.qs
    rows = (
        matching.with_signal()
        .select_related("unit", "decision__meeting")
        .annotate(pending_extension=selectors.pending_extension(), urge_count=selectors.urge_count())
    )
    if not request.GET.get("o"):
        rows = rows.order_by("deadline", "unit__sort_order", "pk")
    by_unit = selectors.summary_by_unit(matching)
    paginator = Paginator(rows, PAGE_SIZE)
    # Every task has one unit: the summary by unit has counted them already.
    paginator.count = sum(row.total for row in by_unit)
    page = paginator.get_page(request.GET.get("page"))
    # The summary by decision: one year at a time (this year unless asked), searchable, paged without a count.
    this_year = timezone.localdate().year
    year = params.query_int(request.GET, "dyear", min_value=params.MIN_YEAR, max_value=params.MAX_YEAR)
    every_year = request.GET.get("dyear") == "all"
    if year is None and not every_year:
        year = this_year
    text = params.query_text(request.GET, "dq", max_length=60)
    decisions = selectors.SummaryPage(
        selectors.summary_by_decision(matching, year=None if every_year else year, text=text),
        params.query_int(request.GET, "dpage", max_value=100_000) or 1,
        DECISION_PAGE_SIZE,
    )
    return {
        "committee": committee,
        "filter": task_filter,
        "page": page,
        "tasks": page.object_list,
        "count": page.paginator.count,
        "by_unit": by_unit,
        "by_decision": selectors.summary_rows(decisions.object_list),
        "decisions": decisions,
        "decision_years": range(this_year, this_year - DECISION_YEARS, -1),
        "decision_year": None if every_year else year,
        "decision_text": text,
        # The decision search keeps the task filters as they are.
        "decision_search_keeps": [
            (key, value)
            for key, values in request.GET.lists()
            if key not in {"dyear", "dq", "dpage"}
            for value in values
        ],
        "chosen_decision": task_filter.form.cleaned_data.get("decision") if task_filter.is_bound else None,
        "signals": [(signal, SIGNAL_TONE[signal]) for signal in Signal],
        "every_unit": every_unit,
        "may_assign": bool(decide(request.user, Action.MANAGE_COMMITTEE, committee)),
    }


@login_required
@require_GET
def task_export(request: HttpRequest, committee_code: str) -> HttpResponse:
    """The overview's rows, with the same filters, as an Excel workbook."""
    committee = _committee(request, committee_code)
    task_filter, _every_unit = _filtered(request, committee)
    rows = selectors.with_latest_update(
        task_filter.qs.with_signal().select_related("unit", "decision__meeting").order_by("deadline", "pk")
    )
    headers = [
        _("序号"),
        _("督办事项"),
        _("承办单位"),
        _("来源决定事项"),
        _("会议"),
        _("交办日期"),
        _("办理期限"),
        _("原定期限"),
        _("状态"),
        _("提示"),
        _("最近办理情况"),
        _("办结确认日期"),
    ]
    signal_fills = {
        Signal.OVERDUE: "F8D7DA",
        Signal.DUE_SOON: "FFF3CD",
        Signal.ON_TRACK: "D1E7DD",
        Signal.REPORTED: "CFF4FC",
        Signal.CLOSED: "E2E3E5",
    }
    values, fills = [], {}
    for index, task in enumerate(rows):
        signal = task.signal()
        values.append(
            [
                index + 1,
                task.title,
                task.unit.short_name,
                task.decision.title if task.decision_id else "",
                task.decision.meeting.title if task.decision_id else "",
                chinese_date(timezone.localdate(task.created_at)),
                chinese_date(task.deadline),
                chinese_date(task.original_deadline) if task.original_deadline != task.deadline else "",
                task.get_status_display(),
                str(signal.label),
                task.latest_update or "",
                chinese_date(timezone.localdate(task.closed_at)) if task.closed_at else "",
            ]
        )
        fills[(index, 9)] = signal_fills[signal]
    return xlsx_response(
        [Sheet(_("督办事项"), headers, values, (6, 36, 14, 30, 24, 14, 14, 14, 16, 12, 48, 14), fills=fills)],
        filename=_("督办事项-%(date)s.xlsx") % {"date": f"{timezone.localdate():%Y%m%d}"},
        fallback="tasks.xlsx",
    )


@login_required
def task_new(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """The office turns a decision in effect into tasks for member units."""
    from meetings.models import Decision

    decision = get_visible_or_404(request.user, Decision.objects.select_related("committee", "meeting"), pk=decision_pk)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, decision)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(decision)
    if not decision.is_effective:
        messages.error(request, _("决定事项尚未生效（纪要批准后生效），还不能交办。"))
        return redirect(decision)
    form = TaskCreateForm(
        request.POST or None,
        committee=decision.committee,
        initial={"title": decision.title, "requirement": decision.text},
    )
    if request.method == "POST":
        tasks = submit(request, form, lambda data: services.task_create(by=request.user, decision=decision, **data))
        if tasks is not None:
            messages.success(request, _("已交办%(n)s个单位。") % {"n": len(tasks)})
            return redirect(decision)
    return render(
        request,
        "duties/task_form.html",
        {"committee": decision.committee, "decision": decision, "form": form},
    )


@login_required
def task_assign(request: HttpRequest, committee_code: str) -> HttpResponse:
    """交办 from the 督办 list: the office picks the decision in effect, then the units, as from the decision."""
    committee = _committee(request, committee_code)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect("duties:tasks", committee_code=committee.code)
    form = TaskAssignForm(request.POST or None, committee=committee, decisions=selectors.effective_decisions(committee))
    if request.method == "POST":
        tasks = submit(request, form, lambda data: services.task_create(by=request.user, **data))
        if tasks is not None:
            messages.success(request, _("已交办%(n)s个单位。") % {"n": len(tasks)})
            return redirect("duties:tasks", committee_code=committee.code)
    return render(request, "duties/task_form.html", {"committee": committee, "decision": None, "form": form})


@login_required
def upper_task_new(request: HttpRequest, receipt_pk: int) -> HttpResponse:
    """Art 5: the office turns a document from above that its committee signed for into tasks for its own units."""
    from documents.selectors import upper_receipt_or_404

    receipt = upper_receipt_or_404(request.user, receipt_pk)
    committee, document = receipt.committee, receipt.document
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(document)
    if receipt.received_at is None:
        messages.error(request, _("请先签收上级来文，再交办督办事项。"))
        return redirect(document)
    form = TaskCreateForm(request.POST or None, committee=committee, initial={"title": document.title})
    if request.method == "POST":
        tasks = submit(request, form, lambda data: services.upper_task_create(by=request.user, receipt=receipt, **data))
        if tasks is not None:
            messages.success(request, _("已交办%(n)s个单位。") % {"n": len(tasks)})
            return redirect("duties:tasks", committee_code=committee.code)
    return render(
        request,
        "duties/task_form.html",
        {"committee": committee, "decision": None, "upper_document": document, "form": form},
    )


def _task_or_404(request: HttpRequest, pk: int) -> FollowUpTask:
    task = (
        FollowUpTask.objects.with_signal()
        .select_related(
            "unit",
            "committee",
            "decision__meeting",
            "finding__item__inspection",
            "upper_document__committee",
            "created_by__person",
            "closed_by__person",
        )
        .filter(pk=pk)
        .first()
    )
    if task is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, task):
        raise Http404
    return task


def _extension_or_404(request: HttpRequest, pk: int) -> ExtensionRequest:
    """An extension request is seen by whoever sees its task."""
    extension = ExtensionRequest.objects.filter(pk=pk).select_related("task__unit", "task__committee").first()
    if extension is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, extension.task):
        raise Http404
    return extension


def _detail(
    request: HttpRequest, task: FollowUpTask, forms_given: dict | None = None, extension_forms: dict | None = None
) -> HttpResponse:
    """A task: its source along the chain, its colour, the unit's record, and the steps open to this user (the
    pending extension request's among them)."""
    return render_page(
        request,
        task.committee,
        "duties/task_detail.html",
        "duties/includes/task_detail_body.html",
        lambda: _detail_context(request, task, forms_given, extension_forms),
        around={"task": task},
        keep=forms_given is None and extension_forms is None,
        forms=True,
    )


def _detail_context(
    request: HttpRequest, task: FollowUpTask, forms_given: dict | None, extension_forms: dict | None
) -> dict:
    user = request.user
    updates = list(
        task.updates.select_related("author__person", "author__unit", "author_under")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    extensions = list(
        task.extension_requests.select_related("requested_by__person", "decided_by__person").order_by("-requested_at")
    )
    pending = next((e for e in extensions if e.state == ExtensionState.PENDING), None)
    if pending is not None:
        pending.task = task
    steps = STEPS.steps_for(task, user, forms_given)
    extension_steps = EXTENSION_STEPS.steps_for(pending, user, extension_forms) if pending else None
    records = [
        *task.history.select_related("history_user__person"),
        *TaskUpdate.history.filter(task_id=task.pk).select_related("history_user__person"),
        *ExtensionRequest.history.filter(task_id=task.pk).select_related("history_user__person"),
    ]
    return {
        "committee": task.committee,
        "task": task,
        "updates": updates,
        "extensions": extensions,
        "pending": pending,
        "steps": steps,
        "extension_steps": extension_steps,
        "notice": _notice(task, steps, extension_steps),
        "history": history_rows(records),
    }


def _notice(task: FollowUpTask, steps, extension_steps) -> str:
    """Who acts next, when this user has no step to take on a task still under way."""
    if task.is_closed or steps.open or (extension_steps and extension_steps.open):
        return ""
    if task.status == TaskStatus.REPORTED:
        return _("单位已报办结，等待委员会办公室确认。")
    return _("由承办单位的联络员填报进展、申请延期和报办结；委员会办公室审批延期、确认办结。")


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _task_or_404(request, pk))


STEPS = StepRouter(
    FollowUpTask,
    url_name="duties:task_step",
    get_object=_task_or_404,
    redisplay=_detail,
    handlers={
        "report_progress": Handler(
            lambda user, task, d: services.task_progress_add(by=user, task=task, text=d["text"], files=d["files"]),
            gettext_lazy("已记录办理进展。"),
            ProgressForm,
        ),
        "report_completion": Handler(
            lambda user, task, d: services.task_report_completion(by=user, task=task, text=d["text"], files=d["files"]),
            gettext_lazy("已报办结，等待办公室确认。"),
            CompletionForm,
        ),
        "request_extension": Handler(
            lambda user, task, d: services.task_extension_request(by=user, task=task, **d),
            gettext_lazy("延期申请已提交，等待办公室审批。"),
            ExtensionForm,
        ),
        "close": Handler(
            lambda user, task, d: services.task_close(by=user, task=task, note=d["note"]),
            gettext_lazy("已确认办结。"),
            NoteForm,
        ),
        "send_back": Handler(
            lambda user, task, d: services.task_send_back(by=user, task=task, note=d["note"]),
            gettext_lazy("已退回，单位将继续办理。"),
            NoteForm,
        ),
        "urge": Handler(
            lambda user, task, d: services.task_urge(by=user, task=task, note=d["note"]),
            gettext_lazy("已催办，已通知承办单位的联络员和负责人。"),
            NoteForm,
        ),
    },
)
task_step = STEPS.view

EXTENSION_STEPS = StepRouter(
    ExtensionRequest,
    url_name="duties:extension_step",
    get_object=_extension_or_404,
    redisplay=lambda request, extension, forms_given: _detail(
        request, _task_or_404(request, extension.task_id), extension_forms=forms_given
    ),
    handlers={
        "grant": Handler(
            lambda user, e, d: services.task_extension_decide(by=user, extension=e, grant=True, note=d["note"]),
            gettext_lazy("已同意延期。"),
            NoteForm,
        ),
        "refuse": Handler(
            lambda user, e, d: services.task_extension_decide(by=user, extension=e, grant=False, note=d["note"]),
            gettext_lazy("已答复：不同意延期。"),
            NoteForm,
        ),
    },
)
extension_step = EXTENSION_STEPS.view


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Files are sent only to those who may see the task (never from MEDIA_URL)."""
    attachment = (
        TaskAttachment.objects.select_related("update__task__unit", "update__task__committee").filter(pk=pk).first()
    )
    if attachment is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, attachment.update.task):
        raise Http404
    return attachment_response(attachment)
