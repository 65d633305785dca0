"""变更记录: the simple-history records of domain objects, shaped for the history pages."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KIND = {"+": _("新建"), "~": _("修改"), "-": _("删除")}

# Rows made together (the addressees of a document, the items of an inspection) are one line: "新建 收文单位 14个".
GROUP_WITHIN = datetime.timedelta(seconds=60)


def _hidden(model_field) -> bool:
    """Columns that mean nothing to a reader: digests of files and signed content."""
    name = model_field.name
    return name.endswith(("sha256", "_hash")) or name in {"id", "pdf_digest"}


@dataclass
class HistoryRow:
    record: object
    kind: str
    changes: list[tuple[str, object, object]]
    # Further rows of the same kind made by the same person at the same time (see `_grouped`).
    more: list = field(default_factory=list)
    capacity: str = ""

    @property
    def count(self) -> int:
        return 1 + len(self.more)

    @property
    def labels(self) -> list[str]:
        return [label for label in (self.label, *(row.label for row in self.more)) if label]

    @property
    def model(self) -> str:
        return str(self.record.instance_type._meta.verbose_name)

    @property
    def label(self) -> str:
        """A name for the object from the record's own columns, so that a page of rows costs no extra query."""
        record = self.record
        for attribute in ("name", "title", "subject", "new_person_name", "label"):
            value = getattr(record, attribute, None)
            if value:
                return str(value)
        if hasattr(record, "get_position_display"):
            return str(record.get_position_display())
        if getattr(record, "text", None):
            return record.text[:24] + ("…" if len(record.text) > 24 else "")
        for model_field in record.instance_type._meta.fields:
            if isinstance(model_field, models.FileField) and getattr(record, model_field.attname, None):
                return PurePosixPath(str(getattr(record, model_field.attname))).name
        # Ids mean nothing to a reader: the kind of row is said already.
        return ""

    @property
    def who(self) -> str:
        user = self.record.history_user
        if user is None:
            return str(_("系统"))
        person = getattr(user, "person", None)
        return person.name if person else user.get_username()


def history_rows(records) -> list[HistoryRow]:
    """Rows newest first, each with the fields that changed from the record before it (no query per row)."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    rows, previous = [], {}
    for record in ordered:
        key = (record.instance_type, record.id)
        changes = []
        before = previous.get(key)
        if before is not None:
            delta = record.diff_against(before)
            for change in delta.changes:
                model_field = record.instance_type._meta.get_field(change.field)
                if not _hidden(model_field):
                    changes.append((str(model_field.verbose_name), change.old, change.new))
            if not changes and record.history_type == "~" and not record.history_change_reason:
                previous[key] = record
                continue  # only hidden columns changed (a digest recomputed): nothing to say
        previous[key] = record
        rows.append(HistoryRow(record=record, kind=str(KIND.get(record.history_type, "")), changes=changes))
    rows.reverse()
    return _with_capacities(_grouped(_in_words(rows)))


def _grouped(rows: list[HistoryRow]) -> list[HistoryRow]:
    """Consecutive rows creating (or deleting) the same kind of row, by the same person within a minute, as one."""
    result: list[HistoryRow] = []
    for row in rows:
        head = result[-1] if result else None
        if (
            head is not None
            and row.kind == head.kind
            and row.record.history_type in {"+", "-"}
            and not row.changes
            and not head.changes
            and row.record.instance_type is head.record.instance_type
            and row.record.history_user_id == head.record.history_user_id
            and abs(row.record.history_date - head.record.history_date) <= GROUP_WITHIN
        ):
            head.more.append(row)
            continue
        result.append(row)
    return result


def _with_capacities(rows: list[HistoryRow]) -> list[HistoryRow]:
    """The actor's capacity on the day (办公室工作人员, 妇联联络员), from their appointments: one query for the page."""
    from .models import Appointment

    user_ids = {row.record.history_user_id for row in rows if row.record.history_user_id}
    if not user_ids:
        return rows
    held: dict[int, list] = defaultdict(list)
    for appointment in Appointment.objects.filter(person__user_id__in=user_ids).select_related("unit", "person"):
        held[appointment.person.user_id].append(appointment)
    for row in rows:
        on = timezone.localdate(row.record.history_date)
        words = []
        for appointment in held.get(row.record.history_user_id, []):
            if appointment.start_date <= on and (appointment.end_date is None or appointment.end_date > on):
                position = str(appointment.get_position_display())
                words.append(f"{appointment.unit.short_name}{position}" if appointment.unit_id else position)
        row.capacity = "、".join(dict.fromkeys(words))
    return rows


def _in_words(rows: list[HistoryRow]) -> list[HistoryRow]:
    """Choice codes as their labels ("awaiting_confirmation" -> 待单位负责人确认) and linked ids as the
    names of the rows they point at (one query per linked model, whatever the number of rows)."""
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
        if model._meta.label == "committee.Appointment":
            queryset = queryset.select_related("person", "unit")
        names[model] = {obj.pk: str(obj) for obj in queryset}
    for row in rows:
        fields = fields_of[row.record.instance_type]
        for index, (name, old, new) in enumerate(row.changes):
            field = fields.get(name)
            if field is None:
                continue
            if isinstance(field, models.BooleanField):
                row.changes[index] = (name, _yes_no(old), _yes_no(new))
            elif isinstance(field, models.FileField):
                row.changes[index] = (name, _file_name(old), _file_name(new))
            elif field.choices:
                labels = dict(field.flatchoices)
                row.changes[index] = (name, labels.get(old, old), labels.get(new, new))
            elif field.is_relation:
                known = names.get(field.related_model, {})
                row.changes[index] = (name, known.get(old, old), known.get(new, new))
    return rows


def _yes_no(value):
    return None if value is None else (_("是") if value else _("否"))


def _file_name(value):
    return PurePosixPath(str(value)).name if value else None
