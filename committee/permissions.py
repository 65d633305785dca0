"""Object permissions (django-guardian) that mirror the appointments in force.

The authority service decides; these rows let list pages filter in the query
(`guardian.shortcuts.get_objects_for_user`). They are written only here, by the
appointment services in their own transaction and by the hourly `permissions_sync` task
that catches appointments starting or ending by date.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from members.models import MemberUnit, MemberUnitUserObjectPermission

from .models import Appointment, Committee, CommitteeUserObjectPermission, Person, Position

COMMITTEE_PERMS = {
    Position.DIRECTOR: {"view_committee_affairs"},
    Position.DEPUTY: {"view_committee_affairs"},
    Position.OFFICE_DIRECTOR: {"view_committee_affairs", "manage_committee"},
    Position.OFFICE_STAFF: {"view_committee_affairs", "manage_committee"},
    Position.VIEWER: {"view_committee_affairs"},
}
UNIT_PERMS = {
    Position.LIAISON: {"view_unit_affairs", "act_for_unit"},
    Position.UNIT_HEAD: {"view_unit_affairs", "confirm_for_unit"},
}

TABLES = (
    (Committee, CommitteeUserObjectPermission, "committee_id", COMMITTEE_PERMS),
    (MemberUnit, MemberUnitUserObjectPermission, "unit_id", UNIT_PERMS),
)


def _permission(model, codename: str) -> Permission:
    content_type = ContentType.objects.get_for_model(model)
    return Permission.objects.get(content_type=content_type, codename=codename)


@transaction.atomic
def permissions_sync_person(person: Person, on: datetime.date | None = None) -> tuple[int, int]:
    """Makes the person's object permissions match their appointments in force; returns (granted, revoked)."""
    if person.user_id is None:
        return 0, 0
    on = on or timezone.localdate()
    appointments = list(Appointment.objects.in_force(on).filter(person=person))
    granted = revoked = 0
    for model, perm_model, attribute, by_position in TABLES:
        wanted = {
            (getattr(appointment, attribute), codename)
            for appointment in appointments
            for codename in by_position.get(appointment.position, ())
        }
        rows = perm_model.objects.filter(user_id=person.user_id).select_related("permission")
        existing = {(row.content_object_id, row.permission.codename): row for row in rows}
        for key, row in existing.items():
            if key not in wanted:
                row.delete()
                revoked += 1
        for object_id, codename in wanted - existing.keys():
            perm_model.objects.create(
                user_id=person.user_id, permission=_permission(model, codename), content_object_id=object_id
            )
            granted += 1
    return granted, revoked


def permissions_sync_all(on: datetime.date | None = None) -> tuple[int, int]:
    """Runs `permissions_sync_person` for everyone with a login; for appointments that start or end by date."""
    granted = revoked = 0
    for person in Person.objects.exclude(user=None):
        g, r = permissions_sync_person(person, on)
        granted, revoked = granted + g, revoked + r
    return granted, revoked


def permissions_clear_user(user_id: int) -> int:
    """Removes every object permission a login holds through appointments (its person was unlinked)."""
    return sum(perm_model.objects.filter(user_id=user_id).delete()[0] for _m, perm_model, _a, _p in TABLES)
