"""One reminder schedule: apps declare what to remind, whom and when; one ledger sends each reminder once.

An app declares each kind of reminder in its `reminders.py` with `register_reminder`:
- `subjects(now)`: the objects that may need a reminder now (a query; the stop condition lives here: an open
  task, a report still with its unit, a receipt not signed);
- `key(subject, now)`: which reminder of that subject is due now (`before-3@2026-12-01`), or None;
- `recipients(subject, key)`: whom, from the authority service's `holders`;
- `message(subject, key, now)`: subject line, body, link, the action asked and its deadline;
- `send(recipients, message)`: how it reaches them (the committee's inbox and e-mail, through the outbox);
- `hours`: the hours of the day at which the schedule may send it (None: every run).

`reminders_send` runs every kind, in chunks; `remind_many` records (subject, recipient, key) rows in
`core.ReminderSent`, whose unique constraint makes a second run, a restarted beat or two workers at once send
nothing twice. Optionally, `audience` says which subjects share their recipients and `send_many` sends a chunk's
reminders at once (the committee's inbox does: `committee.services.reminder_notify_many`).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import ReminderSent
from .wording import Phrase

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What a reminder says; `action` and `deadline` are what the person is asked to do and by when (an urgent one,
    or one due by tomorrow, is e-mailed at once even to those who take a daily digest). The words are phrases
    (core.wording), worded in each reader's language when read, not in the worker's."""

    subject: str | Phrase
    body: str | Phrase = ""
    link: str = ""
    action: str | Phrase = ""
    deadline: datetime.date | None = None
    urgent: bool = False


@dataclass(frozen=True)
class ReminderKind:
    kind: str
    subjects: Callable[[datetime.datetime], Iterable[models.Model]]
    key: Callable[[models.Model, datetime.datetime], str | None]
    recipients: Callable[[models.Model, str], Iterable]
    message: Callable[[models.Model, str, datetime.datetime], Message]
    send: Callable[[list, Message], object]
    hours: tuple[int, ...] | None = None
    # Subjects with the same audience have the same recipients (the tasks of one unit): asked once per run.
    audience: Callable[[models.Model, str], Hashable] | None = None
    # How many reminders reach people at once: [(people, message), ...] (default: `send` for each).
    send_many: Callable[[list[tuple[list, Message]]], object] | None = None


_KINDS: dict[str, ReminderKind] = {}

# Subjects handled in one transaction: their ledger rows in one INSERT, their notifications in one more.
CHUNK = 500


def register_reminder(
    kind: str,
    *,
    subjects: Callable[[datetime.datetime], Iterable[models.Model]],
    key: Callable[[models.Model, datetime.datetime], str | None],
    recipients: Callable[[models.Model, str], Iterable],
    message: Callable[[models.Model, str, datetime.datetime], Message],
    send: Callable[[list, Message], object],
    hours: tuple[int, ...] | None = None,
    audience: Callable[[models.Model, str], Hashable] | None = None,
    send_many: Callable[[list[tuple[list, Message]]], object] | None = None,
) -> ReminderKind:
    declared = ReminderKind(kind, subjects, key, recipients, message, send, hours, audience, send_many)
    _KINDS[kind] = declared
    return declared


def reminder_kinds() -> dict[str, ReminderKind]:
    return dict(_KINDS)


def reminders_send(*, now: datetime.datetime | None = None, kinds: Iterable[str] | None = None) -> int:
    """Sends every reminder the declared schedules make due now; returns how many people were reminded.

    Subjects go in chunks of `CHUNK`: the recipients of an audience are asked once, the ledger rows of a chunk
    are written in one INSERT that skips those already there, and the chunk's notifications in one more (their
    e-mails go through the outbox in chunks too): ten thousand reminders cost about what as many empty tasks do."""
    now = now or timezone.now()
    hour = timezone.localtime(now).hour
    sent = 0
    for name in kinds or sorted(_KINDS):
        declared = _KINDS[name]
        if declared.hours is not None and hour not in declared.hours and kinds is None:
            continue
        sent += _send_kind(declared, now)
    if sent:
        logger.info("reminders sent: %s", sent)
    return sent


