"""Writes to the committee's own records: rules, people, appointments (Arts 1-4, 25, 26)."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from smtplib import SMTPException

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import models, transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from core.numerals import chinese_date
from core.outbox import outbox_put_many
from core.wording import Phrase
from members.models import Duty, MemberUnit

from .locks import locked
from .mail import digest_email, notification_email, person_address
from .models import (
    Appointment,
    Article,
    Committee,
    Delegation,
    MailDelivery,
    Notification,
    Person,
    Position,
    Power,
    RulesVersion,
    Share,
)
from .rules import ParsedRules, parse_rules

SINGLE_HOLDER = {
    Position.DIRECTOR: None,
    Position.OFFICE_DIRECTOR: None,
    Position.UNIT_HEAD: "unit",
    Position.LIAISON: "unit",
}


@dataclass
class LoadReport:
    """What `rules_load` changed, by kind of record: {'units': {'created': 14, ...}, ...}."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0, "retired": 0})[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["retired"] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, "
            f"{c['unchanged']} unchanged, {c['retired']} retired"
            for kind, c in self.counts.items()
        ]


def _upsert(report: LoadReport, kind: str, model, lookup: dict, values: dict, on_create: dict | None = None):
    """Creates or updates one row found by `lookup`; `on_create` holds values set only when it is new."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(on_create or {}))
        obj.full_clean()
        obj.save()
        report.count(kind, "created")
        return obj
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return obj


# What a committee's folder may borrow from its template: the rules text and what is read from it. The [committee]
# table (code, names, 代字, approving body, parent, demo) is always the folder's own.
TEMPLATE_KEYS = ("rules_file", "committee_duties_article", "units")


class RulesDataError(Exception):
    """A data folder that cannot be loaded as it stands: the message says which folder and what to do."""


@dataclass(frozen=True)
class CommitteeData:
    """A committee's data folder as read: its `committee.toml`, the template's keys filled in, the rules file found."""

    folder: Path
    committee: dict
    rules_path: Path
    committee_duties_article: int
    units: list[dict]

    @property
    def code(self) -> str:
        return self.committee["code"]

    @property
    def parent_code(self) -> str | None:
        return self.committee.get("parent")


def committee_data_read(folder: Path | str) -> CommitteeData:
    """Reads a data folder. `template = "../miyun"` (relative to the folder) lends whatever of `TEMPLATE_KEYS` the
    folder does not set itself: the rules text, read in the template's folder, and its units (`units = []` keeps
    none). A template may have a template of its own."""
    folder = Path(folder).resolve()
    config, rules_folder = _config_with_template(folder, seen=())
    missing = [key for key in TEMPLATE_KEYS if key not in config]
    if missing:
        raise RulesDataError(f"{folder}/committee.toml: no {', '.join(missing)} (and no template that gives it).")
    return CommitteeData(
        folder=folder,
        committee=dict(config["committee"]),
        rules_path=rules_folder / config["rules_file"],
        committee_duties_article=config["committee_duties_article"],
        units=config["units"],
    )


def _config_with_template(folder: Path, seen: tuple[Path, ...]) -> tuple[dict, Path]:
    """The folder's configuration with its template's keys filled in, and the folder its rules file is read in."""
    if folder in seen:
        raise RulesDataError(f"{folder}: the templates go round in a circle ({' -> '.join(map(str, seen))}).")
    path = folder / "committee.toml"
    if not path.exists():
        raise RulesDataError(f"{path}: no such file.")
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    rules_folder = folder
    template = config.pop("template", None)
    if template is not None:
        lent, lent_rules_folder = _config_with_template((folder / template).resolve(), seen=(*seen, folder))
        if "rules_file" not in config:
            rules_folder = lent_rules_folder
        config = {key: lent[key] for key in TEMPLATE_KEYS if key in lent} | config
    return config, rules_folder


@transaction.atomic
def rules_load(*, data_dir: Path | str) -> tuple[Committee, LoadReport]:
    """Art 26: loads a committee, its rules, member units and duty items from a data folder.

    The folder's `committee.toml` names the committee, its 代字 and its parent (Art 5: 市、区、镇三级; the parent is
    loaded first), and says whether it is demo data; the rules text is the folder's own or its template's.
    Idempotent: running it again changes nothing; an amended rules text becomes a new `RulesVersion`, and the
    duties follow the amended text (items no longer there are retired).
    """
    data = committee_data_read(data_dir)
    parsed = parse_rules(data.rules_path.read_text(encoding="utf-8"))
    report = LoadReport()

    committee_values = dict(data.committee)
    code = committee_values.pop("code")
    parent_code = committee_values.pop("parent", None)
    committee_values["is_demo"] = committee_values.pop("demo", False)
    committee_values["parent"] = None
    if parent_code is not None:
        committee_values["parent"] = Committee.objects.filter(code=parent_code).first()
        if committee_values["parent"] is None:
            raise RulesDataError(
                f"{data.folder}: the parent committee {parent_code!r} is not loaded yet; "
                "load its folder first (`load_rules --data PARENT --data THIS`, or `load_rules` for the whole tree)."
            )
    committee = _upsert(report, "committee", Committee, {"code": code}, committee_values)
    committee = locked(Committee.objects.all()).get(pk=committee.pk)

    rules = _rules_version_load(report, committee, parsed)
    _units_load(report, committee, data.units, on=rules.issued_on)
    _duties_load(report, committee, parsed, data.committee_duties_article)
    return committee, report


def rules_load_tree(*, data_dirs: list[Path | str]) -> list[tuple[Committee, LoadReport]]:
    """Loads several data folders, each parent before its children (in the given order otherwise), in one
    transaction: a district and its towns. A parent outside the folders must be in the database already."""
    pending = [committee_data_read(folder) for folder in data_dirs]
    codes = {data.code for data in pending}
    ordered: list[CommitteeData] = []
    while pending:
        placed = {data.code for data in ordered}
        ready = next((d for d in pending if d.parent_code not in codes or d.parent_code in placed), None)
        if ready is None:
            raise RulesDataError(f"The folders' parents go round in a circle: {', '.join(d.code for d in pending)}.")
        ordered.append(ready)
        pending.remove(ready)
    with transaction.atomic():
        return [rules_load(data_dir=data.folder) for data in ordered]


def rules_load_with_parents(*, data_dir: Path | str, tree: list[Path | str] | None = None) -> Committee:
    """Loads a data folder and, before it, the folders of its parent, grandparent… found in `tree` (by default
    `COMMITTEE_TREE`): the town with its district, without the district's other towns (the tests' database)."""
    by_code = {data.code: data.folder for data in map(committee_data_read, tree or settings.COMMITTEE_TREE)}
    folders = [Path(data_dir)]
    parent_code = committee_data_read(data_dir).parent_code
    while parent_code in by_code:
        folders.insert(0, by_code[parent_code])
        parent_code = committee_data_read(by_code[parent_code]).parent_code
    return rules_load_tree(data_dirs=folders)[-1][0]


def _rules_version_load(report: LoadReport, committee: Committee, parsed: ParsedRules) -> RulesVersion:
    rules = RulesVersion.objects.filter(committee=committee, sha256=parsed.sha256).first()
    if rules is not None:
        report.count("rules", "unchanged")
        for _article in parsed.articles:
            report.count("articles", "unchanged")
        return rules
    latest = committee.rules_versions.order_by("-version").first()
    rules = RulesVersion.objects.create(
        committee=committee,
        version=(latest.version + 1) if latest else 1,
        title=parsed.title,
        issuer=parsed.issuer,
        issued_on=parsed.issued_on,
        issued_on_as_printed=parsed.issued_on_as_printed,
        text=parsed.text,
        sha256=parsed.sha256,
    )
    report.count("rules", "created")
    for article in parsed.articles:
        Article.objects.create(
            rules=rules, number=article.number, label=article.label, chapter=article.chapter, text=article.text
        )
        report.count("articles", "created")
    return rules


def _units_load(report: LoadReport, committee: Committee, units: list[dict], on: datetime.date) -> None:
    for order, unit in enumerate(units, start=1):
        _upsert(
            report,
            "units",
            MemberUnit,
            {"committee": committee, "code": unit["code"]},
            {
                "name": unit["name"],
                "short_name": unit["short_name"],
                "kind": unit["kind"],
                "article_number": unit["article"],
                "listed_in_art6": unit.get("listed_in_art6", True),
                "sort_order": order,
            },
            on_create={"joined_on": on},
        )


def _duties_load(report: LoadReport, committee: Committee, parsed: ParsedRules, committee_duties_article: int) -> None:
    units = {unit.article_number: unit for unit in committee.units.exclude(article_number=None)}
    sources = {committee_duties_article: None} | units
    for article_number, unit in sorted(sources.items()):
        items = parsed.article(article_number).duty_items()
        for item_number, text in enumerate(items, start=1):
            _upsert(
                report,
                "duties",
                Duty,
                {"committee": committee, "unit": unit, "item_number": item_number},
                {"article_number": article_number, "text": text, "is_active": True},
            )
        for retired in Duty.objects.filter(committee=committee, unit=unit, item_number__gt=len(items), is_active=True):
            retired.is_active = False
            retired.save(update_fields=["is_active"])
            report.count("duties", "retired")


def person_create(*, committee: Committee, name: str, job_title: str = "", user=None, email: str = "") -> Person:
    """Records a person who may be appointed to a position of the committee."""
    person = Person(committee=committee, name=name, job_title=job_title, user=user, email=email)
    person.full_clean()
    person.save()
    return person


def person_update(*, person: Person, name: str, job_title: str = "", phone: str = "", email: str = "") -> Person:
    """Corrects a person's name and contact details (the administrator, in the admin); the login is not touched
    here: see `person_login_link`."""
    person.name, person.job_title, person.phone, person.email = name, job_title, phone, email
    person.full_clean()
    person.save(update_fields=["name", "job_title", "phone", "email"])
    return person


def _is_administrator(user) -> bool:
    return bool(user is not None and (user.is_superuser or user.is_staff))


def _require_administrator(by) -> None:
    if not _is_administrator(by):
        raise ValidationError(_("只有系统管理员可以关联或解除登录账号。"))


def person_login_link_check(*, by, person: Person, user, reason: str) -> None:
    """Why `person_login_link` would refuse, as a ValidationError (the admin form asks before saving)."""
    _require_administrator(by)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明关联登录账号的理由。")})
    if person.user_id == user.pk:
        return
    in_force = Appointment.objects.in_force()
    if person.user_id is not None and in_force.filter(person=person).exists():
        raise ValidationError(
            _("%(person)s 正在任职，已有登录账号；请先办理任职调整，不能把职务转到另一个账号。") % {"person": person}
        )
    if _is_administrator(user):
        raise ValidationError({"user": _("系统管理员的登录账号不能关联到人员，不能以任何职务身份办理事务。")})
    other = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if other is not None and in_force.filter(person=other).exists():
        raise ValidationError(
            {"user": _("该登录账号正以 %(other)s 的身份任职，不能再关联到其他人员。") % {"other": other}}
        )


def person_login_unlink_check(*, by, person: Person, reason: str) -> None:
    _require_administrator(by)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明解除登录账号的理由。")})
    if person.user_id is not None and Appointment.objects.in_force().filter(person=person).exists():
        raise ValidationError(_("%(person)s 正在任职，不能解除其登录账号。") % {"person": person})


@transaction.atomic
def person_login_link(*, by, person: Person, user, reason: str) -> Person:
    """Links a login to a person, so that the login acts in that person's appointments (Art 3, Art 25).

    The system administrator's act, recorded in the person's history with who and why. Refused when it would move
    a position in force from one login to another (the person already has a login and holds a position, or the
    login holds a position as someone else), and for an administrator's login: the administrator has no say
    in decisions and never acts in a position.
    """
    person = locked(Person.objects.all()).get(pk=person.pk)
    person_login_link_check(by=by, person=person, user=user, reason=reason)
    if person.user_id == user.pk:
        return person
    other = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if other is not None:
        person_login_unlink(by=by, person=other, reason=reason)
    person.user = user
    person._history_user = by
    person._change_reason = _("关联登录账号 %(login)s：%(reason)s") % {"login": user.get_username(), "reason": reason}
    person.save(update_fields=["user"])
    return person


@transaction.atomic
def person_login_unlink(*, by, person: Person, reason: str) -> Person:
    """Removes a person's login (the administrator, with a reason). Refused while the person holds a position in
    force: the position ends through a membership change or `appointment_end` first."""
    person = locked(Person.objects.all()).get(pk=person.pk)
    person_login_unlink_check(by=by, person=person, reason=reason)
    if person.user_id is None:
        return person
    login = person.user.get_username()
    person.user = None
    person._history_user = by
    person._change_reason = _("解除登录账号 %(login)s：%(reason)s") % {"login": login, "reason": reason}
    person.save(update_fields=["user"])
    return person


def _overlapping(appointment: Appointment):
    """Appointments of the same position (and unit or seat) whose period meets this one's."""
    others = Appointment.objects.filter(committee=appointment.committee, position=appointment.position).exclude(
        pk=appointment.pk
    )
    if appointment.position == Position.DEPUTY:
        others = others.filter(seat=appointment.seat)
    elif SINGLE_HOLDER.get(appointment.position) == "unit":
        others = others.filter(unit=appointment.unit)
    others = others.filter(Q(end_date__isnull=True) | Q(end_date__gt=appointment.start_date))
    if appointment.end_date:
        others = others.filter(start_date__lt=appointment.end_date)
    return others


