"""The one place that answers: may this person do this to that, now, and in what capacity?

Powers come only from appointments (Arts 3, 4, 25) and delegations (Arts 21, 23, 24) in force
at the moment asked about. Views, forms, admin actions, tasks and list filters all ask here;
nothing else decides who may chair, approve, sign or edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import MemberUnit

from .locks import locked
from .models import Appointment, Committee, Delegation, Position, Power


class Action(StrEnum):
    VIEW_COMMITTEE = "view_committee"
    MANAGE_COMMITTEE = "manage_committee"
    CHAIR_MEETING = "chair_meeting"
    DECIDE_IMPORTANT = "decide_important"
    APPROVE_INSPECTION = "approve_inspection"
    SIGN_IMPORTANT = "sign_important"
    SIGN_GENERAL = "sign_general"
    DELEGATE = "delegate"
    VIEW_UNIT_AFFAIRS = "view_unit_affairs"
    ACT_FOR_UNIT = "act_for_unit"
    CONFIRM_FOR_UNIT = "confirm_for_unit"
    PROPOSE_MEMBER_CHANGE = "propose_member_change"
    CONFIRM_MEMBER_CHANGE = "confirm_member_change"
    PROPOSE_NEW_UNIT = "propose_new_unit"


# Actions the director holds and may entrust to a deputy, with the power that entrusts each.
DELEGABLE = {
    Action.CHAIR_MEETING: Power.CHAIR,
    Action.DECIDE_IMPORTANT: Power.DECIDE,
    Action.CONFIRM_MEMBER_CHANGE: Power.DECIDE,
    Action.APPROVE_INSPECTION: Power.APPROVE_INSPECTION,
    Action.SIGN_IMPORTANT: Power.SIGN,
}

ACTION_LABELS = {
    Action.VIEW_COMMITTEE: gettext_lazy("查看委员会事务"),
    Action.MANAGE_COMMITTEE: gettext_lazy("办理委员会日常工作"),
    Action.CHAIR_MEETING: gettext_lazy("主持会议"),
    Action.DECIDE_IMPORTANT: gettext_lazy("研究决定重要事项"),
    Action.APPROVE_INSPECTION: gettext_lazy("批准督导检查"),
    Action.SIGN_IMPORTANT: gettext_lazy("签发重要事项公文"),
    Action.SIGN_GENERAL: gettext_lazy("签发一般事项公文"),
    Action.DELEGATE: gettext_lazy("委托副主任"),
    Action.VIEW_UNIT_AFFAIRS: gettext_lazy("查看成员单位事务"),
    Action.ACT_FOR_UNIT: gettext_lazy("办理本单位事务"),
    Action.CONFIRM_FOR_UNIT: gettext_lazy("确认本单位事务"),
    Action.PROPOSE_MEMBER_CHANGE: gettext_lazy("提出成员调整"),
    Action.CONFIRM_MEMBER_CHANGE: gettext_lazy("确定成员调整"),
    Action.PROPOSE_NEW_UNIT: gettext_lazy("提请增加成员单位"),
}


@dataclass(frozen=True)
class Capacity:
    """In what capacity an act is done: the appointment behind it, and the delegation if any."""

    appointment: Appointment
    delegation: Delegation | None = None

    def __str__(self) -> str:
        position = self.appointment.get_position_display()
        if self.delegation is not None:
            return _("以%(position)s身份（第%(number)s号委托）") % {
                "position": position,
                "number": self.delegation.number,
            }
        if self.appointment.unit_id:
            return _("以%(unit)s%(position)s身份") % {"unit": self.appointment.unit.short_name, "position": position}
        return _("以%(position)s身份") % {"position": position}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    capacity: Capacity | None = None

    def __bool__(self) -> bool:
        return self.allowed


class NotAllowed(Exception):
    """Raised by `require`; views turn it into a message (or a 404 where the object must stay hidden)."""

    def __init__(self, decision: Decision):
        super().__init__(decision.reason)
        self.decision = decision


def committee_of(obj) -> Committee:
    if isinstance(obj, Committee):
        return obj
    committee = getattr(obj, "committee", None)
    if committee is None:
        raise TypeError(f"{obj!r} does not belong to a committee")
    return committee


def unit_of(obj) -> MemberUnit | None:
    if isinstance(obj, MemberUnit):
        return obj
    return getattr(obj, "unit", None)


def appointments_in_force(user, on: datetime.date, committee: Committee | None = None):
    """The user's appointments in force on a date, optionally in one committee."""
    if not getattr(user, "is_authenticated", False):
        return Appointment.objects.none()
    queryset = Appointment.objects.in_force(on).filter(person__user=user).select_related("person", "unit", "committee")
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset


