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
from django.utils.translation import gettext_lazy

from committee.authority import Action, decide, get_visible_or_404, restrict
from committee.history import history_rows
from committee.models import Committee
from committee.params import id_or_none
from committee.viewcache import render_page
from committee.web import submit
from committee.workflow import Handler, StepRouter
from core.exports import Sheet, xlsx_response
from core.reminders import reminders_of
from core.rendering import render_job_of

from . import selectors, services
from .authority_rules import REVIEW, VIEW_ALL, VIEW_UPPER
from .filters import DocumentFilter
from .follow import follow_actions_for, follow_columns
from .forms import DeclineForm, DocumentForm, ReviewForm, SignForm
from .models import (
    RECORDABLE_MODELS,
    Addressee,
    CommitteeAddressee,
    CommitteeReceipt,
    Document,
    DocumentReview,
    DocumentState,
    Receipt,
)
from .reminders import RECEIPT, UPPER_RECEIPT
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
        # Art 24: the record of a decision is classified as the decision is (the service refuses otherwise).
        initial["kind"] = getattr(records, "document_kind", None) or initial.get("kind")
        initial["classification"] = getattr(records, "document_classification", None) or "general"
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
        *CommitteeAddressee.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
        *CommitteeReceipt.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
        *DocumentReview.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
        *Receipt.history.filter(document_id=document.pk).select_related("history_user__person")[:100],
    ]
    return history_rows(records)


def _detail(request: HttpRequest, document: Document, forms_given: dict | None = None) -> HttpResponse:
    """The document's page: its facts, state and the steps open to this user (and why the others are closed),
    its links along the chain, the PDF, the receipts and the history."""
    return render_page(
        request,
        document.committee,
        "documents/document_detail.html",
        "documents/includes/document_detail_body.html",
        lambda: _detail_context(request, document, forms_given),
        around={"document": document},
        keep=forms_given is None,
        forms=True,
    )


def _detail_context(request: HttpRequest, document: Document, forms_given: dict | None) -> dict:
    user = request.user
    committee = document.committee
    manage = decide(user, Action.MANAGE_COMMITTEE, document)
    job = render_job_of(OFFICIAL, document)
    receipts = _reminders_counted(
        list(document.receipts.select_related("unit", "received_by__unit", "received_under")), RECEIPT
    )
    steps = STEPS.steps_for(document, user, forms_given)
    receivable = []
    if "receive" in steps:
        signable = set(selectors.receipts_to_sign(user, document.receipts.all()).values_list("pk", flat=True))
        receivable = [r for r in receipts if r.pk in signable]
    addressees = list(document.addressees.select_related("unit"))
    below = list(document.committee_addressees.select_related("committee"))
    reviews = list(document.reviews.select_related("by__unit", "under"))
    records_label, records_url = _records_link(document)
    edit = REVIEW if document.state == DocumentState.IN_REVIEW else Action.MANAGE_COMMITTEE
    return {
        "committee": committee,
        "document": document,
        "addressees": addressees,
        "main": [a for a in addressees if a.role == "main"],
        "copies": [a for a in addressees if a.role == "copy"],
        "main_below": [a for a in below if a.role == "main"],
        "copies_below": [a for a in below if a.role == "copy"],
        **_below_context(user, document, bool(below), forms_given),
        "job": job,
        "receipts": receipts,
        "receipts_done": sum(1 for r in receipts if r.received_at),
        "receivable": receivable,
        "reviews": reviews,
        "returned": reviews[-1] if reviews and document.state == DocumentState.RETURNED else None,
        "steps": steps,
        "may_edit": document.is_editable and bool(decide(user, edit, document)),
        "may_share": bool(manage),
        "notice": _notice(document, job, steps),
        "records_label": records_label,
        "records_url": records_url,
        "correction": Document.objects.filter(corrects=document).first(),
        "history": _history(document),
        "now": timezone.now(),
    }


def _reminders_counted(receipts: list, kind: str) -> list:
    """Each receipt with `reminder_count`: how many reminders (rounds and the office's clicks) it was sent."""
    reminded = reminders_of(receipts, kind)
    for receipt in receipts:
        receipt.reminder_count = len({row.key for row in reminded[receipt.pk]})
    return receipts


def _below_context(user, document: Document, sent_down: bool, forms_given: dict | None) -> dict:
    """Art 5, a document sent down: for the issuer, each committee's receipt and follow-up counts; for a committee
    below, its own receipt, the step to sign for it and what it may do next (an agenda item, follow-up tasks)."""
    if not sent_down or document.distributed_at is None:
        return {}
    if decide(user, VIEW_ALL, document):
        below = _reminders_counted(list(selectors.receipts_below(user, document)), UPPER_RECEIPT)
        return {"receipts_below": below, "follow_columns": follow_columns()}
    own = []
    for receipt in restrict(document.committee_receipts.select_related("committee"), user, VIEW_UPPER):
        receipt.document = document
        receipt.steps = UPPER_STEPS.steps_for(receipt, user, forms_given)
        receipt.next_actions = follow_actions_for(user, receipt)
        own.append(receipt)
    return {"own_receipts": own}