@transaction.atomic
def appointment_make(
    *,
    committee: Committee,
    person: Person,
    position: str,
    start_date: datetime.date,
    unit: MemberUnit | None = None,
    end_date: datetime.date | None = None,
    duties_note: str = "",
) -> Appointment:
    """Arts 3, 4, 25: appoints a person to a position; refuses a second director, office director,
    unit head or liaison, and a deputy beyond the committee's number of seats.

    The committee row is locked so that two appointments made at once cannot both take the last seat.
    """
    committee = locked(Committee.objects.all()).get(pk=committee.pk)
    appointment = Appointment(
        committee=committee,
        person=person,
        position=position,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        duties_note=duties_note,
    )
    if position == Position.DEPUTY:
        appointment.seat = _free_deputy_seat(committee, start_date, end_date)
    appointment.clean_fields()
    appointment.clean()
    if position in SINGLE_HOLDER or position == Position.DEPUTY:
        clash = _overlapping(appointment).select_related("person", "unit").first()
        if clash is not None:
            raise ValidationError(
                _("%(position)s已由%(person)s担任（自%(start)s起），请先办理免职。")
                % {"position": _position_label(clash), "person": clash.person, "start": chinese_date(clash.start_date)}
            )
    appointment.validate_constraints()
    appointment.save()
    return appointment


