"""Meeting pages (Art 21): list, calendar and .ics, the Art 21 compliance page, a meeting with its agenda and
attendance, its minutes through their workflow, and its decisions."""

from __future__ import annotations

import calendar
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from committee.authority import (
    Action,
    NotAllowed,
    appointments_in_force,
    decide,
    get_visible_or_404,
    held_by,
    restrict,
)
from committee.history import history_rows
from committee.models import Committee, Person, Position
from committee.params import query_int, query_month, query_text
from committee.viewcache import render_page
from committee.web import submit
from committee.workflow import Handler, StepRouter
from core.attachments import attachment_response

from . import ical, selectors, services
from .authority_rules import MeetingAction
from .forms import (
    OFFICE,
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    CommentForm,
    DecisionForm,
    InviteForm,
    MaterialForm,
    MeetingEditForm,
    MeetingFilter,
    MeetingForm,
    MinutesForm,
    NoteForm,
    ReasonForm,
    ReviewForm,
    RevisionForm,
)
from .models import (
    OPEN_MEETING_STATES,
    AgendaItem,
    CalendarToken,
    Decision,
    Invitation,
    ItemState,
    Material,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesComment,
    MinutesState,
)

PAGE_SIZE = 50
DONE = gettext_lazy("已办理。")


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_visible_or_404(
        request.user,
        Meeting.objects.select_related("committee", "chair__person", "chair_delegation", "created_by__person"),
        pk=pk,
    )


def _office_only(request: HttpRequest, obj, back):
    """None if the user may run the committee's daily work; else a redirect back with the reason."""
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, obj)
    if permitted:
        return None
    messages.error(request, permitted.reason)
    return redirect(back)


@login_required
def meeting_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """All meetings of the committee and its office, newest first; filter by kind, state and year."""
    committee = _committee(request, committee_code)
    meetings = restrict(selectors.meeting_rows(committee), request.user, Action.VIEW_COMMITTEE)
    meeting_filter = MeetingFilter(request.GET or None, queryset=meetings, committee=committee)
    rows = meeting_filter.qs
    if not request.GET.get("o"):
        rows = rows.order_by("-starts_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for meeting in page.object_list:
        meeting.minutes_words, meeting.minutes_tone = selectors.minutes_label(
            meeting.minutes_state, meeting.minutes_until
        )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "committee": committee,
            "filter": meeting_filter,
            "page": page,
            "meetings": page.object_list,
            "count": page.paginator.count,
            "may_schedule": decide(request.user, Action.MANAGE_COMMITTEE, committee),
        },
    )


@login_required
def meeting_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    refused = _office_only(request, committee, reverse("meetings:list", kwargs={"committee_code": committee.code}))
    if refused:
        return refused
    form = MeetingForm(request.POST or None, committee=committee)
    if request.method == "POST":
        meeting = submit(
            request, form, lambda data: services.meeting_schedule(by=request.user, committee=committee, **data)
        )
        if meeting is not None:
            messages.success(request, _("会议已安排。请核对邀请名单后发出会议通知。"))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"committee": committee, "form": form, "meeting": None})


def _detail(request: HttpRequest, meeting: Meeting, forms_given: dict | None = None) -> HttpResponse:
    """A meeting: its facts, agenda, invitees and attendance, minutes and decisions, and what this user may do."""
    return render_page(
        request,
        meeting.committee,
        "meetings/meeting_detail.html",
        "meetings/includes/meeting_detail_body.html",
        lambda: _detail_context(request, meeting, forms_given),
        around={"meeting": meeting},
        keep=forms_given is None,
        forms=True,
    )


