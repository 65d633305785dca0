"""The capacity text columns of duties (inspections) carried over to delegation keys (django-test-migrations)."""

from __future__ import annotations

from django.utils import timezone

from core.tests.old_state import committee_with_a_deputy

BEFORE = ("duties", "0005_inspections")
AFTER = ("duties", "0008_drop_capacity_text")


def test_inspection_capacities_become_delegation_keys(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    people = committee_with_a_deputy(old.apps, number=12)
    inspection_model = old.apps.get_model("duties", "Inspection")
    now = timezone.now()
    approved = inspection_model.objects.create(
        committee=people.committee,
        title="年度督导检查",
        subject="duties",
        reason="年度工作安排",
        proposed_by=people.director,
        proposed_capacity="以主任身份",
        state="closed",
        decided_by=people.deputy,
        decided_capacity="以副主任身份（第12号委托）",
        decided_at=now,
        decision_note="同意",
        closed_by=people.deputy,
        closed_capacity="As Deputy Director (Delegation No. 12)",
        closed_at=now,
    )
    other = inspection_model.objects.create(
        committee=people.committee,
        title="专项督导检查",
        subject="laws",
        reason="专项工作",
        proposed_by=people.director,
        proposed_capacity="以主任身份",
    )

    new = migrator.apply_tested_migration(AFTER)
    inspection = new.apps.get_model("duties", "Inspection")
    approved = inspection.objects.get(pk=approved.pk)
    assert approved.decided_under_id == people.delegation.pk
    assert approved.closed_under_id == people.delegation.pk
    assert approved.proposed_under_id is None and approved.proposed_by_id == people.director.pk
    other = inspection.objects.get(pk=other.pk)
    assert (other.proposed_under_id, other.decided_under_id, other.closed_under_id) == (None, None, None)
    assert "decided_capacity" not in {field.name for field in inspection._meta.get_fields()}