def _position_label(appointment: Appointment) -> str:
    label = appointment.get_position_display()
    return f"{appointment.unit.short_name}{label}" if appointment.unit_id else label


def _free_deputy_seat(committee: Committee, start: datetime.date, end: datetime.date | None) -> int:
    for seat in range(1, committee.max_deputies + 1):
        probe = Appointment(committee=committee, position=Position.DEPUTY, seat=seat, start_date=start, end_date=end)
        if not _overlapping(probe).exists():
            return seat
    raise ValidationError(
        _("委员会设副主任%(limit)s名，现已满额，不能再任命副主任。") % {"limit": committee.max_deputies}
    )


@transaction.atomic
def appointment_end(*, appointment: Appointment, end_date: datetime.date | None = None) -> Appointment:
    """Ends an appointment; from `end_date` (today by default) it grants nothing."""
    appointment = locked(Appointment.objects.all()).get(pk=appointment.pk)
    end_date = end_date or timezone.localdate()
    if appointment.end_date is not None and appointment.end_date <= end_date:
        return appointment
    if end_date <= appointment.start_date:
        raise ValidationError({"end_date": _("免职日期必须晚于任职日期。")})
    appointment.end_date = end_date
    appointment.full_clean()
    appointment.save(update_fields=["end_date"])
    return appointment


