"""Supervision inspection pages (督导检查, Art 23): the list, the proposal form, and an inspection's page with
the next step for this user (approve, plan, record findings, assign corrective tasks, draft the report, close)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from committee.authority import Action, NotAllowed, decide, get_visible_or_404, restrict
from committee.history import history_rows
from committee.models import Appointment, Committee, Position
from committee.web import submit
from committee.workflow import Handler, StepRouter, why_not
from members.models import MemberUnit

from . import inspections_services as services
from .authority_rules import InspectionAction
from .inspections_forms import (
    OFFICE,
    CorrectiveTaskForm,
    DecisionForm,
    FindingFormSet,
    PlanForm,
    ProposeForm,
    ReportForm,
)
from .models import (
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


def _inspection_or_404(request: HttpRequest, pk: int) -> Inspection:
    return get_visible_or_404(
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


def _detail(request: HttpRequest, inspection: Inspection, forms_given: dict | None = None) -> HttpResponse:
    """An inspection: its proposal and approval (with the capacity), plan, checklist by unit with findings,
    corrective tasks, the report document(s), the steps open to this user, and the history."""
    steps = STEPS.steps_for(inspection, request.user, forms_given)
    record = steps.get("record_finding")
    findings = None
    if record is not None:
        # One form for the whole checklist (the bound one from a post that was refused, with what was typed).
        findings = record.form or FindingFormSet(inspection=inspection)
        items = findings.checklist
    else:
        items = list(
            InspectionItem.objects.filter(inspection=inspection)
            .select_related("unit", "duty", "finding__recorded_by__person")
            .order_by("position")
        )
    rows = {form.checklist_item.pk: form for form in findings.item_forms} if findings is not None else {}
    groups: dict[int, dict] = {}
    for item in items:
        group = groups.setdefault(item.unit_id, {"unit": item.unit, "rows": [], "recorded": 0})
        group["rows"].append({"item": item, "form": rows.get(item.pk)})
        group["recorded"] += 1 if getattr(item, "finding", None) else 0
    tasks = list(
        FollowUpTask.objects.filter(finding__item__inspection=inspection)
        .with_signal()
        .select_related("unit", "finding__item")
        .order_by("deadline", "pk")
    )
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
            "groups": list(groups.values()),
            "item_count": len(items),
            "recorded": sum(g["recorded"] for g in groups.values()),
            "findings": findings,
            "tasks": tasks,
            "documents": services.report_documents(inspection),
            "documents_available": services.documents_available(),
            "steps": steps,
            "notice": _notice(inspection, steps),
            "history": history_rows(records),
        },
    )


def _record_findings(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """The findings of the whole checklist in one submission (a formset): conclusions recorded, changed or taken
    off, matters added. Refused rows come back with their message next to the field and every row as typed;
    "添加一行" without script comes back with one blank row more and nothing saved."""
    refusal = why_not(inspection, "record_finding", request.user)
    if refusal is not None:
        messages.error(request, refusal)
        return _detail(request, inspection)
    findings = FindingFormSet(request.POST, inspection=inspection)
    if "add_row" in request.POST:
        return _detail(request, inspection, {"record_finding": findings.with_row_added()})
    if not findings.is_valid():
        messages.error(request, _("请按提示修改后再提交。"))
        return _detail(request, inspection, {"record_finding": findings})
    handler = STEPS.handlers["record_finding"]
    try:
        changed = handler.call(request.user, inspection, {"rows": findings.rows()})
    except services.FindingRowsInvalid as exc:
        findings.add_row_errors(exc.rows)
        messages.error(request, _("请按提示修改后再提交。"))
    except NotAllowed as exc:
        messages.error(request, exc.decision.reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(handler.success(changed)))
        return redirect(inspection)
    inspection.refresh_from_db()
    return _detail(request, inspection, {"record_finding": findings})


def _notice(inspection: Inspection, steps) -> str:
    if inspection.state == InspectionState.APPROVED and "plan" not in steps:
        return _("已批准，等待委员会办公室制定检查方案。")
    return ""


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _inspection_or_404(request, pk))


STEPS = StepRouter(
    Inspection,
    url_name="duties:inspection_step",
    get_object=_inspection_or_404,
    redisplay=_detail,
    handlers={
        "approve": Handler(
            lambda user, i, d: services.inspection_decide(by=user, inspection=i, approve=True, note=d["note"]),
            gettext_lazy("已批准督导检查。"),
            DecisionForm,
        ),
        "reject": Handler(
            lambda user, i, d: services.inspection_decide(by=user, inspection=i, approve=False, note=d["note"]),
            gettext_lazy("已答复：不同意开展督导检查。"),
            DecisionForm,
        ),
        "plan": Handler(
            lambda user, i, d: services.inspection_plan(
                by=user, inspection=i, team=d["team"], starts_on=d["starts_on"], ends_on=d["ends_on"], note=d["note"]
            ),
            gettext_lazy("检查方案已制定，检查清单已生成。"),
            PlanForm,
            lambda i: {"committee": i.committee, "initial": {"starts_on": timezone.localdate()}},
        ),
        "record_finding": Handler(
            lambda user, i, d: services.findings_save(by=user, inspection=i, rows=d["rows"]),
            lambda changed: (
                ngettext("已保存检查结论，%(n)s项有变动。", "已保存检查结论，%(n)s项有变动。", changed) % {"n": changed}
                if changed
                else _("检查结论没有变动。")
            ),
            view=lambda request, inspection: _record_findings(request, inspection),
        ),
        "assign_task": Handler(
            lambda user, i, d: services.finding_task_create(
                by=user, finding=d["finding"], title=d["title"], deadline=d["deadline"], requirement=d["requirement"]
            ),
            gettext_lazy("已交办整改。"),
            CorrectiveTaskForm,
            lambda i: {"inspection": i},
        ),
        "draft_report": Handler(
            lambda user, i, d: services.inspection_report_draft(
                by=user, inspection=i, title=d["title"], body=d["body"], classification=d["classification"]
            ),
            gettext_lazy("检查报告已起草为公文，请在公文中核稿、签发。"),
            ReportForm,
            lambda i: {
                "initial": {
                    "title": _("关于%(title)s情况的报告") % {"title": i.title},
                    "body": services.report_body(i),
                }
            },
        ),
        "close": Handler(
            lambda user, i, d: services.inspection_close(by=user, inspection=i), gettext_lazy("督导检查已结束。")
        ),
    },
)
inspection_step = STEPS.view
