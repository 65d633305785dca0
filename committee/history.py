"""变更记录: the simple-history records of domain objects, shaped for the history pages."""

from __future__ import annotations

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
    return rows