Words = str | Phrase


def _wording(**parts: Words) -> dict:
    """A notification's text columns, in the site's language (for the admin and searching), and its `wording`: the
    phrases among the parts, worded again in each reader's language when shown (plain text, such as what someone
    typed, is shown as it is)."""
    kept = {name: value.data for name, value in parts.items() if isinstance(value, Phrase)}
    texts = {
        name: value.worded(settings.LANGUAGE_CODE) if isinstance(value, Phrase) else str(value or "")
        for name, value in parts.items()
    }
    return {**texts, "wording": kept}


def notification_send(
    *,
    recipients,
    subject: Words,
    body: Words = "",
    link: str = "",
    action: Words = "",
    deadline: datetime.date | None = None,
    urgent: bool = False,
    about: models.Model | None = None,
) -> list[Notification]:
    """Puts a message in each recipient's inbox and writes its e-mail to the outbox, in the caller's
    transaction: the e-mail goes once the change is committed and the broker takes it (see `notification_deliver`).

    `subject`, `body` and `action` are phrases (core.wording) where the code says them, so that each reader reads
    them in their own language, and plain text where a person typed them. `action` and `deadline` say what the
    recipient is asked to do, by when; `about` is the object concerned (a meeting's notice then carries its calendar
    invitation). A recipient who chose a daily digest gets the e-mail there (`notification_digests_queue`), unless it
    is urgent: marked so, or due today or tomorrow.
    """
    people = {person.pk: person for person in recipients}.values()
    # Read here rather than from the instances given, which a caller may have loaded before a change of mind.
    digest_takers = set(
        Person.objects.filter(pk__in=[person.pk for person in people], mail_delivery=MailDelivery.DIGEST).values_list(
            "pk", flat=True
        )
    )
    urgent = urgent or (deadline is not None and deadline <= timezone.localdate() + datetime.timedelta(days=1))
    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    words = _wording(subject=subject, body=body, action=action)
    notifications = bulk_create_with_history(
        [
            Notification(
                committee_id=person.committee_id,
                recipient=person,
                link=link,
                deadline=deadline,
                urgent=urgent,
                about_type=about_type,
                about_id=about.pk if about is not None else None,
                in_digest=not urgent and person.pk in digest_takers,
                **words,
            )
            for person in people
        ],
        Notification,
    )
    outbox_put_many(NOTIFICATION_TASK, [{"notification_id": n.pk} for n in notifications if not n.in_digest])
    return notifications


