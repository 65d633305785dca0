"""Reads of official documents, filtered in the query by what the user may see (Art 24, Art 25)."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from committee.authority import decide
from committee.models import Appointment, Committee, Position

from .authority_rules import UNIT_POSITIONS, VIEW, VIEW_ALL
from .models import Document, DocumentState, NumberCounter, Receipt


def user_unit_ids(user, committee: Committee) -> list[int]:
    """The units whose head or liaison the user is today."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Appointment.objects.in_force()
        .filter(person__user=user, committee=committee, position__in=UNIT_POSITIONS)
        .values_list("unit_id", flat=True)
    )


def documents_visible_to(user, committee: Committee) -> QuerySet[Document]:
    """The office, the director and the deputies see every document; a unit's liaison and head see the
    documents distributed to their unit (主送 or 抄送). The same rule as `documents.view`, in one query."""
    documents = Document.objects.filter(committee=committee)
    if decide(user, VIEW_ALL, committee):
        return documents
    units = user_unit_ids(user, committee)
    if not units:
        return documents.none()
    addressed = Document.objects.filter(addressees__unit__in=units).values("pk")
    return documents.filter(distributed_at__isnull=False, pk__in=addressed)


def document_rows(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """List rows: the committee for the prefix, the render state, and receipt counts, without a query per row."""
    return (
        queryset.select_related("committee")
        .prefetch_related("render_jobs")
        .annotate(
            receipts_total=Count("receipts", distinct=True),
            receipts_done=Count("receipts", filter=Q(receipts__received_at__isnull=False), distinct=True),
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


def pending_receipts_for(user, committee: Committee) -> QuerySet[Receipt]:
    """Receipts the user signs as liaison and has not yet signed."""
    units = list(
        Appointment.objects.in_force()
        .filter(person__user=user, committee=committee, position=Position.LIAISON)
        .values_list("unit_id", flat=True)
    )
    return Receipt.objects.filter(
        unit_id__in=units, received_at__isnull=True, document__state=DocumentState.DISTRIBUTED
    ).select_related("document", "unit")


def highest_serial_issued(counter: NumberCounter) -> int:
    """The highest serial a document of the counter's issuer and year bears (0 if none): the floor of the counter."""
    documents = Document.objects.filter(
        committee_id=counter.committee_id, classification=counter.classification, doc_year=counter.year
    )
    return documents.aggregate(highest=Max("doc_serial"))["highest"] or 0
