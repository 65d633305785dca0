"""Research topics (课题调研, Art 22): registered by the office, progress recorded by the lead unit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from committee.authority import Action, decide, require
from committee.locks import locked
from committee.models import Committee
from core.attachments import validate_attachment
from members.models import MemberUnit

from ..authority_rules import UPDATE_TOPIC
from ..models import (
    ResearchTopic,
    TopicStatus,
)

TOPIC_FIELDS = (
    "year",
    "title",
    "lead_unit",
    "plan",
    "starts_on",
    "ends_on",
    "status",
    "findings",
    "related_decisions",
)
# What the lead unit may update; the office keeps the rest.
TOPIC_PROGRESS_FIELDS = ("status", "findings")


def _topic_file(topic: ResearchTopic, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    try:
        checked = validate_attachment(upload)
    except ValidationError as exc:
        raise ValidationError({"final_report": exc.messages}) from exc
    topic.final_report.save(f"report.{checked.extension}", checked.upload, save=False)
    topic.final_report_name = checked.name[:200]
    topic.final_report_type = checked.content_type


@transaction.atomic
def topic_create(
    *,
    by,
    committee: Committee,
    participating_units: list[MemberUnit] = (),
    decisions: list = (),
    final_report: UploadedFile | None = None,
    **values,
) -> ResearchTopic:
    """Art 22: the office registers a research topic (课题调研) with its lead unit, participants, plan and
    the meeting decisions it is linked to."""
    capacity = require(by, Action.MANAGE_COMMITTEE, committee)
    unknown = set(values) - set(TOPIC_FIELDS)
    if unknown:
        raise TypeError(f"unknown topic fields: {sorted(unknown)}")
    values.setdefault("status", TopicStatus.PLANNED)
    topic = ResearchTopic(committee=committee, created_by=capacity.appointment, **values)
    _check_units(committee, participating_units)
    _check_decisions(committee, decisions)
    topic.full_clean(exclude=["final_report"])
    _topic_file(topic, final_report)
    topic.save()
    topic.participating_units.set(participating_units)
    topic.decisions.set(decisions)
    return topic


def _check_units(committee: Committee, units) -> None:
    if any(unit.committee_id != committee.pk for unit in units):
        raise ValidationError({"participating_units": _("参与单位须是本委员会的成员单位。")})


def _check_decisions(committee: Committee, decisions) -> None:
    if any(decision.committee_id != committee.pk or decision.effective_at is None for decision in decisions):
        raise ValidationError({"decisions": _("只能关联本委员会已生效的决定事项。")})


@transaction.atomic
def topic_update(
    *,
    by,
    topic: ResearchTopic,
    participating_units: list[MemberUnit] | None = None,
    decisions: list | None = None,
    final_report: UploadedFile | None = None,
    **values,
) -> ResearchTopic:
    """The office updates any part of a topic; the lead unit updates its status, findings and final report."""
    topic = locked(ResearchTopic.objects.all()).select_related("committee", "lead_unit").get(pk=topic.pk)
    may_manage = bool(decide(by, Action.MANAGE_COMMITTEE, topic))
    if not may_manage:
        require(by, UPDATE_TOPIC, topic)
    allowed = TOPIC_FIELDS if may_manage else TOPIC_PROGRESS_FIELDS
    refused = {name for name in values if name not in allowed}
    if refused or ((participating_units is not None or decisions is not None) and not may_manage):
        raise ValidationError(_("牵头单位只能登记课题状态、调研成果和调研报告。"))
    for name, value in values.items():
        setattr(topic, name, value)
    if participating_units is not None:
        _check_units(topic.committee, participating_units)
    if decisions is not None:
        _check_decisions(topic.committee, decisions)
    topic.full_clean(exclude=["final_report"])
    _topic_file(topic, final_report)
    topic.save()
    if participating_units is not None:
        topic.participating_units.set(participating_units)
    if decisions is not None:
        topic.decisions.set(decisions)
    return topic
