"""One reminder schedule: apps declare what to remind, whom and when; one ledger sends each reminder once.

An app declares each kind of reminder in its `reminders.py` with `register_reminder`:
- `subjects(now)`: the objects that may need a reminder now (a query; the stop condition lives here: an open
  task, a report still with its unit, a receipt not signed);
- `key(subject, now)`: which reminder of that subject is due now (`before-3@2026-12-01`), or None;
- `recipients(subject, key)`: whom, from the authority service's `holders`;
- `message(subject, key, now)`: subject line, body, link, the action asked and its deadline;
- `send(recipients, message)`: how it reaches them (the committee's inbox and e-mail, through the outbox);
- `hours`: the hours of the day at which the schedule may send it (None: every run).

`reminders_send` runs every kind; `remind` records (subject, recipient, key) rows in `core.ReminderSent`, whose
unique constraint makes a second run, a restarted beat or two workers at once send nothing twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import ReminderSent

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What a reminder says; `action` and `deadline` are what the person is asked to do and by when (an urgent one,
    or one due by tomorrow, is e-mailed at once even to those who take a daily digest)."""

    subject: str
    body: str = ""
    link: str = ""
    action: str = ""
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


_KINDS: dict[str, ReminderKind] = {}


def register_reminder(
    kind: str,
    *,
    subjects: Callable[[datetime.datetime], Iterable[models.Model]],
    key: Callable[[models.Model, datetime.datetime], str | None],
    recipients: Callable[[models.Model, str], Iterable],
    message: Callable[[models.Model, str, datetime.datetime], Message],
    send: Callable[[list, Message], object],
    hours: tuple[int, ...] | None = None,
) -> ReminderKind:
    declared = ReminderKind(kind, subjects, key, recipients, message, send, hours)
    _KINDS[kind] = declared
    return declared


def reminder_kinds() -> dict[str, ReminderKind]:
    return dict(_KINDS)


def reminders_send(*, now: datetime.datetime | None = None, kinds: Iterable[str] | None = None) -> int:
    """Sends every reminder the declared schedules make due now; returns how many people were reminded."""
    now = now or timezone.now()
    hour = timezone.localtime(now).hour
    sent = 0
    for name in kinds or sorted(_KINDS):
        declared = _KINDS[name]
        if declared.hours is not None and hour not in declared.hours and kinds is None:
            continue
        for subject in declared.subjects(now):
            key = declared.key(subject, now)
            if key:
                sent += len(
                    remind(
                        declared.kind,
                        subject,
                        key,
                        declared.recipients(subject, key),
                        lambda people, subject=subject, key=key, declared=declared: declared.send(
                            people, declared.message(subject, key, now)
                        ),
                    )
                )
    if sent:
        logger.info("reminders sent: %s", sent)
    return sent


def remind(kind: str, subject: models.Model, key: str, recipients: Iterable, send, *, sent_by=None) -> list:
    """Reminds those of `recipients` who have not had reminder `key` of `subject` yet, and records that they
    have, in one transaction; returns them. `send(people)` is called with that list (nothing if it is empty)."""
    people = list({person.pk: person for person in recipients}.values())
    if not people:
        return []
    subject_type = ContentType.objects.get_for_model(subject)
    with transaction.atomic():
        ledger = ReminderSent.objects.filter(kind=kind, subject_type=subject_type, subject_id=subject.pk, key=key)
        done = set(ledger.filter(recipient__in=people).values_list("recipient_id", flat=True))
        fresh = [person for person in people if person.pk not in done]
        if not fresh:
            return []
        rows = [
            ReminderSent(
                kind=kind, subject_type=subject_type, subject_id=subject.pk, recipient=person, key=key, sent_by=sent_by
            )
            for person in fresh
        ]
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(rows)
        except IntegrityError:
            # Another run got there first for some of them: keep to those whose row is ours.
            fresh = [row.recipient for row in rows if _claim(row)]
        if fresh:
            send(fresh)
    return fresh


def _claim(row: ReminderSent) -> bool:
    try:
        with transaction.atomic():
            row.pk = None
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


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