_held_cache: ContextVar[dict | None] = ContextVar("authority_held_cache", default=None)


@contextmanager
def reading_once():
    """Within this block, each user's appointments in force are read once per committee and day.

    For pages that ask many questions at once (the work bench and its to-do providers). Never used
    around writes: a service that changes appointments then asks again would see the old answer.
    Locked decisions (`lock=True`) always read afresh.
    """
    token = _held_cache.set({})
    try:
        yield
    finally:
        _held_cache.reset(token)


def _held(user, on: datetime.date, committee: Committee, lock: bool) -> list[Appointment]:
    cache = None if lock else _held_cache.get()
    if cache is None:
        return list(appointments_in_force(user, on, committee))
    key = (user.pk, on, committee.pk)
    if key not in cache:
        cache[key] = list(appointments_in_force(user, on, committee))
    return cache[key]


def _delegations_of(deputy: Appointment, at: datetime.datetime, *, cached: bool) -> list[Delegation]:
    """The deputy's delegations in force at `at`, oldest first; read once per page inside `reading_once`."""
    cache = _held_cache.get() if cached else None
    key = ("delegations", deputy.pk)
    if cache is not None and key in cache:
        return cache[key]
    found = list(Delegation.objects.in_force(at).filter(deputy=deputy).order_by("starts_at"))
    if cache is not None:
        cache[key] = found
    return found


def _ancestors(committee: Committee) -> list[Committee]:
    chain, seen, current = [], {committee.pk}, committee.parent
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


@dataclass
class Context:
    """What a rule sees: who asks, about what, at which moment, holding which appointments."""

    user: object
    action: str
    obj: object
    committee: Committee
    unit: MemberUnit | None
    at: datetime.datetime
    explicit_at: datetime.datetime | None
    lock: bool
    held: list[Appointment]

    @property
    def label(self) -> str:
        return str(RULES[self.action].label)

    def holding(self, *positions: str, unit: MemberUnit | None = None) -> Appointment | None:
        """The first appointment in force in one of `positions` (in that order), of `unit` if given."""
        for position in positions:
            for appointment in self.held:
                if appointment.position == position and (unit is None or appointment.unit_id == unit.pk):
                    return appointment
        return None

    def allow(self, appointment: Appointment, delegation: Delegation | None = None) -> Decision:
        return Decision(True, "", Capacity(appointment, delegation))

    def deny(self, reason: str) -> Decision:
        return Decision(False, reason)

    def director_or_delegated(self, power: Power) -> Decision:
        """Arts 21, 23, 24: the director, or a deputy whose delegation covering `power` is in force."""
        if director := self.holding(Position.DIRECTOR):
            return self.allow(director)
        deputy = self.holding(Position.DEPUTY)
        if deputy is None:
            return self.deny(_("只有主任或受委托的副主任可以%(action)s。") % {"action": self.label})
        at = self.at
        if self.lock:
            # Wait for a revocation under way to commit, then judge at the moment the lock is held.
            list(locked(Delegation.objects.filter(deputy=deputy)).values_list("pk", flat=True))
            if self.explicit_at is None:
                at = timezone.now()
        delegation = next(
            (
                d
                for d in _delegations_of(deputy, at, cached=not self.lock and self.explicit_at is None)
                if d.grants(power)
            ),
            None,
        )
        if delegation is None:
            return self.deny(
                _("您是副主任，但此时没有在效的“%(power)s”委托，不能%(action)s。")
                % {"power": power.label, "action": self.label}
            )
        return self.allow(deputy, delegation)

    def viewer_above(self) -> Appointment | None:
        """A viewer appointment in a parent (or grandparent) committee: read-only oversight."""
        ancestors = _ancestors(self.committee)
        if not ancestors:
            return None
        return (
            appointments_in_force(self.user, timezone.localdate(self.at))
            .filter(position=Position.VIEWER, committee__in=ancestors)
            .select_related("person", "committee")
            .first()
        )


