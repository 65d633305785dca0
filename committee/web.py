"""Glue between forms and services: a refusal or an invalid value becomes a message next to the field."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .authority import NotAllowed
from .params import bound_model_choices


def submit(request: HttpRequest, form: forms.Form, call: Callable[[dict], object]):
    """Runs `call(form.cleaned_data)` when the form is valid; returns its result, or None with the errors
    put on the form (and the refusal as a message), so that the page re-renders with what was typed."""
    if not form.is_valid():
        messages.error(request, _error_summary())
        return None
    try:
        return call(form.cleaned_data)
    except NotAllowed as exc:
        form.add_error(None, exc.decision.reason)
        messages.error(request, exc.decision.reason)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            messages.error(request, _error_summary())
        else:
            # A refusal of the whole act (the step is no longer open, the state moved on): say why, also where the
            # page no longer shows the form it came from.
            form.add_error(None, exc.messages)
            messages.error(request, " ".join(exc.messages))
    return None


def _error_summary() -> str:
    from django.utils.translation import gettext as _

    return _("请按提示修改后再提交。")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# Free text has a limit everywhere (a document body is the longest thing anyone types here); a field may
# declare a smaller one. The page shows a counter (static/js/counter.js) and the server refuses more.
SINGLE_LINE_MAX = 500
MULTI_LINE_MAX = 5000
LONG_TEXT_MAX = 50000
LONG_TEXT_ROWS = 12


def limit_free_text(field: forms.Field) -> None:
    """Gives a text field a maximum length if it has none, and the attributes the counter reads."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput | forms.PasswordInput):
        return
    if field.max_length is None:
        if isinstance(field.widget, forms.Textarea):
            rows = int(field.widget.attrs.get("rows", 10))
            field.max_length = LONG_TEXT_MAX if rows >= LONG_TEXT_ROWS else MULTI_LINE_MAX
        else:
            field.max_length = SINGLE_LINE_MAX
        field.validators.append(validators.MaxLengthValidator(field.max_length))
    field.widget.attrs["maxlength"] = str(field.max_length)
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["data-counter"] = "on"


class BootstrapMixin:
    """Gives every widget Bootstrap's classes, and marks the fields in error for screen readers and eyes;
    model choices check their keys before the database sees them (committee/params.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_model_choices(self)
        for field in self.fields.values():
            limit_free_text(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        self._mark_invalid()

    def add_error(self, field, error):
        # Also the errors a service gives after the form was cleaned (committee.web.submit, a formset's rows).
        super().add_error(field, error)
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in self._errors or ():
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])
                widget.attrs["aria-invalid"] = "true"
