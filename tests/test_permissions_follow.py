"""Lists follow appointments with no copy to keep in step; powers end the moment their source does, even mid-page."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committee.authority import Action, restrict
from committee.models import Position
from committee.services import appointment_make, delegation_revoke, person_create
from members.models import MembershipChange, MemberUnit


def test_a_future_appointment_gains_its_lists_when_the_day_comes(staffed, appointment_of):
    unit = MemberUnit.objects.get(committee=staffed, code="canlian")
    user = get_user_model().objects.create_user("future-liaison")
    person = person_create(committee=staffed, name="未来联络员", user=user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    from committee.services import appointment_end

    appointment_end(appointment=appointment_of("liaison-canlian"), end_date=tomorrow)
    appointment_make(committee=staffed, person=person, position=Position.LIAISON, unit=unit, start_date=tomorrow)
    units = MemberUnit.objects.filter(committee=staffed)
    assert unit not in restrict(units, user, Action.ACT_FOR_UNIT)

    # No task runs: the day the appointment starts, the list answers from it.
    day_after = timezone.now() + datetime.timedelta(days=1, hours=1)
    assert unit in restrict(units, user, Action.ACT_FOR_UNIT, at=day_after)
    former = get_user_model().objects.get(username="liaison-canlian")
    assert unit not in restrict(units, former, Action.ACT_FOR_UNIT, at=day_after)
    assert unit in restrict(units, former, Action.ACT_FOR_UNIT)


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

    response = client.post(
        reverse("members:change_step", args=[change.pk, "confirm"]), {"confirm-decision_note": "同意"}
    )
    assert response.status_code == 200
    assert "没有在效的" in response.content.decode()
    change.refresh_from_db()
    assert change.state == "proposed"
