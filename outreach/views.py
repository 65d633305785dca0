"""Pages of 工作动态、简报与通报、典型经验与问题、表彰 (Arts 5, 7, 10, 25)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from committee.authority import Action, decide, get_visible_or_404, restrict
from committee.history import history_rows
from committee.models import Committee
from committee.params import id_or_none
from committee.web import submit
from committee.workflow import Handler, StepRouter
from core.attachments import attachment_response
from members.models import MemberUnit

from . import services
from .actions import PROPOSE_COMMENDATION, VIEW_OFFICE_WORK
from .forms import (
    BulletinForm,
    CommendationForm,
    DecideForm,
    HighlightForm,
    IssueForm,
    WorkUpdateFilter,
    WorkUpdateForm,
)
from .models import (
    HIGHLIGHTABLE,
    Bulletin,
    BulletinKind,
    Commendation,
    Highlight,
    WorkUpdate,
    WorkUpdateAttachment,
)

PAGE_SIZE = 30


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


def _tabs(request: HttpRequest, committee: Committee, current: str) -> list[tuple[str, str, str, bool]]:
    """The section's tabs: 工作动态 and 表彰 for all; 简报与通报 and 典型经验 for whoever sees the office's work."""
    tabs = [("updates", _("工作动态"), "outreach:updates")]
    if decide(request.user, VIEW_OFFICE_WORK, committee):
        tabs += [
            ("bulletins", _("简报与通报"), "outreach:bulletins"),
            ("highlights", _("典型经验与问题"), "outreach:highlights"),
        ]
    tabs.append(("commendations", _("表彰"), "outreach:commendations"))
    return [(key, label, reverse(name, args=[committee.code]), key == current) for key, label, name in tabs]


def _units_posting(request: HttpRequest, committee: Committee):
    """The units the user posts updates for (their liaison appointments in force)."""
    return list(
        restrict(MemberUnit.objects.filter(committee=committee, is_active=True), request.user, Action.ACT_FOR_UNIT)
    )


# --- 工作动态


@login_required
def update_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """工作动态: the office and the leadership see every unit's; a unit's liaison and head see their unit's."""
    committee = _committee(request, committee_code)
    visible = restrict(WorkUpdate.objects.filter(committee=committee), request.user, Action.VIEW_UNIT_AFFAIRS)
    units = restrict(MemberUnit.objects.filter(committee=committee), request.user, Action.VIEW_UNIT_AFFAIRS)
    update_filter = WorkUpdateFilter(request.GET or None, queryset=visible, units=units.order_by("sort_order"))
    rows = update_filter.qs.select_related("unit", "posted_by__person").prefetch_related("attachments", "bulletins")
    page = Paginator(rows.order_by("-happened_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/update_list.html",
        {
            "committee": committee,
            "tabs": _tabs(request, committee, "updates"),
            "filter": update_filter,
            "page": page,
            "updates": page.object_list,
            "count": page.paginator.count,
            "may_post": bool(_units_posting(request, committee)),
        },
    )


@login_required
def update_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    """The liaison posts a work update for their unit (Art 25); the page works on a phone."""
    committee = _committee(request, committee_code)
    units = _units_posting(request, committee)
    if not units:
        messages.error(request, _("工作动态由成员单位的联络员填报。"))
        return redirect("outreach:updates", committee.code)
    queryset = MemberUnit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("sort_order")
    form = WorkUpdateForm(request.POST or None, request.FILES or None, units=queryset)
    if request.method == "POST":
        update = submit(request, form, lambda d: services.work_update_post(by=request.user, **d))
        if update is not None:
            messages.success(request, _("工作动态已报送。"))
            return redirect(update)
    return render(
        request,
        "outreach/update_form.html",
        {"committee": committee, "form": form, "units": units},
    )


def _update_or_404(request: HttpRequest, pk: int) -> WorkUpdate:
    update = WorkUpdate.objects.select_related("committee", "unit", "posted_by__person", "posted_under").filter(pk=pk)
    found = update.first()
    if found is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, found):
        raise Http404
    return found


