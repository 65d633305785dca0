"""Pages of the annual reports and research topics (Art 22)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committee.authority import Action, NotAllowed, decide, get_visible_or_404, restrict
from committee.history import history_rows
from committee.models import Committee
from committee.params import MAX_YEAR, MIN_YEAR, id_or_none, query_int
from committee.viewcache import render_page
from committee.web import submit
from committee.workflow import Handler, StepRouter, Steps
from core.attachments import attachment_response
from core.exports import xlsx_response

from . import selectors, services
from .authority_rules import UPDATE_TOPIC
from .diff import diff_contents
from .export import board_sheets
from .filters import BoardFilter, IssueFilter, TopicFilter
from .forms import (
    AttachmentForm,
    CommentForm,
    CycleForm,
    FollowUpForm,
    ReportContentForm,
    RequiredCommentForm,
    SubmitForm,
    TopicForm,
)
from .models import AnnualReport, ReportCycle, ReportIssue, ReportState, ReportVersion, VersionOutcome

PAGE_SIZE = 50
# A committee has tens of units, not hundreds: the board shows them all on one page as a rule.
BOARD_PAGE_SIZE = 100


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


def _page(request: HttpRequest, rows, size: int = PAGE_SIZE):
    return Paginator(rows, size).get_page(request.GET.get("page"))


# Cycles and the status board ------------------------------------------------------------------------------


@login_required
def cycle_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """年度报告: the office and leadership see every year's cycle; a unit sees its own reports."""
    committee = _committee(request, committee_code)
    see_all = selectors.may_view_all_reports(request.user, committee)
    return render(
        request,
        "reports/cycle_list.html",
        {
            "committee": committee,
            "see_all": see_all,
            "cycles": list(selectors.cycles_with_counts(committee)) if see_all else [],
            "my_reports": []
            if see_all
            else list(
                selectors.reports_visible_to(request.user, committee).order_by("-cycle__year", "unit__sort_order")
            ),
            "may_open": decide(request.user, Action.MANAGE_COMMITTEE, committee),
            "today": timezone.localdate(),
        },
    )


@login_required
def cycle_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    """Art 22: the office opens a year's reports."""
    committee = _committee(request, committee_code)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect("reports:cycles", committee_code=committee.code)
    form = CycleForm(request.POST or None, committee=committee)
    if request.method == "POST":
        cycle = submit(
            request,
            form,
            lambda data: services.cycle_open(
                by=request.user,
                committee=committee,
                year=data["year"],
                deadline=data["deadline"],
                units=list(data["units"]),
                remind_days_before=data["remind_days_before"],
                remind_weekly_after=data["remind_weekly_after"],
                requires_head_confirmation=data["requires_head_confirmation"],
                instructions=data["instructions"],
            ),
        )
        if cycle is not None:
            messages.success(
                request, _("已开通%(cycle)s，已通知%(n)s个单位。") % {"cycle": cycle, "n": cycle.reports.count()}
            )
            return redirect(cycle)
    return render(request, "reports/cycle_form.html", {"committee": committee, "form": form})


def _board_or_redirect(request: HttpRequest, pk: int):
    """The cycle if the user sees every unit's report; a unit's people are taken to their own report."""
    cycle = selectors.cycle_or_404(request.user, pk)
    if selectors.may_view_all_reports(request.user, cycle.committee):
        return cycle, None
    own = selectors.reports_visible_to(request.user, cycle.committee).filter(cycle=cycle).first()
    if own is not None:
        return cycle, redirect(own)
    messages.info(request, _("本单位不在该年度的报送范围内。"))
    return cycle, redirect("reports:cycles", committee_code=cycle.committee.code)