NOTIFICATION_TASK = "committee.tasks.notification_deliver"
DIGEST_TASK = "committee.tasks.notification_digest_send"
NOTIFICATIONS_TASK = "committee.tasks.notifications_deliver"
# Notifications e-mailed by one task when many are sent at once (a run of the reminder schedule).
DELIVERY_CHUNK = 200


def notification_send_many(batch) -> list[Notification]:
    """Many messages at once, each (recipients, message) with the message's subject, body, link, action, deadline
    and urgent: the inbox rows and their history in a few INSERTs, and the e-mails of those not waiting for a
    daily digest in outbox rows of `DELIVERY_CHUNK` notifications each (`notifications_deliver`), in the caller's
    transaction. As `notification_send`: a recipient on a daily digest gets the e-mail there unless it is urgent."""
    batch = [(list({person.pk: person for person in recipients}.values()), message) for recipients, message in batch]
    person_ids = {person.pk for recipients, _message in batch for person in recipients}
    if not person_ids:
        return []
    digest_takers = set(
        Person.objects.filter(pk__in=person_ids, mail_delivery=MailDelivery.DIGEST).values_list("pk", flat=True)
    )
    soon = timezone.localdate() + datetime.timedelta(days=1)
    rows = []
    for recipients, message in batch:
        deadline = getattr(message, "deadline", None)
        urgent = bool(getattr(message, "urgent", False)) or (deadline is not None and deadline <= soon)
        words = _wording(subject=message.subject, body=message.body, action=getattr(message, "action", ""))
        rows += [
            Notification(
                committee_id=person.committee_id,
                recipient=person,
                link=message.link,
                deadline=deadline,
                urgent=urgent,
                in_digest=not urgent and person.pk in digest_takers,
                **words,
            )
            for person in recipients
        ]
    notifications = bulk_create_with_history(rows, Notification, batch_size=500)
    ids = [notification.pk for notification in notifications if not notification.in_digest]
    outbox_put_many(
        NOTIFICATIONS_TASK,
        [{"notification_ids": ids[start : start + DELIVERY_CHUNK]} for start in range(0, len(ids), DELIVERY_CHUNK)],
    )
    return notifications