@dataclass(frozen=True)
class Rule:
    label: object
    check: Callable[[Context], Decision]


RULES: dict[str, Rule] = {}


def rule(action: str, label):
    """Registers the rule answering `action`. Apps register theirs in `authority_rules.py`, loaded at start-up;
    `decide` stays the one entry point."""

    def register(check: Callable[[Context], Decision]) -> Callable[[Context], Decision]:
        if action in RULES and RULES[action].check.__qualname__ != check.__qualname__:
            raise ImproperlyConfigured(f"two rules for the action {action!r}")
        RULES[str(action)] = Rule(label, check)
        return check

    return register


def decide(
    user,
    action: Action | str,
    obj,
    at: datetime.datetime | None = None,
    *,
    lock: bool = False,
    held: list[Appointment] | None = None,
) -> Decision:
    """Whether `user` may do `action` to `obj` at the moment `at` (now by default), and in what capacity.

    With `lock=True` (inside a transaction), a delegation relied on is locked, so that a revocation
    at the same moment either comes first (and the act is refused) or waits for the act to commit.
    `held` lets a caller asking many questions at once pass the appointments it already read.
    """
    action = str(action)
    if action not in RULES:
        raise KeyError(f"no authority rule for {action!r}")
    if not getattr(user, "is_authenticated", False):
        return Decision(False, _("请先登录。"))
    if user.is_superuser or user.is_staff:
        # The system administrator keeps the system, with no say in the committee's affairs (issue 11).
        return Decision(False, _("系统管理员不以任何职务身份办理委员会事务。"))
    moment = at or timezone.now()
    committee = committee_of(obj)
    if held is None:
        held = _held(user, timezone.localdate(moment), committee, lock)
    context = Context(
        user=user,
        action=action,
        obj=obj,
        committee=committee,
        unit=unit_of(obj),
        at=moment,
        explicit_at=at,
        lock=lock,
        held=held,
    )
    return RULES[action].check(context)


# The rules of the committee itself (Arts 3-6, 21, 23-25). Other apps add theirs in authority_rules.py.

for _action, _power in DELEGABLE.items():
    rule(_action, ACTION_LABELS[_action])(lambda ctx, power=_power: ctx.director_or_delegated(power))


@rule(Action.DELEGATE, ACTION_LABELS[Action.DELEGATE])
def _delegate(ctx: Context) -> Decision:
    if director := ctx.holding(Position.DIRECTOR):
        return ctx.allow(director)
    return ctx.deny(_("只有主任可以委托副主任。"))


@rule(Action.SIGN_GENERAL, ACTION_LABELS[Action.SIGN_GENERAL])
def _sign_general(ctx: Context) -> Decision:
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("一般事项公文由办公室主任签发。"))


@rule(Action.PROPOSE_NEW_UNIT, ACTION_LABELS[Action.PROPOSE_NEW_UNIT])
def _propose_new_unit(ctx: Context) -> Decision:
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("增加成员单位由司法所（办公室主任）提请。"))


@rule(Action.MANAGE_COMMITTEE, ACTION_LABELS[Action.MANAGE_COMMITTEE])
def _manage(ctx: Context) -> Decision:
    if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
        return ctx.allow(found)
    return ctx.deny(_("只有委员会办公室的人员可以%(action)s。") % {"action": ctx.label})


