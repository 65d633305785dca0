"""Calendar addresses (a secret subscription per person). The reminders are declared in meetings/reminders.py."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, require
from committee.locks import locked
from committee.models import Person

from ..models import CalendarToken


@transaction.atomic
def calendar_token_issue(*, user) -> CalendarToken:
    """A new subscription address for the user's person; the old one stops working at once."""
    person = Person.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None
    if person is None:
        raise ValidationError(_("您的账号没有对应的委员会人员，不能订阅会议日历。"))
    require(user, Action.VIEW_COMMITTEE, person.committee)
    person = locked(Person.objects.all()).get(pk=person.pk)
    CalendarToken.objects.filter(person=person, revoked_at=None).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(person=person, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_revoke(*, user) -> int:
    return CalendarToken.objects.filter(person__user=user, revoked_at=None).update(revoked_at=timezone.now())