def reminder_notify(people, message) -> list[Notification]:
    """How every declared reminder (core.reminders) reaches people: the inbox, and e-mail through the outbox."""
    return notification_send(
        recipients=people,
        subject=message.subject,
        body=message.body,
        link=message.link,
        action=message.action,
        deadline=message.deadline,
        urgent=message.urgent,
    )


def reminder_notify_many(batch) -> list[Notification]:
    """`reminder_notify` for a chunk of reminders at once: [(people, message), ...]."""
    return notification_send_many(batch)


@transaction.atomic
def notification_deliver(*, notification_id: int) -> bool:
    """E-mails a notification unless it already was: the row is locked, so two runs send it once."""
    notification = (
        locked(Notification.objects.all())
        .select_related("recipient__user", "committee")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.emailed_at is not None:
        return False
    address = person_address(notification.recipient)
    if address:
        notification_email(notification, address).send()
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notifications_deliver(*, notification_ids: list[int]) -> int:
    """E-mails those of the notifications not e-mailed yet (nor waiting for a daily digest), over one connection,
    each composed as `notification_deliver` composes it (committee/mail.py); returns how many it handled.

    The rows are locked while they are sent, so a second run (a message relayed twice) waits, then finds them
    sent and sends nothing. If the mail server fails part way, those sent are recorded before the error is
    raised (the task retries the rest), so nobody gets the same e-mail twice."""
    failure = None
    with transaction.atomic():
        notifications = list(
            locked(
                Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True, in_digest=False)
            ).order_by("pk")
        )
        # Related rows read after the lock (a locking query cannot outer-join on PostgreSQL).
        people = Person.objects.select_related("user", "committee").in_bulk({n.recipient_id for n in notifications})
        committees = Committee.objects.in_bulk({n.committee_id for n in notifications})
        done = []
        with get_connection() as connection:
            for notification in notifications:
                notification.recipient = people[notification.recipient_id]
                notification.committee = committees[notification.committee_id]
                address = person_address(notification.recipient)
                if address:
                    message = notification_email(notification, address)
                    try:
                        connection.send_messages([message])
                    except (OSError, SMTPException) as exc:
                        failure = exc
                        break
                done.append(notification.pk)
        if done:
            Notification.objects.filter(pk__in=done).update(emailed_at=timezone.now())
    if failure is not None:
        raise failure
    return len(done)


# A digest whose hour the beat missed (it was down) goes at the next run after this long.
DIGEST_OVERDUE = datetime.timedelta(hours=25)