@rule(Action.ACT_FOR_UNIT, ACTION_LABELS[Action.ACT_FOR_UNIT])
def _act_for_unit(ctx: Context) -> Decision:
    if ctx.unit and (liaison := ctx.holding(Position.LIAISON, unit=ctx.unit)):
        return ctx.allow(liaison)
    return ctx.deny(_("只有本单位的联络员可以%(action)s。") % {"action": ctx.label})


@rule(Action.CONFIRM_FOR_UNIT, ACTION_LABELS[Action.CONFIRM_FOR_UNIT])
def _confirm_for_unit(ctx: Context) -> Decision:
    if ctx.unit and (head := ctx.holding(Position.UNIT_HEAD, unit=ctx.unit)):
        return ctx.allow(head)
    return ctx.deny(_("只有本单位负责人可以%(action)s。") % {"action": ctx.label})


@rule(Action.PROPOSE_MEMBER_CHANGE, ACTION_LABELS[Action.PROPOSE_MEMBER_CHANGE])
def _propose_member_change(ctx: Context) -> Decision:
    if ctx.unit and (found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit)):
        return ctx.allow(found)
    return ctx.deny(_("成员调整由所在单位提出（第二十五条）。"))


@rule(Action.VIEW_UNIT_AFFAIRS, ACTION_LABELS[Action.VIEW_UNIT_AFFAIRS])
def _view_unit_affairs(ctx: Context) -> Decision:
    if found := ctx.holding(Position.DIRECTOR, Position.DEPUTY, Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
        return ctx.allow(found)
    if ctx.unit and (found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit)):
        return ctx.allow(found)
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    return ctx.deny(_("您不能查看该单位的事务。"))


@rule(Action.VIEW_COMMITTEE, ACTION_LABELS[Action.VIEW_COMMITTEE])
def _view_committee(ctx: Context) -> Decision:
    if ctx.held:
        return ctx.allow(ctx.held[0])
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    return ctx.deny(_("您不是本委员会的人员。"))


def require(user, action: Action | str, obj, at: datetime.datetime | None = None, *, lock: bool = False) -> Capacity:
    """Like `decide`, but raises `NotAllowed` with the reason; returns the capacity to record."""
    decision = decide(user, action, obj, at, lock=lock)
    if not decision.allowed:
        raise NotAllowed(decision)
    return decision.capacity


def get_visible_or_404(user, queryset: models.QuerySet, action: Action | str = Action.VIEW_COMMITTEE, **lookup):
    """Fetch-and-authorise in one call: the object if the user may see it, else 404 (never 403)."""
    obj = queryset.filter(**lookup).first()
    if obj is None or not decide(user, action, obj):
        raise Http404
    return obj


def committees_visible_to(user, on: datetime.date | None = None) -> models.QuerySet:
    """Committees the user may see: where they hold an appointment, and the children of those they view."""
    on = on or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return Committee.objects.none()
    own = appointments_in_force(user, on).values("committee")
    viewed = appointments_in_force(user, on).filter(position=Position.VIEWER).values("committee")
    return Committee.objects.filter(
        models.Q(pk__in=own) | models.Q(parent__in=viewed) | models.Q(parent__parent__in=viewed)
    ).distinct()


def powers_of(user, committee: Committee, at: datetime.datetime | None = None) -> list[tuple[str, Decision]]:
    """Every power over the committee the user holds now, with its capacity: shown on the work bench."""
    at = at or timezone.now()
    held = list(appointments_in_force(user, timezone.localdate(at), committee))
    result = []
    for action in (
        Action.CHAIR_MEETING,
        Action.DECIDE_IMPORTANT,
        Action.APPROVE_INSPECTION,
        Action.SIGN_IMPORTANT,
        Action.SIGN_GENERAL,
        Action.DELEGATE,
        Action.MANAGE_COMMITTEE,
        Action.PROPOSE_NEW_UNIT,
        Action.CONFIRM_MEMBER_CHANGE,
    ):
        decision = decide(user, action, committee, at, held=held)
        if decision:
            result.append((str(ACTION_LABELS[action]), decision))
    return result
