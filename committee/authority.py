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
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.acts import capacity_words

from .locks import locked
from .models import Appointment, Committee, Delegation, Person, Position, Power, Share

if TYPE_CHECKING:
    from members.models import MemberUnit


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
        return capacity_words(self.appointment, self.delegation)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    capacity: Capacity | None = None
    # Set when the answer is yes only because the office shared this one object with the person.
    share: Share | None = None

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
    # Imported here: the members app declares its workflows with these actions (committee/workflow.py).
    from members.models import MemberUnit

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
    if _held_cache.get() is not None:
        yield  # already reading once (the request does): keep what was read
        return
    token = _held_cache.set({})
    try:
        yield
    finally:
        _held_cache.reset(token)


def _held(user, on: datetime.date, committee: Committee, lock: bool) -> list[Appointment]:
    cache = None if lock else _held_cache.get()
    if cache is None:
        return list(appointments_in_force(user, on, committee))
    # One read of every appointment answers every committee: a person holds a handful.
    return [a for a in _held_everywhere(user, on) if a.committee_id == committee.pk]


def held_already(user) -> list[Appointment] | None:
    """The user's appointments in force today if this request has read them already (inside `reading_once`),
    else None: for what may use them but should not read them just for that (the person's name in the top bar)."""
    cache = _held_cache.get()
    if cache is None or not getattr(user, "is_authenticated", False):
        return None
    return cache.get(("everywhere", user.pk, timezone.localdate()))


def held_by(user, committee: Committee | None = None, on: datetime.date | None = None) -> list[Appointment]:
    """The user's appointments in force on a day (today by default), in one committee or in all of them; read
    once per page inside `reading_once` (every GET request is: `committee.middleware.ReadingOnceMiddleware`)."""
    if not getattr(user, "is_authenticated", False):
        return []
    on = on or timezone.localdate()
    if committee is None:
        return _held_everywhere(user, on)
    return _held(user, on, committee, lock=False)


def appointments_held(user, committee: Committee, on: datetime.date | None = None) -> list[Appointment]:
    """The user's appointments in force in `committee` today (or on `on`), read once per page inside
    `reading_once`: for the to-do providers, which each ask the same before answering."""
    return _held(user, on or timezone.localdate(), committee, lock=False)


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


# Town -> district -> city (Art 5): how far up a viewer's oversight reaches, the same in decide and restrict.
OVERSIGHT_DEPTH = 3


def _ancestors(committee: Committee) -> list[Committee]:
    chain, seen, current = [], {committee.pk}, committee.parent
    while current is not None and current.pk not in seen and len(chain) < OVERSIGHT_DEPTH:
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
        if not self.lock and _held_cache.get() is not None:
            ids = {committee.pk for committee in ancestors}
            everywhere = _held_everywhere(self.user, timezone.localdate(self.at))
            return next((a for a in everywhere if a.position == Position.VIEWER and a.committee_id in ids), None)
        return (
            appointments_in_force(self.user, timezone.localdate(self.at))
            .filter(position=Position.VIEWER, committee__in=ancestors)
            .select_related("person", "committee")
            .first()
        )


NOTHING = Q(pk__in=[])


def _path(prefix: str, rest: str) -> str:
    """`committee` + `parent__in` -> `committee__parent__in`; a model that is itself the committee (or unit) has
    the path `pk`, and its relations are its own."""
    if prefix == "pk" and rest.split("__")[0] not in {"in", "isnull"}:
        return rest
    return f"{prefix}__{rest}"


@dataclass(frozen=True)
class Paths:
    """Where a model's rows find their committee and their member unit, as lookups (`document__committee`)."""

    committee: str
    unit: str | None


PATHS: dict[type[models.Model], Paths] = {}


def paths(model: type[models.Model], *, committee: str | None = None, unit: str | None = None) -> None:
    """Declares where a model's committee and unit are, for `restrict`; models with `committee` and `unit`
    fields need no declaration."""
    PATHS[model] = Paths(committee or "committee", unit)


def paths_of(model: type[models.Model]) -> Paths:
    if model in PATHS:
        return PATHS[model]
    if model is Committee:
        return Paths("pk", None)
    from members.models import MemberUnit

    if model is MemberUnit:
        return Paths("committee", "pk")
    names = {field.name for field in model._meta.get_fields()}
    if "committee" not in names:
        raise ImproperlyConfigured(f"declare where {model.__name__} finds its committee: authority.paths(...)")
    return Paths("committee", "unit" if "unit" in names else None)


