"""变更记录: the simple-history records of domain objects, shaped for the history pages."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.numerals import join_items, shown_date

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


def _row(record, before) -> HistoryRow | None:
    """The record as a row with the fields changed from `before`; None when only hidden columns changed (a digest
    recomputed): nothing to say."""
    changes = []
    if before is not None:
        delta = record.diff_against(before)
        for change in delta.changes:
            model_field = record.instance_type._meta.get_field(change.field)
            if not _hidden(model_field):
                changes.append((str(model_field.verbose_name), change.old, change.new))
        if not changes and record.history_type == "~" and not record.history_change_reason:
            return None
    return HistoryRow(record=record, kind=str(KIND.get(record.history_type, "")), changes=changes)


def history_rows(records) -> list[HistoryRow]:
    """Rows newest first, each with the fields that changed from the record before it (no query per row)."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    rows, previous = [], {}
    for record in ordered:
        key = (record.instance_type, record.id)
        row = _row(record, previous.get(key))
        if row is not None:
            rows.append(row)
        previous[key] = record
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
                words.append(appointment.position_words)
        row.capacity = join_items(dict.fromkeys(words))
    return rows


@dataclass
class HistoryPage:
    """One page of a history read in the database: its rows, and whether there are newer and older ones.

    There is no total: counting every change of ten years on each visit would cost more than the page."""

    number: int
    rows: list[HistoryRow]
    has_previous: bool
    has_next: bool

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def history_page(sources: list[tuple[type, dict]], number: int, per_page: int = 50) -> HistoryPage:
    """Page `number` (from 1) of the history records of several models, newest first, read in the database.

    `sources` pairs each history-tracked model with the equality filter of its records by column
    (`{"committee_id": 3}`). One query finds the page's records in the union of the history tables, each part
    limited to what the page can need; then, for each table with records on the page, one query reads them with
    the record before each, so that only the rows shown are compared."""
    number = max(1, number)
    offset = (number - 1) * per_page
    found = _page_keys(sources, offset, per_page + 1)
    has_next = len(found) > per_page
    found = found[:per_page]
    by_source: dict[int, list[int]] = defaultdict(list)
    for history_id, index in found:
        by_source[index].append(history_id)
    records = {}
    for index, ids in by_source.items():
        for record, before in _with_previous(sources[index][0], ids):
            records[(index, record.history_id)] = (record, before)
    rows = [_row(*records[(index, history_id)]) for history_id, index in found if (index, history_id) in records]
    shown = [row for row in rows if row is not None]
    return HistoryPage(number, _with_capacities(_grouped(_in_words(shown))), number > 1, has_next)


def _page_keys(sources: list[tuple[type, dict]], offset: int, limit: int) -> list[tuple[int, int]]:
    """(history_id, source index) of the records on the page, newest first: a UNION ALL of the history tables,
    written out from the models' metadata (the ORM would compile a queryset per table on every page view)."""
    if not sources:
        return []
    quote = connection.ops.quote_name
    date, key, wanted = quote("history_date"), quote("history_id"), int(offset + limit)
    parts, params = [], []
    for index, (model, lookup) in enumerate(sources):
        history = model.history.model
        columns = {field.attname: field.column for field in history._meta.concrete_fields}
        where = " AND ".join(f"{quote(columns[name])} = %s" for name in lookup)
        params += list(lookup.values())
        # Identifiers come from the models' metadata, quoted; numbers are ints; values are parameters.
        parts.append(
            f"SELECT * FROM (SELECT {date}, {key}, {int(index)} AS source FROM {quote(history._meta.db_table)} "  # noqa: S608
            f"WHERE {where} ORDER BY {date} DESC, {key} DESC LIMIT {wanted}) AS part{int(index)}"
        )
    sql = " UNION ALL ".join(parts) + f" ORDER BY {date} DESC, {key} DESC LIMIT {int(limit)} OFFSET {int(offset)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(history_id, source) for _date, history_id, source in cursor.fetchall()]


def _with_previous(model, history_ids: list[int]) -> list[tuple[object, object]]:
    """The history records `history_ids` of `model` and the record before each of the same object, in one query:
    every record of the objects on the page (an object's history is short), paired here."""
    pk = model._meta.pk.attname
    objects = model.history.filter(history_id__in=history_ids).values(pk)
    by_object: dict[object, list] = defaultdict(list)
    fetched = {}
    for record in model.history.filter(**{f"{pk}__in": objects}).select_related("history_user__person").order_by():
        by_object[getattr(record, pk)].append(record)
        fetched[record.history_id] = record
    pairs = []
    for history_id in history_ids:
        record = fetched.get(history_id)
        if record is None:
            continue
        place = (record.history_date, record.history_id)
        older = [r for r in by_object[getattr(record, pk)] if (r.history_date, r.history_id) < place]
        pairs.append((record, max(older, key=lambda r: (r.history_date, r.history_id)) if older else None))
    return pairs


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
            elif isinstance(field, models.DateField):  # a date, or a time (DateTimeField is one)
                row.changes[index] = (name, _when(old), _when(new))
            elif isinstance(field, models.FileField):
                row.changes[index] = (name, _file_name(old), _file_name(new))
            elif field.choices:
                labels = dict(field.flatchoices)
                row.changes[index] = (name, labels.get(old, old), labels.get(new, new))
            elif field.is_relation:
                known = names.get(field.related_model, {})
                row.changes[index] = (name, known.get(old, old), known.get(new, new))
    return rows


def _when(value):
    """A date or a time as the rest of the page writes it: 2026年12月1日 18:02, or 1 Dec 2026 18:02 in English (the
    template's default would be "Dec. 1, 2026, 6:02 p.m.")."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{shown_date(value)} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return shown_date(value)
    return value


def _yes_no(value):
    return None if value is None else (_("是") if value else _("否"))


def _file_name(value):
    return PurePosixPath(str(value)).name if value else None
