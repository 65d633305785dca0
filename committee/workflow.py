"""One way to declare a workflow: its states, its steps, and the authority action that guards each step.

A workflow model keeps its state in an `FSMField` and declares every step as a method decorated with `@step`
(django-fsm-2 underneath: the maintained fork of django-fsm, whose declarations live on the model, need no
extra tables, and carry a permission and free metadata per transition). The declaration says, once:

    @step(state, source=[DocumentState.DRAFT, DocumentState.RETURNED], target=DocumentState.IN_REVIEW,
          action=Action.MANAGE_COMMITTEE, label=_("送核稿"), refused=_("只有拟稿中或退回修改的公文可以送核。"))
    def submit(self): ...

From it:
- a service performs the step with `perform(obj, "submit", by)`: the state is checked (else `refused`), the
  conditions (else their message), then the authority (`require`, locking the delegation relied on), then the
  state moves; the capacity the person acted in is returned for the record of who acted;
- a page lists the steps open to the user with `steps_for(obj, user)` (and, for the steps the state allows but
  the user may not take, the reason), so no template compares states;
- every step is posted to one URL shape, `<object>/<pk>/steps/<name>/`, routed by `StepRouter` to the handler the
  app binds to each step name (a service call, a form, a success message); a system check fails when a declared
  step has no handler or a handler no step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import checks
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.views.decorators.http import require_POST
from django_fsm import FSMField, transition

from .authority import Action, Capacity, Decision, decide, require
from .web import submit

__all__ = [
    "Condition",
    "FSMField",
    "Handler",
    "StepRouter",
    "perform",
    "step",
    "steps_declared",
    "steps_for",
    "why_not",
]

Text = str | Promise


@dataclass(frozen=True)
class Condition:
    """A test beyond the state (the PDF is ready; every unit has signed), with what to say when it fails."""

    test: Callable[[Any], bool]
    message: Text | Callable[[Any], Text]

    def __call__(self, obj) -> bool:
        return bool(self.test(obj))

    def message_for(self, obj) -> str:
        return str(self.message(obj) if callable(self.message) else self.message)


@dataclass(frozen=True)
class Step:
    name: str
    field: Any  # the FSMField, or its name
    sources: tuple
    target: Any
    action: Action | str | Callable[[Any], Action | str]
    label: Text
    refused: Text | Callable[[Any], Text]
    conditions: tuple[Condition, ...] = ()
    style: str = "primary"
    confirm: Text | Callable[[Any], Text] = ""
    listed: bool = True
    order: int = 0

    def action_for(self, obj) -> str:
        return str(self.action(obj) if callable(self.action) else self.action)

    @property
    def field_name(self) -> str:
        return self.field if isinstance(self.field, str) else self.field.name

    def allows_state(self, obj) -> bool:
        state = getattr(obj, self.field_name)
        return "*" in self.sources or state in self.sources

    def unmet(self, obj) -> Condition | None:
        return next((condition for condition in self.conditions if not condition(obj)), None)

    def confirm_for(self, obj) -> str:
        return str(self.confirm(obj) if callable(self.confirm) else self.confirm)

    def refused_for(self, obj) -> str:
        return str(self.refused(obj) if callable(self.refused) else self.refused)


_order = iter(range(1_000_000))


def step(
    state_field: str | FSMField,
    *,
    source,
    target=None,
    action,
    label: Text,
    refused: Text | Callable[[Any], Text],
    conditions: Iterable[Condition] = (),
    style: str = "primary",
    confirm: Text | Callable[[Any], Text] = "",
    listed: bool = True,
):
    """Declares one step of a workflow (see the module's docstring). `target=None` keeps the state (a step that
    acts on the object without moving it, such as a reminder); `action` may be a callable of the object when the
    guard depends on it (a document's signer depends on its classification); `refused` may be a callable of the
    object when the refusal names where the object stands (报告已报送，不能退回)."""
    sources = tuple(source) if isinstance(source, list | tuple | set | frozenset) else (source,)
    conditions = tuple(conditions)

    def decorate(method):
        declared = Step(
            name=method.__name__,
            field=state_field,
            sources=sources,
            target=target,
            action=action,
            label=label,
            refused=refused,
            conditions=conditions,
            style=style,
            confirm=confirm,
            listed=listed,
            order=next(_order),
        )
        method = transition(
            field=state_field,
            source=list(sources) if len(sources) > 1 else sources[0],
            target=target,
            conditions=list(conditions),
            permission=lambda obj, user: bool(decide(user, declared.action_for(obj), obj)),
            custom={"step": declared},
        )(method)
        method.step = declared
        return method

    return decorate


def steps_declared(model) -> list[Step]:
    """The steps a workflow model declares, in the order written."""
    found = {}
    for klass in reversed(model.__mro__):
        for value in vars(klass).values():
            declared = getattr(value, "step", None)
            if isinstance(declared, Step):
                found[declared.name] = declared
    return sorted(found.values(), key=lambda s: s.order)


def step_of(model, name: str) -> Step:
    for declared in steps_declared(model):
        if declared.name == name:
            return declared
    raise KeyError(f"{model.__name__} declares no step {name!r}")


def perform(obj, name: str, by, *, lock: bool = True) -> Capacity:
    """Takes the step `name` on `obj` for the user `by` (inside the caller's transaction, the object locked by
    the caller): checks the state, the conditions and the authority, moves the state (the caller saves), and
    returns the capacity to record. A refusal raises `ValidationError` or `NotAllowed` with the reason."""
    declared = step_of(type(obj), name)
    if not declared.allows_state(obj):
        raise ValidationError(declared.refused_for(obj))
    if (condition := declared.unmet(obj)) is not None:
        raise ValidationError(condition.message_for(obj))
    capacity = require(by, declared.action_for(obj), obj, lock=lock)
    getattr(obj, name)()
    # The history row of the save that follows names who took the step, in a request or not (a task, the demo).
    obj._history_user = by
    return capacity


def why_not(obj, name: str, user) -> str | None:
    """Why `user` may not take the step `name` on `obj` now (its state, a condition, or the authority), or None
    when they may: for a page that takes a step's input itself and must refuse before reading it."""
    declared = step_of(type(obj), name)
    if not declared.allows_state(obj):
        return declared.refused_for(obj)
    if (condition := declared.unmet(obj)) is not None:
        return condition.message_for(obj)
    decision = decide(user, declared.action_for(obj), obj)
    return None if decision else decision.reason


@dataclass
class Open:
    """A step this user may take now, as a page shows it."""

    step: Step
    decision: Decision
    url: str
    confirm: str
    form: forms.Form | None = None

    @property
    def name(self) -> str:
        return self.step.name

    @property
    def label(self) -> str:
        return str(self.step.label)

    @property
    def style(self) -> str:
        return self.step.style

    @property
    def capacity(self):
        return self.decision.capacity


@dataclass
class Steps:
    """What a page needs of a workflow: the steps open to this user, and why the others the state allows are not."""

    open: list[Open] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)

    def __contains__(self, name: str) -> bool:
        return any(item.name == name for item in self.open)

    def __getitem__(self, name: str) -> Open:
        for item in self.open:
            if item.name == name:
                return item
        raise KeyError(name)

    def get(self, name: str) -> Open | None:
        return next((item for item in self.open if item.name == name), None)

    @property
    def listed(self) -> list[Open]:
        return [item for item in self.open if item.step.listed]