@dataclass
class Scope:
    """What a rule's list half sees: the user's appointments in force in every committee, and where the rows
    of the queryset keep their committee and unit. Each method mirrors the `Context` method of the same name
    and answers with a condition on the rows."""

    user: object
    action: str
    model: type[models.Model]
    at: datetime.datetime
    held: list[Appointment]
    paths: Paths

    def committees(self, *positions: str) -> set[int]:
        return {a.committee_id for a in self.held if not positions or a.position in positions}

    def person_ids(self) -> set[int]:
        return {a.person_id for a in self.held}

    def units(self, *positions: str) -> set[int]:
        return {a.unit_id for a in self.held if a.unit_id and a.position in positions}

    def in_committees(self, committee_ids) -> Q:
        return Q(**{_path(self.paths.committee, "in"): committee_ids})

    def in_units(self, unit_ids) -> Q:
        if self.paths.unit is None:
            return NOTHING
        return Q(**{_path(self.paths.unit, "in"): unit_ids})

    def holding(self, *positions: str, unit: bool = False) -> Q:
        """Rows of a committee where the user holds one of `positions`; with `unit=True`, rows of a unit
        where they do (the `unit=ctx.unit` of `Context.holding`)."""
        if unit:
            return self.in_units(self.units(*positions))
        return self.in_committees(self.committees(*positions))

    def any_held(self) -> Q:
        """Rows of any committee where the user holds an appointment (`ctx.held` is not empty)."""
        return self.in_committees(self.committees())

    def no_unit(self) -> Q:
        """Rows asked about the committee rather than a unit (`ctx.unit is None`)."""
        if self.paths.unit is None:
            return Q()
        return Q(**{_path(self.paths.unit, "isnull"): True})

    def director_or_delegated(self, power: Power) -> Q:
        """Rows of committees the user directs, or where one of their deputy appointments holds a delegation
        granting `power` in force at the moment asked about."""
        deputies = [a.pk for a in self.held if a.position == Position.DEPUTY]
        condition = self.holding(Position.DIRECTOR)
        if deputies:
            delegated = (
                Delegation.objects.in_force(self.at)
                .filter(deputy_id__in=deputies, **{f"grants_{power}": True})
                .values("committee")
            )
            condition |= self.in_committees(delegated)
        return condition

    def viewer_above(self) -> Q:
        """Rows of committees below one where the user is a viewer (up to `OVERSIGHT_DEPTH` levels)."""
        viewed = self.committees(Position.VIEWER)
        if not viewed:
            return NOTHING
        condition = NOTHING
        for depth in range(1, OVERSIGHT_DEPTH + 1):
            condition |= Q(**{_path(self.paths.committee, "parent__" * depth + "in"): viewed})
        return condition


@dataclass
class Who:
    """What a rule's holders half sees: the object, its committee and unit, and the moment. Each method mirrors
    the `Context` method of the same name and answers with a condition on appointments (those in force on the
    day are kept by `holders`, so a deputy whose appointment ended holds nothing, whatever their delegation)."""

    action: str
    obj: object
    committee: Committee
    unit: MemberUnit | None
    at: datetime.datetime

    def holding(self, *positions: str, unit: bool = False) -> Q:
        if unit:
            if self.unit is None:
                return NOTHING
            return Q(committee=self.committee, position__in=positions, unit=self.unit)
        return Q(committee=self.committee, position__in=positions)

    def any_held(self) -> Q:
        return Q(committee=self.committee)

    def director_or_delegated(self, power: Power) -> Q:
        delegated = Delegation.objects.in_force(self.at).filter(**{f"grants_{power}": True}).values("deputy")
        return Q(committee=self.committee) & (
            Q(position=Position.DIRECTOR) | Q(position=Position.DEPUTY, pk__in=delegated)
        )

    def viewer_above(self) -> Q:
        ancestors = [committee.pk for committee in _ancestors(self.committee)]
        if not ancestors:
            return NOTHING
        return Q(position=Position.VIEWER, committee__in=ancestors)


@dataclass(frozen=True)
class Rule:
    """One rule, three answers: `check` for one object, `restrict` as a condition on rows, `holders` as a
    condition on appointments. The three are written side by side from mirrored helpers, so they agree."""

    label: object
    check: Callable[[Context], Decision]
    restrict: Callable[[Scope], Q] | None = None
    holders: Callable[[Who], Q] | None = None


RULES: dict[str, Rule] = {}


def rule(
    action: str,
    label,
    *,
    restrict: Callable[[Scope], Q] | None = None,
    holders: Callable[[Who], Q] | None = None,
):
    """Registers the rule answering `action`, with its list half (`restrict`) and its people half (`holders`).
    Apps register theirs in `authority_rules.py`, loaded at start-up; `decide` stays the one entry point."""

    def register(check: Callable[[Context], Decision]) -> Callable[[Context], Decision]:
        if action in RULES and RULES[action].check.__qualname__ != check.__qualname__:
            raise ImproperlyConfigured(f"two rules for the action {action!r}")
        RULES[str(action)] = Rule(label, check, restrict, holders)
        return check

    return register