def notification_digests_queue(*, now: datetime.datetime | None = None) -> int:
    """Hourly: an outbox row for each person whose digest is due now; returns how many.

    Due: the person's chosen hour has come, or they have since chosen to get each e-mail at once, or the oldest
    waiting notification has waited past DIGEST_OVERDUE. Each row names the moment it was written, so a digest
    holds what waited then; a second run of this hour finds those already sent.
    """
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(in_digest=True, emailed_at__isnull=True, created_at__lte=now)
        .values("recipient")
        .annotate(oldest=Min("created_at"))
        .values_list("recipient", "oldest")
    )
    oldest = dict(waiting)
    if not oldest:
        return 0
    hour = timezone.localtime(now).hour
    due = [
        person.pk
        for person in Person.objects.filter(pk__in=list(oldest)).only("pk", "mail_delivery", "digest_hour")
        if person.mail_delivery != MailDelivery.DIGEST
        or person.digest_hour == hour
        or oldest[person.pk] <= now - DIGEST_OVERDUE
    ]
    return outbox_put_many(DIGEST_TASK, [{"person_id": pk, "until": now.isoformat()} for pk in due])


@transaction.atomic
def notification_digest_send(*, person_id: int, until: str) -> int:
    """E-mails one digest of what waited for the person at `until`, and marks each notification e-mailed; returns
    how many it held. The rows are locked: a digest run twice, or at once with another, sends each once."""
    person = Person.objects.select_related("user", "committee").filter(pk=person_id).first()
    if person is None:
        return 0
    notifications = list(
        locked(
            Notification.objects.filter(
                recipient=person,
                in_digest=True,
                emailed_at__isnull=True,
                created_at__lte=datetime.datetime.fromisoformat(until),
            )
        ).order_by("created_at", "pk")
    )
    if not notifications:
        return 0
    address = person_address(person)
    if address:
        digest_email(person, notifications, address).send()
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
    return len(notifications)


@transaction.atomic
def mail_preference_update(*, by, mail_delivery: str, digest_hour: int) -> Person:
    """The user chooses how their own notification e-mail reaches them: each at once, or a daily digest at an hour
    (urgent ones always at once). Choosing "at once" sends what waited for a digest now, in one last digest."""
    person = locked(Person.objects.filter(user=by)).first() if getattr(by, "is_authenticated", False) else None
    if person is None:
        raise ValidationError(_("您的账号没有对应的委员会人员，没有通知邮件可以设置。"))
    person.mail_delivery, person.digest_hour = mail_delivery, digest_hour
    person.full_clean()
    person._history_user = by
    person.save(update_fields=["mail_delivery", "digest_hour"])
    if (
        mail_delivery == MailDelivery.IMMEDIATE
        and person.notifications.filter(in_digest=True, emailed_at__isnull=True).exists()
    ):
        outbox_put_many(DIGEST_TASK, [{"person_id": person.pk, "until": timezone.now().isoformat()}])
    return person


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Marks the user's own notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.filter(recipient__user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def delegation_grant(
    *,
    by,
    committee: Committee,
    deputy: Appointment,
    powers: list[str],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str,
) -> Delegation:
    """Arts 21, 23, 24: the director entrusts a deputy in force with powers for a period."""
    from .authority import Action, require

    committee = locked(Committee.objects.all()).get(pk=committee.pk)
    capacity = require(by, Action.DELEGATE, committee)
    if deputy.committee_id != committee.pk or deputy.position != Position.DEPUTY:
        raise ValidationError({"deputy": _("只能委托本委员会的副主任。")})
    if not deputy.is_in_force(timezone.localdate(starts_at)):
        raise ValidationError({"deputy": _("该副主任在委托起始时不在任。")})
    unknown = set(powers) - set(Power.values)
    if not powers or unknown:
        raise ValidationError({"powers": _("请至少选择一项委托事项。")})
    last = committee.delegations.order_by("-number").values_list("number", flat=True).first() or 0
    delegation = Delegation(
        committee=committee,
        number=last + 1,
        deputy=deputy,
        granted_by=capacity.appointment,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        **{f"grants_{power}": power in powers for power in Power.values},
    )
    delegation.full_clean()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("截止时间必须晚于起始时间。")})
    delegation.save()
    notification_send(
        recipients=[deputy.person],
        subject=Phrase(gettext_noop("主任委托您%(powers)s"), powers=[power.label for power in delegation.powers]),
        body=Phrase(
            gettext_noop("委托期间：%(start)s 至 %(end)s。事由：%(reason)s"),
            start=f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
            end=f"{timezone.localtime(ends_at):%Y-%m-%d %H:%M}",
            reason=reason,
        ),
        link=reverse("committee:delegations", kwargs={"code": committee.code}),
    )
    return delegation


