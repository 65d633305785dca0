"""Art 5: how the committees below carry out a document sent down to them, column by column.

Each committee's receipt (签收) is the documents app's own; what a committee does next (follow-up tasks for its
units, ...) belongs to apps above this one, which register a column here in their `oversight.py` (found at
start-up), as they register the measures of the district oversight page. A column is the queryset of rows that
follow up documents, with the lookups from a row to its document and to the committee that owns it; the page
counts them per receipt with correlated subqueries of the one query that lists the receipts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from committee.authority import Action, decide
from committee.oversight import count_of


@dataclass(frozen=True)
class FollowColumn:
    """`rows()` are every row of the kind counted (a follow-up task, a closed one); `document` and `committee` are
    the lookups from a row to the document it follows up and to the committee below that owns it."""

    key: str
    label: object
    order: int
    rows: Callable[[], QuerySet]
    document: str
    committee: str = "committee"


COLUMNS: dict[str, FollowColumn] = {}


def follow_column(column: FollowColumn) -> FollowColumn:
    COLUMNS[column.key] = column
    return column


def follow_columns() -> list[FollowColumn]:
    return sorted(COLUMNS.values(), key=lambda c: (c.order, c.key))


def with_follow_counts(receipts: QuerySet, documents: QuerySet) -> QuerySet:
    """Each committee receipt annotated `follow_<key>` with the rows of every column that follow up its document in
    its committee, counted only for documents in `documents` (those the reader may follow: restricted already)."""
    annotations = {
        f"follow_{column.key}": count_of(
            column.rows().filter(
                **{
                    column.document: OuterRef("document"),
                    f"{column.document}__in": documents,
                    column.committee: OuterRef("committee"),
                }
            )
        )
        for column in follow_columns()
    }
    return receipts.annotate(**annotations)


@dataclass(frozen=True)
class FollowAction:
    """What the receiving committee may do with a document it signed for, offered on the document's page by the
    app that does it (meetings: 列入议程; duties: 交办督办事项): `url(receipt)` opens its form, `allowed(user,
    receipt)` asks the authority service."""

    key: str
    label: object
    order: int
    url: Callable[[object], str]
    allowed: Callable[[object, object], bool]


ACTIONS: dict[str, FollowAction] = {}


def follow_action(action: FollowAction) -> FollowAction:
    ACTIONS[action.key] = action
    return action


def follow_actions_for(user, receipt) -> list[tuple[str, str]]:
    """(label, url) of what `user` may do next with a signed-for document, in order; none before it is signed for."""
    if receipt.received_at is None:
        return []
    found = sorted(ACTIONS.values(), key=lambda a: (a.order, a.key))
    return [(str(a.label), a.url(receipt)) for a in found if a.allowed(user, receipt)]


def _agenda_url(receipt) -> str:
    """列入议程: the meetings' page for proposing an agenda item (`meetings:agenda_propose`), with the document's
    number and title as the item's text. Linked by its URL name: documents and meetings do not import each other."""

    document = receipt.document
    query = urlencode(
        {
            "title": f"研究贯彻落实{document.doc_number}《{document.title}》",
            "description": f"{document.issuer_name}来文{document.doc_number}，{receipt.get_role_display()}本委员会。",
        }
    )
    return reverse("meetings:agenda_propose", args=[receipt.committee.code]) + "?" + query


def _may_propose(user, receipt) -> bool:
    return apps.is_installed("meetings") and bool(decide(user, Action.MANAGE_COMMITTEE, receipt.committee))


follow_action(FollowAction("agenda", gettext_lazy("列入议程"), 10, _agenda_url, _may_propose))
