"""The one reminder ledger: each (subject, recipient, key) is sent once, however the schedule is run."""

from __future__ import annotations

from committee.models import Committee, Notification
from core.models import ReminderSent
from core.reminders import Message, remind, reminders_of


def test_a_reminder_goes_once_to_each_person_and_is_recorded(staffed, users):
    committee = Committee.objects.get(pk=staffed.pk)
    people = [users["liaison-fulian"].person, users["head-fulian"].person]
    calls = []
    assert remind("test.kind", committee, "k1", people, calls.append) == people
    assert remind("test.kind", committee, "k1", [*people, users["liaison-gonghui"].person], calls.append) == [
        users["liaison-gonghui"].person
    ]
    assert remind("test.kind", committee, "k1", people, calls.append) == []
    assert [len(batch) for batch in calls] == [2, 1]
    assert ReminderSent.objects.filter(kind="test.kind", key="k1").count() == 3
    assert [row.recipient for row in reminders_of([committee], "test.kind")[committee.pk]] != []


def test_a_row_written_meanwhile_by_another_run_is_not_sent_again(staffed, users, monkeypatch):
    """Two workers at once: the other one's row is committed after our read; the unique constraint decides."""
    committee = Committee.objects.get(pk=staffed.pk)
    liaison, head = users["liaison-fulian"].person, users["head-fulian"].person
    ReminderSent.objects.create(kind="test.race", subject=committee, recipient=liaison, key="k")
    real_filter = ReminderSent.objects.filter

    def read_before_the_other_commit(*args, **kwargs):
        return real_filter(*args, **kwargs).exclude(recipient=liaison)

    monkeypatch.setattr(ReminderSent.objects, "filter", read_before_the_other_commit, raising=False)
    sent = []
    assert remind("test.race", committee, "k", [liaison, head], sent.append) == [head]
    assert sent == [[head]]
    monkeypatch.undo()
    assert ReminderSent.objects.filter(kind="test.race").count() == 2


def test_the_committees_inbox_is_how_reminders_arrive(staffed, users):
    from committee.services import reminder_notify

    reminder_notify([users["deputy1"].person], Message("提醒", "正文", "/"))
    assert Notification.objects.filter(recipient=users["deputy1"].person, subject="提醒").exists()
