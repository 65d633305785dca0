"""Reads of official documents, filtered in the query by what the user may see (Art 24, Art 25)."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from committee.authority import Action, decide, restrict
from committee.models import Committee

from .authority_rules import VIEW
from .models import Document, DocumentKind, DocumentState, NumberCounter, NumberSeries, Receipt


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
