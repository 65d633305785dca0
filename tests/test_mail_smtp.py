"""Notification e-mail through a real SMTP server on loopback (aiosmtpd), read back as a mail client would.

What arrives is parsed with Python's `email` package; the calendar invitation, written with `icalendar`, is read
with the small RFC 5545 parser below, so that a mistake of one calendar library is not hidden by the same library.
"""

from __future__ import annotations

import datetime
import email
import re
import socket
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from committee.models import MailDelivery, Notification
from committee.services import mail_preference_update, notification_digests_queue
from core.models import OutboxMessage
from core.reminders import reminders_send
from meetings import services as meeting_services
from meetings.reminders import MEETING
from meetings.tests import factories as f

# --- a loopback SMTP server -----------------------------------------------------------------------------------


class Sink:
    """Keeps each message the server accepts, as the bytes that went over the wire."""

    def __init__(self):
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ):
            yield sink
    finally:
        controller.stop()


def received(sink: Sink) -> list[tuple[list[str], EmailMessage]]:
    messages = []
    for to, raw in sink.received:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        messages.append((to, message))
        # The headers as sent, for `header_text`.
        message.sent_headers = email.message_from_bytes(raw, policy=policy.compat32)
    sink.received.clear()
    return messages


def header_text(message: EmailMessage, name: str) -> str:
    """A header decoded by RFC 2047's rule that the space between two encoded-words is not text: a long Chinese
    name needs two of them. (The `email` package's newer header parser keeps that space inside a display name.)"""
    return str(make_header(decode_header(message.sent_headers[name])))


def run_outbox() -> int:
    """What the relay and a worker would do: each waiting row's task, run here, once."""
    ran = 0
    for message in OutboxMessage.objects.filter(relayed_at=None).order_by("pk"):
        import_string(message.task)(**message.kwargs)
        OutboxMessage.objects.filter(pk=message.pk).update(relayed_at=timezone.now())
        ran += 1
    return ran


# --- a hand parser of RFC 5545 -------------------------------------------------------------------------------


def parse_ics(text: str) -> list[dict]:
    """The components of an iCalendar text, each {"type", "props": {NAME: [(params, value)]}, "parent"}.

    Lines are unfolded (CRLF then a space or tab continues a line, RFC 5545 3.1); a property is
    NAME;PARAM=VALUE;PARAM="QUOTED":VALUE, where the first colon outside quotes ends the parameters.
    """
    assert "\r\n" in text, "content lines end with CRLF"
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    components, stack = [], []
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        in_quotes, split_at = False, None
        for index, char in enumerate(line):
            if char == '"':
                in_quotes = not in_quotes
            elif char == ":" and not in_quotes:
                split_at = index
                break
        assert split_at is not None, line
        head, value = line[:split_at], line[split_at + 1 :]
        name, *raw_params = re.findall(r'(?:[^;"]|"[^"]*")+', head)
        params = {}
        for raw in raw_params:
            key, _sep, param_value = raw.partition("=")
            params[key.upper()] = param_value.strip('"')
        name = name.upper()
        if name == "BEGIN":
            component = {"type": value.upper(), "props": {}, "parent": stack[-1]["type"] if stack else None}
            components.append(component)
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1]["type"] == value.upper(), f"END:{value} closes nothing"
            stack.pop()
        else:
            stack[-1]["props"].setdefault(name, []).append((params, value))
    assert not stack, "every BEGIN has its END"
    return components


def ics_value(component: dict, name: str) -> str:
    (_params, value), *_rest = component["props"][name]
    return value


def ics_utc(value: str) -> datetime.datetime:
    return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


# --- what a reader checks ------------------------------------------------------------------------------------


def parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "a plain-text and an HTML part"
    return text.get_content(), html.get_content(), list(message.iter_attachments())


def check_envelope(message: EmailMessage, committee) -> None:
    (sender,) = message["From"].addresses
    assert sender.addr_spec == settings.DEFAULT_FROM_EMAIL
    assert parseaddr(header_text(message, "From")) == (committee.office_name, settings.DEFAULT_FROM_EMAIL)
    assert header_text(message, "Subject").startswith(f"【{committee.short_name}】")
    assert message["Auto-Submitted"] == "auto-generated"


def invitation(attachment: EmailMessage) -> tuple[dict, dict]:
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename().endswith(".ics")
    content = attachment.get_payload(decode=True).decode("utf-8")
    components = parse_ics(content)
    (calendar,) = [c for c in components if c["type"] == "VCALENDAR"]
    (event,) = [c for c in components if c["type"] == "VEVENT"]
    assert event["parent"] == "VCALENDAR"
    assert attachment.get_param("method") == ics_value(calendar, "METHOD")
    return calendar, event


# --- the test ------------------------------------------------------------------------------------------------