@login_required
def cycle_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's status board: each unit's state, submission, lateness and last reminder."""
    cycle, elsewhere = _board_or_redirect(request, pk)
    if elsewhere is not None:
        return elsewhere
    # Kept for the viewer until the next write (`committee.viewcache`); the board's reminder buttons are forms, so
    # the key holds the browser's CSRF secret.
    return render_page(
        request,
        cycle.committee,
        "reports/cycle_board.html",
        "reports/includes/cycle_board_body.html",
        lambda: _board_context(request, cycle),
        around={"cycle": cycle},
        forms=True,
    )


def _board_context(request: HttpRequest, cycle: ReportCycle) -> dict:
    rows = selectors.board_rows(cycle, request.user)
    counts = dict(cycle.reports.order_by().values_list("state").annotate(n=Count("pk")))
    today = timezone.localdate()
    late_count = cycle.reports.filter(late=True).count()
    if cycle.is_overdue(today):
        late_count += cycle.reports.filter(submitted_at__isnull=True).count()
    board = BoardFilter(request.GET or None, queryset=rows, cycle=cycle)
    page = _page(request, board.qs, BOARD_PAGE_SIZE)
    return {
        "committee": cycle.committee,
        "cycle": cycle,
        "filter": board,
        "page": page,
        "count": page.paginator.count,
        "state_counts": [(label, counts.get(value, 0), value) for value, label in ReportState.choices],
        "late_count": late_count,
        "accepted_count": counts.get(ReportState.ACCEPTED, 0),
        "may_manage": decide(request.user, Action.MANAGE_COMMITTEE, cycle.committee),
        "today": today,
        "history": history_rows(cycle.history.select_related("history_user__person")[:30]),
    }


@login_required
def cycle_export(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_or_404(request.user, pk)
    if not selectors.may_view_all_reports(request.user, cycle.committee):
        raise Http404
    return xlsx_response(
        board_sheets(cycle, selectors.board_rows(cycle, request.user), selectors.cycle_issues(cycle)),
        filename=_("%(year)s年度书面报告报送情况.xlsx") % {"year": cycle.year},
        fallback=f"report-cycle-{cycle.year}.xlsx",
        title=str(cycle),
    )


@login_required
def cycle_issues(request: HttpRequest, pk: int) -> HttpResponse:
    """Art 22, part 4 across units: every problem and suggestion, and what the committee did with it."""
    cycle = selectors.cycle_or_404(request.user, pk)
    if not selectors.may_view_all_reports(request.user, cycle.committee):
        raise Http404
    issues = IssueFilter(request.GET or None, queryset=selectors.cycle_issues(cycle))
    page = _page(request, issues.qs)
    return render(
        request,
        "reports/cycle_issues.html",
        {
            "committee": cycle.committee,
            "cycle": cycle,
            "filter": issues,
            "page": page,
            "count": page.paginator.count,
            "may_manage": decide(request.user, Action.MANAGE_COMMITTEE, cycle.committee),
        },
    )


@login_required
def compilation(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the annual compilation PDF when it is ready. POST: the office asks for it to be (re)made."""
    cycle = selectors.cycle_or_404(request.user, pk)
    if not selectors.may_view_all_reports(request.user, cycle.committee):
        raise Http404
    if request.method == "POST":
        try:
            services.compilation_request(by=request.user, cycle=cycle)
            messages.success(request, _("已开始生成年度履职情况汇编，完成后可在本页下载。"))
        except NotAllowed as exc:
            messages.error(request, exc.decision.reason)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(cycle)
    if not cycle.pdf_ready:
        messages.info(request, _("汇编尚未生成。"))
        return redirect(cycle)
    return FileResponse(
        cycle.pdf_file.open("rb"),
        content_type="application/pdf",
        filename=_("%(year)s年度履职情况汇编.pdf") % {"year": cycle.year},
    )


# One report -----------------------------------------------------------------------------------------------

# The draft's own buttons: edits of the draft, not workflow steps (submitting it is the step `submit`).
CONTENT_OPS = {"save", "add_issue", "remove_issue"}
# The steps the page shows together, each group under its own heading.
HEAD_STEPS = ("confirm", "send_back")
OFFICE_STEPS = ("accept", "return_to_unit")


def _content_form(report: AnnualReport, parts: dict, data=None) -> ReportContentForm:
    return ReportContentForm(
        data,
        report=report,
        duty_entries=parts["duty_entries"],
        task_entries=parts["task_entries"],
        issues=parts["issues"],
    )


def _report_call(op: str, request: HttpRequest, report: AnnualReport, form: ReportContentForm, stale: dict, issue: str):
    """The service call behind each content button, given what the form cleaned."""

    def call(data):
        kwargs = {"by": request.user, "report": report, "revision": data["revision"], "content": form.content()}
        try:
            if op == "add_issue":
                return services.report_issue_add(**kwargs)
            if op == "remove_issue":
                issue_id = id_or_none(issue)
                if issue_id is None:
                    raise ValidationError(_("请指明要删除的条目。"))
                services.report_issue_remove(**kwargs, issue_id=issue_id)
                return True
            return services.report_save(**kwargs)
        except services.StaleRevision as exc:
            stale["report"] = exc.report
            raise

    return call


