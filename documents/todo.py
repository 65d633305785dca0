"""What official documents wait for a person (part of 我的待办, UI.md): drafts to review, documents to sign,
to distribute or to chase, and documents to sign for."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, appointments_in_force, decide
from committee.models import Committee
from committee.todo import TodoItem, provider

from .authority_rules import REVIEW
from .models import Classification, Document, DocumentState, RenderStatus
from .selectors import pending_receipts_for

# A unit is asked to sign for a document within this many days of its distribution.
RECEIPT_DUE = datetime.timedelta(days=3)


@provider
def document_todo(user, committee: Committee) -> list[TodoItem]:
    everywhere = list(appointments_in_force(user, timezone.localdate()))
    held = [a for a in everywhere if a.committee_id == committee.pk]
    if not held:
        return []
    items: list[TodoItem] = []
    waiting = []
    if decide(user, REVIEW, committee, held=held):
        waiting.append(Q(state=DocumentState.IN_REVIEW))
    signable = [
        classification
        for classification, action in (
            (Classification.IMPORTANT, Action.SIGN_IMPORTANT),
            (Classification.GENERAL, Action.SIGN_GENERAL),
        )
        if decide(user, action, committee, held=held)
    ]
    if signable:
        waiting.append(Q(state=DocumentState.AWAITING_SIGNATURE, classification__in=signable))
    manage = decide(user, Action.MANAGE_COMMITTEE, committee, held=held)
    if manage:
        waiting.append(Q(state__in=[DocumentState.RETURNED, DocumentState.SIGNED, DocumentState.DISTRIBUTED]))
    if waiting:
        query = waiting[0]
        for extra in waiting[1:]:
            query |= extra
        documents = (
            Document.objects.filter(committee=committee)
            .filter(query)
            .prefetch_related("render_jobs")
            .annotate(
                pending=Count("receipts", filter=Q(receipts__received_at__isnull=True), distinct=True),
                addressed=Count("addressees", distinct=True),
            )
            .order_by("created_at")
        )
        for document in documents:
            item = _item(document, manage)
            if item is not None:
                items.append(item)
    if any(a.unit_id for a in held):
        for receipt in pending_receipts_for(user, committee, held=everywhere):
            document = receipt.document
            due = document.distributed_at + RECEIPT_DUE
            items.append(
                TodoItem(
                    title=_("请签收：%(number)s %(title)s") % {"number": document.doc_number, "title": document.title},
                    url=document.get_absolute_url(),
                    detail=_("%(unit)s · %(issuer)s发文")
                    % {"unit": receipt.unit.short_name, "issuer": document.issuer_name},
                    due=due,
                    tone="danger" if timezone.now() > due else "warning",
                )
            )
    return items


def _item(document: Document, manage: bool) -> TodoItem | None:
    url = document.get_absolute_url()
    state = document.state
    if state == DocumentState.IN_REVIEW:
        return TodoItem(title=_("请核稿：%(title)s") % {"title": document.title}, url=url, tone="warning")
    if state == DocumentState.AWAITING_SIGNATURE:
        return TodoItem(
            title=_("请签发：%(title)s") % {"title": document.title},
            url=url,
            detail=document.get_classification_display(),
            tone="warning",
        )
    if not manage:
        return None
    if state == DocumentState.RETURNED:
        return TodoItem(title=_("退回修改：%(title)s") % {"title": document.title}, url=url, tone="danger")
    job = document.render_job
    if state == DocumentState.SIGNED:
        if job is not None and job.status == RenderStatus.FAILED:
            return TodoItem(
                title=_("正式文本生成失败：%(number)s") % {"number": document.doc_number}, url=url, tone="danger"
            )
        if job is not None and job.status == RenderStatus.DONE and document.addressed:
            return TodoItem(
                title=_("待分发：%(number)s %(title)s") % {"number": document.doc_number, "title": document.title},
                url=url,
                tone="info",
            )
        return None
    if state == DocumentState.DISTRIBUTED and document.pending:
        due = document.distributed_at + RECEIPT_DUE
        return TodoItem(
            title=_("尚有%(n)s个单位未签收：%(number)s") % {"n": document.pending, "number": document.doc_number},
            url=url,
            detail=document.title,
            due=due,
            tone="danger" if timezone.now() > due else "warning",
        )
    return None
