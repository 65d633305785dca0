"""Two people at the same moment: the director revokes a delegation while the deputy acts under it."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Delegation, Position
from committee.services import delegation_grant, delegation_revoke
from members.models import MembershipChange
from members.services import membership_change_confirm

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def _run_together(*functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - the outcome is what is judged
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.parametrize("attempt", range(6))
def test_revocation_and_act_never_both_succeed_out_of_order(staffed, appointment_of, attempt):
    User = get_user_model()
    director, deputy = User.objects.get(username="director"), User.objects.get(username="deputy1")
    now = timezone.now()
    delegation = delegation_grant(
        by=director,
        committee=staffed,
        deputy=appointment_of("deputy1", Position.DEPUTY),
        powers=["decide"],
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(days=1),
        reason="并发测试",
    )
    change = MembershipChange.objects.create(
        committee=staffed,
        unit=staffed.units.get(code="fulian"),
        position="liaison",
        new_person_name="并发",
        effective_on=timezone.localdate() + datetime.timedelta(days=3),
        reason="测试",
        proposed_by=appointment_of("head-fulian"),
        proposed_at=now,
    )

    act, revoke = _run_together(
        lambda: membership_change_confirm(by=deputy, change=change),
        lambda: delegation_revoke(by=director, delegation=delegation, reason="收回"),
    )

    assert not isinstance(revoke, Exception), revoke
    delegation.refresh_from_db()
    change.refresh_from_db()
    assert delegation.revoked_at is not None
    if isinstance(act, NotAllowed):
        assert change.state == "proposed"
    else:
        assert not isinstance(act, Exception), act
        assert change.state == "confirmed"
        assert change.decided_under_id == delegation.pk
        # Recorded under the delegation only if the act came first.
        assert change.decided_at < delegation.revoked_at
    assert Delegation.objects.filter(pk=delegation.pk, revoked_at__isnull=False).count() == 1
