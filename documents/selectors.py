"""Reads of official documents, filtered in the query by what the user may see (Art 24, Art 25)."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from committee.authority import Action, decide, restrict
from committee.models import Committee

from .authority_rules import RECEIVE_UPPER, VIEW, VIEW_ALL, VIEW_UPPER
from .follow import with_follow_counts
from .models import (
    CommitteeReceipt,
    Document,
    DocumentKind,
    DocumentState,
    NumberCounter,
    NumberSeries,
    Receipt,
    UpperReceiptState,
)


def documents_visible_to(user, committee: Committee) -> QuerySet[Document]:
    """The committee's documents the user may see (`documents.view`), in the query."""
    return restrict(Document.objects.filter(committee=committee), user, VIEW)


def receipts_to_sign(user, queryset: QuerySet[Receipt], held=None) -> QuerySet[Receipt]:
    """Of these receipts, those the user may sign for (`ACT_FOR_UNIT`: the unit's liaison), not yet signed."""
    return restrict(queryset.filter(received_at__isnull=True), user, Action.ACT_FOR_UNIT, held=held)


def document_rows(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """List rows: the committee for the prefix, the render state, and receipt counts, without a query per row."""
    # Counted per row shown (subqueries), not by joining every receipt of every document and grouping: the
    # page's LIMIT then applies before the counting, and the paginator's count needs no join.
    receipts = Receipt.objects.filter(document=OuterRef("pk")).order_by().values("document")
    return (
        queryset.select_related("committee")
        .prefetch_related("render_jobs")
        .annotate(
            receipts_total=Coalesce(Subquery(receipts.annotate(n=Count("pk")).values("n")), 0),
            receipts_done=Coalesce(
                Subquery(receipts.filter(received_at__isnull=False).annotate(n=Count("pk")).values("n")), 0
            ),
        )
        .order_by("-created_at", "-pk")
    )


def document_for(user, pk: int) -> Document:
    """Fetch-and-authorise: the document if the user may see it, else 404."""
    document = (
        Document.objects.select_related(
            "committee",
            "drafted_by__person",
            "reviewed_by__person",
            "signed_by__person",
            "signed_under",
            "distributed_by__person",
            "archived_by__person",
            "corrects",
            "records_type",
        )
        .filter(pk=pk)
        .first()
    )
    if document is None or not decide(user, VIEW, document):
        raise Http404
    return document


def pending_receipts_for(user, committee: Committee, held=None) -> QuerySet[Receipt]:
    """Receipts of distributed documents the user signs for and has not yet signed."""
    receipts = Receipt.objects.filter(document__committee=committee, document__state=DocumentState.DISTRIBUTED)
    return receipts_to_sign(user, receipts, held).select_related("document", "unit")


def highest_serial_issued(counter: NumberCounter) -> int:
    """The highest serial a document of the counter's issuer and year bears (0 if none): the floor of the counter."""
    documents = Document.objects.filter(
        committee_id=counter.committee_id, classification=counter.classification, doc_year=counter.year
    )
    minutes = Q(kind=DocumentKind.MINUTES)
    documents = documents.filter(minutes if counter.series == NumberSeries.MINUTES else ~minutes)
    return documents.aggregate(highest=Max("doc_serial"))["highest"] or 0


# Art 5: documents sent down to the committees below ----------------------------------------------------------------


def upper_receipts_for(user, committee: Committee) -> QuerySet[CommitteeReceipt]:
    """上级来文: the documents sent down to `committee` that the user may see (its leadership, its office, viewers
    above), those still to sign for first, then the newest."""
    receipts = CommitteeReceipt.objects.filter(committee=committee)
    return (
        restrict(receipts, user, VIEW_UPPER)
        .select_related("document__committee", "committee", "received_by__person")
        .order_by("state", "-document__distributed_at", "-pk")
    )


def upper_receipts_to_sign(user, committee: Committee | None = None, held=None) -> QuerySet[CommitteeReceipt]:
    """The documents sent down to `committee` (by default: to any committee) that the user signs for (its office) and
    nobody has signed for yet."""
    receipts = CommitteeReceipt.objects.filter(state=UpperReceiptState.PENDING)
    if committee is not None:
        receipts = receipts.filter(committee=committee)
    return restrict(receipts, user, RECEIVE_UPPER, held=held).select_related("document__committee")


def upper_receipt_or_404(user, pk: int) -> CommitteeReceipt:
    """Fetch-and-authorise: a committee's receipt if the user may see it, else 404."""
    receipt = CommitteeReceipt.objects.select_related("document__committee", "committee").filter(pk=pk).first()
    if receipt is None or not decide(user, VIEW_UPPER, receipt):
        raise Http404
    return receipt


def receipts_below(user, document: Document) -> QuerySet[CommitteeReceipt]:
    """The issuer's view of a document sent down: per committee below, its receipt and what each app counts of its
    follow-up (tasks created, tasks done), for a document the user may see in full (`VIEW_ALL`), else none."""
    followed = restrict(Document.objects.filter(pk=document.pk), user, VIEW_ALL)
    receipts = restrict(document.committee_receipts.all(), user, VIEW_UPPER).filter(document__in=followed)
    return with_follow_counts(
        receipts.select_related("committee", "received_by__person", "received_under"), followed
    ).order_by("role", "committee__code")