def test_a_notice_a_reminder_and_a_digest_arrive_as_a_mail_client_reads_them(smtp, staffed, users):
    office_director = users["office_director"].person
    office_director.email = "chenming@example.org"
    office_director.save()
    liaison = users["liaison-fulian"].person
    liaison.email = "fulian@example.org"
    liaison.save()
    digest_hour = (timezone.localtime().hour + 3) % 24
    mail_preference_update(by=users["liaison-fulian"], mail_delivery=MailDelivery.DIGEST, digest_hour=digest_hour)
    liaison.refresh_from_db()
    meeting = f.schedule(users, staffed, starts_at=f.at(5, 9, 30), units=("fulian",), persons=("office_director",))
    meeting_url = f"http://testserver{meeting.get_absolute_url()}"

    # The notice: at once to the office director, with the calendar invitation.
    meeting_services.meeting_notify(by=users["office_staff"], meeting=meeting)
    run_outbox()
    mail = received(smtp)
    assert [to for to, _message in mail] == [["chenming@example.org"]], "the liaison takes a digest"
    message = mail[0][1]
    check_envelope(message, staffed)
    assert "会议通知" in header_text(message, "Subject") and meeting.title in header_text(message, "Subject")
    text, html, attachments = parts(message)
    assert "陈明 办公室主任：您好！" in text and "陈明 办公室主任：您好！" in html
    assert meeting_url in text and f'href="{meeting_url}"' in html
    assert "按时出席会议" in text and "按时出席会议" in html
    deadline = timezone.localdate(meeting.starts_at)
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in text
    preferences_url = f"http://testserver{reverse('committee:mail_preferences')}"
    assert preferences_url in text and f'href="{preferences_url}"' in html
    assert "是因为您是" in text and staffed.name in text
    # Nothing is fetched from the network when the message is opened.
    assert not re.search(r"<(img|link|script)\b", html, re.IGNORECASE) and "src=" not in html
    (attachment,) = attachments
    calendar, event = invitation(attachment)
    assert ics_value(calendar, "METHOD") == "REQUEST"
    assert ics_value(calendar, "VERSION") == "2.0"
    assert ics_value(event, "UID") == meeting.ical_uid
    assert ics_value(event, "SEQUENCE") == "0"
    assert ics_utc(ics_value(event, "DTSTART")) == meeting.starts_at
    assert ics_value(event, "URL") == meeting_url
    (organizer_params, organizer), *_ = event["props"]["ORGANIZER"]
    assert organizer.lower() == f"mailto:{settings.DEFAULT_FROM_EMAIL}"
    assert organizer_params["CN"] == staffed.office_name
    (attendee_params, attendee), *_ = event["props"]["ATTENDEE"]
    assert attendee.lower() == "mailto:chenming@example.org" and attendee_params["CN"] == "陈明"

    # A reminder, a day before: at once to the office director, in the liaison's digest.
    assert reminders_send(now=meeting.starts_at - datetime.timedelta(days=1), kinds=[MEETING])
    run_outbox()
    mail = received(smtp)
    assert [to for to, _message in mail] == [["chenming@example.org"]]
    message = mail[0][1]
    check_envelope(message, staffed)
    assert "会议提醒" in header_text(message, "Subject")
    text, html, attachments = parts(message)
    assert meeting_url in text and f'href="{meeting_url}"' in html
    assert attachments == []

    # The digest, at the hour the liaison chose: both in one message, the invitation once.
    queued_at = timezone.localtime().replace(hour=digest_hour, minute=0, second=0, microsecond=0)
    if queued_at < timezone.localtime():
        queued_at += datetime.timedelta(days=1)
    assert notification_digests_queue(now=queued_at - datetime.timedelta(hours=1)) == 0, "not the chosen hour yet"
    assert notification_digests_queue(now=queued_at) == 1
    run_outbox()
    assert notification_digests_queue(now=queued_at) == 0, "nothing waits any more"
    mail = received(smtp)
    assert [to for to, _message in mail] == [["fulian@example.org"]]
    message = mail[0][1]
    check_envelope(message, staffed)
    assert "通知汇总（2条）" in header_text(message, "Subject")
    text, html, attachments = parts(message)
    assert f"{liaison.name} 妇联联络员：您好！" in text
    assert "会议通知" in text and "会议提醒" in text and "会议通知" in html and "会议提醒" in html
    assert text.count(meeting_url) == 2 and html.count(f'href="{meeting_url}"') == 2
    assert f"每日{digest_hour}时汇总" in text
    (attachment,) = attachments
    calendar, event = invitation(attachment)
    assert ics_value(calendar, "METHOD") == "REQUEST" and ics_value(event, "UID") == meeting.ical_uid
    waiting = Notification.objects.filter(recipient=liaison)
    assert waiting.count() == 2 and not waiting.filter(emailed_at=None).exists()

    # A change raises the SEQUENCE; a cancellation sends METHOD:CANCEL for the same UID.
    moved = f.at(6, 14)
    meeting_services.meeting_update(
        by=users["office_staff"],
        meeting=meeting,
        title=meeting.title,
        starts_at=moved,
        location=meeting.location,
        chair=users["director"].person,
    )
    run_outbox()
    ((to, message),) = received(smtp)
    assert to == ["chenming@example.org"] and "会议变更通知" in header_text(message, "Subject")
    calendar, event = invitation(parts(message)[2][0])
    assert ics_value(calendar, "METHOD") == "REQUEST"
    assert ics_value(event, "UID") == meeting.ical_uid and ics_value(event, "SEQUENCE") == "1"
    assert ics_utc(ics_value(event, "DTSTART")) == moved

    meeting_services.meeting_cancel(by=users["office_staff"], meeting=meeting, reason="另行安排")
    run_outbox()
    ((to, message),) = received(smtp)
    assert "会议取消" in header_text(message, "Subject")
    calendar, event = invitation(parts(message)[2][0])
    assert ics_value(calendar, "METHOD") == "CANCEL" and parts(message)[2][0].get_param("method") == "CANCEL"
    assert ics_value(event, "UID") == meeting.ical_uid and ics_value(event, "SEQUENCE") == "2"
    assert ics_value(event, "STATUS") == "CANCELLED"
