"""Reminders to sign for a distributed document, declared to the one reminder schedule: a member unit's receipt
(签收, Art 25) and a committee's below of a document sent down to it (上级来文, Art 5).

1, 3 and 7 days after distribution, each unit or committee that has not signed is reminded, once per round; a day
the beat missed is caught up with the latest round only. The office's "催签收" click is recorded in the same
ledger, at most once a day per unit or committee.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from committee.authority import Action, holders
from committee.services import reminder_notify, reminder_notify_many
from core.reminders import Message, register_reminder, remind
from core.wording import Phrase

from .actions import RECEIVE_UPPER
from .models import CommitteeReceipt, DocumentState, Receipt, UpperReceiptState

RECEIPT = "documents.receipt"
UPPER_RECEIPT = "documents.upper_receipt"
# Days after distribution on which a unit that has not signed is reminded.
REMINDER_DAYS = (1, 3, 7)


def _outstanding(now: datetime.datetime):
    return Receipt.objects.filter(
        received_at__isnull=True,
        document__state=DocumentState.DISTRIBUTED,
        document__distributed_at__lte=now - datetime.timedelta(days=REMINDER_DAYS[0]),
    ).select_related("document__committee", "unit")


def _upper_outstanding(now: datetime.datetime):
    return CommitteeReceipt.objects.filter(
        state=UpperReceiptState.PENDING,
        document__state=DocumentState.DISTRIBUTED,
        document__distributed_at__lte=now - datetime.timedelta(days=REMINDER_DAYS[0]),
    ).select_related("document__committee", "committee")


def _round(receipt: Receipt | CommitteeReceipt, now: datetime.datetime) -> str | None:
    elapsed = now - receipt.document.distributed_at
    due = [days for days in REMINDER_DAYS if elapsed >= datetime.timedelta(days=days)]
    return f"day-{due[-1]}" if due else None


def receipt_message(receipt: Receipt, key: str = "", now=None) -> Message:
    document = receipt.document
    return Message(
        Phrase(gettext_noop("催签收：%(number)s %(title)s"), number=document.doc_number, title=document.title),
        Phrase(gettext_noop("%(unit)s尚未签收该公文，请登录系统签收。"), unit=receipt.unit.name),
        document.get_absolute_url(),
        action=Phrase(gettext_noop("签收公文")),
        # A document distributed days ago and still not signed for: the reminder is not held for a digest.
        urgent=True,
    )


def receipt_people(receipt: Receipt, key: str = ""):
    """Those who may sign for the unit (its liaison in force): nobody is asked to do what they may not."""
    return holders(receipt.unit, Action.ACT_FOR_UNIT)


def upper_receipt_message(receipt: CommitteeReceipt, key: str = "", now=None) -> Message:
    document = receipt.document
    return Message(
        Phrase(gettext_noop("催签收上级来文：%(number)s %(title)s"), number=document.doc_number, title=document.title),
        Phrase(
            gettext_noop("%(issuer)s下发的公文，%(committee)s尚未签收，请登录系统签收。"),
            issuer=document.committee.name,
            committee=receipt.committee.name,
        ),
        document.get_absolute_url(),
        action=Phrase(gettext_noop("签收上级来文")),
        urgent=True,
    )


def upper_receipt_people(receipt: CommitteeReceipt, key: str = ""):
    """Those who sign for the receiving committee (its office in force)."""
    return holders(receipt, RECEIVE_UPPER)


def _remind_each(kind: str, receipts, key: str, people, message, sent_by) -> int:
    reminded = 0
    for receipt in receipts:
        said = message(receipt)
        fresh = remind(
            kind, receipt, key, people(receipt), lambda to, said=said: reminder_notify(to, said), sent_by=sent_by
        )
        reminded += bool(fresh)
    return reminded


def receipts_remind(receipts, key: str, *, sent_by=None) -> int:
    """Reminds each unit of `receipts` for reminder `key` unless it was; returns how many units were reminded."""
    return _remind_each(RECEIPT, receipts, key, receipt_people, receipt_message, sent_by)


def upper_receipts_remind(receipts, key: str, *, sent_by=None) -> int:
    """Reminds each committee of `receipts` (documents sent down) for `key` unless it was; returns how many."""
    return _remind_each(UPPER_RECEIPT, receipts, key, upper_receipt_people, upper_receipt_message, sent_by)


register_reminder(
    RECEIPT,
    subjects=_outstanding,
    key=_round,
    recipients=receipt_people,
    message=receipt_message,
    send=reminder_notify,
    audience=lambda receipt, key: receipt.unit_id,
    send_many=reminder_notify_many,
)
register_reminder(
    UPPER_RECEIPT,
    subjects=_upper_outstanding,
    key=_round,
    recipients=upper_receipt_people,
    message=upper_receipt_message,
    send=reminder_notify,
    audience=lambda receipt, key: receipt.committee_id,
    send_many=reminder_notify_many,
)
