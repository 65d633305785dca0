"""Who may review and who may see an official document (Art 24, Art 4, Art 25).

Signing itself is Action.SIGN_IMPORTANT / Action.SIGN_GENERAL (committee/authority.py); drafting,
distributing and archiving are Action.MANAGE_COMMITTEE (the office); signing for a received document
is Action.ACT_FOR_UNIT (the unit's liaison).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Context, Decision, Scope, Who, paths, rule, shareable
from committee.models import Position

from .actions import REVIEW, VIEW, VIEW_ALL
from .models import Addressee, Document, Receipt

LEADERS_AND_OFFICE = (Position.DIRECTOR, Position.DEPUTY, Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
UNIT_POSITIONS = (Position.LIAISON, Position.UNIT_HEAD)


paths(Receipt, committee="document__committee", unit="unit")
paths(Addressee, committee="document__committee", unit="unit")


@rule(
    REVIEW,
    gettext_lazy("核稿"),
    restrict=lambda scope: scope.holding(Position.OFFICE_DIRECTOR),
    holders=lambda who: who.holding(Position.OFFICE_DIRECTOR),
)
def _review(ctx: Context) -> Decision:
    """Art 4: the office runs the daily work; its director checks a draft before it goes to the signer."""
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("核稿由办公室主任负责。"))


@rule(
    VIEW_ALL,
    gettext_lazy("查看全部公文"),
    restrict=lambda scope: scope.holding(*LEADERS_AND_OFFICE) | scope.viewer_above(),
    holders=lambda who: who.holding(*LEADERS_AND_OFFICE) | who.viewer_above(),
)
def _view_all(ctx: Context) -> Decision:
    """The office, the director and the deputies see every document of the committee, drafts included;
    a viewer of a parent committee reads them too."""
    if found := ctx.holding(*LEADERS_AND_OFFICE):
        return ctx.allow(found)
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    return ctx.deny(_("只有委员会领导和办公室人员可以查看全部公文。"))


def _view_restrict(scope: Scope) -> Q:
    """`_view` as a condition on documents: everything for the leadership, the office and viewers above;
    for a unit's liaison and head, the documents distributed to their unit."""
    addressed = Addressee.objects.filter(unit__in=scope.units(*UNIT_POSITIONS)).values("document")
    return scope.holding(*LEADERS_AND_OFFICE) | scope.viewer_above() | Q(distributed_at__isnull=False, pk__in=addressed)


def _view_holders(who: Who) -> Q:
    """`_view` as a condition on appointments: who sees this document."""
    everyone = who.holding(*LEADERS_AND_OFFICE) | who.viewer_above()
    document = who.obj
    if document.distributed_at is None:
        return everyone
    return everyone | (who.holding(*UNIT_POSITIONS) & Q(unit__in=document_unit_ids(document)))


@rule(VIEW, gettext_lazy("查看公文"), restrict=_view_restrict, holders=_view_holders)
def _view(ctx: Context) -> Decision:
    """A member unit's liaison and head see a document once it has been distributed to their unit
    (主送 or 抄送); nobody else outside the office and the leadership sees it."""
    everything = _view_all(ctx)
    if everything:
        return everything
    document = ctx.obj
    if getattr(document, "distributed_at", None) is not None:
        addressed = document_unit_ids(document)
        for appointment in ctx.held:
            if appointment.position in UNIT_POSITIONS and appointment.unit_id in addressed:
                return ctx.allow(appointment)
    return ctx.deny(_("该公文没有发给您所在的单位。"))


def document_unit_ids(document) -> set[int]:
    """The units a document is addressed to, read once per object."""
    cached = getattr(document, "_addressed_unit_ids", None)
    if cached is None:
        cached = set(document.addressees.values_list("unit_id", flat=True))
        document._addressed_unit_ids = cached
    return cached


shareable(Document, VIEW)