def _detail_context(request: HttpRequest, meeting: Meeting, forms_given: dict | None) -> dict:
    committee = meeting.committee
    may_manage = decide(request.user, Action.MANAGE_COMMITTEE, meeting)
    items = list(
        meeting.items.select_related("unit", "proposed_by__person")
        .prefetch_related("materials")
        .order_by("order", "pk")
    )
    versions = selectors.minutes_versions(meeting)
    records = [
        *meeting.history.select_related("history_user__person"),
        *Invitation.history.filter(meeting_id=meeting.pk).select_related("history_user__person"),
        *AgendaItem.history.filter(meeting_id=meeting.pk).select_related("history_user__person"),
        *Decision.history.filter(meeting_id=meeting.pk).select_related("history_user__person"),
    ]
    return {
        "committee": committee,
        "meeting": meeting,
        "items": [item for item in items if item.state != ItemState.DECLINED or may_manage],
        "invitations": selectors.invitations_of(meeting),
        "minutes": selectors.current_minutes(versions),
        "decisions": selectors.decisions_of(meeting),
        "may_manage": may_manage,
        "may_propose": meeting.is_open_for_change and bool(_proposers(request.user, meeting)),
        "may_record_attendance": bool(may_manage)
        and not meeting.is_cancelled
        and meeting.has_started
        and not any(minutes.is_locked for minutes in versions),
        "steps": MEETING_STEPS.steps_for(meeting, request.user, forms_given),
        "history": history_rows(records),
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _meeting(request, pk))


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    refused = _office_only(request, meeting, meeting)
    if refused:
        return refused
    form = MeetingEditForm(
        request.POST or None, instance=Meeting.objects.get(pk=meeting.pk), committee=meeting.committee
    )
    if request.method == "POST":
        done = submit(request, form, lambda data: services.meeting_update(by=request.user, meeting=meeting, **data))
        if done is not None:
            messages.success(
                request, _("会议已修改。") if done.notice_sent_at is None else _("会议已修改，已通知参会人员。")
            )
            return redirect(done)
    return render(
        request, "meetings/meeting_form.html", {"committee": meeting.committee, "form": form, "meeting": meeting}
    )