@login_required
def update_detail(request: HttpRequest, pk: int) -> HttpResponse:
    update = _update_or_404(request, pk)
    office = decide(request.user, Action.MANAGE_COMMITTEE, update.committee)
    records = [
        *update.history.select_related("history_user__person"),
        *WorkUpdateAttachment.history.filter(update_id=update.pk).select_related("history_user__person"),
    ]
    return render(
        request,
        "outreach/update_detail.html",
        {
            "committee": update.committee,
            "update": update,
            "attachments": update.attachments.all(),
            "bulletins": update.bulletins.select_related("document") if office else [],
            "highlights": _highlights_of(update) if office else [],
            "mark_url": _mark_url(update) if office else "",
            "history": history_rows(records),
        },
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Files are sent only to those who may see the update (never from MEDIA_URL)."""
    attachment = WorkUpdateAttachment.objects.select_related("update__unit", "update__committee").filter(pk=pk).first()
    if attachment is None or not decide(request.user, Action.VIEW_UNIT_AFFAIRS, attachment.update):
        raise Http404
    return attachment_response(attachment)


# --- 简报与通报


def _office_work(request: HttpRequest, committee: Committee) -> None:
    if not decide(request.user, VIEW_OFFICE_WORK, committee):
        raise Http404


@login_required
def bulletin_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    _office_work(request, committee)
    bulletins = restrict(Bulletin.objects.filter(committee=committee), request.user, VIEW_OFFICE_WORK)
    page = Paginator(
        bulletins.select_related("document", "created_by__person").order_by("-created_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/bulletin_list.html",
        {
            "committee": committee,
            "tabs": _tabs(request, committee, "bulletins"),
            "page": page,
            "bulletins": page.object_list,
            "count": page.paginator.count,
            "may_edit": decide(request.user, Action.MANAGE_COMMITTEE, committee),
            "kinds": BulletinKind.choices,
        },
    )


def _bulletin_form(request: HttpRequest, committee: Committee, kind: str, bulletin: Bulletin | None = None):
    updates = highlights = None
    if kind == BulletinKind.BRIEFING:
        updates = WorkUpdate.objects.filter(committee=committee).select_related("unit").order_by("-happened_on", "-pk")
    else:
        # Items not yet collected by a 通报, and those this one already collects.
        free = Q(bulletin__isnull=True) | Q(bulletin=bulletin) if bulletin else Q(bulletin__isnull=True)
        highlights = Highlight.objects.filter(free, committee=committee).order_by("kind", "-marked_at")
    if bulletin is not None:
        initial = {
            "title": bulletin.title,
            "period": bulletin.period,
            "intro": bulletin.intro,
            "updates": list(bulletin.updates.values_list("pk", flat=True)),
            "highlights": list(bulletin.highlights.values_list("pk", flat=True)),
        }
    else:
        initial = {"title": str(BulletinKind(kind).label)}
    return BulletinForm(request.POST or None, updates=updates, highlights=highlights, initial=initial)


@login_required
def bulletin_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    """The office edits a 简报 from selected updates, or a 通报 from the marked items (Art 5)."""
    committee = _committee(request, committee_code)
    if not decide(request.user, Action.MANAGE_COMMITTEE, committee):
        _office_work(request, committee)
        messages.error(request, _("简报和通报由委员会办公室编辑。"))
        return redirect("outreach:bulletins", committee.code)
    kind = request.GET.get("kind") or request.POST.get("kind") or BulletinKind.BRIEFING
    if kind not in BulletinKind.values:
        raise Http404
    form = _bulletin_form(request, committee, kind)
    if request.method == "POST":
        bulletin = submit(
            request, form, lambda d: services.bulletin_create(by=request.user, committee=committee, kind=kind, **d)
        )
        if bulletin is not None:
            messages.success(request, _("已保存。核对后可拟制公文。"))
            return redirect(bulletin)
    return render(
        request,
        "outreach/bulletin_form.html",
        {
            "committee": committee,
            "form": form,
            "kind": kind,
            "circular": kind == BulletinKind.CIRCULAR,
            "bulletin": None,
        },
    )


def _bulletin_or_404(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = Bulletin.objects.select_related("committee", "document", "created_by__person").filter(pk=pk).first()
    if bulletin is None or not decide(request.user, VIEW_OFFICE_WORK, bulletin):
        raise Http404
    return bulletin


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_or_404(request, pk)
    may_edit = decide(request.user, Action.MANAGE_COMMITTEE, bulletin) and not bulletin.is_issued
    return render(
        request,
        "outreach/bulletin_detail.html",
        {
            "committee": bulletin.committee,
            "bulletin": bulletin,
            "updates": bulletin.updates.select_related("unit").order_by("category", "-happened_on"),
            "highlights": bulletin.highlights.select_related("unit", "source_type"),
            "body": services.bulletin_body(bulletin),
            "may_edit": may_edit,
            "issue_form": IssueForm(kind=bulletin.kind) if may_edit else None,
            "history": history_rows(bulletin.history.select_related("history_user__person")),
        },
    )


@login_required
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_or_404(request, pk)
    if not decide(request.user, Action.MANAGE_COMMITTEE, bulletin) or bulletin.is_issued:
        messages.error(request, _("只有委员会办公室可以修改尚未拟制公文的简报和通报。"))
        return redirect(bulletin)
    form = _bulletin_form(request, bulletin.committee, bulletin.kind, bulletin)
    if request.method == "POST":
        result = submit(request, form, lambda d: services.bulletin_update(by=request.user, bulletin=bulletin, **d))
        if result is not None:
            messages.success(request, _("已保存。"))
            return redirect(result)
    return render(
        request,
        "outreach/bulletin_form.html",
        {
            "committee": bulletin.committee,
            "form": form,
            "kind": bulletin.kind,
            "circular": bulletin.kind == BulletinKind.CIRCULAR,
            "bulletin": bulletin,
        },
    )


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The office drafts the official document; review, signing and distribution go on on the document's page."""
    bulletin = _bulletin_or_404(request, pk)
    form = IssueForm(request.POST, kind=bulletin.kind)
    document = submit(
        request,
        form,
        lambda d: services.bulletin_issue(by=request.user, bulletin=bulletin, classification=d["classification"]),
    )
    if document is None:
        return redirect(bulletin)
    messages.success(request, _("已拟制公文，请送核稿。"))
    return redirect(document)


# --- 典型经验与问题


def _source_from(value: str):
    """`app.model:id` -> the item, if it is of a kind the office may mark."""
    label, _sep, object_text = (value or "").partition(":")
    object_id = id_or_none(object_text)
    if label not in HIGHLIGHTABLE or object_id is None:
        raise Http404
    app_label, model = label.split(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = content_type.model_class() if content_type else None
    source = model_class._default_manager.filter(pk=object_id).first() if model_class else None
    if source is None:
        raise Http404
    return source


def _mark_url(source) -> str:
    return f"{reverse('outreach:highlight_new')}?source={source._meta.label_lower}:{source.pk}"


def _highlights_of(source):
    return Highlight.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).select_related("bulletin__document")


@login_required
def highlight_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    _office_work(request, committee)
    highlights = restrict(Highlight.objects.filter(committee=committee), request.user, VIEW_OFFICE_WORK)
    page = Paginator(
        highlights.select_related("unit", "bulletin__document", "marked_by__person", "source_type").order_by(
            "bulletin", "kind", "-marked_at"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/highlight_list.html",
        {
            "committee": committee,
            "tabs": _tabs(request, committee, "highlights"),
            "page": page,
            "highlights": page.object_list,
            "count": page.paginator.count,
            "may_edit": decide(request.user, Action.MANAGE_COMMITTEE, committee),
        },
    )


@login_required
def highlight_new(request: HttpRequest) -> HttpResponse:
    """The office marks an update, a report section or an inspection finding (?source=app.model:id)."""
    source = _source_from(request.GET.get("source") or request.POST.get("source") or "")
    title, unit, committee_id = services.describe(source)
    committee = Committee.objects.get(pk=committee_id)
    if not decide(request.user, Action.VIEW_UNIT_AFFAIRS, unit or committee):
        raise Http404
    back = source.get_absolute_url() if hasattr(source, "get_absolute_url") else committee.get_absolute_url()
    if not decide(request.user, Action.MANAGE_COMMITTEE, committee):
        messages.error(request, _("典型经验和问题由委员会办公室标记。"))
        return redirect(back)
    form = HighlightForm(request.POST or None)
    if request.method == "POST":
        highlight = submit(request, form, lambda d: services.highlight_mark(by=request.user, source=source, **d))
        if highlight is not None:
            messages.success(request, _("已标记，将收入下一期通报。"))
            return redirect(back)
    return render(
        request,
        "outreach/highlight_form.html",
        {
            "committee": committee,
            "form": form,
            "title": title,
            "back": back,
            "source_value": f"{source._meta.label_lower}:{source.pk}",
            "existing": _highlights_of(source),
        },
    )


@login_required
@require_POST
def highlight_unmark(request: HttpRequest, pk: int) -> HttpResponse:
    highlight = Highlight.objects.select_related("committee").filter(pk=pk).first()
    if highlight is None or not decide(request.user, VIEW_OFFICE_WORK, highlight):
        raise Http404
    done = submit(
        request, forms.Form(request.POST), lambda d: services.highlight_unmark(by=request.user, highlight=highlight)
    )
    if done is not None or not Highlight.objects.filter(pk=pk).exists():
        messages.success(request, _("已取消标记。"))
    return redirect("outreach:highlights", highlight.committee.code)


# --- 表彰


@login_required
def commendation_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """Commendations by year, for everyone in the committee (Arts 7, 10)."""
    committee = _committee(request, committee_code)
    rows = restrict(Commendation.objects.filter(committee=committee), request.user, Action.VIEW_COMMITTEE)
    rows = rows.select_related("unit", "document").order_by("-year", "-proposed_at", "-pk")
    years: dict[int, list] = {}
    for row in rows:
        years.setdefault(row.year, []).append(row)
    may_propose = bool(_proposing_units(request, committee)) or decide(request.user, Action.MANAGE_COMMITTEE, committee)
    return render(
        request,
        "outreach/commendation_list.html",
        {
            "committee": committee,
            "tabs": _tabs(request, committee, "commendations"),
            "years": sorted(years.items(), reverse=True),
            "may_propose": may_propose,
        },
    )


def _proposing_units(request: HttpRequest, committee: Committee):
    return restrict(MemberUnit.objects.filter(committee=committee, is_active=True), request.user, PROPOSE_COMMENDATION)


@login_required
def commendation_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    committee = _committee(request, committee_code)
    office = bool(decide(request.user, Action.MANAGE_COMMITTEE, committee))
    units = _proposing_units(request, committee).order_by("sort_order")
    if not office and not units.exists():
        messages.error(request, _("表彰由成员单位负责人、联络员或委员会办公室推荐。"))
        return redirect("outreach:commendations", committee.code)
    form = CommendationForm(request.POST or None, units=units, office=office)
    if request.method == "POST":
        commendation = submit(
            request, form, lambda d: services.commendation_propose(by=request.user, committee=committee, **d)
        )
        if commendation is not None:
            messages.success(request, _("已推荐，等待委员会决定。"))
            return redirect(commendation)
    return render(request, "outreach/commendation_form.html", {"committee": committee, "form": form})


def _commendation_or_404(request: HttpRequest, pk: int) -> Commendation:
    commendation = (
        Commendation.objects.select_related(
            "committee", "unit", "document", "proposed_by__person", "decided_by__person", "decided_under"
        )
        .filter(pk=pk)
        .first()
    )
    if commendation is None or not decide(request.user, Action.VIEW_COMMITTEE, commendation):
        raise Http404
    return commendation


def _commendation_detail(request: HttpRequest, commendation: Commendation, forms_given=None) -> HttpResponse:
    return render(
        request,
        "outreach/commendation_detail.html",
        {
            "committee": commendation.committee,
            "commendation": commendation,
            "steps": COMMENDATION_STEPS.steps_for(commendation, request.user, forms_given),
            "history": history_rows(commendation.history.select_related("history_user__person")),
        },
    )


@login_required
def commendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _commendation_detail(request, _commendation_or_404(request, pk))


COMMENDATION_STEPS = StepRouter(
    Commendation,
    url_name="outreach:commendation_step",
    get_object=_commendation_or_404,
    redisplay=_commendation_detail,
    handlers={
        "decide": Handler(
            lambda user, c, d: services.commendation_decide(by=user, commendation=c, agree=True, note=d["note"]),
            gettext_lazy("委员会已决定表彰。"),
            DecideForm,
        ),
        "reject": Handler(
            lambda user, c, d: services.commendation_decide(by=user, commendation=c, agree=False, note=d["note"]),
            gettext_lazy("已记录：不予表彰。"),
            DecideForm,
        ),
        "issue": Handler(
            lambda user, c, d: services.commendation_issue(by=user, commendation=c),
            gettext_lazy("已拟制表彰决定，请送核稿。"),
        ),
    },
)
commendation_step = COMMENDATION_STEPS.view
