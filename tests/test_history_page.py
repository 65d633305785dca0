"""变更记录 read a page at a time in the database says what the whole history, compared in Python, says."""

from __future__ import annotations

from committee.history import history_page, history_rows
from committee.models import Appointment, Committee, Delegation


def _key(row):
    return (row.record.instance_type, row.record.history_id, row.kind, row.changes)


def _flat(rows):
    """The rows one by one: a page groups repeated creations (新建任职 14个) only among the rows it shows."""
    return [_key(each) for row in rows for each in (row, *row.more)]


def test_a_page_of_the_union_is_the_same_page_of_the_whole_history(staffed, delegate, users):
    for n in range(6):
        delegation = delegate("deputy1", ["chair"], days=n + 2)
        Delegation.objects.filter(pk=delegation.pk).update(reason=f"理由{n}")  # no history: not a change record
        delegation.reason = f"改后的理由{n}"
        delegation.save()
    sources = [
        (Committee, {"id": staffed.pk}),
        (Delegation, {"committee_id": staffed.pk}),
        (Appointment, {"committee_id": staffed.pk}),
    ]
    everything = history_rows(
        [
            *Committee.history.filter(id=staffed.pk),
            *Delegation.history.filter(committee_id=staffed.pk),
            *Appointment.history.filter(committee_id=staffed.pk),
        ]
    )
    whole = _flat(everything)
    assert len(whole) > 30
    first, second = history_page(sources, 1, per_page=15), history_page(sources, 2, per_page=15)
    assert _flat(first.rows) == whole[:15]
    assert _flat(second.rows) == whole[15:30]
    assert (first.has_previous, first.has_next, second.has_previous) == (False, True, True)
    changed = [row for row in first.rows if row.record.instance_type is Delegation and row.changes]
    assert changed and any(
        name == "委托事由" and new.startswith("改后的理由") for row in changed for name, _old, new in row.changes
    )


def test_dates_and_times_read_as_on_the_rest_of_the_page_in_either_language(staffed, delegate):
    import datetime

    from django.utils import timezone, translation

    delegation = delegate("deputy1", ["chair"], days=3)
    old_end = timezone.localtime(delegation.ends_at)
    delegation.ends_at = timezone.make_aware(datetime.datetime(2026, 12, 31, 17, 30))
    delegation.save()
    records = Delegation.history.filter(id=delegation.pk)

    def ends_changed():
        (row,) = [row for row in history_rows(list(records)) if row.changes]
        ((_name, old, new),) = row.changes  # 截止时间, the one field changed
        return old, new

    old_zh = f"{old_end.year}年{old_end.month}月{old_end.day}日 {old_end:%H:%M}"
    assert ends_changed() == (old_zh, "2026年12月31日 17:30")
    with translation.override("en"):
        assert ends_changed() == (f"{old_end.day} {old_end:%b %Y %H:%M}", "31 Dec 2026 17:30")
