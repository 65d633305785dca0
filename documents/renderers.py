"""The PDFs official documents render through the one render job (core.rendering)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import decide
from core.rendering import Rendered, RenderRefused, register_renderer

from . import rendering
from .authority_rules import VIEW

OFFICIAL = "documents.official"


def _check(document) -> None:
    if not document.is_signed:
        raise RenderRefused(_("公文尚未签发，不能生成正式文本。"))
    if document.content_digest() != document.content_sha256:
        raise RenderRefused(_("公文内容与签发时的摘要不一致，拒绝生成。"))


def _render(document) -> Rendered:
    rendered = rendering.document_pdf(document)
    return Rendered(pdf=rendered.pdf, pages=rendered.pages)


def _path(job) -> str:
    document = job.subject
    year = document.doc_year or timezone.localdate().year
    return f"documents/{document.committee.code}/{year}/{document.pk}-v{document.version}.pdf"


register_renderer(
    OFFICIAL,
    model="documents.Document",
    render=_render,
    path=_path,
    check=_check,
    may_view=lambda user, document: bool(decide(user, VIEW, document)),
)
