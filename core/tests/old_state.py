"""Rows for migration tests, made with the models of a past migration state (`apps`), never the current ones."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass
class People:
    committee: object
    director: object
    deputy: object
    delegation: object


def committee_with_a_deputy(apps, *, number: int = 3) -> People:
    """A committee, its director, a deputy, and the director's delegation number `number` to the deputy."""
    committee = apps.get_model("committee", "Committee").objects.create(
        code="migration-test",
        name="迁移测试镇社区矫正委员会",
        short_name="迁移测试镇矫委",
        nature="议事协调机构",
        legal_basis="社区矫正法",
        approving_body="迁移测试镇人民政府",
        established_on=datetime.date(2020, 1, 1),
        effective_on=datetime.date(2020, 1, 1),
        office_name="迁移测试镇社区矫正委员会办公室",
        office_host="司法所",
        doc_prefix="迁矫委",
        office_doc_prefix="迁矫委办",
    )
    person = apps.get_model("committee", "Person")
    appointment = apps.get_model("committee", "Appointment")
    start = datetime.date(2020, 1, 1)
    director = appointment.objects.create(
        committee=committee,
        person=person.objects.create(committee=committee, name="主任甲"),
        position="director",
        start_date=start,
    )
    deputy = appointment.objects.create(
        committee=committee,
        person=person.objects.create(committee=committee, name="副主任乙"),
        position="deputy",
        seat=1,
        start_date=start,
    )
    now = timezone.now()
    delegation = apps.get_model("committee", "Delegation").objects.create(
        committee=committee,
        number=number,
        deputy=deputy,
        granted_by=director,
        grants_sign=True,
        grants_decide=True,
        grants_approve_inspection=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=30),
        reason="迁移测试",
    )
    return People(committee, director, deputy, delegation)
