"""Sentences kept as data and worded when read, in the reader's language.

A notification or a reminder is written once, in the language of whoever acted (or the worker's), and read later
by people who chose their own (STYLE.md: the words are rendered when shown, in the reader's language). So what the
code says is kept as its message id (the Chinese source text, marked with `gettext_noop` so that makemessages finds
it) and its parameters, as JSON; `str()` words it in the active language:

    Phrase(gettext_noop("请签发：%(title)s"), title=document.title)

A parameter is kept as
- text or a number: as it is (a title, a name, what someone typed: never translated);
- a `Phrase`: nested (a capacity, 以副主任身份（第3号委托）);
- a lazy translation (a choice's label, `ReportState.SUBMITTED.label`): its message id;
- a date, or an aware moment: worded as the active language writes dates (2026年3月5日 / 5 Mar 2026; 24-hour
  Asia/Shanghai time);
- a list: joined as the active language joins (甲、乙 / A, B).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from .numerals import join_items, shown_date


def message_id(text: Any) -> str:
    """The message id behind a lazy translation (its Chinese source): it is worded with no catalogue active."""
    with translation.override(None):
        return str(text)


def choice_label(instance: Any, field: str) -> Phrase:
    """The label of a choice field's value as a phrase (副主任), worded again when read."""
    with translation.override(None):
        return Phrase(getattr(instance, f"get_{field}_display")())


def _kept(value: Any) -> Any:
    if isinstance(value, Phrase):
        return value.data
    if isinstance(value, Promise):
        return {"msgid": message_id(value)}
    if isinstance(value, datetime.datetime):
        return {"moment": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return {"items": [_kept(item) for item in value]}
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def _worded(data: Any) -> str:
    if not isinstance(data, dict):
        return "" if data is None else str(data)
    if "msgid" in data:
        msgid = data["msgid"]
        if not msgid:  # gettext("") is the catalogue's header
            return ""
        params = {name: _worded(value) for name, value in (data.get("params") or {}).items()}
        text = gettext(msgid)
        if not params:
            return text
        try:
            return text % params
        except (KeyError, TypeError, ValueError):
            # A translation that lost a placeholder: the source text still says it all.
            return msgid % params
    if "date" in data:
        return shown_date(datetime.date.fromisoformat(data["date"]))
    if "moment" in data:
        local = timezone.localtime(datetime.datetime.fromisoformat(data["moment"]))
        return f"{shown_date(local)} {local:%H:%M}"
    if "items" in data:
        return join_items(_worded(item) for item in data["items"])
    if "lines" in data:
        return "\n".join(_worded(line) for line in data["lines"])
    return ""


class Phrase:
    """A sentence as its message id and parameters; `str()` words it in the active language."""

    __slots__ = ("data",)

    def __init__(self, msgid: str, /, **params: Any):
        msgid = message_id(msgid) if isinstance(msgid, Promise) else str(msgid)
        self.data: dict = {"msgid": msgid}
        if params:
            self.data["params"] = {name: _kept(value) for name, value in params.items()}

    @classmethod
    def from_data(cls, data: dict) -> Phrase:
        """A phrase read back from its JSON (`phrase.data`)."""
        phrase = cls.__new__(cls)
        phrase.data = data
        return phrase

    @classmethod
    def lines(cls, *parts: Any) -> Phrase:
        """Several sentences, one a line (a meeting notice: time, place, chair, agenda)."""
        return cls.from_data({"lines": [_kept(part) for part in parts]})

    def worded(self, language: str) -> str:
        with translation.override(language):
            return str(self)

    def __str__(self) -> str:
        return _worded(self.data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and other.data == self.data

    def __hash__(self) -> int:
        return hash(repr(self.data))

    def __repr__(self) -> str:
        return f"Phrase({self.data!r})"
