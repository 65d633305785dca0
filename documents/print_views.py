"""Pages around the printed document: the draft preview, the Word export and import, the attachments, and the
verification page the QR code of a signed PDF leads to."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committee.authority import Action, NotAllowed, decide, get_visible_or_404
from committee.models import Committee
from committee.web import BootstrapMixin, submit
from core.rendering import render_job_of

from . import annexes, rendering, selectors, word
from .authority_rules import REVIEW
from .forms import DocumentForm
from .models import Document, DocumentAnnex, DocumentState
from .renderers import OFFICIAL


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """草稿预览: the current text as it will print, marked 草稿 on every page, without number, seal or QR code;
    for whoever may see the document (the drafter, the reviewer, the signer)."""
    document = selectors.document_for(request.user, pk)
    rendered = rendering.document_pdf(document, draft=True)
    return _pdf_response(rendered.pdf, f"{document.title[:40]}（草稿）.pdf")


@login_required
def document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The document as a Word file (.docx), laid out like the PDF as far as Word allows."""
    document = selectors.document_for(request.user, pk)
    content = word.document_docx(document)
    name = f"{document.doc_number or document.title[:40]}.docx"
    response = HttpResponse(content, content_type=word.DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


class WordImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Word文件"), help_text=gettext_lazy("导入.docx文件的文字：第一段作标题，其余作正文。")
    )


@login_required
def document_import_word(request: HttpRequest, committee_code: str) -> HttpResponse:
    """拟稿 from a Word file: its first paragraph becomes the title, the rest the body, in the draft form,
    which the drafter checks and saves as usual."""
    committee = get_visible_or_404(request.user, Committee.objects.all(), code=committee_code)
    permitted = decide(request.user, Action.MANAGE_COMMITTEE, committee)
    if not permitted:
        messages.error(request, permitted.reason)
        return redirect("documents:list", committee_code=committee.code)
    upload = WordImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload.is_valid():
        try:
            title, body = word.docx_text(upload.cleaned_data["file"])
        except ValidationError as exc:
            upload.add_error("file", exc)
        else:
            initial = {"with_seal": True, "classification": "general", "title": title, "body": body}
            form = DocumentForm(committee=committee, initial=initial)
            messages.info(request, _("已导入Word文件的文字，请核对后保存草稿。"))
            return render(
                request,
                "documents/document_form.html",
                {"committee": committee, "form": form, "records": None, "records_value": "", "word_form": upload},
            )
    return render(request, "documents/word_import.html", {"committee": committee, "form": upload})


class AnnexForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("附件名称"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("附件正文"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=gettext_lazy("文字附件排在公文之后，另起一页，印“附件N”和标题。"),
    )
    file = forms.FileField(
        label=gettext_lazy("或上传文件"),
        required=False,
        help_text=gettext_lazy("PDF附件印在公文之后；Word、Excel附件列入附件说明，随文分发。"),
    )


def _editable(request: HttpRequest, document: Document):
    action = REVIEW if document.state == DocumentState.IN_REVIEW else Action.MANAGE_COMMITTEE
    return decide(request.user, action, document) if document.is_editable else None


@login_required
def document_annexes(request: HttpRequest, pk: int) -> HttpResponse:
    """附件: the document's attachments in order; added and removed while the draft may be changed."""
    document = selectors.document_for(request.user, pk)
    permitted = _editable(request, document)
    form = AnnexForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not permitted:
            messages.error(request, permitted.reason if permitted is not None else _("该公文当前不能修改。"))
            return redirect("documents:annexes", pk=document.pk)
        added = submit(
            request,
            form,
            lambda data: annexes.annex_add(
                by=request.user, document=document, title=data["title"], text=data["text"], upload=data["file"]
            ),
        )
        if added is not None:
            messages.success(request, _("已添加附件。"))
            return redirect("documents:annexes", pk=document.pk)
    return render(
        request,
        "documents/annexes.html",
        {
            "committee": document.committee,
            "document": document,
            "annexes": list(document.annexes.all()),
            "form": form,
            "may_edit": bool(permitted),
        },
    )


@login_required
@require_POST
def document_annex_remove(request: HttpRequest, pk: int, annex_id: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    annex = get_object_or_404(DocumentAnnex, pk=annex_id, document=document)
    try:
        annexes.annex_remove(by=request.user, annex=annex)
    except NotAllowed as exc:
        messages.error(request, exc.decision.reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已删除附件。"))
    return redirect("documents:annexes", pk=document.pk)


def _verified(code: str) -> Document:
    pk_text, _sep, prefix = code.partition("-")
    if not pk_text.isdigit() or len(prefix) < 12:
        raise Http404
    document = (
        Document.objects.select_related("committee")
        .filter(pk=int(pk_text), signed_at__isnull=False, content_sha256__startswith=prefix)
        .first()
    )
    if document is None:
        raise Http404
    return document


class VerifyForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("待核验的PDF文件"))


def document_verify(request: HttpRequest, code: str) -> HttpResponse:
    """扫码核验: what the QR code of a signed PDF leads to — 文号, issuer, signer, date and the SHA-256 of the
    issued PDF — and whether an uploaded file is that PDF. For logged-in users unless DOCUMENT_VERIFY_PUBLIC."""
    if not settings.DOCUMENT_VERIFY_PUBLIC and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = _verified(code)
    job = render_job_of(OFFICIAL, document)
    issued_sha256 = job.sha256 if job is not None and job.is_ready else ""
    form = VerifyForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            digest.update(chunk)
        outcome = {"sha256": digest.hexdigest(), "same": bool(issued_sha256) and digest.hexdigest() == issued_sha256}
    return render(
        request,
        "documents/verify.html",
        {
            "document": document,
            "issuer": document.issuer_name,
            "issued_sha256": issued_sha256,
            "form": form,
            "outcome": outcome,
        },
    )