# Which action a share of one object grants, by model: the office may share a document or a report (Share).
SHAREABLE: dict[type[models.Model], str] = {}


def shareable(model: type[models.Model], action: str) -> None:
    """Declares that the office may share one row of `model` with a named person, for `action` (its view)."""
    SHAREABLE[model] = str(action)


def _share_of(user, action: str, obj, at: datetime.datetime) -> Share | None:
    if SHAREABLE.get(type(obj)) != action or getattr(obj, "pk", None) is None:
        return None
    return (
        Share.objects.in_force(at)
        .filter(
            grantee__user=user,
            action=action,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        .first()
    )


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
    if user.is_superuser:
        # The system administrator keeps the system, with no say in the committee's affairs (DESIGN: roles). A staff
        # login without superuser rights may be an office member allowed to read the admin; it acts in its positions.
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
    decision = RULES[action].check(context)
    if not decision.allowed and (share := _share_of(user, action, obj, moment)) is not None:
        return Decision(True, "", None, share)
    return decision


def _rule_with(action: str, half: str) -> Rule:
    action = str(action)
    if action not in RULES:
        raise KeyError(f"no authority rule for {action!r}")
    found = RULES[action]
    if getattr(found, half) is None:
        raise ImproperlyConfigured(f"the rule for {action!r} has no {half} half")
    return found


def restrict(
    queryset: models.QuerySet,
    user,
    action: Action | str,
    at: datetime.datetime | None = None,
    *,
    held: list[Appointment] | None = None,
):
    """The rows of `queryset` on which `user` may do `action` at `at` (now by default): the list half of
    `decide`, in the query (NetBox's `RestrictedQuerySet.restrict`). Rows shared with the user count too.

    `held` lets a caller that already read the user's appointments in force in every committee pass them."""
    action = str(action)
    rule_ = _rule_with(action, "restrict")
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    moment = at or timezone.now()
    model = queryset.model
    scope = Scope(
        user=user,
        action=action,
        model=model,
        at=moment,
        held=_held_everywhere(user, timezone.localdate(moment)) if held is None else held,
        paths=paths_of(model),
    )
    condition = rule_.restrict(scope)
    if SHAREABLE.get(model) == action:
        shared = Share.objects.in_force(moment).filter(
            grantee__user=user, action=action, content_type=ContentType.objects.get_for_model(model)
        )
        condition |= Q(pk__in=shared.values("object_id"))
    return queryset.filter(condition)


def _held_everywhere(user, on: datetime.date) -> list[Appointment]:
    """The user's appointments in force in every committee; read once per page inside `reading_once`."""
    cache = _held_cache.get()
    key = ("everywhere", user.pk, on)
    if cache is not None and key in cache:
        return cache[key]
    found = list(appointments_in_force(user, on))
    if cache is not None:
        cache[key] = found
    return found


def holders(obj, action: Action | str, at: datetime.datetime | None = None) -> models.QuerySet[Person]:
    """The people who may do `action` to `obj` at `at` (now by default): those holding an appointment in force
    that the rule names (a deputy only while both the appointment and the delegation hold), and those the
    object is shared with. The people half of `decide`: every recipient set comes from here."""
    action = str(action)
    rule_ = _rule_with(action, "holders")
    moment = at or timezone.now()
    who = Who(action=action, obj=obj, committee=committee_of(obj), unit=unit_of(obj), at=moment)
    appointments = Appointment.objects.in_force(timezone.localdate(moment)).filter(rule_.holders(who))
    condition = Q(pk__in=appointments.values("person"))
    if SHAREABLE.get(type(obj)) == action:
        shared = Share.objects.in_force(moment).filter(
            action=action, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        condition |= Q(pk__in=shared.values("grantee"))
    return Person.objects.filter(condition).distinct().order_by("pk")


# The rules of the committee itself (Arts 3-6, 21, 23-25). Other apps add theirs in authority_rules.py.

for _action, _power in DELEGABLE.items():
    rule(
        _action,
        ACTION_LABELS[_action],
        restrict=lambda scope, power=_power: scope.director_or_delegated(power),
        holders=lambda who, power=_power: who.director_or_delegated(power),
    )(lambda ctx, power=_power: ctx.director_or_delegated(power))

OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
LEADERS_AND_OFFICE = (Position.DIRECTOR, Position.DEPUTY, *OFFICE)


@rule(
    Action.DELEGATE,
    ACTION_LABELS[Action.DELEGATE],
    restrict=lambda scope: scope.holding(Position.DIRECTOR),
    holders=lambda who: who.holding(Position.DIRECTOR),
)
def _delegate(ctx: Context) -> Decision:
    if director := ctx.holding(Position.DIRECTOR):
        return ctx.allow(director)
    return ctx.deny(_("只有主任可以委托副主任。"))


@rule(
    Action.SIGN_GENERAL,
    ACTION_LABELS[Action.SIGN_GENERAL],
    restrict=lambda scope: scope.holding(Position.OFFICE_DIRECTOR),
    holders=lambda who: who.holding(Position.OFFICE_DIRECTOR),
)
def _sign_general(ctx: Context) -> Decision:
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("一般事项公文由办公室主任签发。"))


@rule(
    Action.PROPOSE_NEW_UNIT,
    ACTION_LABELS[Action.PROPOSE_NEW_UNIT],
    restrict=lambda scope: scope.holding(Position.OFFICE_DIRECTOR),
    holders=lambda who: who.holding(Position.OFFICE_DIRECTOR),
)
def _propose_new_unit(ctx: Context) -> Decision:
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("增加成员单位由司法所（办公室主任）提请。"))


