"""Object permissions follow appointments; powers end the moment their source does, even mid-page."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committee.models import Position
from committee.services import appointment_make, delegation_revoke, person_create
from committee.tasks import permissions_sync
from members.models import MembershipChange, MemberUnit
from members.selectors import units_of_user


def test_a_future_appointment_gains_its_permissions_when_the_day_comes(staffed, appointment_of):
    unit = MemberUnit.objects.get(committee=staffed, code="canlian")
    user = get_user_model().objects.create_user("future-liaison")
    person = person_create(committee=staffed, name="未来联络员", user=user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    from committee.services import appointment_end

    appointment_end(appointment=appointment_of("liaison-canlian"), end_date=tomorrow)
    appointment_make(committee=staffed, person=person, position=Position.LIAISON, unit=unit, start_date=tomorrow)
    assert unit not in units_of_user(user, staffed)

    # The hourly beat task, run on the day the appointment starts.
    from committee.permissions import permissions_sync_all

    permissions_sync_all(on=tomorrow)
    assert unit in units_of_user(user, staffed)
    assert unit not in units_of_user(get_user_model().objects.get(username="liaison-canlian"), staffed)


def test_permissions_sync_task_is_harmless_to_repeat(staffed):
    first = permissions_sync()
    second = permissions_sync()
    assert second == {"granted": 0, "revoked": 0}
    assert first == {"granted": 0, "revoked": 0}


def test_a_page_opened_under_a_delegation_cannot_act_after_revocation(client, staffed, users, delegate, appointment_of):
    delegation = delegate("deputy1", ["decide"])
    change = MembershipChange.objects.create(
        committee=staffed,
        unit=staffed.units.get(code="fulian"),
        position="liaison",
        new_person_name="新人",
        effective_on=timezone.localdate() + datetime.timedelta(days=3),
        reason="调动",
        proposed_by=appointment_of("head-fulian"),
        proposed_at=timezone.now(),
    )
    client.force_login(users["deputy1"])
    page = client.get(reverse("members:change", args=[change.pk])).content.decode()
    assert "确定调整" in page
    assert f"以副主任身份（第{delegation.number}号委托）" in page

    delegation_revoke(by=users["director"], delegation=delegation, reason="收回")

    response = client.post(reverse("members:change", args=[change.pk]), {"op": "confirm", "decision_note": "同意"})
    assert response.status_code == 200
    assert "没有在效的" in response.content.decode()
    change.refresh_from_db()
    assert change.state == "proposed"
