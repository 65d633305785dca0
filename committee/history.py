"""变更记录: the simple-history records of domain objects, shaped for the history pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

KIND = {"+": _("新建"), "~": _("修改"), "-": _("删除")}


@dataclass
class HistoryRow:
    record: object
    kind: str
    changes: list[tuple[str, object, object]]

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
        return f"#{record.id}"

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
                field = record.instance_type._meta.get_field(change.field)
                changes.append((str(field.verbose_name), change.old, change.new))
        previous[key] = record
        rows.append(HistoryRow(record=record, kind=str(KIND.get(record.history_type, "")), changes=changes))
    rows.reverse()
    return _in_words(rows)


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
            if field.choices:
                labels = dict(field.flatchoices)
                row.changes[index] = (name, labels.get(old, old), labels.get(new, new))
            elif field.is_relation:
                known = names.get(field.related_model, {})
                row.changes[index] = (name, known.get(old, old), known.get(new, new))
    return rows