def _notice(document: Document, job, steps) -> str:
    """A word on where the document stands when no step is open: filed, or waiting for its PDF."""
    if document.state == DocumentState.ARCHIVED:
        return _("已归档，办理结束。")
    if document.state == DocumentState.SIGNED and "distribute" not in steps and not document.pdf_ready:
        return _("正式文本生成后才能分发。")
    return ""


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.document_for(request.user, pk))


class ReceiveForm(forms.Form):
    """Which unit's receipt to sign for (the page shows one button per unit the user signs for)."""

    receipt = forms.CharField(required=False)


def _receive(user, document: Document, data: dict) -> Document:
    receipts = document.receipts.filter(received_at__isnull=True)
    if data.get("receipt"):
        receipts = receipts.filter(pk=id_or_none(data["receipt"]) or 0)
    else:
        receipts = selectors.receipts_to_sign(user, receipts)
    receipt = receipts.first()
    if receipt is None:
        raise ValidationError(_("没有需要您所在单位签收的记录。"))
    services.receipt_confirm(by=user, receipt=receipt)
    return document


def _remind(user, document: Document, data: dict) -> Document:
    document.reminded = services.document_remind(by=user, document=document)
    return document


def _reminded(document: Document) -> str:
    if document.reminded:
        return _("已提醒%(n)s个单位签收。") % {"n": document.reminded}
    return _("今天已提醒过这些单位，未重复发送。")


def _render_again(user, document: Document, data: dict) -> Document:
    services.document_render_again(by=user, document=document)
    return document


STEPS = StepRouter(
    Document,
    url_name="documents:step",
    get_object=lambda request, pk: selectors.document_for(request.user, pk),
    redisplay=_detail,
    handlers={
        "submit": Handler(
            lambda user, d, data: services.document_submit(by=user, document=d), gettext_lazy("已送办公室主任核稿。")
        ),
        "forward": Handler(
            lambda user, d, data: services.document_review(by=user, document=d, forward=True, comment=data["comment"]),
            gettext_lazy("已送签发。"),
            ReviewForm,
        ),
        "send_back": Handler(
            lambda user, d, data: services.document_review(by=user, document=d, forward=False, comment=data["comment"]),
            gettext_lazy("已退回拟稿人修改。"),
            ReviewForm,
        ),
        "sign": Handler(
            lambda user, d, data: services.document_sign(by=user, document=d, opinion=data["opinion"]),
            lambda d: _("已签发，文号%(number)s；正式文本正在生成。") % {"number": d.doc_number},
            SignForm,
        ),
        "decline": Handler(
            lambda user, d, data: services.document_decline(by=user, document=d, comment=data["comment"]),
            gettext_lazy("已退回拟稿人。"),
            DeclineForm,
        ),
        "distribute": Handler(
            lambda user, d, data: services.document_distribute(by=user, document=d),
            gettext_lazy("已分发，已通知各单位联络员签收。"),
        ),
        "receive": Handler(_receive, gettext_lazy("已签收。"), ReceiveForm),
        "remind": Handler(_remind, _reminded),
        "archive": Handler(
            lambda user, d, data: services.document_archive(by=user, document=d), gettext_lazy("已归档。")
        ),
        "correct": Handler(
            lambda user, d, data: services.document_correct(by=user, document=d),
            lambda c: _("已建立第%(version)s版（更正），请修改后送核、签发。") % {"version": c.version},
        ),
        "render_again": Handler(_render_again, gettext_lazy("已重新排队生成正式文本。")),
    },
)
document_step = STEPS.view


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


# Art 5: documents sent down, as the committee below receives them ---------------------------------------------------


@login_required
def upper_list(request: HttpRequest, committee_code: str) -> HttpResponse:
    """上级来文: the documents the committees above sent down to this one, those to sign for first."""
    committee = _committee(request, committee_code)
    receipts = selectors.upper_receipts_for(request.user, committee)
    page = Paginator(receipts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/upper_list.html",
        {"committee": committee, "page": page, "receipts": page.object_list},
    )


def _upper_redisplay(request: HttpRequest, receipt: CommitteeReceipt, forms_given: dict | None = None):
    return _detail(request, selectors.document_for(request.user, receipt.document_id))


UPPER_STEPS = StepRouter(
    CommitteeReceipt,
    url_name="documents:upper_step",
    get_object=lambda request, pk: selectors.upper_receipt_or_404(request.user, pk),
    redisplay=_upper_redisplay,
    handlers={
        "receive": Handler(
            lambda user, receipt, data: services.upper_receipt_confirm(by=user, receipt=receipt),
            gettext_lazy("已签收。可据此列入议程或交办督办事项。"),
        ),
    },
)
upper_step = UPPER_STEPS.view
