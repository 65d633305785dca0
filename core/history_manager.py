"""`Model.history` without the cost of a new class on each access.

django-simple-history's descriptor builds a fresh manager class (`Manager.from_queryset`, which walks the
queryset class with `inspect.getmembers`) every time `Model.history` or `obj.history` is read: about a
millisecond each, and a history page reads it for every tracked model. The class depends only on the
descriptor's manager and queryset classes, so it is built once per pair; what `__get__` returns is unchanged.
"""

from __future__ import annotations

from simple_history.manager import HistoryDescriptor

_classes: dict[tuple[type, type], type] = {}


def _get(self, instance, owner):
    key = (self.manager_class, self.queryset_class)
    manager_class = _classes.get(key)
    if manager_class is None:
        manager_class = _classes[key] = self.manager_class.from_queryset(self.queryset_class)
    return manager_class(self.model, instance)


def install() -> None:
    """Called once at start-up (`core.apps`)."""
    HistoryDescriptor.__get__ = _get