def steps_for(obj, user, *, url_name: str, forms_given: dict | None = None, handlers=None) -> Steps:
    """The steps of `obj` open to `user` now (state, conditions and authority all met), each with its URL and, when
    its handler takes input, its form (the bound one from a failed post, or a fresh one)."""
    result = Steps()
    decisions: dict[str, Decision] = {}
    forms_given = forms_given or {}
    for declared in steps_declared(type(obj)):
        if not declared.allows_state(obj):
            continue
        action = declared.action_for(obj)
        if action not in decisions:
            decisions[action] = decide(user, action, obj)
        decision = decisions[action]
        if not decision:
            if declared.target is not None and declared.listed and decision.reason not in result.closed:
                result.closed.append(decision.reason)
            continue
        if declared.unmet(obj) is not None:
            continue
        handler = handlers.get(declared.name) if handlers else None
        form = forms_given.get(declared.name)
        if form is None and handler is not None and handler.form is not None:
            form = handler.form_for(obj, prefix=declared.name)
        result.open.append(
            Open(declared, decision, reverse(url_name, args=[obj.pk, declared.name]), declared.confirm_for(obj), form)
        )
    return result


@dataclass(frozen=True)
class Handler:
    """How a posted step is carried out: `call(user, obj, cleaned_data)` runs the service and returns what to show
    next (the object, or another one such as a new version); `success` is the message (or a callable of the
    result); `form` the input the step takes, if any; `form_kwargs(obj)` what that form needs of the object (the
    committee whose people it offers, the checklist it records against)."""

    call: Callable[[Any, Any, dict], Any]
    success: Text | Callable[[Any], Text]
    form: type[forms.Form] | None = None
    form_kwargs: Callable[[Any], dict] | None = None
    # A step whose input is more than one form (a formset of rows) takes its post itself: view(request, obj), called
    # with the object fetched as for any step; it still calls the step's service, and redisplays on refusal.
    view: Callable[[HttpRequest, Any], HttpResponse] | None = None

    def form_for(self, obj, *args, **kwargs) -> forms.Form:
        return self.form(*args, **kwargs, **(self.form_kwargs(obj) if self.form_kwargs else {}))


