"""Agenda items (议题) proposed by the office or a member unit, with materials; the office puts them on the agenda."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import require
from committee.locks import locked
from committee.models import Appointment
from committee.services import notification_send
from committee.workflow import perform
from core.attachments import CheckedFile
from core.wording import Phrase
from members.models import MemberUnit

from .. import selectors
from ..authority_rules import MeetingAction
from ..models import (
    AgendaItem,
    ItemState,
    Material,
    Meeting,
)
from .scheduling import meeting_locked


def _materials_save(item: AgendaItem, files: Iterable[CheckedFile], by: Appointment) -> list[Material]:
    saved = []
    for checked in files:
        material = Material(item=item, uploaded_by=by)
        material.fill_from(checked)
        material.save()
        saved.append(material)
    return saved


@transaction.atomic
def agenda_item_propose(
    *,
    by,
    meeting: Meeting,
    title: str,
    description: str = "",
    unit: MemberUnit | None = None,
    files: Iterable[CheckedFile] = (),
) -> AgendaItem:
    """A member unit (its member or liaison) or the office proposes an agenda item, with its materials.

    What the office proposes is on the agenda at once; a unit's proposal waits for the office to accept it.
    """
    meeting = meeting_locked(meeting)
    item = AgendaItem(
        committee=meeting.committee, meeting=meeting, unit=unit, title=title.strip(), description=description.strip()
    )
    capacity = require(by, MeetingAction.PROPOSE_ITEM, item)
    if not meeting.is_open_for_change:
        raise ValidationError(_("会议%(state)s，不再接受议题。") % {"state": meeting.get_state_display()})
    item.proposed_by = capacity.appointment
    item.order = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
    if unit is None:
        item.state = ItemState.ACCEPTED
        item.decided_by = capacity.appointment
        item.decided_at = timezone.now()
    item.full_clean()
    item.save()
    _materials_save(item, files, capacity.appointment)
    if unit is not None:
        notification_send(
            recipients=selectors.office_people(meeting.committee),
            subject=Phrase(gettext_noop("%(unit)s提出议题，待审核：%(title)s"), unit=unit.short_name, title=item.title),
            link=item.get_absolute_url(),
        )
    return item


def _locked_item(item: AgendaItem) -> AgendaItem:
    return locked(AgendaItem.objects.all()).select_related("meeting", "unit", "committee").get(pk=item.pk)


@transaction.atomic
def agenda_item_accept(*, by, item: AgendaItem) -> AgendaItem:
    """The office puts a unit's proposal on the agenda; the proposer is told."""
    item = _locked_item(item)
    capacity = perform(item, "accept", by)
    item.decided_by = capacity.appointment
    item.decided_at = timezone.now()
    item.save(update_fields=["state", "decided_by", "decided_at"])
    notification_send(
        recipients=[item.proposed_by.person],
        subject=Phrase(gettext_noop("议题已列入会议议程：%(title)s"), title=item.title),
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def agenda_item_decline(*, by, item: AgendaItem, reason: str) -> AgendaItem:
    """The office leaves a unit's proposal off the agenda, with the reason; the proposer is told."""
    item = _locked_item(item)
    capacity = perform(item, "decline", by)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明未列入议程的理由。")})
    item.decided_by = capacity.appointment
    item.decided_at = timezone.now()
    item.decline_reason = reason.strip()
    item.save(update_fields=["state", "decided_by", "decided_at", "decline_reason"])
    notification_send(
        recipients=[item.proposed_by.person],
        subject=Phrase(gettext_noop("议题未列入会议议程：%(title)s"), title=item.title),
        body=item.decline_reason,
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def material_add(*, by, item: AgendaItem, files: Iterable[CheckedFile]) -> list[Material]:
    """Adds materials to an agenda item: its proposer's side (the unit, or the office) until the meeting is held."""
    item = _locked_item(item)
    capacity = perform(item, "add_materials", by)
    files = list(files)
    if not files:
        raise ValidationError({"files": _("请选择要上传的文件。")})
    return _materials_save(item, files, capacity.appointment)