def _detail(
    request: HttpRequest,
    report: AnnualReport,
    forms_given: dict | None = None,
    *,
    form: ReportContentForm | None = None,
    parts: dict | None = None,
) -> HttpResponse:
    """A unit's report: the liaison fills it in (saved as typed), the head confirms, the office returns or
    accepts, each step listed from the workflow's declaration; its versions, attachments and history."""
    return render_page(
        request,
        report.committee,
        "reports/report_detail.html",
        "reports/includes/report_detail_body.html",
        lambda: _detail_context(request, report, forms_given, form, parts),
        around={"report": report, "cycle": report.cycle},
        keep=forms_given is None and form is None and parts is None and not hasattr(report, "posted_draft"),
        forms=True,
    )


def _detail_context(
    request: HttpRequest,
    report: AnnualReport,
    forms_given: dict | None,
    form: ReportContentForm | None,
    parts: dict | None,
) -> dict:
    user = request.user
    parts = parts or selectors.report_detail_parts(report)
    act = decide(user, Action.ACT_FOR_UNIT, report)
    may_edit = report.is_editable and bool(act)
    may_manage = bool(decide(user, Action.MANAGE_COMMITTEE, report))
    steps = STEPS.steps_for(report, user, forms_given)
    # After a refused submission, the draft as it was posted, with the reasons next to its fields.
    draft = form or getattr(report, "posted_draft", None)
    form = (draft or _content_form(report, parts)) if may_edit else None
    # A refusal the page would not show next to its form (the step is no longer open, or has no form here).
    shown = {item.name for item in steps.listed} | ({"submit"} if form is not None else set())
    refusals = [
        error for name, given in (forms_given or {}).items() if name not in shown for error in given.non_field_errors()
    ]
    versions = parts["versions"]
    last = versions[-1] if versions else None
    task_urls = selectors.follow_up_urls([e.task_id for e in parts["task_entries"] if e.task_id])
    today = timezone.localdate()
    return {
        "committee": report.committee,
        "report": report,
        "cycle": report.cycle,
        "form": form,
        "task_urls": task_urls,
        "steps": steps,
        "head_steps": Steps([item for item in steps.listed if item.name in HEAD_STEPS]),
        "office_steps": Steps([item for item in steps.listed if item.name in OFFICE_STEPS]),
        "refusals": refusals,
        # Back with the unit: why, from the one who sent it back.
        "returned": last
        if report.is_editable and last and last.outcome in {VersionOutcome.RETURNED, VersionOutcome.SENT_BACK}
        else None,
        "may_edit": may_edit,
        "may_manage": may_manage,
        "may_compare": may_manage and len(versions) > 1,
        "next_step": _next_step(report, steps),
        "is_late": report.is_late(today),
        "tone": report.tone(today),
        "new_tasks": len(selectors.follow_up_tasks_for(report.unit, report.cycle.year))
        - len([e for e in parts["task_entries"] if e.task_id])
        if may_edit
        else 0,
        "history": history_rows(_history_records(report)),
        **parts,
    }


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's page; its POSTs are the draft's own buttons (save, add or remove an item of part 4, bring in
    new follow-up tasks). The workflow's steps are posted to their own route (`report_step`)."""
    report = selectors.report_or_404(request.user, pk)
    if request.method != "POST":
        return _detail(request, report)
    op, issue = request.POST.get("op", "save"), ""
    if op.startswith("remove_issue-"):
        op, issue = "remove_issue", op.removeprefix("remove_issue-")
    if op == "sync_tasks":
        return _sync_tasks(request, report)
    if op not in CONTENT_OPS:
        return HttpResponseBadRequest()
    act = decide(request.user, Action.ACT_FOR_UNIT, report)
    if not (report.is_editable and act):
        messages.error(
            request, act.reason or _("报告%(state)s，本单位不能再修改。") % {"state": report.get_state_display()}
        )
        return redirect(report)
    parts = selectors.report_detail_parts(report)
    form = _content_form(report, parts, request.POST)
    stale: dict = {}
    done = submit(request, form, _report_call(op, request, report, form, stale, issue))
    if done is not None:
        messages.success(request, _OP_MESSAGES[op])
        anchor = "#part-4" if op in {"add_issue", "remove_issue"} else ""
        return redirect(report.get_absolute_url() + anchor)
    if stale:
        _offer_overwrite(form, stale["report"])
    return _detail(request, report, form=form, parts=parts)


