"""Typed parsing of what a request carries: query strings and form values go through form fields, never
`str.isdigit()` + `int()` (`"²".isdigit()` is true and `int("²")` raises), and numbers, dates and months are
kept to ranges the database and the calendar accept (SQLite refuses integers past 64 bits)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The largest value a primary key (BigAutoField) can hold on every database we run on.
MAX_ID = 2**63 - 1
# Years the committee's records can be about; a date outside them is a typing error, not a plan.
MIN_YEAR = 1990
MAX_YEAR = 2200

_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


def int_or_none(value, *, min_value: int = 1, max_value: int = MAX_ID) -> int | None:
    """The ASCII integer in `value` within [min_value, max_value], else None."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if len(text) > 25 or not _ASCII_INTEGER.match(text):
        return None
    number = int(text)
    return number if min_value <= number <= max_value else None


def id_or_none(value) -> int | None:
    """A primary key from a query string or a form value: a positive 64-bit integer, else None."""
    return int_or_none(value, min_value=1, max_value=MAX_ID)


def ids(values) -> list[int]:
    """The valid primary keys among `values`; the rest are dropped."""
    return [number for number in (id_or_none(value) for value in values) if number is not None]


def query_int(query, name: str, *, min_value: int = 1, max_value: int = MAX_ID) -> int | None:
    """`?name=` as an integer in range, else None."""
    return int_or_none(query.get(name, ""), min_value=min_value, max_value=max_value)


def query_text(query, name: str, *, max_length: int = 100) -> str:
    """`?name=` as search text: stripped, without control characters (PostgreSQL refuses NUL), at most
    `max_length` characters; "" when absent or not a string."""
    value = query.get(name, "")
    if not isinstance(value, str):
        return ""
    return "".join(char for char in value if char.isprintable()).strip()[:max_length]


def query_month(query, name: str = "month") -> datetime.date | None:
    """`?month=YYYY-MM` as the first day of that month, within MIN_YEAR..MAX_YEAR, else None."""
    value = query.get(name, "")
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def validate_sane_date(value: datetime.date | datetime.datetime | None) -> None:
    if value is not None and not (MIN_YEAR <= value.year <= MAX_YEAR):
        raise ValidationError(
            _("请填写 %(low)s 年到 %(high)s 年之间的日期。"), params={"low": MIN_YEAR, "high": MAX_YEAR}
        )


def validate_id(value) -> None:
    """For the values of a model choice: a key SQLite can bind (else OverflowError, a 500)."""
    if id_or_none(value) is None:
        raise ValidationError(_("请选择有效的选项。"), code="invalid_choice")


class _BoundedChoice:
    """Checks that each key is a positive 64-bit integer before the model choice asks the database."""

    def to_python(self, value):
        if value not in self.empty_values and id_or_none(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _BoundedMultipleChoice:
    def _check_values(self, value):
        for item in value:
            if id_or_none(item) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(item)[:40]}
                )
        return super()._check_values(value)


class BoundedModelChoiceField(_BoundedChoice, forms.ModelChoiceField):
    """A model choice whose key must be a positive 64-bit integer before it reaches the database."""


class BoundedModelMultipleChoiceField(_BoundedMultipleChoice, forms.ModelMultipleChoiceField):
    """Several model choices, each key a positive 64-bit integer before it reaches the database."""


_BOUNDED_CLASSES: dict[type, type] = {}


def bound_model_choices(form: forms.BaseForm) -> None:
    """Gives every model choice field of `form` (those a ModelForm makes for its foreign keys too) the check
    above, keeping the field's own class and arguments."""
    for field in form.fields.values():
        cls = type(field)
        if isinstance(field, _BoundedChoice | _BoundedMultipleChoice):
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            mixin = _BoundedMultipleChoice
        elif isinstance(field, forms.ModelChoiceField):
            mixin = _BoundedChoice
        else:
            continue
        if cls not in _BOUNDED_CLASSES:
            _BOUNDED_CLASSES[cls] = type(f"Bounded{cls.__name__}", (mixin, cls), {})
        field.__class__ = _BOUNDED_CLASSES[cls]
