"""Meetings as iCalendar (RFC 5545): one file per meeting, and a feed per person for their calendar program."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from core.numerals import join_items

from .models import ItemState, Meeting, MeetingState

STATUS = {
    MeetingState.PLANNED: "TENTATIVE",
    MeetingState.NOTIFIED: "CONFIRMED",
    MeetingState.HELD: "CONFIRMED",
    MeetingState.CANCELLED: "CANCELLED",
}


def calendar_bytes(meetings: Iterable[Meeting], name: str, base_url: str) -> bytes:
    """Times are written in UTC, which every calendar program shows in its own zone without a VTIMEZONE block."""
    calendar = Calendar()
    calendar.add("prodid", "-//community-correction-committee//meetings//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now().astimezone(datetime.UTC)
    for meeting in meetings:
        calendar.add_component(_event(meeting, base_url, stamp))
    return calendar.to_ical()


def invitation_bytes(
    meeting: Meeting, *, base_url: str, organizer: tuple[str, str], attendee: tuple[str, str]
) -> tuple[bytes, str]:
    """An iTIP invitation (RFC 5546) for one person: METHOD:REQUEST, or METHOD:CANCEL once the meeting is
    cancelled; returns the bytes and the method. The event is the one the feed and the download carry (same UID
    and SEQUENCE), so a calendar program updates the entry it has rather than adding another.

    `organizer` and `attendee` are (name, address); nobody is asked to reply (RSVP=FALSE): the office records
    attendance, and replies to the sender's address would go unread.
    """
    method = "CANCEL" if meeting.state == MeetingState.CANCELLED else "REQUEST"
    calendar = Calendar()
    calendar.add("prodid", "-//community-correction-committee//meetings//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = _event(meeting, base_url, timezone.now().astimezone(datetime.UTC))
    organizer_name, organizer_address = organizer
    event.add("organizer", vCalAddress(f"mailto:{organizer_address}"), parameters={"cn": organizer_name})
    attendee_name, attendee_address = attendee
    event.add(
        "attendee",
        vCalAddress(f"mailto:{attendee_address}"),
        parameters={
            "cn": attendee_name,
            "role": "REQ-PARTICIPANT",
            "partstat": "NEEDS-ACTION",
            "rsvp": "FALSE",
        },
    )
    calendar.add_component(event)
    return calendar.to_ical(), method


def _event(meeting: Meeting, base_url: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", meeting.ical_uid)
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    ends_at = meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2)
    event.add("dtend", ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{meeting.title}（{meeting.get_kind_display()}）")
    event.add("location", meeting.location)
    event.add("status", STATUS[MeetingState(meeting.state)])
    url = f"{base_url}{meeting.get_absolute_url()}"
    event.add("url", url)
    lines = [_("主持人：%(chair)s") % {"chair": meeting.chair.person.name}]
    items = [item.title for item in meeting.items.all() if item.state == ItemState.ACCEPTED]
    if items:
        lines.append(_("议题：%(items)s") % {"items": join_items(items)})
    if meeting.state == MeetingState.CANCELLED:
        lines.append(_("会议已取消：%(reason)s") % {"reason": meeting.cancel_reason})
    lines.append(url)
    event.add("description", "\n".join(lines))
    return event
