"""What official documents wait for a person (part of 我的待办, UI.md): drafts to review, documents to sign,
to distribute or to chase, and documents to sign for.

One query for the first few documents of each kind and how many there are (`first_of_each`), one for the
receipts to sign for; the rest are behind a link to the document list filtered to them. Ten years of documents
cost what one year costs.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, decide, held_by
from committee.models import Committee
from committee.todo import TodoItem, changes_at, first_items, first_of, first_of_each, provider
from core.models import RenderJob

from .authority_rules import RECEIVE_UPPER, REVIEW
from .models import (
    Addressee,
    Classification,
    CommitteeAddressee,
    Document,
    DocumentState,
    Receipt,
    RenderStatus,
)
from .renderers import OFFICIAL
from .selectors import pending_receipts_for, upper_receipts_to_sign

# A unit is asked to sign for a document within this many days of its distribution.
RECEIPT_DUE = datetime.timedelta(days=3)


def _list_url(committee: Committee, query: str) -> str:
    return reverse("documents:list", kwargs={"committee_code": committee.code}) + query


@changes_at
def receipt_changes(user, committee: Committee, now: datetime.datetime) -> datetime.datetime | None:
    """A receipt not signed for turns late (red) three days after its document went out."""
    first = Document.objects.filter(state=DocumentState.DISTRIBUTED, distributed_at__gte=now - RECEIPT_DUE).aggregate(
        first=Min("distributed_at")
    )["first"]
    return first and first + RECEIPT_DUE


@provider
def document_todo(user, committee: Committee) -> list[TodoItem]:
    held = held_by(user, committee)
    if not held:
        return []
    wanted = []  # the documents waiting for this person, by state
    if decide(user, REVIEW, committee, held=held):
        wanted.append(Q(state=DocumentState.IN_REVIEW))
    signable = [
        classification
        for classification, action in (
            (Classification.IMPORTANT, Action.SIGN_IMPORTANT),
            (Classification.GENERAL, Action.SIGN_GENERAL),
        )
        if decide(user, action, committee, held=held)
    ]
    if signable:
        wanted.append(Q(state=DocumentState.AWAITING_SIGNATURE, classification__in=signable))
    waiting = Receipt.objects.filter(document=OuterRef("pk"), received_at__isnull=True)
    if decide(user, Action.MANAGE_COMMITTEE, committee, held=held):
        wanted.append(Q(state__in=[DocumentState.RETURNED, DocumentState.SIGNED]))
        wanted.append(Q(Exists(waiting), state=DocumentState.DISTRIBUTED))
    items = _document_items(committee, wanted, waiting, signable) if wanted else []
    if any(a.unit_id for a in held):
        items += _receipt_items(user, committee)
    if committee.parent_id and decide(user, RECEIVE_UPPER, committee, held=held):
        items += _upper_items(user, committee)
    return items


def _document_items(committee: Committee, wanted: list[Q], waiting, signable: list[str]) -> list[TodoItem]:
    """Drafts to review, documents to sign, drafts sent back, signed documents to distribute (or whose PDF
    failed), distributed documents some units have not signed for: the first few of each state and how many,
    in one query."""
    condition = wanted[0]
    for more in wanted[1:]:
        condition |= more
    job = RenderJob.objects.filter(
        kind=OFFICIAL, subject_type=ContentType.objects.get_for_model(Document), subject_id=OuterRef("pk")
    )
    documents = (
        Document.objects.filter(condition, committee=committee)
        .annotate(
            pending=Subquery(waiting.order_by().values("document").annotate(n=Count("pk")).values("n")),
            job_status=Subquery(job.values("status")[:1]),
            addressed=Exists(Addressee.objects.filter(document=OuterRef("pk")))
            | Exists(CommitteeAddressee.objects.filter(document=OuterRef("pk"))),
        )
        .only("pk", "committee_id", "state", "classification", "title", "doc_number", "created_at", "distributed_at")
    )
    found = first_of_each(documents, by=["state"], order=["created_at"])
    of = found.of
    now = timezone.now()
    items: list[TodoItem] = []
    rows, total = of(DocumentState.IN_REVIEW)
    items += first_items(
        [
            TodoItem(title=_("请核稿：%(title)s") % {"title": d.title}, url=d.get_absolute_url(), tone="warning")
            for d in rows
        ],
        total,
        more=_("还有%(n)s份公文待核稿"),
        url=_list_url(committee, f"?state={DocumentState.IN_REVIEW}"),
    )
    rows, total = of(DocumentState.AWAITING_SIGNATURE)
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
    rows, total = of(DocumentState.RETURNED)
    items += first_items(
        [
            TodoItem(title=_("退回修改：%(title)s") % {"title": d.title}, url=d.get_absolute_url(), tone="danger")
            for d in rows
        ],
        total,
        more=_("还有%(n)s份公文退回修改"),
        url=_list_url(committee, f"?state={DocumentState.RETURNED}"),
    )
    # Signed, not yet distributed: those whose PDF is ready go out, those whose PDF failed are rendered again.
    rows, total = of(DocumentState.SIGNED)
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
            if d.job_status == RenderStatus.FAILED or (d.job_status == RenderStatus.DONE and d.addressed)
        ],
        total,
        more=_("还有%(n)s份已签发公文待分发"),
        url=_list_url(committee, f"?state={DocumentState.SIGNED}"),
    )
    rows, total = of(DocumentState.DISTRIBUTED)
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


def _upper_items(user, committee: Committee) -> list[TodoItem]:
    """The committee's office (Art 5): documents the committee above sent down, to sign for, the longest waiting
    first."""
    receipts = upper_receipts_to_sign(user, committee, held=held_by(user))
    rows, total = first_of(receipts.order_by("document__distributed_at", "pk"))
    now = timezone.now()
    items = []
    for receipt in rows:
        document = receipt.document
        due = document.distributed_at + RECEIPT_DUE
        items.append(
            TodoItem(
                title=_("签收上级来文：%(number)s %(title)s")
                % {"number": document.doc_number, "title": document.title},
                url=document.get_absolute_url(),
                detail=_("%(issuer)s发文") % {"issuer": document.issuer_name},
                due=due,
                tone="danger" if now > due else "warning",
            )
        )
    url = reverse("documents:upper_list", kwargs={"committee_code": committee.code})
    return first_items(items, total, more=_("还有%(n)s份上级来文待签收"), url=url)
