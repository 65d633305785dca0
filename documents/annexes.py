"""Attachments (附件) of an official document (GB/T 9704 7.3.7): checking an upload, and putting uploaded PDFs
after the document with their 附件N mark.

Text attachments are typeset by the document's own template; an uploaded PDF is appended page for page after
the document (pypdf), its first page marked 附件N in 黑体 at the top left of the text block; Word and Excel
files are listed in the 附件说明 and sent with the document, not printed.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ANNEX_TYPES, AnnexKind


def annex_kind_of(upload) -> tuple[str, str]:
    """The kind of an uploaded attachment read from its content (PDF, Word, Excel) and its SHA-256; anything
    else, or a name that pretends to another type, is refused."""
    name = PurePath(upload.name or "").name
    limit = int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_("文件“%(name)s”超过了大小上限。") % {"name": name})
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    guessed = filetype.guess(content[:8192])
    found = ANNEX_TYPES.get(guessed.mime) if guessed else None
    if found is None:
        raise ValidationError(_("附件只接受 PDF、Word 和 Excel 文件（“%(name)s”不是）。") % {"name": name})
    kind, extensions = found
    if PurePath(name).suffix.lower().lstrip(".") not in extensions:
        raise ValidationError(_("文件“%(name)s”的扩展名与内容不符。") % {"name": name})
    if kind == AnnexKind.PDF:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            if not PdfReader(io.BytesIO(content)).pages:
                raise ValidationError(_("PDF文件“%(name)s”没有页面。") % {"name": name})
        except (PdfReadError, ValueError, KeyError) as exc:
            raise ValidationError(_("PDF文件“%(name)s”无法读取。") % {"name": name}) from exc
    return kind, hashlib.sha256(content).hexdigest()


def read_appendices(appended) -> list[tuple[int, bytes]]:
    """The bytes of the uploaded PDF attachments, with the number each bears (附件N, counted over all attachments)."""
    result = []
    for number, annex in appended:
        if annex.file:
            with annex.file.open("rb") as handle:
                result.append((number, handle.read()))
    return result


MARK_HTML = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }}
html {{ font-family: "黑体", "SimHei", "FandolHei", "Noto Sans CJK SC"; font-size: 16pt; line-height: 28.95pt; }}
body {{ margin: 0; }}
p {{ position: absolute; top: 37mm; left: 28mm; margin: 0; padding: 0 2pt; background: #fff; }}
</style></head><body><p>附件{number}</p></body></html>"""


def _mark_page(number: int):
    from pypdf import PdfReader

    from core.pdf import html_to_pdf

    return PdfReader(io.BytesIO(html_to_pdf(MARK_HTML.format(number=number)))).pages[0]


def append_pdfs(pdf: bytes, appendices: list[tuple[int, bytes]]) -> tuple[bytes, int]:
    """The document followed by each PDF attachment, its first page marked 附件N (top left of the text block,
    kept there on pages of another size). The document's own metadata stays."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for number, content in appendices:
        reader = PdfReader(io.BytesIO(content))
        first = len(writer.pages)
        writer.append(reader)
        page = writer.pages[first]
        mark = _mark_page(number)
        shift = float(page.mediabox.top) - float(mark.mediabox.top)
        page.merge_transformed_page(mark, Transformation().translate(float(page.mediabox.left), shift))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _may_change(by, document):
    from committee.authority import Action, require

    from .authority_rules import REVIEW
    from .models import DocumentState

    if document.is_signed or not document.is_editable:
        raise ValidationError(_("公文已送签发或已签发，附件不能再修改。"))
    require(by, REVIEW if document.state == DocumentState.IN_REVIEW else Action.MANAGE_COMMITTEE, document, lock=True)


def annex_add(*, by, document, title: str, text: str = "", upload=None):
    """Art 24: adds an attachment (附件) to a draft — a text typeset after it, or a PDF, Word or Excel file —
    numbered after the ones it has."""
    from django.db import transaction

    from .models import Document, DocumentAnnex

    title, text = title.strip(), text.strip()
    if not title:
        raise ValidationError({"title": _("请填写附件名称。")})
    if bool(text) == bool(upload):
        raise ValidationError(_("请填写附件正文或上传一个文件（二者选一）。"))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        _may_change(by, document)
        annex = DocumentAnnex(document=document, title=title, text=text)
        if upload is not None:
            annex.kind, annex.sha256 = annex_kind_of(upload)
            annex.file_name = PurePath(upload.name or "").name[:200]
            annex.file.save(upload.name or "annex", upload, save=False)
        last = document.annexes.order_by("-position").values_list("position", flat=True).first()
        annex.position = (last or 0) + 1
        annex.save()
    return annex


def annex_remove(*, by, annex) -> None:
    """Removes an attachment from a draft; the ones after it move up a number."""
    from django.db import transaction

    from .models import Document

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=annex.document_id)
        _may_change(by, document)
        annex.delete()
        for position, later in enumerate(document.annexes.order_by("position", "pk"), start=1):
            if later.position != position:
                later.position = position
                later.save(update_fields=["position"])
