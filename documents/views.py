"""Pages of official documents: the register, drafting, the document with its workflow, the PDF (Art 24)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee.authority import Action, decide, get_visible_or_404
from committee.history import history_rows
from committee.models import Committee
from committee.params import id_or_none
from committee.web import submit
from core.exports import Sheet, xlsx_response
from core.reminders import reminders_of
from core.rendering import render_job_of

from . import selectors, services
from .authority_rules import REVIEW
from .filters import DocumentFilter
from .forms import DeclineForm, DocumentForm, ReviewForm, SignForm
from .models import (
    RECORDABLE_MODELS,
    Addressee,
    Document,
    DocumentReview,
    DocumentState,
    Receipt,
    RenderStatus,
)
from .reminders import RECEIPT
from .renderers import OFFICIAL

PAGE_SIZE = 25


def _committee(request: HttpRequest, code: str) -> Committee:
    return get_visible_or_404(request.user, Committee.objects.all(), code=code)


def _filtered(request: HttpRequest, committee: Committee):
    documents = selectors.documents_visible_to(request.user, committee)
    return DocumentFilter(request.GET or None, queryset=selectors.document_rows(documents), committee=committee)


@login_required
def document_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """发文登记: every document the user may see, with filters, a count and pages."""
    committee = _committee(request, committee_code)
    filterset = _filtered(request, committee)
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/document_list.html",
        {
            "committee": committee,
            "filter": filterset,
            "page": page,
            "documents": page.object_list,
            "query": query.urlencode(),
            "may_draft": decide(request.user, Action.MANAGE_COMMITTEE, committee),
            "now": timezone.now(),
        },
    )


@login_required
def document_export(request: HttpRequest, committee_code: str) -> HttpResponse:
    """The register as an Excel sheet, with the filters of the list, in the order of 文号: issuer, year,
    serial number; drafts without a number come last, oldest first."""
    committee = _committee(request, committee_code)
    filterset = _filtered(request, committee)
    queryset = (filterset.qs if filterset.is_bound else filterset.queryset).order_by(
        F("doc_year").asc(nulls_last=True),
        "classification",
        F("doc_serial").asc(nulls_last=True),
        "created_at",
        "pk",
    )
    rows = []
    for document in queryset:
        signed = timezone.localtime(document.signed_at).strftime("%Y-%m-%d %H:%M") if document.signed_at else ""
        receipts = f"{document.receipts_done}/{document.receipts_total}" if document.receipts_total else ""
        rows.append(
            [
                document.doc_number,
                document.title,
                document.get_kind_display(),
                document.get_classification_display(),
                document.get_state_display(),
                document.signer_name,
                signed,
                receipts,
            ]
        )
    return xlsx_response(
        [
            Sheet(
                _("发文登记"),
                [_("发文字号"), _("标题"), _("文种"), _("事项类别"), _("状态"), _("签发人"), _("签发时间"), _("签收")],
                rows,
                (24, 48, 8, 10, 10, 10, 18, 8),
            )
        ],
        filename=_("%(committee)s发文登记.xlsx") % {"committee": committee.short_name},
        fallback=f"documents-{committee.code}.xlsx",
    )


def _records_from(request: HttpRequest, committee: Committee):
    """?records=<content type id>-<id>: the thing the new document records, if the user may see it."""
    value = request.GET.get("records") or request.POST.get("records") or ""
    if not value:
        return None, ""
    type_text, _sep, object_text = value.partition("-")
    type_id, object_id = id_or_none(type_text), id_or_none(object_text)
    if type_id is None or object_id is None:
        raise Http404
    labels = [label.split(".") for label in RECORDABLE_MODELS]
    content_type = ContentType.objects.filter(pk=type_id).first()
    if content_type is None or [content_type.app_label, content_type.model] not in labels:
        raise Http404
    model = content_type.model_class()
    target = model._default_manager.filter(pk=object_id).first() if model else None
    if target is None or getattr(target, "committee_id", None) != committee.pk:
        raise Http404
    if not decide(request.user, Action.VIEW_COMMITTEE, target):
        raise Http404
    return target, value


@login_required
def document_new(request: HttpRequest, committee_code: str) -> HttpResponse:
    """拟稿: the office drafts a document, optionally as the record of a decision, minutes or a report."""
    committee = _committee(request, committee_code)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect("documents:list", committee_code=committee.code)
    records, records_value = _records_from(request, committee)
    initial = {"with_seal": True, "classification": "general"}
    if records is not None:
        initial["title"] = str(records)
    form = DocumentForm(request.POST or None, committee=committee, initial=initial)
    if request.method == "POST":
        document = submit(
            request,
            form,
            lambda data: services.document_draft(
                by=request.user, committee=committee, records=records, **form.service_arguments()
            ),
        )
        if document is not None:
            messages.success(request, _("已保存草稿。"))
            return redirect(document)
    return render(
        request,
        "documents/document_form.html",
        {"committee": committee, "form": form, "records": records, "records_value": records_value},
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    committee = document.committee
    action = REVIEW if document.state == DocumentState.IN_REVIEW else Action.MANAGE_COMMITTEE
    permitted = decide(request.user, action, document)
    if not document.is_editable:
        messages.error(request, _("该公文当前不能修改。"))
        return redirect(document)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect(document)
    form = DocumentForm(request.POST or None, committee=committee, initial=DocumentForm.initial_from(document))
    if request.method == "POST":
        changed = submit(
            request,
            form,
            lambda data: services.document_update(by=request.user, document=document, **form.service_arguments()),
        )
        if changed is not None:
            messages.success(request, _("已保存修改。"))
            return redirect(changed)
    return render(
        request,
        "documents/document_form.html",
        {"committee": committee, "form": form, "document": document, "records": document.records},
    )


def _records_link(document: Document) -> tuple[str, str]:
    target = document.records if document.records_type_id else None
    if target is None:
        return "", ""
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    return str(target), url


def _history(document: Document):
    records = [
        *document.history.select_related("history_user__person").order_by("-history_date")[:100],
        *Addressee.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
        *DocumentReview.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
        *Receipt.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
    ]
    return history_rows(records)


def _detail(request: HttpRequest, document: Document, **forms) -> HttpResponse:
    """The document's page: its facts, state and next steps for this user (and why others are closed),
    its links along the chain, the PDF, the receipts and the history."""
    user = request.user
    committee = document.committee
    state = document.state
    manage = decide(user, Action.MANAGE_COMMITTEE, document)
    review = decide(user, REVIEW, document)
    sign = decide(user, document.sign_action, document)
    job = render_job_of(OFFICIAL, document)
    receipts = list(document.receipts.select_related("unit", "received_by__unit", "received_under"))
    reminded = reminders_of(receipts, RECEIPT)
    for receipt in receipts:
        receipt.reminder_count = len({row.key for row in reminded[receipt.pk]})
    signable = set(selectors.receipts_to_sign(user, document.receipts.all()).values_list("pk", flat=True))
    receivable = [r for r in receipts if r.pk in signable]
    addressees = list(document.addressees.select_related("unit"))
    correction = Document.objects.filter(corrects=document).first()
    steps = {
        "edit": document.is_editable and (review if state == DocumentState.IN_REVIEW else manage),
        "submit": state in {DocumentState.DRAFT, DocumentState.RETURNED} and manage,
        "review": state == DocumentState.IN_REVIEW and review,
        "sign": state == DocumentState.AWAITING_SIGNATURE and sign,
        "distribute": state == DocumentState.SIGNED and manage and job is not None and job.is_ready,
        "rerender": document.is_signed and manage and job is not None and job.status == RenderStatus.FAILED,
        "remind": state == DocumentState.DISTRIBUTED and manage and any(r.received_at is None for r in receipts),
        "archive": manage
        and (
            (state == DocumentState.DISTRIBUTED and all(r.received_at for r in receipts))
            or (state == DocumentState.SIGNED and not addressees)
        ),
        "correct": document.is_signed and manage and correction is None,
        "receive": bool(receivable),
    }
    # Why the step the document waits for is not this user's to take.
    waiting = {
        DocumentState.DRAFT: manage,
        DocumentState.RETURNED: manage,
        DocumentState.IN_REVIEW: review,
        DocumentState.AWAITING_SIGNATURE: sign,
        DocumentState.SIGNED: manage,
        DocumentState.DISTRIBUTED: manage,
    }.get(state)
    records_label, records_url = _records_link(document)
    return render(
        request,
        "documents/document_detail.html",
        {
            "committee": committee,
            "document": document,
            "addressees": addressees,
            "main": [a for a in addressees if a.role == "main"],
            "copies": [a for a in addressees if a.role == "copy"],
            "job": job,
            "receipts": receipts,
            "receipts_done": sum(1 for r in receipts if r.received_at),
            "receivable": receivable,
            "reviews": list(document.reviews.select_related("by__unit", "under")),
            "steps": steps,
            "may_share": bool(manage),
            "waiting_reason": "" if (waiting is None or waiting) else waiting.reason,
            "sign_decision": sign,
            "review_form": forms.get("review_form") or ReviewForm(),
            "sign_form": forms.get("sign_form") or SignForm(),
            "decline_form": forms.get("decline_form") or DeclineForm(),
            "records_label": records_label,
            "records_url": records_url,
            "correction": correction,
            "history": _history(document),
            "now": timezone.now(),
        },
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.document_for(request.user, pk))


def _act(request: HttpRequest, pk: int, call, success: str, form_class=None, form_name: str = ""):
    """Runs one workflow step from a POST; a refusal or an invalid value re-renders the page with the reason
    next to what was typed."""
    document = selectors.document_for(request.user, pk)
    form = form_class(request.POST) if form_class else _EmptyForm(request.POST)
    result = submit(request, form, lambda data: call(document, data))
    if result is None:
        return _detail(request, document, **({form_name: form} if form_name else {}))
    messages.success(request, success if isinstance(success, str) else success(result))
    return redirect(result.get_absolute_url() if hasattr(result, "get_absolute_url") else document)


class _EmptyForm(forms.Form):
    """Steps that take no input still go through `submit`, so that a refusal shows as a message."""


@login_required
@require_POST
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda d, data: services.document_submit(by=request.user, document=d), _("已送办公室主任核稿。")
    )


@login_required
@require_POST
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    forward = request.POST.get("outcome") == "forward"
    return _act(
        request,
        pk,
        lambda d, data: services.document_review(by=request.user, document=d, forward=forward, comment=data["comment"]),
        _("已送签发。") if forward else _("已退回拟稿人修改。"),
        ReviewForm,
        "review_form",
    )


@login_required
@require_POST
def document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d, data: services.document_sign(by=request.user, document=d, opinion=data["opinion"]),
        lambda d: _("已签发，文号%(number)s；正式文本正在生成。") % {"number": d.doc_number},
        SignForm,
        "sign_form",
    )


@login_required
@require_POST
def document_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d, data: services.document_decline(by=request.user, document=d, comment=data["comment"]),
        _("已退回拟稿人。"),
        DeclineForm,
        "decline_form",
    )


@login_required
@require_POST
def document_render(request: HttpRequest, pk: int) -> HttpResponse:
    def again(document, data):
        services.document_render_again(by=request.user, document=document)
        return document

    return _act(request, pk, again, _("已重新排队生成正式文本。"))


@login_required
@require_POST
def document_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d, data: services.document_distribute(by=request.user, document=d),
        _("已分发，已通知各单位联络员签收。"),
    )


@login_required
@require_POST
def document_receive(request: HttpRequest, pk: int) -> HttpResponse:
    def receive(document, data):
        wanted = request.POST.get("receipt", "")
        receipts = document.receipts.filter(received_at__isnull=True)
        if wanted:
            receipts = receipts.filter(pk=id_or_none(wanted) or 0)
        else:
            receipts = selectors.receipts_to_sign(request.user, receipts)
        receipt = receipts.first()
        if receipt is None:
            raise ValidationError(_("没有需要您所在单位签收的记录。"))
        services.receipt_confirm(by=request.user, receipt=receipt)
        return document

    return _act(request, pk, receive, _("已签收。"))


@login_required
@require_POST
def document_remind(request: HttpRequest, pk: int) -> HttpResponse:
    sent: list[int] = []

    def remind(document, data):
        sent.append(services.document_remind(by=request.user, document=document))
        return document

    def said(document) -> str:
        if sent[0]:
            return _("已提醒%(n)s个单位签收。") % {"n": sent[0]}
        return _("今天已提醒过这些单位，未重复发送。")

    return _act(request, pk, remind, said)


@login_required
@require_POST
def document_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda d, data: services.document_archive(by=request.user, document=d), _("已归档。"))


@login_required
@require_POST
def document_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda d, data: services.document_correct(by=request.user, document=d),
        lambda c: _("已建立第%(version)s版（更正），请修改后送核、签发。") % {"version": c.version},
    )


@login_required
def document_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF, only to those who may see the document (404 for anyone else)."""
    document = selectors.document_for(request.user, pk)
    job = render_job_of(OFFICIAL, document)
    if job is None or not job.is_ready or not job.pdf.storage.exists(job.pdf.name):
        raise Http404
    filename = f"{document.doc_number or document.pk}-v{document.version}.pdf"
    response = FileResponse(job.pdf.open("rb"), content_type="application/pdf", filename=filename)
    response["X-Content-SHA256"] = job.sha256
    response["Cache-Control"] = "private, no-store"
    return response