def _send_kind(declared: ReminderKind, now: datetime.datetime) -> int:
    subjects = declared.subjects(now)
    if isinstance(subjects, models.QuerySet):
        subjects = subjects.iterator(chunk_size=CHUNK)
    audiences: dict[Hashable, list] = {}
    sent, chunk = 0, []
    for subject in subjects:
        key = declared.key(subject, now)
        if not key:
            continue
        if declared.audience is not None:
            audience = declared.audience(subject, key)
            if audience not in audiences:
                audiences[audience] = list(declared.recipients(subject, key))
            people = audiences[audience]
        else:
            people = list(declared.recipients(subject, key))
        chunk.append((subject, key, people))
        if len(chunk) >= CHUNK:
            sent += _remind_chunk(declared, chunk, now)
            chunk = []
    if chunk:
        sent += _remind_chunk(declared, chunk, now)
    return sent


def _remind_chunk(declared: ReminderKind, chunk: list[tuple], now: datetime.datetime) -> int:
    def deliver(fresh: list[tuple[models.Model, str, list]]) -> None:
        batch = [(people, declared.message(subject, key, now)) for subject, key, people in fresh]
        if declared.send_many is not None:
            declared.send_many(batch)
        else:
            for people, message in batch:
                declared.send(people, message)

    return sum(len(people) for people in remind_many(declared.kind, chunk, deliver))


def remind_many(kind: str, entries: list[tuple[models.Model, str, Iterable]], send, *, sent_by=None) -> list[list]:
    """Reminds, for each (subject, key, recipients) of `entries`, those recipients who have not had reminder `key`
    of `subject` yet, and records that they have; returns the people reminded, entry by entry.

    One transaction: the ledger rows go in one INSERT that skips the rows already there (the unique constraint,
    `ignore_conflicts`), each marked with this run's token; the rows bearing the token are the ones this run
    wrote, so a second run, or two workers at once, remind nobody twice. `send` is called once, with the
    (subject, key, people) entries that have someone to remind (not at all if none has)."""
    token = uuid.uuid4()
    wanted = []
    for subject, key, recipients in entries:
        people = list({person.pk: person for person in recipients}.values())
        wanted.append((subject, key, people, ContentType.objects.get_for_model(subject)))
    rows = [
        ReminderSent(
            kind=kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            recipient=person,
            key=key,
            sent_by=sent_by,
            run=token,
        )
        for subject, key, people, subject_type in wanted
        for person in people
    ]
    if not rows:
        return [[] for _entry in entries]
    with transaction.atomic():
        ReminderSent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=CHUNK)
        ours = set(
            ReminderSent.objects.filter(run=token).values_list("subject_type_id", "subject_id", "recipient_id", "key")
        )
        fresh = [
            [person for person in people if (subject_type.pk, subject.pk, person.pk, key) in ours]
            for subject, key, people, subject_type in wanted
        ]
        to_send = [(subject, key, people) for (subject, key, _all, _type), people in zip(wanted, fresh, strict=True)]
        to_send = [entry for entry in to_send if entry[2]]
        if to_send:
            send(to_send)
    return fresh


def remind(kind: str, subject: models.Model, key: str, recipients: Iterable, send, *, sent_by=None) -> list:
    """Reminds those of `recipients` who have not had reminder `key` of `subject` yet, and records that they
    have, in one transaction; returns them. `send(people)` is called with that list (nothing if it is empty)."""
    (fresh,) = remind_many(
        kind,
        [(subject, key, recipients)],
        lambda entries: [send(people) for _subject, _key, people in entries],
        sent_by=sent_by,
    )
    return fresh


def reminders_of(subjects: Iterable[models.Model], kind: str) -> dict[int, list[ReminderSent]]:
    """The ledger rows of many subjects of one kind, by subject id, newest first (for a page showing them)."""
    subjects = list(subjects)
    if not subjects:
        return {}
    subject_type = ContentType.objects.get_for_model(subjects[0])
    found: dict[int, list[ReminderSent]] = {subject.pk: [] for subject in subjects}
    for row in ReminderSent.objects.filter(
        kind=kind, subject_type=subject_type, subject_id__in=list(found)
    ).select_related("recipient"):
        found[row.subject_id].append(row)
    return found


def last_sent(kind: str, model: type[models.Model]) -> Subquery:
    """A subquery for annotating a list with when each row was last reminded (`last_reminder_at`)."""
    return Subquery(
        ReminderSent.objects.filter(
            kind=kind, subject_type=ContentType.objects.get_for_model(model), subject_id=OuterRef("pk")
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
