"""Who may review and who may see an official document (Art 24, Art 4, Art 25).

Signing itself is Action.SIGN_IMPORTANT / Action.SIGN_GENERAL (committee/authority.py); drafting,
distributing and archiving are Action.MANAGE_COMMITTEE (the office); signing for a received document
is Action.ACT_FOR_UNIT (the unit's liaison).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Context, Decision, Scope, Who, held_by, paths, rule, shareable
from committee.models import Position

from .actions import RECEIVE_UPPER, REVIEW, VIEW, VIEW_ALL, VIEW_UPPER
from .models import Addressee, CommitteeAddressee, CommitteeReceipt, Document, Receipt

LEADERS_AND_OFFICE = (Position.DIRECTOR, Position.DEPUTY, Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
UNIT_POSITIONS = (Position.LIAISON, Position.UNIT_HEAD)


paths(Receipt, committee="document__committee", unit="unit")
paths(Addressee, committee="document__committee", unit="unit")
# A receipt of a document sent down belongs to the committee that received it: its office signs for it.
paths(CommitteeReceipt, committee="committee")


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
    for a unit's liaison and head, the documents distributed to their unit; for the leadership and office of a
    committee below, the documents distributed to their committee (Art 5)."""
    addressed = Addressee.objects.filter(unit__in=scope.units(*UNIT_POSITIONS)).values("document")
    sent_down = CommitteeAddressee.objects.filter(committee__in=scope.committees(*LEADERS_AND_OFFICE)).values(
        "document"
    )
    return (
        scope.holding(*LEADERS_AND_OFFICE)
        | scope.viewer_above()
        | Q(distributed_at__isnull=False, pk__in=addressed)
        | Q(distributed_at__isnull=False, pk__in=sent_down)
    )


def _view_holders(who: Who) -> Q:
    """`_view` as a condition on appointments: who sees this document."""
    everyone = who.holding(*LEADERS_AND_OFFICE) | who.viewer_above()
    document = who.obj
    if document.distributed_at is None:
        return everyone
    return (
        everyone
        | (who.holding(*UNIT_POSITIONS) & Q(unit__in=document_unit_ids(document)))
        | Q(committee__in=document_committee_ids(document), position__in=LEADERS_AND_OFFICE)
    )


@rule(VIEW, gettext_lazy("查看公文"), restrict=_view_restrict, holders=_view_holders)
def _view(ctx: Context) -> Decision:
    """A member unit's liaison and head see a document once it has been distributed to their unit
    (主送 or 抄送), and the leadership and office of a committee below once it has been distributed to their
    committee; nobody else outside the office and the leadership sees it (a draft never leaves the issuer)."""
    everything = _view_all(ctx)
    if everything:
        return everything
    document = ctx.obj
    if getattr(document, "distributed_at", None) is not None:
        addressed = document_unit_ids(document)
        for appointment in ctx.held:
            if appointment.position in UNIT_POSITIONS and appointment.unit_id in addressed:
                return ctx.allow(appointment)
        if found := _held_in(ctx, document_committee_ids(document), LEADERS_AND_OFFICE):
            return ctx.allow(found)
    return ctx.deny(_("该公文没有发给您所在的单位。"))


def _held_in(ctx: Context, committee_ids: set[int], positions) -> object | None:
    """The user's appointment in one of `positions` in one of `committee_ids`, in force on the day asked about
    (`ctx.held` holds only those in the committee the object belongs to)."""
    if not committee_ids:
        return None
    held = held_by(ctx.user, on=timezone.localdate(ctx.at))
    return next((a for a in held if a.committee_id in committee_ids and a.position in positions), None)


def document_unit_ids(document) -> set[int]:
    """The units a document is addressed to, read once per object."""
    cached = getattr(document, "_addressed_unit_ids", None)
    if cached is None:
        cached = set(document.addressees.values_list("unit_id", flat=True))
        document._addressed_unit_ids = cached
    return cached


def document_committee_ids(document) -> set[int]:
    """The committees below a document is addressed to, read once per object."""
    cached = getattr(document, "_addressed_committee_ids", None)
    if cached is None:
        cached = set(document.committee_addressees.values_list("committee_id", flat=True))
        document._addressed_committee_ids = cached
    return cached


@rule(
    RECEIVE_UPPER,
    gettext_lazy("签收上级来文"),
    restrict=lambda scope: scope.holding(*OFFICE),
    holders=lambda who: who.holding(*OFFICE),
)
def _receive_upper(ctx: Context) -> Decision:
    """Art 5 (and Art 4: the office runs the daily work): the office of the committee a document was sent down to
    signs for it, its director or its staff; nobody else, in that committee or another."""
    if found := ctx.holding(*OFFICE):
        return ctx.allow(found)
    return ctx.deny(_("上级来文由本委员会办公室签收。"))


@rule(
    VIEW_UPPER,
    gettext_lazy("查看上级来文签收情况"),
    restrict=lambda scope: (
        scope.holding(*LEADERS_AND_OFFICE)
        | scope.viewer_above()
        | Q(document__committee__in=scope.committees(*LEADERS_AND_OFFICE))
    ),
    holders=lambda who: (
        who.holding(*LEADERS_AND_OFFICE)
        | who.viewer_above()
        | Q(committee=who.obj.document.committee_id, position__in=LEADERS_AND_OFFICE)
    ),
)
def _view_upper(ctx: Context) -> Decision:
    """Who sees a committee's receipt of a document sent down: the receiving committee's leadership and office,
    the viewers above it, and the leadership and office of the committee that issued the document."""
    if found := ctx.holding(*LEADERS_AND_OFFICE):
        return ctx.allow(found)
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    if found := _held_in(ctx, {ctx.obj.document.committee_id}, LEADERS_AND_OFFICE):
        return ctx.allow(found)
    return ctx.deny(_("您不能查看该委员会的收文情况。"))


shareable(Document, VIEW)
