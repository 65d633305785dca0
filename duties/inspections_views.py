"""Supervision inspection pages (督导检查, Art 23): the list, the proposal form, and an inspection's page with
the next step for this user (approve, plan, record findings, assign corrective tasks, draft the report, close)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Action, decide, get_visible_or_404, restrict
from committee.history import history_rows
from committee.models import Appointment, Committee, Position
from committee.web import submit
from members.models import MemberUnit

from . import inspections_services as services
from .authority_rules import InspectionAction
from .inspections_forms import (
    OFFICE,
    CorrectiveTaskForm,
    DecisionForm,
    FindingForm,
    PlanForm,
    ProposeForm,
    ReportForm,
)
from .models import (
    NEEDS_CORRECTION,
    FindingResult,
    FollowUpTask,
    Inspection,
    InspectionFinding,
    InspectionItem,
    InspectionState,
)

PAGE_SIZE = 50


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


def _proposers(user, committee: Committee) -> list[tuple[str, str]]:
    """In whose name this user may propose: the office, and the units they are the member or liaison of."""
    choices = []
    if decide(user, InspectionAction.PROPOSE, committee):
        choices.append((OFFICE, str(_("委员会办公室"))))
    units = MemberUnit.objects.filter(
        committee=committee,
        appointments__in=Appointment.objects.in_force().filter(
            committee=committee, person__user=user, position__in=[Position.LIAISON, Position.UNIT_HEAD]
        ),
    ).distinct()
    for unit in units.order_by("sort_order"):
        if decide(user, InspectionAction.PROPOSE, unit):
            choices.append((unit.code, unit.short_name))
    return choices


@login_required
def inspection_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """督导检查: every inspection of the committee, newest first, filtered by state."""
    committee = _committee(request, committee_code)
    rows = (
        restrict(Inspection.objects.filter(committee=committee), request.user, Action.VIEW_COMMITTEE)
        .select_related("proposing_unit", "decided_by__person", "decided_by__unit", "decided_under")
        .prefetch_related(Prefetch("target_units", queryset=MemberUnit.objects.order_by("sort_order", "pk")))
        .annotate(
            item_count=Count("items", distinct=True),
            finding_count=Count("items__finding", distinct=True),
        )
        .order_by("-proposed_at", "-pk")
    )
    state = request.GET.get("state", "")
    if state in InspectionState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "duties/inspections/list.html",
        {
            "committee": committee,
            "page": page,
            "inspections": page.object_list,
            "count": page.paginator.count,
            "states": InspectionState.choices,
            "state": state,
            "may_propose": bool(_proposers(request.user, committee)),
        },
    )


@login_required
def inspection_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    """The office, or a member unit through its member or liaison, proposes an inspection."""
    committee = _committee(request, committee_code)
    proposers = _proposers(request.user, committee)
    if not proposers:
        messages.error(request, _("督导检查由委员会办公室或成员单位（成员、联络员）提议（第二十三条）。"))
        return redirect("duties:inspections", committee_code=committee.code)
    form = ProposeForm(request.POST or None, committee=committee, proposers=proposers)
    if request.method == "POST":
        inspection = submit(
            request,
            form,
            lambda d: services.inspection_propose(
                by=request.user,
                committee=committee,
                subject=d["subject"],
                title=d["title"],
                reason=d["reason"],
                target_units=d["target_units"],
                proposing_unit=form.proposing_unit(),
            ),
        )
        if inspection is not None:
            messages.success(request, _("已提议，等待主任（或受委托的副主任）批准。"))
            return redirect(inspection)
    return render(request, "duties/inspections/form.html", {"committee": committee, "form": form})


DONE = {
    "approve": gettext_lazy("已批准督导检查。"),
    "reject": gettext_lazy("已答复：不同意开展督导检查。"),
    "plan": gettext_lazy("检查方案已制定，检查清单已生成。"),
    "finding": gettext_lazy("已记录检查结论。"),
    "task": gettext_lazy("已交办整改。"),
    "report": gettext_lazy("检查报告已起草为公文，请在公文中核稿、签发。"),
    "close": gettext_lazy("督导检查已结束。"),
}
FORM_OF = {
    "approve": "decision",
    "reject": "decision",
    "plan": "plan",
    "finding": "finding",
    "task": "task",
    "report": "report",
    "close": "close",
}


def _forms(inspection: Inspection, data=None, only: str | None = None) -> dict:
    def bound(name):
        return data if name == only else None

    return {
        "decision": DecisionForm(bound("decision"), prefix="decision"),
        "plan": PlanForm(
            bound("plan"),
            prefix="plan",
            committee=inspection.committee,
            initial={"starts_on": timezone.localdate()},
        ),
        "finding": FindingForm(bound("finding"), prefix="finding", inspection=inspection),
        "task": CorrectiveTaskForm(bound("task"), prefix="task", inspection=inspection),
        "report": ReportForm(
            bound("report"),
            prefix="report",
            initial={
                "title": _("关于%(title)s情况的报告") % {"title": inspection.title},
                "body": services.report_body(inspection) if inspection.state == InspectionState.PLANNED else "",
            },
        ),
        "close": DecisionForm(bound("close"), prefix="close"),
    }


def _call(request: HttpRequest, inspection: Inspection, operation: str):
    user = request.user
    return {
        "approve": lambda d: services.inspection_decide(by=user, inspection=inspection, approve=True, note=d["note"]),
        "reject": lambda d: services.inspection_decide(by=user, inspection=inspection, approve=False, note=d["note"]),
        "plan": lambda d: services.inspection_plan(
            by=user,
            inspection=inspection,
            team=d["team"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            note=d["note"],
        ),
        "finding": lambda d: services.finding_record(by=user, item=d["item"], result=d["result"], note=d["note"]),
        "task": lambda d: services.finding_task_create(
            by=user, finding=d["finding"], title=d["title"], deadline=d["deadline"], requirement=d["requirement"]
        ),
        "report": lambda d: services.inspection_report_draft(
            by=user, inspection=inspection, title=d["title"], body=d["body"], classification=d["classification"]
        ),
        "close": lambda d: services.inspection_close(by=user, inspection=inspection),
    }[operation]


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection: its proposal and approval (with the capacity), plan, checklist by unit with findings,
    corrective tasks, the report document(s), what this user may do next, and the history."""
    inspection = get_visible_or_404(
        request.user,
        Inspection.objects.select_related(
            "committee",
            "proposing_unit",
            "proposed_by__person",
            "decided_by__person",
            "planned_by__person",
            "closed_by__person",
        ),
        pk=pk,
    )
    forms = _forms(inspection)
    if request.method == "POST":
        operation = request.POST.get("op")
        if operation not in FORM_OF:
            raise Http404
        key = FORM_OF[operation]
        forms = _forms(inspection, request.POST, key)
        if submit(request, forms[key], _call(request, inspection, operation)) is not None:
            messages.success(request, str(DONE[operation]))
            return redirect(inspection)
    state = inspection.state
    may_approve = decide(request.user, Action.APPROVE_INSPECTION, inspection)
    may_manage = decide(request.user, Action.MANAGE_COMMITTEE, inspection)
    items = list(
        InspectionItem.objects.filter(inspection=inspection)
        .select_related("unit", "duty", "finding__recorded_by__person")
        .order_by("position")
    )
    groups: dict[int, dict] = {}
    for item in items:
        group = groups.setdefault(item.unit_id, {"unit": item.unit, "items": [], "recorded": 0})
        group["items"].append(item)
        group["recorded"] += 1 if getattr(item, "finding", None) else 0
    tasks = list(
        FollowUpTask.objects.filter(finding__item__inspection=inspection)
        .with_signal()
        .select_related("unit", "finding__item")
        .order_by("deadline", "pk")
    )
    documents = services.report_documents(inspection)
    recorded = sum(g["recorded"] for g in groups.values())
    planned = state == InspectionState.PLANNED
    records = [
        *inspection.history.select_related("history_user__person"),
        *InspectionItem.history.filter(inspection_id=inspection.pk).select_related("history_user__person"),
        *InspectionFinding.history.filter(item_id__in=[i.pk for i in items]).select_related("history_user__person"),
    ]
    return render(
        request,
        "duties/inspections/detail.html",
        {
            "committee": inspection.committee,
            "inspection": inspection,
            "target_units": list(inspection.target_units.order_by("sort_order", "pk")),
            "team": list(inspection.team.order_by("pk")),
            "forms": forms,
            "groups": list(groups.values()),
            "item_count": len(items),
            "recorded": recorded,
            "results": FindingResult.choices,
            "needs_correction": sorted(NEEDS_CORRECTION),
            "tasks": tasks,
            "documents": documents,
            "documents_available": services.documents_available(),
            "may_approve": may_approve,
            "may_manage": may_manage,
            "show_decision": state == InspectionState.PROPOSED and bool(may_approve),
            "show_plan": state == InspectionState.APPROVED and bool(may_manage),
            "show_findings": planned and bool(may_manage),
            "show_tasks": planned and bool(may_manage) and forms["task"].fields["finding"].queryset.exists(),
            "show_report": planned
            and bool(may_manage)
            and services.documents_available()
            and bool(items)
            and recorded == len(items),
            "show_close": planned and bool(may_manage),
            "history": history_rows(records),
        },
    )
