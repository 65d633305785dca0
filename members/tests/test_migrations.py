"""The duty items move from duties to members without moving a row (django-test-migrations)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.tests.old_state import committee_with_a_deputy

# django-test-migrations applies everything its full plan puts before the last of these: name only the
# migrations that the move itself depends on, so that none of the move's own steps is run early.
BEFORE = [("duties", "0009_reminders_in_core_ledger"), ("members", "0004_membership_change_names_a_person")]
AFTER = ("duties", "0010_duty_moved_to_members")


def test_a_duty_its_history_its_permissions_and_a_link_to_it_survive_the_move(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    people = committee_with_a_deputy(old.apps)
    unit = old.apps.get_model("members", "MemberUnit").objects.create(
        committee=people.committee,
        code="fulian",
        name="镇妇联",
        short_name="妇联",
        kind="mass_organization",
        article_number=16,
        joined_on=datetime.date(2020, 1, 1),
    )
    duty = old.apps.get_model("duties", "Duty").objects.create(
        committee=people.committee, unit=unit, article_number=16, item_number=1, text="协助开展家庭帮扶"
    )
    old.apps.get_model("duties", "HistoricalDuty").objects.create(
        id=duty.pk,
        committee=people.committee,
        unit=unit,
        article_number=16,
        item_number=1,
        text="协助开展家庭帮扶",
        history_date=timezone.now(),
        history_type="+",
    )
    inspection = old.apps.get_model("duties", "Inspection").objects.create(
        committee=people.committee,
        title="年度督导检查",
        subject="duties",
        reason="年度工作安排",
        proposed_by=people.director,
    )
    item = old.apps.get_model("duties", "InspectionItem").objects.create(
        committee=people.committee, inspection=inspection, unit=unit, duty=duty, text="家庭帮扶", position=1
    )
    content_types = old.apps.get_model("contenttypes", "ContentType").objects
    old_type, _ = content_types.get_or_create(app_label="duties", model="duty")
    permission = old.apps.get_model("auth", "Permission").objects.create(
        content_type=old_type, codename="view_duty_for_test", name="Can view 职责 (test)"
    )
    # As if post_migrate had already made an empty content type for the new place.
    content_types.get_or_create(app_label="members", model="duty")

    new = migrator.apply_tested_migration(AFTER)
    moved = new.apps.get_model("members", "Duty").objects.get(pk=duty.pk)
    assert (moved.unit_id, moved.text) == (unit.pk, "协助开展家庭帮扶")
    assert new.apps.get_model("members", "HistoricalDuty").objects.filter(id=duty.pk).count() == 1
    assert new.apps.get_model("duties", "InspectionItem").objects.get(pk=item.pk).duty_id == duty.pk
    assert new.apps.get_model("duties", "InspectionItem")._meta.get_field("duty").related_model._meta.label == (
        "members.Duty"
    )
    with_label = new.apps.get_model("contenttypes", "ContentType").objects.get(pk=old_type.pk)
    assert (with_label.app_label, with_label.model) == ("members", "duty")
    assert not new.apps.get_model("contenttypes", "ContentType").objects.filter(app_label="duties", model="duty")
    assert new.apps.get_model("auth", "Permission").objects.get(pk=permission.pk).content_type_id == old_type.pk