_OP_MESSAGES = {
    "save": _("草稿已保存。"),
    "add_issue": _("已添加一条，请填写内容。"),
    "remove_issue": _("已删除该条。"),
}


def _offer_overwrite(form: ReportContentForm, current: AnnualReport) -> None:
    """Shown, not applied: pressing save (or submit) again now overwrites knowingly."""
    form.data = form.data.copy()
    form.data["revision"] = str(current.revision)


def _sync_tasks(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    try:
        added = services.report_tasks_sync(by=request.user, report=report)
    except NotAllowed as exc:
        messages.error(request, exc.decision.reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已补入%(n)s项督办事项。") % {"n": added})
        return redirect(report)
    return _detail(request, report)


def _next_step(report: AnnualReport, steps) -> str:
    """What happens next and who does it, for a user who cannot do it themselves."""
    if report.is_editable:
        return "" if "submit" in steps else _("报告由本单位联络员填报提交。")
    if report.state == ReportState.AWAITING_CONFIRMATION and "confirm" not in steps:
        return _("报告已由联络员提交，等待本单位负责人确认后报委员会办公室。")
    if report.is_with_office and "accept" not in steps:
        if "return_to_unit" in steps:
            return _("可以退回修改；审核通过由办公室主任办理。")
        return _("报告在委员会办公室审核中：办公室可以退回修改，办公室主任审核通过。")
    return ""


def _submit(user, report: AnnualReport, data: dict) -> AnnualReport:
    """提交, with the draft as the page holds it (what was typed since the last save goes in with it). A refusal
    keeps the draft as posted for the page, with the reasons next to its fields."""
    form = _content_form(report, selectors.report_detail_parts(report), data["draft"])
    report.posted_draft = form
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    try:
        return services.report_submit(
            by=user, report=report, revision=form.cleaned_data["revision"], content=form.content()
        )
    except NotAllowed as exc:
        form.add_error(None, exc.decision.reason)
        raise
    except ValidationError as exc:
        if isinstance(exc, services.StaleRevision):
            _offer_overwrite(form, exc.report)
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        raise


def _render_again(user, report: AnnualReport, data: dict) -> AnnualReport:
    services.report_pdf_request(by=user, report=report)
    return report


@dataclass(frozen=True)
class _Reminded:
    """A reminder from the status board (none if one went out within the minute): the board is shown next."""

    report: AnnualReport
    sent: bool

    def get_absolute_url(self) -> str:
        return self.report.cycle.get_absolute_url()


def _remind(user, report: AnnualReport, data: dict) -> _Reminded:
    return _Reminded(report, services.report_remind(by=user, report=report))


def _reminded(done: _Reminded) -> str:
    if done.sent:
        return _("已提醒%(unit)s。") % {"unit": done.report.unit.short_name}
    return _("一分钟内已提醒过该单位。")


STEPS = StepRouter(
    AnnualReport,
    url_name="reports:step",
    get_object=lambda request, pk: selectors.report_or_404(request.user, pk),
    redisplay=_detail,
    handlers={
        "submit": Handler(_submit, gettext_lazy("报告已提交。提交后本单位不能再修改。"), SubmitForm),
        "confirm": Handler(
            lambda user, r, data: services.report_confirm(by=user, report=r),
            gettext_lazy("已确认，报告已报委员会办公室。"),
        ),
        "send_back": Handler(
            lambda user, r, data: services.report_send_back(by=user, report=r, comment=data["comment"]),
            gettext_lazy("报告已退回，单位将收到退回意见。"),
            RequiredCommentForm,
        ),
        "accept": Handler(
            lambda user, r, data: services.report_accept(by=user, report=r, comment=data["comment"]),
            gettext_lazy("报告已审核通过，正在生成PDF。"),
            CommentForm,
        ),
        "return_to_unit": Handler(
            lambda user, r, data: services.report_return(by=user, report=r, comment=data["comment"]),
            gettext_lazy("报告已退回，单位将收到退回意见。"),
            RequiredCommentForm,
        ),
        "render_again": Handler(_render_again, gettext_lazy("已重新排队生成PDF。")),
        "remind": Handler(_remind, _reminded),
    },
)
report_step = STEPS.view


def _history_records(report: AnnualReport) -> list:
    return [
        *report.history.select_related("history_user__person").order_by("-history_date")[:50],
        *ReportVersion.history.filter(report_id=report.pk)
        .select_related("history_user__person")
        .order_by("-history_date")[:50],
        *ReportIssue.history.filter(report_id=report.pk)
        .exclude(history_type="+")
        .select_related("history_user__person")
        .order_by("-history_date")[:50],
    ]


@login_required
@require_POST
def report_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Saves the draft as the liaison types (and when the tab is hidden or closed).

    The page sends the revision it was loaded with: a stale one that would overwrite another save
    is answered 409 with the newer revision, and the page shows the conflict.
    """
    report = selectors.report_or_404(request.user, pk)
    permitted = decide(request.user, Action.ACT_FOR_UNIT, report)
    if not permitted:
        return JsonResponse({"error": permitted.reason}, status=403)
    parts = selectors.report_detail_parts(report)
    form = _content_form(report, parts, request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("内容有误，未能保存。"), "fields": list(form.errors)}, status=400)
    try:
        report = services.report_save(
            by=request.user, report=report, revision=form.cleaned_data["revision"], content=form.content()
        )
    except services.StaleRevision as exc:
        current = exc.report
        return JsonResponse(
            {
                "conflict": True,
                "error": exc.messages[0],
                "revision": current.revision,
                "saved_by": current.last_saved_by.name if current.last_saved_by else "",
                "saved_at": timezone.localtime(current.last_saved_at).strftime("%H:%M")
                if current.last_saved_at
                else "",
            },
            status=409,
        )
    except services.ReportLocked as exc:
        return JsonResponse({"locked": True, "error": exc.messages[0]}, status=409)
    except NotAllowed as exc:
        return JsonResponse({"error": exc.decision.reason}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    saved = timezone.localtime(report.last_saved_at) if report.last_saved_at else None
    return JsonResponse({"revision": report.revision, "saved_at": saved.strftime("%H:%M:%S") if saved else ""})


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_or_404(request.user, pk)
    if not report.pdf_ready:
        messages.info(request, _("该报告的PDF尚未生成。"))
        return redirect(report)
    return FileResponse(report.pdf_file.open("rb"), content_type="application/pdf", filename=f"{report}.pdf")


@login_required
def report_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two submitted versions; for the office."""
    report = selectors.report_or_404(request.user, pk)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, report)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(report)
    versions = list(report.versions.select_related("submitted_by__person", "outcome_by__person"))

    old, new = selectors.version_pair(
        report, query_int(request.GET, "a", max_value=32767), query_int(request.GET, "b", max_value=32767)
    )
    sections = diff_contents(old.content, new.content) if old and new else []
    return render(
        request,
        "reports/report_diff.html",
        {
            "committee": report.committee,
            "report": report,
            "versions": versions,
            "old": old,
            "new": new,
            "sections": sections,
            "unchanged": bool(sections) and not any(section.changed for section in sections),
        },
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_or_404(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    done = submit(
        request, form, lambda data: services.attachment_add(by=request.user, report=report, upload=data["file"])
    )
    if done is not None:
        messages.success(request, _("已上传附件：%(name)s") % {"name": done.original_name})
    else:
        for error in form.errors.get("file", []) + form.non_field_errors():
            messages.error(request, error)
    return redirect(report.get_absolute_url() + "#attachments")


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    return attachment_response(selectors.attachment_or_404(request.user, pk))


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_or_404(request.user, pk)
    try:
        services.attachment_remove(by=request.user, attachment=attachment)
        messages.success(request, _("已移除附件：%(name)s") % {"name": attachment.original_name})
    except NotAllowed as exc:
        messages.error(request, exc.decision.reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(attachment.report.get_absolute_url() + "#attachments")


@login_required
def issue_followup(request: HttpRequest, pk: int) -> HttpResponse:
    """What the committee did with one problem or suggestion; recorded by the office."""
    issue = (
        ReportIssue.objects.select_related("report__unit", "report__committee", "report__cycle", "follow_up_by__person")
        .filter(pk=pk)
        .first()
    )
    if issue is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, issue.report):
        raise Http404
    report = issue.report
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, report)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(report)
    form = FollowUpForm(
        request.POST or None,
        initial={"follow_up_state": issue.follow_up_state, "follow_up_text": issue.follow_up_text},
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda data: services.issue_follow_up(
                by=request.user, issue=issue, state=data["follow_up_state"], text=data["follow_up_text"]
            ),
        )
        if done is not None:
            messages.success(request, _("已登记办理情况。"))
            return redirect("reports:cycle_issues", pk=report.cycle_id)
    return render(
        request,
        "reports/issue_followup.html",
        {
            "committee": report.committee,
            "report": report,
            "issue": issue,
            "form": form,
            "history": history_rows(issue.history.select_related("history_user__person")),
        },
    )


# Research topics ------------------------------------------------------------------------------------------


@login_required
def topic_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """Art 22: the committee's research topics (课题调研), year by year."""
    committee = _committee(request, committee_code)
    years = selectors.topic_years(committee)
    today = timezone.localdate()
    year = query_int(request.GET, "year", min_value=MIN_YEAR, max_value=MAX_YEAR) or (
        today.year if today.year in years or not years else years[0]
    )
    visible = restrict(selectors.topics_for(committee, year), request.user, Action.VIEW_COMMITTEE)
    topics = TopicFilter(request.GET or None, queryset=visible)
    page = _page(request, topics.qs)
    return render(
        request,
        "reports/topic_list.html",
        {
            "committee": committee,
            "year": year,
            "years": sorted(set(years) | {today.year, year}, reverse=True),
            "filter": topics,
            "page": page,
            "count": page.paginator.count,
            "may_manage": decide(request.user, Action.MANAGE_COMMITTEE, committee),
            "today": today,
        },
    )


@login_required
def topic_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect("reports:topics", committee_code=committee.code)
    form = TopicForm(request.POST or None, request.FILES or None, committee=committee)
    if request.method == "POST":
        topic = submit(
            request,
            form,
            lambda data: services.topic_create(
                by=request.user,
                committee=committee,
                participating_units=list(data.pop("participating_units")),
                decisions=list(data.pop("decisions")),
                final_report=data.pop("final_report"),
                **data,
            ),
        )
        if topic is not None:
            messages.success(request, _("已登记课题：%(title)s") % {"title": topic.title})
            return redirect(topic)
    return render(request, "reports/topic_form.html", {"committee": committee, "form": form, "topic": None})


@login_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_or_404(request.user, pk)
    return render(
        request,
        "reports/topic_detail.html",
        {
            "committee": topic.committee,
            "topic": topic,
            "participants": list(topic.participating_units.order_by("sort_order")),
            "decisions": list(topic.decisions.select_related("meeting").order_by("meeting__starts_at", "number")),
            "may_update": decide(request.user, UPDATE_TOPIC, topic),
            "today": timezone.localdate(),
            "history": history_rows(topic.history.select_related("history_user__person")),
        },
    )


@login_required
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office edits the whole topic; the lead unit records status, findings and the final report."""
    topic = selectors.topic_or_404(request.user, pk)
    may_manage = decide(request.user, Action.MANAGE_COMMITTEE, topic)
    permitted = may_manage or decide(request.user, UPDATE_TOPIC, topic)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(topic)
    form = TopicForm(
        request.POST or None,
        request.FILES or None,
        instance=topic,
        committee=topic.committee,
        progress_only=not may_manage,
    )
    if request.method == "POST":

        def call(data):
            units = data.pop("participating_units", None)
            decisions = data.pop("decisions", None)
            return services.topic_update(
                by=request.user,
                topic=topic,
                participating_units=list(units) if units is not None else None,
                decisions=list(decisions) if decisions is not None else None,
                final_report=data.pop("final_report", None),
                **data,
            )

        done = submit(request, form, call)
        if done is not None:
            messages.success(request, _("已更新课题。"))
            return redirect(done)
    return render(request, "reports/topic_form.html", {"committee": topic.committee, "form": form, "topic": topic})


@login_required
def topic_file(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_or_404(request.user, pk)
    if not topic.final_report:
        raise Http404
    return FileResponse(
        topic.final_report.open("rb"),
        content_type=topic.final_report_type or "application/octet-stream",
        as_attachment=True,
        filename=topic.final_report_name or "report",
    )
