"""Notifications stored as text before their phrases were kept get the phrase back where the text matches a message
the code sent (in Chinese or in English), and are shown as stored otherwise (django-test-migrations)."""

from __future__ import annotations

from django.utils import translation

from core.tests.old_state import committee_with_a_deputy
from core.wording import Phrase

BEFORE = ("committee", "0005_mail_delivery")
AFTER = ("committee", "0007_notification_wording_recovered")


def test_old_notifications_are_worded_again_for_each_reader(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    people = committee_with_a_deputy(old.apps)
    notification = old.apps.get_model("committee", "Notification")
    made = {
        # Sent from the English screen: the reader in Chinese saw English.
        "english": notification.objects.create(
            committee=people.committee,
            recipient=people.deputy.person,
            subject="Meeting notice: 年度全体会议",
            action="Attend the meeting on time",
        ),
        "chinese": notification.objects.create(
            committee=people.committee, recipient=people.deputy.person, subject="会议通知（再次发送）：年度全体会议"
        ),
        "typed": notification.objects.create(
            committee=people.committee, recipient=people.deputy.person, subject="请带上笔记本电脑"
        ),
    }

    new = migrator.apply_tested_migration(AFTER)
    stored = {key: new.apps.get_model("committee", "Notification").objects.get(pk=row.pk) for key, row in made.items()}
    english = Phrase.from_data(stored["english"].wording["subject"])
    assert english.worded("zh-hans") == "会议通知：年度全体会议"
    assert english.worded("en") == "Meeting notice: 年度全体会议"
    assert Phrase.from_data(stored["english"].wording["action"]).worded("zh-hans") == "按时出席会议"
    assert Phrase.from_data(stored["chinese"].wording["subject"]).worded("en").startswith("Meeting notice (")
    # Text that matches no message keeps no wording, and is shown as it was stored.
    assert stored["typed"].wording == {} and stored["typed"].subject == "请带上笔记本电脑"
    with translation.override("en"):
        assert english.worded("en") == str(english)