@login_required
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    refused = _office_only(request, meeting, meeting)
    if refused:
        return refused
    form = InviteForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        created = submit(request, form, lambda data: services.meeting_invite(by=request.user, meeting=meeting, **data))
        if created is not None:
            messages.success(request, _("已邀请%(n)s个单位或人员。") % {"n": len(created)})
            return redirect(meeting)
    return render(
        request, "meetings/invite_form.html", {"committee": meeting.committee, "meeting": meeting, "form": form}
    )


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """出席 / 请假 / 列席 / 代为出席, recorded by the office after the meeting began."""
    meeting = _meeting(request, pk)
    refused = _office_only(request, meeting, meeting)
    if refused:
        return refused
    if meeting.is_cancelled or not meeting.has_started:
        messages.error(request, _("会议开始后才能登记出席情况。"))
        return redirect(meeting)
    if meeting.minutes.filter(state__in=[MinutesState.APPROVED, MinutesState.SUPERSEDED]).exists():
        messages.error(request, _("会议纪要已经批准，出席情况不能再修改。"))
        return redirect(meeting)
    invitations = selectors.invitations_of(meeting)
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda data: services.attendance_record(by=request.user, meeting=meeting, entries=form.entries()),
        )
        if done is not None:
            messages.success(request, _("出席情况已登记。"))
            return redirect(done)
    return render(
        request, "meetings/attendance_form.html", {"committee": meeting.committee, "meeting": meeting, "form": form}
    )


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    meeting = Meeting.objects.select_related("chair__person", "committee").prefetch_related("items").get(pk=meeting.pk)
    body = ical.calendar_bytes([meeting], meeting.committee.short_name, request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _meeting_redisplay(request: HttpRequest, meeting: Meeting, forms_given: dict) -> HttpResponse:
    """The minutes are drafted on their own page; the other steps of a meeting are on the meeting's."""
    if forms_given.keys() & {"draft_minutes", "revise_minutes"}:
        return _minutes(request, meeting, forms_given)
    return _detail(request, meeting, forms_given)


MEETING_STEPS = StepRouter(
    Meeting,
    url_name="meetings:step",
    get_object=_meeting,
    redisplay=_meeting_redisplay,
    handlers={
        "notify": Handler(
            lambda user, meeting, data: services.meeting_notify(by=user, meeting=meeting),
            gettext_lazy("会议通知已发出。"),
        ),
        "cancel": Handler(
            lambda user, meeting, data: services.meeting_cancel(by=user, meeting=meeting, reason=data["reason"]),
            gettext_lazy("会议已取消。"),
            CancelForm,
        ),
        "draft_minutes": Handler(
            lambda user, meeting, data: services.minutes_draft(by=user, meeting=meeting, text=data["text"]),
            gettext_lazy("纪要草稿已保存。"),
            MinutesForm,
        ),
        "revise_minutes": Handler(
            lambda user, meeting, data: services.minutes_revise(
                by=user, meeting=meeting, text=data["text"], reason=data["change_reason"]
            ),
            gettext_lazy("已起草新版本，按原程序审核、征求意见、批准后替代原版本。"),
            RevisionForm,
        ),
    },
)
meeting_step = MEETING_STEPS.view


def _proposers(user, meeting: Meeting) -> list[tuple[str, str]]:
    """Who the user may propose an agenda item for: the office, and each of their units."""
    choices = []
    if decide(user, MeetingAction.PROPOSE_ITEM, AgendaItem(committee=meeting.committee, unit=None)):
        choices.append((OFFICE, _("委员会办公室")))
    for appointment in held_by(user, meeting.committee):
        if appointment.unit_id and appointment.position in {Position.UNIT_HEAD, Position.LIAISON}:
            value = str(appointment.unit_id)
            if value not in {choice for choice, _label in choices}:
                choices.append((value, appointment.unit.name))
    return choices


@login_required
def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit or the office proposes an agenda item, with materials (checked from their content)."""
    meeting = _meeting(request, pk)
    if not meeting.is_open_for_change:
        messages.error(request, _("会议%(state)s，不再接受议题。") % {"state": meeting.get_state_display()})
        return redirect(meeting)
    proposers = _proposers(request.user, meeting)
    if not proposers:
        messages.error(request, _("议题由委员会办公室或成员单位（成员、联络员）提出。"))
        return redirect(meeting)
    form = AgendaItemForm(
        request.POST or None, request.FILES or None, proposers=proposers, initial=_item_initial(request, proposers)
    )
    if request.method == "POST":
        item = submit(
            request,
            form,
            lambda data: services.agenda_item_propose(
                by=request.user,
                meeting=meeting,
                unit=form.unit(),
                title=data["title"],
                description=data["description"],
                files=data["files"],
            ),
        )
        if item is not None:
            messages.success(
                request,
                _("议题已列入议程。") if item.state == ItemState.ACCEPTED else _("议题已提交，等待委员会办公室审核。"),
            )
            return redirect(item)
    return render(
        request, "meetings/item_form.html", {"committee": meeting.committee, "meeting": meeting, "form": form}
    )


def _item_initial(request: HttpRequest, proposers: list[tuple[str, str]]) -> dict:
    """?title=&description=: a proposal prefilled from where it came from (a document from the committee above,
    Art 5), as text only; the proposer still chooses and submits it."""
    initial = {
        "title": query_text(request.GET, "title", max_length=200),
        "description": query_text(request.GET, "description", max_length=1000),
    }
    if initial["title"] and len(proposers) == 1:
        initial["proposer"] = proposers[0][0]
    return {key: value for key, value in initial.items() if value}


@login_required
@require_GET
def agenda_propose(request: HttpRequest, committee_code: str) -> HttpResponse:
    """列入议程 from elsewhere (a document from the committee above, Art 5): the committee's meetings still open
    for agenda items, each opening the proposal form with the same title and description."""
    committee = _committee(request, committee_code)
    meetings = restrict(
        Meeting.objects.filter(committee=committee, state__in=sorted(OPEN_MEETING_STATES)),
        request.user,
        Action.VIEW_COMMITTEE,
    ).order_by("starts_at", "pk")
    query = {
        key: value
        for key, value in (
            ("title", query_text(request.GET, "title", max_length=200)),
            ("description", query_text(request.GET, "description", max_length=1000)),
        )
        if value
    }
    return render(
        request,
        "meetings/agenda_propose.html",
        {
            "committee": committee,
            "meetings": meetings,
            "title": query.get("title", ""),
            "query": urlencode(query),
            "may_schedule": decide(request.user, Action.MANAGE_COMMITTEE, committee),
        },
    )


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    return get_visible_or_404(
        request.user,
        AgendaItem.objects.select_related("meeting__committee", "unit", "proposed_by__person", "decided_by__person"),
        pk=pk,
    )


def _item_detail(request: HttpRequest, item: AgendaItem, forms_given: dict | None = None) -> HttpResponse:
    """An agenda item: accept or decline it (the office), add materials (its proposer's side)."""
    return render(
        request,
        "meetings/item_detail.html",
        {
            "committee": item.committee,
            "meeting": item.meeting,
            "item": item,
            "materials": list(item.materials.select_related("uploaded_by__person")),
            "decisions": list(item.decisions.order_by("number")),
            "steps": ITEM_STEPS.steps_for(item, request.user, forms_given),
            "history": history_rows(
                [
                    *item.history.select_related("history_user__person"),
                    *Material.history.filter(item_id=item.pk).select_related("history_user__person"),
                ]
            ),
        },
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_detail(request, _item(request, pk))


def _add_materials(user, item: AgendaItem, data: dict) -> AgendaItem:
    services.material_add(by=user, item=item, files=data["files"])
    return item


ITEM_STEPS = StepRouter(
    AgendaItem,
    url_name="meetings:item_step",
    get_object=_item,
    redisplay=_item_detail,
    handlers={
        "accept": Handler(lambda user, item, data: services.agenda_item_accept(by=user, item=item), DONE),
        "decline": Handler(
            lambda user, item, data: services.agenda_item_decline(by=user, item=item, reason=data["reason"]),
            DONE,
            ReasonForm,
        ),
        "add_materials": Handler(_add_materials, DONE, MaterialForm),
    },
)
item_step = ITEM_STEPS.view


@login_required
@require_GET
def material_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Materials go only to members of the committee (never from MEDIA_URL)."""
    material = Material.objects.select_related("item__committee").filter(pk=pk).first()
    if material is None or not decide(request.user, Action.VIEW_COMMITTEE, material.item):
        raise Http404
    return attachment_response(material)


def _minutes(
    request: HttpRequest, meeting: Meeting, forms_given: dict | None = None, *, version: int | None = None
) -> HttpResponse:
    """会议纪要 through its workflow: draft, review, comments, approval; versions kept. The steps of the meeting
    (the first draft, a new version) and of its current minutes are posted to their step routes."""
    versions = selectors.minutes_versions(meeting)
    current = selectors.current_minutes(versions)
    shown = current
    if version is not None:
        shown = next((m for m in versions if m.version == version), None)
        if shown is None:
            raise Http404
    user = request.user
    text = {"initial": {"text": current.text if current else ""}}
    forms_given = {
        "edit": MinutesForm(prefix="edit", **text),
        "revise_minutes": RevisionForm(prefix="revise_minutes", **text),
        **(forms_given or {}),
    }
    context = {
        "committee": meeting.committee,
        "meeting": meeting,
        "versions": versions,
        "current": current,
        "minutes": shown,
        "decisions": selectors.decisions_of(meeting),
        "meeting_steps": MEETING_STEPS.steps_for(meeting, user, forms_given),
    }
    if current is not None:
        context |= {
            "steps": MINUTES_STEPS.steps_for(current, user, forms_given),
            "comments": list(current.comments.select_related("author__person", "author__unit", "author_under")),
        }
    if shown is not None:
        context["history"] = history_rows(
            [
                *shown.history.select_related("history_user__person"),
                *MinutesComment.history.filter(minutes_id=shown.pk).select_related("history_user__person"),
            ]
        )
    return render(request, "meetings/minutes.html", context)


@login_required
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if "version" not in request.GET:
        return _minutes(request, meeting)
    version = query_int(request.GET, "version", max_value=32767)
    if version is None:
        raise Http404
    return _minutes(request, meeting, version=version)


def _minutes_of(request: HttpRequest, pk: int) -> Minutes:
    return get_visible_or_404(
        request.user,
        Minutes.objects.select_related(
            "committee", "meeting__committee", "meeting__chair__person", "meeting__chair_delegation"
        ),
        pk=pk,
    )


MINUTES_STEPS = StepRouter(
    Minutes,
    url_name="meetings:minutes_step",
    get_object=_minutes_of,
    redisplay=lambda request, minutes, forms_given: _minutes(request, minutes.meeting, forms_given),
    handlers={
        "edit": Handler(
            lambda user, minutes, data: services.minutes_edit(by=user, minutes=minutes, text=data["text"]),
            gettext_lazy("纪要草稿已保存。"),
            MinutesForm,
        ),
        "submit": Handler(
            lambda user, minutes, data: services.minutes_submit(by=user, minutes=minutes),
            gettext_lazy("纪要已送办公室主任审核。"),
        ),
        "review": Handler(
            lambda user, minutes, data: services.minutes_review(by=user, minutes=minutes, **data),
            gettext_lazy("审核通过，已请参会人员提出意见。"),
            ReviewForm,
        ),
        "send_back": Handler(
            lambda user, minutes, data: services.minutes_send_back(by=user, minutes=minutes, note=data["note"]),
            gettext_lazy("纪要已退回修改。"),
            NoteForm,
        ),
        "comment": Handler(
            lambda user, minutes, data: services.minutes_comment(by=user, minutes=minutes, text=data["text"]),
            gettext_lazy("意见已提交。"),
            CommentForm,
        ),
        "approve": Handler(
            lambda user, minutes, data: services.minutes_approve(by=user, minutes=minutes),
            gettext_lazy("纪要已批准；所记载的决定事项随即生效。"),
        ),
    },
)
minutes_step = MINUTES_STEPS.view


@login_required
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records a decision with the draft minutes."""
    meeting = _meeting(request, pk)
    refused = _office_only(request, meeting, meeting)
    if refused:
        return refused
    if not meeting.minutes.filter(state=MinutesState.DRAFT).exists():
        messages.error(request, _("决定事项随纪要草稿记录：请先起草纪要（或在纪要退回修改后再改）。"))
        return redirect("meetings:minutes", pk=meeting.pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        decision = submit(
            request, form, lambda data: services.decision_record(by=request.user, meeting=meeting, **data)
        )
        if decision is not None:
            messages.success(request, _("已记录决定事项（第%(n)s项），随纪要批准生效。") % {"n": decision.number})
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        request,
        "meetings/decision_form.html",
        {"committee": meeting.committee, "meeting": meeting, "form": form, "decision": None},
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision along the chain: its meeting and minutes, the Art 5 duty it serves, its official documents
    (from the documents app) and the follow-up tasks it created, in colour."""
    decision = get_visible_or_404(
        request.user,
        Decision.objects.select_related(
            "committee",
            "meeting__chair__person",
            "minutes",
            "duty",
            "agenda_item",
            "decided_by__person",
            "decided_under",
        ),
        pk=pk,
    )
    meeting = decision.meeting
    may_manage = decide(request.user, Action.MANAGE_COMMITTEE, decision)
    editable = bool(may_manage) and not decision.is_effective and decision.minutes.state == MinutesState.DRAFT
    form = DecisionForm(
        request.POST or None,
        meeting=meeting,
        prefix="edit",
        initial={
            "title": decision.title,
            "text": decision.text,
            "importance": decision.importance,
            "duty": decision.duty_id,
            "agenda_item": decision.agenda_item_id,
        },
    )
    if request.method == "POST":
        operation = request.POST.get("op")
        if operation == "edit":
            done = submit(
                request, form, lambda data: services.decision_update(by=request.user, decision=decision, **data)
            )
            if done is not None:
                messages.success(request, _("决定事项已修改。"))
                return redirect(done)
        elif operation == "remove":
            if submit(
                request,
                ReasonForm(request.POST),
                lambda d: services.decision_remove(by=request.user, decision=decision),
            ):
                messages.success(request, _("决定事项已删除。"))
                return redirect("meetings:minutes", pk=meeting.pk)
            return redirect(decision)
        else:
            raise Http404
    # The follow-up tasks a decision gave rise to (duties.FollowUpTask points here: meetings need not know it).
    tasks = list(decision.tasks.with_signal().select_related("unit").order_by("unit__sort_order"))
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "committee": decision.committee,
            "meeting": meeting,
            "decision": decision,
            "tasks": tasks,
            "documents": selectors.decision_documents(decision),
            "may_assign": bool(may_manage) and decision.is_effective,
            "form": form if editable else None,
            "history": history_rows(decision.history.select_related("history_user__person")),
        },
    )


@login_required
def calendar_month(request: HttpRequest, committee_code: str) -> HttpResponse:
    """会议日历: a month at a time; each day lists its meetings."""
    committee = _committee(request, committee_code)
    today = timezone.localdate()
    first = query_month(request.GET, "month") or today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(weeks[0][0], datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(weeks[-1][-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in selectors.meetings_between(committee, start, end, request.user):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "committee": committee,
            "first": first,
            "today": today,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "month_meetings": [m for day, ms in sorted(by_day.items()) if day.month == first.month for m in ms],
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "weekdays": [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
        },
    )


@login_required
def compliance(request: HttpRequest, committee_code: str) -> HttpResponse:
    """Art 21: per year, whether the office met (原则上每年召开一次会议), beside the committee's own meetings."""
    committee = _committee(request, committee_code)
    years = selectors.office_meeting_years(committee)
    rules = committee.rules_versions.order_by("-version").first()
    article = rules.articles.filter(number=21).first() if rules else None
    return render(
        request,
        "meetings/compliance.html",
        {"committee": committee, "years": years, "article": article, "office_kind": MeetingKind.OFFICE},
    )


@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    """My calendar subscription: a secret address for a calendar program; a new one closes the old one."""
    person = Person.objects.filter(user=request.user).select_related("committee").first()
    if request.method == "POST":
        operation = request.POST.get("op")
        try:
            if operation == "issue":
                services.calendar_token_issue(user=request.user)
                messages.success(request, _("已生成新的订阅地址；原地址即时失效。"))
            elif operation == "revoke":
                services.calendar_token_revoke(user=request.user)
                messages.success(request, _("订阅地址已停用。"))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except NotAllowed as exc:
            messages.error(request, exc.decision.reason)
        return redirect("meetings:feed_settings")
    token = CalendarToken.objects.filter(person=person, revoked_at=None).first() if person else None
    feed_url = ""
    if token is not None:
        feed_url = request.build_absolute_uri(reverse("meetings:feed", kwargs={"token": token.token}))
    return render(
        request,
        "meetings/feed_settings.html",
        {"person": person, "token": token, "feed_url": feed_url, "committee": person.committee if person else None},
    )


@require_GET
@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed of a person's meetings; authenticated by the secret in the address, not by a session."""
    found = (
        CalendarToken.objects.filter(token=token, revoked_at=None)
        .select_related("person__user", "person__committee")
        .first()
    )
    if found is None or found.person.user is None or not found.person.user.is_active:
        raise Http404
    user, committee = found.person.user, found.person.committee
    held = list(appointments_in_force(user, timezone.localdate(), committee))
    if not decide(user, Action.VIEW_COMMITTEE, committee, held=held):
        raise Http404
    since = timezone.now() - datetime.timedelta(days=365)
    meetings = (
        selectors.meetings_for_user(user, committee)
        .filter(starts_at__gte=since)
        .select_related("chair__person", "committee")
        .prefetch_related("items")
        .order_by("starts_at")
    )
    name = _("%(committee)s会议") % {"committee": committee.short_name}
    body = ical.calendar_bytes(meetings, name, request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
