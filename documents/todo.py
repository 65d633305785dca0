"""What official documents wait for a person (part of 我的待办, UI.md): drafts to review, documents to sign,
to distribute or to chase, and documents to sign for.

Each kind is one query, for its first few documents and how many there are (`first_of`); the rest are behind
a link to the document list filtered to them. Ten years of documents cost what one year costs.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, decide, held_by
from committee.models import Committee
from committee.todo import TodoItem, first_items, first_of, provider
from core.models import RenderJob

from .authority_rules import REVIEW
from .models import Addressee, Classification, Document, DocumentState, RenderStatus
from .renderers import OFFICIAL
from .selectors import pending_receipts_for

# A unit is asked to sign for a document within this many days of its distribution.
RECEIPT_DUE = datetime.timedelta(days=3)


def _list_url(committee: Committee, query: str) -> str:
    return reverse("documents:list", kwargs={"committee_code": committee.code}) + query


@provider
def document_todo(user, committee: Committee) -> list[TodoItem]:
    held = held_by(user, committee)
    if not held:
        return []
    items: list[TodoItem] = []
    documents = Document.objects.filter(committee=committee)
    if decide(user, REVIEW, committee, held=held):
        rows, total = first_of(documents.filter(state=DocumentState.IN_REVIEW).order_by("submitted_at", "pk"))
        items += first_items(
            [
                TodoItem(title=_("请核稿：%(title)s") % {"title": d.title}, url=d.get_absolute_url(), tone="warning")
                for d in rows
            ],
            total,
            more=_("还有%(n)s份公文待核稿"),
            url=_list_url(committee, f"?state={DocumentState.IN_REVIEW}"),
        )
    signable = [
        classification
        for classification, action in (
            (Classification.IMPORTANT, Action.SIGN_IMPORTANT),
            (Classification.GENERAL, Action.SIGN_GENERAL),
        )
        if decide(user, action, committee, held=held)
    ]
    if signable:
        waiting = documents.filter(state=DocumentState.AWAITING_SIGNATURE, classification__in=signable)
        rows, total = first_of(waiting.order_by("reviewed_at", "pk"))
        query = f"?state={DocumentState.AWAITING_SIGNATURE}"
        if len(signable) == 1:
            query += f"&classification={signable[0]}"
        items += first_items(
            [
                TodoItem(
                    title=_("请签发：%(title)s") % {"title": d.title},
                    url=d.get_absolute_url(),
                    detail=d.get_classification_display(),
                    tone="warning",
                )
                for d in rows
            ],
            total,
            more=_("还有%(n)s份公文待签发"),
            url=_list_url(committee, query),
        )
    if decide(user, Action.MANAGE_COMMITTEE, committee, held=held):
        items += _office_items(committee, documents)
    if any(a.unit_id for a in held):
        items += _receipt_items(user, committee)
    return items


def _office_items(committee: Committee, documents) -> list[TodoItem]:
    """The office's part: drafts sent back, signed documents to distribute (or whose PDF failed), and distributed
    documents some units have not signed for."""
    items: list[TodoItem] = []
    rows, total = first_of(documents.filter(state=DocumentState.RETURNED).order_by("created_at", "pk"))
    items += first_items(
        [
            TodoItem(title=_("退回修改：%(title)s") % {"title": d.title}, url=d.get_absolute_url(), tone="danger")
            for d in rows
        ],
        total,
        more=_("还有%(n)s份公文退回修改"),
        url=_list_url(committee, f"?state={DocumentState.RETURNED}"),
    )
    job = RenderJob.objects.filter(
        kind=OFFICIAL, subject_type=ContentType.objects.get_for_model(Document), subject_id=OuterRef("pk")
    )
    # Signed, not yet distributed: those whose PDF is ready go out, those whose PDF failed are rendered again.
    rows, total = first_of(
        documents.filter(state=DocumentState.SIGNED)
        .annotate(
            job_status=Subquery(job.values("status")[:1]),
            addressed=Exists(Addressee.objects.filter(document=OuterRef("pk"))),
        )
        .order_by("signed_at", "pk")
    )
    rows = [
        d for d in rows if d.job_status == RenderStatus.FAILED or (d.job_status == RenderStatus.DONE and d.addressed)
    ]
    items += first_items(
        [
            TodoItem(
                title=_("正式文本生成失败：%(number)s") % {"number": d.doc_number},
                url=d.get_absolute_url(),
                tone="danger",
            )
            if d.job_status == RenderStatus.FAILED
            else TodoItem(
                title=_("待分发：%(number)s %(title)s") % {"number": d.doc_number, "title": d.title},
                url=d.get_absolute_url(),
                tone="info",
            )
            for d in rows
        ],
        total,
        more=_("还有%(n)s份已签发公文待分发"),
        url=_list_url(committee, f"?state={DocumentState.SIGNED}"),
    )
    chasing = (
        documents.filter(state=DocumentState.DISTRIBUTED)
        .annotate(pending=Count("receipts", filter=Q(receipts__received_at__isnull=True)))
        .filter(pending__gt=0)
        .order_by("distributed_at", "pk")
    )
    rows, total = first_of(chasing)
    now = timezone.now()
    items += first_items(
        [
            TodoItem(
                title=_("尚有%(n)s个单位未签收：%(number)s") % {"n": d.pending, "number": d.doc_number},
                url=d.get_absolute_url(),
                detail=d.title,
                due=d.distributed_at + RECEIPT_DUE,
                tone="danger" if now > d.distributed_at + RECEIPT_DUE else "warning",
            )
            for d in rows
        ],
        total,
        more=_("还有%(n)s份公文尚有单位未签收"),
        url=_list_url(committee, f"?state={DocumentState.DISTRIBUTED}&receipts=pending"),
    )
    return items


def _receipt_items(user, committee: Committee) -> list[TodoItem]:
    """A unit's liaison: documents to sign for, the longest waiting first."""
    receipts = pending_receipts_for(user, committee, held=held_by(user)).select_related("document__committee", "unit")
    rows, total = first_of(receipts.order_by("document__distributed_at", "pk"))
    now = timezone.now()
    items = []
    for receipt in rows:
        document = receipt.document
        due = document.distributed_at + RECEIPT_DUE
        items.append(
            TodoItem(
                title=_("请签收：%(number)s %(title)s") % {"number": document.doc_number, "title": document.title},
                url=document.get_absolute_url(),
                detail=_("%(unit)s · %(issuer)s发文")
                % {"unit": receipt.unit.short_name, "issuer": document.issuer_name},
                due=due,
                tone="danger" if now > due else "warning",
            )
        )
    query = "?receipts=pending" + (f"&unit={rows[0].unit_id}" if rows else "")
    return first_items(items, total, more=_("还有%(n)s份公文待签收"), url=_list_url(committee, query))
