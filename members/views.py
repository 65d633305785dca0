"""Member unit pages, membership changes (Art 25) and new-unit proposals (Art 6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Action, decide, get_visible_or_404, restrict
from committee.history import history_page, history_rows
from committee.models import Appointment, Article, Committee
from committee.selectors import unit_appointments
from committee.viewcache import render_page
from committee.web import submit
from committee.workflow import Handler, StepRouter

from . import selectors, services
from .forms import (
    AgreeForm,
    ApproveForm,
    DecisionNoteForm,
    DutyForm,
    MembershipChangeForm,
    RejectForm,
    SubmitForm,
    UnitProposalForm,
)
from .models import Duty, MembershipChange, MemberUnit, NewUnitProposal

# The unit page shows its newest changes; the committee's 变更记录 has them all.
UNIT_HISTORY_ROWS = 20


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


@login_required
def unit_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    rows = selectors.unit_rows(committee)
    return render(
        request,
        "members/unit_list.html",
        {
            "committee": committee,
            "rows": rows,
            "may_propose_unit": decide(request.user, Action.PROPOSE_NEW_UNIT, committee),
            "proposals": selectors.unit_proposals(committee)[:5],
        },
    )


@login_required
def unit_detail(request: HttpRequest, committee_code: str, code: str) -> HttpResponse:
    """Arts 7-20: a unit, its statutory duties grouped by article, its member and liaison over time."""
    # The unit and its committee in one query; a unit is seen by whoever sees its committee (VIEW_COMMITTEE).
    unit = get_visible_or_404(
        request.user, MemberUnit.objects.select_related("committee"), committee__code=committee_code, code=code
    )
    committee = unit.committee
    duty_form = DutyForm(request.POST or None)
    may_manage = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if request.method == "POST":
        duty = submit(request, duty_form, lambda data: services.duty_add(by=request.user, unit=unit, text=data["text"]))
        if duty is not None:
            messages.success(request, _("已录入职责第%(n)s项。") % {"n": duty.item_number})
            return redirect(unit)

    def context() -> dict:
        duties = list(unit.duties.filter(is_active=True).order_by("article_number", "item_number"))
        groups: dict[int | None, list[Duty]] = {}
        for duty in duties:
            groups.setdefault(duty.article_number, []).append(duty)
        article = None
        if unit.article_number:
            # The article of the latest rules version, in one query.
            article = (
                Article.objects.filter(rules__committee=committee, number=unit.article_number)
                .order_by("-rules__version")
                .first()
            )
        # The newest changes of the unit, its appointments and its duties, read and compared in the database's order.
        history = history_page(
            [(MemberUnit, {"id": unit.pk}), (Appointment, {"unit_id": unit.pk}), (Duty, {"unit_id": unit.pk})],
            1,
            per_page=UNIT_HISTORY_ROWS,
        )
        return {
            "committee": committee,
            "unit": unit,
            "duty_groups": sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)),
            "article": article,
            "appointments": unit_appointments(unit),
            "history": history.rows,
            "may_propose_change": decide(request.user, Action.PROPOSE_MEMBER_CHANGE, unit),
            "duty_form": duty_form if (may_manage and unit.article_number is None) else None,
            "changes": unit.changes.select_related("proposed_by__person").order_by("-proposed_at")[:10]
            if decide(request.user, Action.VIEW_UNIT_AFFAIRS, unit)
            else [],
        }

    # Kept for the viewer until the next write (`committee.viewcache`); a duty posted with errors is shown afresh.
    return render_page(
        request,
        committee,
        "members/unit_detail.html",
        "members/includes/unit_detail_body.html",
        context,
        around={"unit": unit},
        forms=True,
    )


@login_required
def change_new(request: HttpRequest, committee_code: str, code: str) -> HttpResponse:
    """Art 25: the unit proposes a new member (head) or liaison."""
    committee = _committee(request, committee_code)
    unit = get_visible_or_404(request.user, MemberUnit.objects.all(), committee=committee, code=code)
    permitted = decide(request.user, Action.PROPOSE_MEMBER_CHANGE, unit)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(unit)
    form = MembershipChangeForm(request.POST or None)
    if request.method == "POST":
        change = submit(
            request,
            form,
            lambda data: services.membership_change_propose(by=request.user, unit=unit, **data),
        )
        if change is not None:
            messages.success(request, _("调整建议已提交，等待委员会确定。"))
            return redirect(change)
    return render(request, "members/change_form.html", {"committee": committee, "unit": unit, "form": form})


@login_required
def change_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    changes = selectors.changes_visible_to(request.user, committee)
    return render(request, "members/change_list.html", {"committee": committee, "changes": changes})


def _change_or_404(request: HttpRequest, pk: int) -> MembershipChange:
    change = (
        MembershipChange.objects.select_related(
            "unit", "committee", "proposed_by__person", "decided_by__person", "replaces__person", "decided_under"
        )
        .filter(pk=pk)
        .first()
    )
    if change is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, change.unit):
        raise Http404
    return change


def _change_detail(request: HttpRequest, change: MembershipChange, forms_given: dict | None = None) -> HttpResponse:
    return render(
        request,
        "members/change_detail.html",
        {
            "committee": change.committee,
            "change": change,
            "steps": CHANGE_STEPS.steps_for(change, request.user, forms_given),
            "history": history_rows(change.history.select_related("history_user__person")),
        },
    )


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_detail(request, _change_or_404(request, pk))


def _decided(change: MembershipChange) -> str:
    return _("已处理：%(state)s。") % {"state": change.get_state_display()}


CHANGE_STEPS = StepRouter(
    MembershipChange,
    url_name="members:change_step",
    get_object=_change_or_404,
    redisplay=_change_detail,
    handlers={
        "confirm": Handler(
            lambda user, change, d: services.membership_change_confirm(by=user, change=change, note=d["decision_note"]),
            _decided,
            DecisionNoteForm,
        ),
        "reject": Handler(
            lambda user, change, d: services.membership_change_reject(by=user, change=change, note=d["decision_note"]),
            _decided,
            DecisionNoteForm,
        ),
    },
)
change_step = CHANGE_STEPS.view


@login_required
def proposal_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    return render(
        request,
        "members/proposal_list.html",
        {
            "committee": committee,
            "proposals": restrict(selectors.unit_proposals(committee), request.user, Action.VIEW_COMMITTEE),
            "may_propose_unit": decide(request.user, Action.PROPOSE_NEW_UNIT, committee),
        },
    )


@login_required
def proposal_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    """Art 6: 司法所 proposes a new member unit."""
    committee = _committee(request, committee_code)
    permitted = decide(request.user, Action.PROPOSE_NEW_UNIT, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect("members:proposals", committee_code=committee.code)
    form = UnitProposalForm(request.POST or None)
    if request.method == "POST":
        proposal = submit(
            request, form, lambda data: services.unit_proposal_create(by=request.user, committee=committee, **data)
        )
        if proposal is not None:
            messages.success(request, _("已提请，等待委员会研究。"))
            return redirect(proposal)
    return render(request, "members/proposal_form.html", {"committee": committee, "form": form})


def _proposal_or_404(request: HttpRequest, pk: int) -> NewUnitProposal:
    proposal = (
        NewUnitProposal.objects.select_related("committee", "proposed_by__person", "agreed_by__person", "unit")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not decide(request.user, Action.VIEW_COMMITTEE, proposal.committee):
        raise Http404
    return proposal


def _proposal_detail(request: HttpRequest, proposal: NewUnitProposal, forms_given: dict | None = None) -> HttpResponse:
    committee = proposal.committee
    may_decide = decide(request.user, Action.DECIDE_IMPORTANT, committee)
    may_manage = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    return render(
        request,
        "members/proposal_detail.html",
        {
            "committee": committee,
            "proposal": proposal,
            "steps": PROPOSAL_STEPS.steps_for(proposal, request.user, forms_given),
            "next_step_reason": "" if (may_decide or may_manage) else _("该提请由委员会研究、办公室报批，您无需办理。"),
            "history": history_rows(proposal.history.select_related("history_user__person")),
        },
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_detail(request, _proposal_or_404(request, pk))


PROPOSAL_STEPS = StepRouter(
    NewUnitProposal,
    url_name="members:proposal_step",
    get_object=_proposal_or_404,
    redisplay=_proposal_detail,
    handlers={
        "agree": Handler(
            lambda user, p, d: services.unit_proposal_agree(by=user, proposal=p, **d),
            gettext_lazy("已办理。"),
            AgreeForm,
        ),
        "submit": Handler(
            lambda user, p, d: services.unit_proposal_submit(by=user, proposal=p, **d),
            gettext_lazy("已办理。"),
            SubmitForm,
        ),
        "approve": Handler(
            lambda user, p, d: services.unit_proposal_approve(by=user, proposal=p, **d),
            gettext_lazy("已办理。"),
            ApproveForm,
        ),
        "reject": Handler(
            lambda user, p, d: services.unit_proposal_reject(by=user, proposal=p, reason=d["rejection_reason"]),
            gettext_lazy("已办理。"),
            RejectForm,
        ),
    },
)
proposal_step = PROPOSAL_STEPS.view
