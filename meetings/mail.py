"""What a meeting's e-mail carries: its calendar invitation (Art 21 notices), declared to core.mail."""

from __future__ import annotations

from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings

from committee.mail import person_address
from committee.models import Person
from core.mail import register_mail_attachment, site_url

from . import ical
from .models import Meeting


def meeting_invitation(meeting: Meeting, recipient: Person) -> list[MIMEText]:
    """The meeting's .ics as `text/calendar; method=REQUEST` (or CANCEL), in its present state: a notice read
    after a later change still puts the meeting in the calendar as it now stands (the higher SEQUENCE wins)."""
    meeting = Meeting.objects.select_related("committee", "chair__person").prefetch_related("items").get(pk=meeting.pk)
    body, method = ical.invitation_bytes(
        meeting,
        base_url=site_url(),
        organizer=(meeting.committee.office_name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]),
        attendee=(recipient.name, person_address(recipient)),
    )
    part = MIMEText(body.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=f"meeting-{meeting.pk}.ics")
    return [part]


register_mail_attachment(Meeting, meeting_invitation)