@transaction.atomic
def delegation_revoke(*, by, delegation: Delegation, reason: str) -> Delegation:
    """The director withdraws a delegation; from this moment it grants nothing.

    The row is locked: an act being done under it either commits first, recorded under the
    delegation, or waits and is then refused.
    """
    from .authority import Action, require

    delegation = locked(Delegation.objects.all()).select_related("deputy__person").get(pk=delegation.pk)
    capacity = require(by, Action.DELEGATE, delegation.committee)
    now = timezone.now()
    if delegation.state(now) in {"revoked", "expired"}:
        raise ValidationError(_("该委托已失效，无需撤销。"))
    if not reason.strip():
        raise ValidationError({"revoke_reason": _("请填写撤销理由。")})
    delegation.revoked_at = now
    delegation.revoked_by = capacity.appointment
    delegation.revoke_reason = reason
    delegation.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    notification_send(
        recipients=[delegation.deputy.person],
        subject=Phrase(gettext_noop("第%(number)s号委托已撤销"), number=delegation.number),
        body=reason,
        link=reverse("committee:delegations", kwargs={"code": delegation.committee.code}),
    )
    return delegation


@transaction.atomic
def share_grant(*, by, obj, grantee: Person, reason: str, expires_at: datetime.datetime) -> Share:
    """The office shares one document or report with a named person (a district reviewer, a guest of one
    meeting), for a reason, until `expires_at`: what the positions of Arts 3, 4 and 25 cannot express."""
    from django.contrib.contenttypes.models import ContentType

    from .authority import SHAREABLE, Action, holders, require

    if type(obj) not in SHAREABLE:
        raise ValidationError(_("该对象不能单独授权查看。"))
    capacity = require(by, Action.MANAGE_COMMITTEE, obj, lock=True)
    now = timezone.now()
    errors = {}
    if not reason.strip():
        errors["reason"] = _("请填写授权理由。")
    if expires_at <= now:
        errors["expires_at"] = _("到期时间必须晚于现在。")
    if grantee.user_id is None:
        errors["grantee"] = _("被授权人没有登录账号。")
    if errors:
        raise ValidationError(errors)
    share = Share.objects.create(
        committee=obj.committee,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=SHAREABLE[type(obj)],
        grantee=grantee,
        reason=reason.strip(),
        created_at=now,
        expires_at=expires_at,
        granted_by=capacity.appointment,
    )
    notification_send(
        recipients=list(holders(obj, share.action).filter(pk=grantee.pk)),
        subject=Phrase(
            gettext_noop("%(office)s向您提供：%(object)s"),
            office=obj.committee.office_name,
            object=obj.name_phrase() if hasattr(obj, "name_phrase") else str(obj),
        ),
        body=Phrase(
            gettext_noop("查阅期限至%(until)s。理由：%(reason)s"),
            until=timezone.localdate(expires_at),
            reason=share.reason,
        ),
        link=obj.get_absolute_url(),
    )
    return share


@transaction.atomic
def share_revoke(*, by, share: Share) -> Share:
    """The office ends a share before its expiry; from this moment the person no longer sees the object."""
    from .authority import Action, require

    share = locked(Share.objects.all()).get(pk=share.pk)
    capacity = require(by, Action.MANAGE_COMMITTEE, share.content_object or share.committee, lock=True)
    if share.revoked_at is not None:
        return share
    share.revoked_at = timezone.now()
    share.revoked_by = capacity.appointment
    share.save(update_fields=["revoked_at", "revoked_by"])
    return share