@rule(
    Action.MANAGE_COMMITTEE,
    ACTION_LABELS[Action.MANAGE_COMMITTEE],
    restrict=lambda scope: scope.holding(*OFFICE),
    holders=lambda who: who.holding(*OFFICE),
)
def _manage(ctx: Context) -> Decision:
    if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
        return ctx.allow(found)
    return ctx.deny(_("只有委员会办公室的人员可以%(action)s。") % {"action": ctx.label})


@rule(
    Action.ACT_FOR_UNIT,
    ACTION_LABELS[Action.ACT_FOR_UNIT],
    restrict=lambda scope: scope.holding(Position.LIAISON, unit=True),
    holders=lambda who: who.holding(Position.LIAISON, unit=True),
)
def _act_for_unit(ctx: Context) -> Decision:
    if ctx.unit and (liaison := ctx.holding(Position.LIAISON, unit=ctx.unit)):
        return ctx.allow(liaison)
    return ctx.deny(_("只有本单位的联络员可以%(action)s。") % {"action": ctx.label})


@rule(
    Action.CONFIRM_FOR_UNIT,
    ACTION_LABELS[Action.CONFIRM_FOR_UNIT],
    restrict=lambda scope: scope.holding(Position.UNIT_HEAD, unit=True),
    holders=lambda who: who.holding(Position.UNIT_HEAD, unit=True),
)
def _confirm_for_unit(ctx: Context) -> Decision:
    if ctx.unit and (head := ctx.holding(Position.UNIT_HEAD, unit=ctx.unit)):
        return ctx.allow(head)
    return ctx.deny(_("只有本单位负责人可以%(action)s。") % {"action": ctx.label})


@rule(
    Action.PROPOSE_MEMBER_CHANGE,
    ACTION_LABELS[Action.PROPOSE_MEMBER_CHANGE],
    restrict=lambda scope: scope.holding(Position.UNIT_HEAD, Position.LIAISON, unit=True),
    holders=lambda who: who.holding(Position.UNIT_HEAD, Position.LIAISON, unit=True),
)
def _propose_member_change(ctx: Context) -> Decision:
    if ctx.unit and (found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit)):
        return ctx.allow(found)
    return ctx.deny(_("成员调整由所在单位提出（第二十五条）。"))


@rule(
    Action.VIEW_UNIT_AFFAIRS,
    ACTION_LABELS[Action.VIEW_UNIT_AFFAIRS],
    restrict=lambda scope: (
        scope.holding(*LEADERS_AND_OFFICE)
        | scope.holding(Position.UNIT_HEAD, Position.LIAISON, unit=True)
        | scope.viewer_above()
    ),
    holders=lambda who: (
        who.holding(*LEADERS_AND_OFFICE)
        | who.holding(Position.UNIT_HEAD, Position.LIAISON, unit=True)
        | who.viewer_above()
    ),
)
def _view_unit_affairs(ctx: Context) -> Decision:
    if found := ctx.holding(*LEADERS_AND_OFFICE):
        return ctx.allow(found)
    if ctx.unit and (found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit)):
        return ctx.allow(found)
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    return ctx.deny(_("您不能查看该单位的事务。"))


@rule(
    Action.VIEW_COMMITTEE,
    ACTION_LABELS[Action.VIEW_COMMITTEE],
    restrict=lambda scope: scope.any_held() | scope.viewer_above(),
    holders=lambda who: who.any_held() | who.viewer_above(),
)
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
    held = held_by(user, committee, timezone.localdate(at))
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
