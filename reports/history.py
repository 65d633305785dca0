"""变更记录 of the report pages, in words: choice codes as their labels, linked rows by their names."""

from __future__ import annotations

from collections import defaultdict

from committee.history import HistoryRow, history_rows
from committee.models import Appointment


def readable_history(records) -> list[HistoryRow]:
    """`committee.history.history_rows`, with "awaiting_confirmation" shown as 待单位负责人确认 and an
    appointment id as the person and position it stands for (one query per linked model)."""
    rows = history_rows(records)
    wanted: dict[type, set] = defaultdict(set)
    fields_of: dict[type, dict] = {}
    for row in rows:
        model = row.record.instance_type
        if model not in fields_of:
            fields_of[model] = {str(field.verbose_name): field for field in model._meta.fields}
        for name, old, new in row.changes:
            field = fields_of[model].get(name)
            if field is not None and field.is_relation:
                wanted[field.related_model].update(value for value in (old, new) if value is not None)
    names: dict[type, dict] = {}
    for model, ids in wanted.items():
        queryset = model._default_manager.filter(pk__in=ids)
        if model is Appointment:
            queryset = queryset.select_related("person", "unit")
        names[model] = {obj.pk: str(obj) for obj in queryset}
    for row in rows:
        fields = fields_of[row.record.instance_type]
        for index, (name, old, new) in enumerate(row.changes):
            field = fields.get(name)
            if field is None:
                continue
            if field.choices:
                labels = dict(field.flatchoices)
                row.changes[index] = (name, labels.get(old, old), labels.get(new, new))
            elif field.is_relation:
                known = names.get(field.related_model, {})
                row.changes[index] = (name, known.get(old, old), known.get(new, new))
    return rows
