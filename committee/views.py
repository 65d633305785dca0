"""Pages of the committee itself: work bench, structure, rules, people, history."""

from __future__ import annotations

import math

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.charts import Series, bar_chart
from core.exports import Sheet, xlsx_response
from members.models import Duty

from . import oversight, params, selectors, services
from .authority import Action, decide, get_visible_or_404, held_by, reading_once
from .forms import DelegationForm, MailPreferenceForm, RevokeForm, ShareForm, ThrottledPasswordChangeForm
from .history import history_page
from .models import Committee, Delegation, Notification, Person, Share
from .panels import panels_for
from .viewcache import render_page
from .web import submit
from .workbench import work_bench


def _committee_or_404(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(
        request.user, Committee.objects.select_related("parent"), Action.VIEW_COMMITTEE, code=code
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """工作台: what waits for this person, from their appointments and delegations in force."""
    committee = request_committee(request)
    appointments = held_by(request.user)
    context = {"my_appointments": appointments, "committee": committee, "today": timezone.localdate()}
    with reading_once():
        context["bench"] = work_bench(request.user, committee)
    return render(request, "committee/home.html", context)


def request_committee(request: HttpRequest) -> Committee | None:
    return selectors.committee_choice(request).current


@login_required
@require_GET
def committee_switcher(request: HttpRequest) -> HttpResponse:
    """切换委员会 for those who see many (a district's viewer): a search instead of a list of hundreds."""
    text = params.query_text(request.GET, "q", max_length=60)
    found = selectors.committees_matching(request.user, text, limit=selectors.SWITCHER_RESULTS + 1)
    return render(
        request,
        "committee/switcher.html",
        {
            "q": text,
            "results": found[: selectors.SWITCHER_RESULTS],
            "more": len(found) > selectors.SWITCHER_RESULTS,
            "limit": selectors.SWITCHER_RESULTS,
        },
    )


@login_required
@require_POST
def committee_switch(request: HttpRequest) -> HttpResponse:
    committee = _committee_or_404(request, request.POST.get("code", ""))
    request.session["committee"] = committee.code
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)


@login_required
def committee_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Arts 1-4, 6, 25: the committee's standing, leadership, office and member units."""
    committee = _committee_or_404(request, code)
    structure = selectors.committee_structure(committee)
    committee_duties = Duty.objects.filter(committee=committee, unit=None, is_active=True).order_by("item_number")
    rules = committee.rules_versions.order_by("-version").first()
    today = timezone.localdate()
    with reading_once():
        panels = panels_for(request.user, committee, today.year, "committee")
    return render(
        request,
        "committee/committee_detail.html",
        {
            "panels": panels,
            "year": today.year,
            "committee": committee,
            "structure": structure,
            "committee_duties": committee_duties,
            "rules": rules,
            # Only the committees below that the reader may open (a town's own people do not read its siblings).
            "children": oversight.child_committees(request.user, committee),
            "may_delegate": decide(request.user, Action.DELEGATE, committee),
        },
    )


@login_required
def rules_detail(request: HttpRequest, code: str, version: int | None = None) -> HttpResponse:
    """Art 26: the rules as issued, every article verbatim; earlier versions stay readable."""
    committee = _committee_or_404(request, code)
    versions = list(committee.rules_versions.order_by("-version"))
    if not versions:
        raise Http404
    rules = versions[0] if version is None else next((v for v in versions if v.version == version), None)
    if rules is None:
        raise Http404
    articles = list(rules.articles.order_by("number"))
    chapters: list[tuple[str, list]] = []
    for article in articles:
        if not chapters or chapters[-1][0] != article.chapter:
            chapters.append((article.chapter, []))
        chapters[-1][1].append(article)
    units_by_article = {unit.article_number: unit for unit in committee.units.exclude(article_number=None)}
    return render(
        request,
        "committee/rules_detail.html",
        {
            "committee": committee,
            "rules": rules,
            "versions": versions,
            "chapters": chapters,
            "units_by_article": units_by_article,
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's appointments over time, and the delegations they received."""
    person = get_visible_or_404(request.user, Person.objects.select_related("committee"), pk=pk)
    appointments = person.appointments.select_related("unit").order_by("-start_date")
    delegations = Delegation.objects.filter(deputy__person=person).order_by("-starts_at")
    today = timezone.localdate()
    return render(
        request,
        "committee/person_detail.html",
        {
            "person": person,
            "committee": person.committee,
            "appointments": [(a, a.is_in_force(today)) for a in appointments],
            "delegations": delegations.select_related("deputy__person", "committee"),
            "today": today,
        },
    )


def _history_sources():
    """Every history-tracked model that belongs to a committee: a new app's records appear here by themselves."""
    for model in apps.get_models():
        if model is Committee:
            yield model, "id"
            continue
        if model is Notification:  # messages to a person, not the committee's records
            continue
        history = getattr(model, "history", None)
        if history is None or not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        if any(field.name == "committee" for field in model._meta.get_fields()):
            yield model, "committee_id"


# Rows of 变更记录 a page shows: each is compared with the record before it when the page is read.
HISTORY_PAGE_SIZE = 25


@login_required
def committee_history(request: HttpRequest, code: str) -> HttpResponse:
    """变更记录: every change to the committee's records, newest first, who and what changed."""
    committee = _committee_or_404(request, code)

    def context() -> dict:
        sources = [(model, {field: committee.pk}) for model, field in _history_sources()]
        number = params.query_int(request.GET, "page", max_value=100_000) or 1
        page = history_page(sources, number, per_page=HISTORY_PAGE_SIZE)
        return {"committee": committee, "page": page, "rows": page.rows}

    # Kept for the viewer until the next write (`committee.viewcache`).
    return render_page(request, committee, "committee/history.html", "committee/includes/history_body.html", context)


@login_required
def delegations(request: HttpRequest, code: str) -> HttpResponse:
    """The director's page: delegations in force and past ones; grant and revoke (Arts 21, 23, 24)."""
    committee = _committee_or_404(request, code)
    may_delegate = decide(request.user, Action.DELEGATE, committee)
    form = DelegationForm(request.POST or None, committee=committee)
    if request.method == "POST":
        if not may_delegate:
            messages.error(request, may_delegate.reason)
            return redirect("committee:delegations", code=code)
        delegation = submit(
            request,
            form,
            lambda data: services.delegation_grant(
                by=request.user,
                committee=committee,
                deputy=data["deputy"],
                powers=data["powers"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
            ),
        )
        if delegation is not None:
            messages.success(request, _("已登记%(delegation)s。") % {"delegation": delegation})
            return redirect("committee:delegations", code=code)
    now = timezone.now()
    all_delegations = list(
        Delegation.objects.filter(committee=committee)
        .select_related("deputy__person", "granted_by__person", "revoked_by__person")
        .order_by("-starts_at")
    )
    return render(
        request,
        "committee/delegations.html",
        {
            "committee": committee,
            "form": form if may_delegate else None,
            "may_delegate": may_delegate,
            "in_force": [d for d in all_delegations if d.state(now) in {"in_force", "pending"}],
            "past": [d for d in all_delegations if d.state(now) in {"revoked", "expired"}],
            "revoke_form": RevokeForm(),
            "now": now,
        },
    )


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, code: str, number: int) -> HttpResponse:
    committee = _committee_or_404(request, code)
    delegation = Delegation.objects.filter(committee=committee, number=number).first()
    if delegation is None:
        raise Http404
    form = RevokeForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.delegation_revoke(by=request.user, delegation=delegation, reason=data["revoke_reason"]),
    ):
        messages.success(request, _("第%(number)s号委托已撤销。") % {"number": number})
    else:
        for error in form.errors.get("revoke_reason", []):
            messages.error(request, error)
    return redirect("committee:delegations", code=code)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """站内通知: the user's notifications, newest first; mark one or all read."""
    if request.method == "POST":
        ids = request.POST.getlist("id")
        services.notification_mark_read(user=request.user, notification_ids=params.ids(ids) or None)
        return redirect("committee:inbox")
    notifications = Notification.objects.filter(recipient__user=request.user).order_by("-created_at")
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "committee/inbox.html", {"page": page})


@login_required
def mail_preferences(request: HttpRequest) -> HttpResponse:
    """通知邮件设置: each notification e-mailed at once, or a daily digest at a chosen hour (the user's own)."""
    person = Person.objects.filter(user=request.user).first()
    initial = {"mail_delivery": person.mail_delivery, "digest_hour": person.digest_hour} if person else {}
    form = MailPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and person is not None:
        done = submit(
            request,
            form,
            lambda data: services.mail_preference_update(
                by=request.user, mail_delivery=data["mail_delivery"], digest_hour=data["digest_hour"]
            ),
        )
        if done is not None:
            messages.success(request, _("通知邮件设置已保存。"))
            return redirect("committee:mail_preferences")
    return render(request, "committee/mail_preferences.html", {"form": form, "person": person})


def _shared_object_or_404(request: HttpRequest, model_label: str, pk: int):
    """A document or report the office may share, for the office only; 404 for anyone else."""
    from .authority import SHAREABLE

    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if model not in SHAREABLE:
        raise Http404
    return get_visible_or_404(request.user, model._default_manager.all(), Action.MANAGE_COMMITTEE, pk=pk)


@login_required
def shares(request: HttpRequest, model_label: str, pk: int) -> HttpResponse:
    """单项授权: the office shares one document or report with a named person until a moment, and revokes it."""
    obj = _shared_object_or_404(request, model_label, pk)
    committee = obj.committee
    form = ShareForm(request.POST or None, committee=committee)
    if request.method == "POST":
        share = submit(
            request,
            form,
            lambda data: services.share_grant(
                by=request.user,
                obj=obj,
                grantee=data["grantee"],
                reason=data["reason"],
                expires_at=data["expires_at"],
            ),
        )
        if share is not None:
            messages.success(request, _("已授权%(person)s查看。") % {"person": share.grantee})
            return redirect("committee:shares", model_label=model_label, pk=pk)
    from django.contrib.contenttypes.models import ContentType

    rows = (
        Share.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("grantee__committee", "granted_by__person", "revoked_by__person")
        .order_by("-created_at", "-pk")
    )
    now = timezone.now()
    return render(
        request,
        "committee/shares.html",
        {"committee": committee, "obj": obj, "form": form, "rows": [(row, row.is_in_force(now)) for row in rows]},
    )


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    share = Share.objects.select_related("content_type").filter(pk=pk).first()
    if (
        share is None
        or share.content_object is None
        or not decide(request.user, Action.MANAGE_COMMITTEE, share.content_object)
    ):
        raise Http404
    services.share_revoke(by=request.user, share=share)
    messages.success(request, _("已撤销对%(person)s的授权。") % {"person": share.grantee})
    obj = share.content_object
    return redirect("committee:shares", model_label=obj._meta.label_lower, pk=obj.pk)


def login_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes calls this for a (login, address) pair past the failure limit: the site's own page, in
    Chinese, saying how long to wait and who can unlock sooner."""
    from django.conf import settings

    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class PasswordChange(auth_views.PasswordChangeView):
    """修改密码: the old password is checked as a login would be, throttled the same way."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


def too_large(request: HttpRequest) -> HttpResponse:
    """413: the request is past the size limit. The page says so in the site's layout; the report form's autosave
    gets the reason as JSON and keeps what was typed in the browser."""
    from django.conf import settings

    from core.attachments import human_size, max_bytes

    message = _("提交的内容过大，未能保存。附件单个不超过%(attachment)s，文字请分段填写。") % {
        "attachment": human_size(max_bytes())
    }
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"error": message, "too_large": True}, status=413)
    return render(
        request,
        "413.html",
        {"message": message, "text_limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        status=413,
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: the site's own page; a body past DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, not a bare 400."""
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return render(request, "400.html", status=400)


def _oversight(request: HttpRequest, code: str) -> tuple[Committee, int, str, list]:
    """The committee (404 unless the user sees it and at least one committee below it), the year asked for (this
    year unless a valid one), the sort (by name unless a whitelisted key) and the rows, in a fixed number of
    queries."""
    committee = _committee_or_404(request, code)
    this_year = timezone.localdate().year
    year = params.query_int(request.GET, "year", min_value=OVERSIGHT_FIRST_YEAR, max_value=this_year) or this_year
    sort = oversight.sort_or_default(params.query_text(request.GET, "sort", max_length=40))
    with reading_once():
        rows = oversight.oversight_rows_cached(request.user, committee, year, sort)
    if not rows:
        raise Http404
    return committee, year, sort, rows


OVERSIGHT_PAGE_SIZE = 50
# The year chooser reaches back this far (the rules were issued in 2022; scale data goes back ten years).
OVERSIGHT_FIRST_YEAR = 2010


@login_required
@require_GET
def district_oversight(request: HttpRequest, code: str) -> HttpResponse:
    """Art 5: the year at a glance for each committee below (meetings, reports, 督办, documents, inspections),
    read-only, each town one click away."""
    committee, year, sort, rows = _oversight(request, code)
    found = oversight.measures()
    groups: list[tuple[str, int]] = []
    for m in found:
        if groups and groups[-1][0] == m.group:
            groups[-1] = (m.group, groups[-1][1] + 1)
        else:
            groups.append((m.group, 1))
    # A city has hundreds of committees below it: a page of them at a time (sorted over all), every one in the export.
    page = Paginator(rows, OVERSIGHT_PAGE_SIZE).get_page(params.query_int(request.GET, "page", min_value=1) or 1)
    charted = [m for m in found if m.chart]
    chart = None
    if charted:
        chart = bar_chart(
            _("%(year)s年各下级委员会：书面报告审核通过与督办逾期") % {"year": year},
            [row.committee.short_name for row in page],
            [Series(str(m.label), [row.value(m.key) for row in page], m.chart) for m in charted],
            stacked=False,
            category_header=_("委员会"),
        )
    columns = [(NAME_SORT_KEY, _("委员会"))] + [(m.key, m.label) for m in found]
    this_year = timezone.localdate().year
    return render(
        request,
        "committee/oversight.html",
        {
            "committee": committee,
            "year": year,
            "years": range(this_year, max(OVERSIGHT_FIRST_YEAR, this_year - 10) - 1, -1),
            "sort": sort,
            "rows": page,
            "page": page,
            "total": len(rows),
            "measures": found,
            "groups": groups,
            "chart": chart,
            "sort_links": {
                key: ("-" + key if sort == key else key, "asc" if sort == key else "desc" if sort == "-" + key else "")
                for key, _label in columns
            },
        },
    )


NAME_SORT_KEY = oversight.NAME_SORT


@login_required
@require_GET
def district_oversight_export(request: HttpRequest, code: str) -> HttpResponse:
    """The oversight page's rows, in its order, as an Excel workbook."""
    committee, year, _sort, rows = _oversight(request, code)
    found = oversight.measures()
    headers = [_("委员会"), *(f"{m.group} · {m.label}" for m in found)]
    values = [[row.committee.name, *(cell.value for cell in row.cells)] for row in rows]
    return xlsx_response(
        [Sheet(_("%(year)s年") % {"year": year}, headers, values, (30, *(14 for _m in found)))],
        filename=_("%(name)s下级委员会工作情况-%(year)s.xlsx") % {"name": committee.short_name, "year": year},
        fallback=f"oversight-{committee.code}-{year}.xlsx",
        title=committee.name,
    )