class _NoInput(forms.Form):
    """Steps that take no input still go through `submit`, so that a refusal shows as a message."""


_routers: list[StepRouter] = []


class StepRouter:
    """The one route for every step of a workflow model: POST `<object>/<pk>/steps/<name>/`."""

    def __init__(
        self,
        model,
        *,
        url_name: str,
        get_object: Callable[[HttpRequest, int], Any],
        redisplay: Callable[..., HttpResponse],
        handlers: dict[str, Handler],
    ):
        self.model = model
        self.url_name = url_name
        self.get_object = get_object
        self.redisplay = redisplay
        self.handlers = handlers
        _routers.append(self)

    def steps_for(self, obj, user, forms_given: dict | None = None) -> Steps:
        return steps_for(obj, user, url_name=self.url_name, forms_given=forms_given, handlers=self.handlers)

    @property
    def view(self):
        @login_required
        @require_POST
        def step_view(request: HttpRequest, pk: int, name: str) -> HttpResponse:
            obj = self.get_object(request, pk)
            handler = self.handlers.get(name)
            if handler is None:
                raise Http404
            if handler.view is not None:
                return handler.view(request, obj)
            if handler.form:
                form = handler.form_for(obj, request.POST, request.FILES, prefix=name)
            else:
                form = _NoInput(request.POST)
            result = submit(request, form, lambda data: handler.call(request.user, obj, data))
            if result is None:
                obj.refresh_from_db()
                return self.redisplay(request, obj, {name: form})
            success = handler.success(result) if callable(handler.success) else handler.success
            messages.success(request, str(success))
            return redirect(result if hasattr(result, "get_absolute_url") else obj)

        step_view.__name__ = f"{self.model._meta.model_name}_step"
        return step_view


@checks.register()
def check_routes(app_configs=None, **kwargs):
    """Every declared step has a handler, and every handler a declared step."""
    errors = []
    for router in _routers:
        declared = {s.name for s in steps_declared(router.model)}
        for name in sorted(declared - set(router.handlers)):
            errors.append(
                checks.Error(f"{router.model.__name__}.{name} is declared but not routed", id="workflow.E001")
            )
        for name in sorted(set(router.handlers) - declared):
            errors.append(
                checks.Error(f"{router.model.__name__} routes {name!r}, not a declared step", id="workflow.E002")
            )
    return errors
