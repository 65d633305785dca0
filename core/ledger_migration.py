"""Carrying the apps' own reminder tables into the one ledger (core.ReminderSent), for their data migrations.

Used only by migrations, with the historical models they pass in; kept here so that each app's migration says
only how its old rows map to (kind, subject, recipient, key).
"""

from __future__ import annotations


def carry_into_ledger(apps, *, kind: str, subject_model: tuple[str, str], rows) -> None:
    """`rows` yields (subject_id, recipient_id, key, sent_at, sent_by_id) for every old reminder."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReminderSent = apps.get_model("core", "ReminderSent")
    subject_type, _ = ContentType.objects.get_or_create(app_label=subject_model[0], model=subject_model[1])
    seen, ledger = set(), []
    for subject_id, recipient_id, key, sent_at, sent_by_id in rows:
        if recipient_id is None or (subject_id, recipient_id, key) in seen:
            continue
        seen.add((subject_id, recipient_id, key))
        ledger.append(
            ReminderSent(
                kind=kind,
                subject_type=subject_type,
                subject_id=subject_id,
                recipient_id=recipient_id,
                key=key,
                sent_at=sent_at,
                sent_by_id=sent_by_id,
            )
        )
    ReminderSent.objects.bulk_create(ledger, batch_size=500, ignore_conflicts=True)


def people_named(apps, committee_id: int, names: str) -> list[int]:
    """The people of a committee named in an old free-text recipients column ("张三、李四")."""
    Person = apps.get_model("committee", "Person")
    wanted = [name.strip() for name in names.replace(",", "、").split("、") if name.strip()]
    if not wanted:
        return []
    return list(Person.objects.filter(committee_id=committee_id, name__in=wanted).values_list("pk", flat=True))
