"""Writes to official documents: 拟稿 -> 核稿 -> 签发 (编号) -> PDF -> 分发 -> 签收 -> 归档 (Art 24, Art 25).

Every step asks the authority service inside its transaction, with the document row locked, and records
who acted in which capacity. Numbers are drawn from a locked counter row in the signing transaction,
so they are unique and gap-free per issuer and year however many are signed at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from committee.authority import Action, Capacity, holders, require
from committee.locks import locked
from committee.models import Committee, Person
from committee.services import notification_send
from committee.workflow import perform
from core.acts import Act
from core.numerals import chinese_date
from core.rendering import render_job_enqueue
from core.wording import Phrase
from members.models import MemberUnit

from .actions import RECEIVE_UPPER
from .authority_rules import REVIEW
from .models import (
    EDITABLE_STATES,
    Addressee,
    AddresseeRole,
    Classification,
    CommitteeAddressee,
    CommitteeReceipt,
    Document,
    DocumentKind,
    DocumentReview,
    DocumentState,
    NumberCounter,
    NumberSeries,
    Receipt,
    ReviewOutcome,
    ReviewStage,
    is_recordable,
)
from .renderers import OFFICIAL
from .selectors import highest_serial_issued

CONTENT_FIELDS = (
    "kind",
    "classification",
    "title",
    "main_extra",
    "copy_extra",
    "body",
    "attachments",
    "note",
    "with_seal",
    "attendance",
    "copy_number",
    "secrecy",
    "secrecy_term",
    "urgency",
    "meeting_date",
)


def _locked_document(document: Document) -> Document:
    return locked(Document.objects.select_related("committee")).get(pk=document.pk)


def _person(capacity: Capacity) -> Person:
    return capacity.appointment.person


def _clean_attendance(value) -> dict[str, list[str]]:
    """纪要: attendees are passed as data ({"present": [...], "absent": [...], "attending": [...]})."""
    result = {}
    for key in ("present", "absent", "attending"):
        names = (value or {}).get(key) or []
        if isinstance(names, str):
            names = names.replace("、", "\n").replace("，", "\n").splitlines()
        names = [str(name).strip() for name in names if str(name).strip()]
        if names:
            result[key] = names
    return result


def _check_content(
    document: Document,
    main_units: list[MemberUnit],
    copy_units: list[MemberUnit],
    main_committees: list[Committee] = (),
    copy_committees: list[Committee] = (),
) -> None:
    errors = {}
    committee_id = document.committee_id
    if any(unit.committee_id != committee_id for unit in [*main_units, *copy_units]):
        errors["main_units"] = _("只能发给本委员会的成员单位。")
    if {unit.pk for unit in main_units} & {unit.pk for unit in copy_units}:
        errors["copy_units"] = _("同一单位不能既是主送又是抄送。")
    # Art 5: a decision goes down one level at a time; each committee below passes it on to its own.
    if any(below.parent_id != committee_id for below in [*main_committees, *copy_committees]):
        errors["main_committees"] = _("只能发给本委员会的直属下级委员会。")
    if {c.pk for c in main_committees} & {c.pk for c in copy_committees}:
        errors["copy_committees"] = _("同一委员会不能既是主送又是抄送。")
    if (
        document.kind != DocumentKind.MINUTES
        and not main_units
        and not main_committees
        and not document.main_extra.strip()
    ):
        errors["main_units"] = _("请选择主送单位或填写其他主送机关（纪要除外）。")
    if document.kind != DocumentKind.MINUTES and document.attendance:
        errors["attendance"] = _("出席、请假、列席名单只用于纪要。")
    if not document.body.strip():
        errors["body"] = _("请填写正文。")
    if document.secrecy_term and not document.secrecy:
        errors["secrecy_term"] = _("只有标注密级的公文才有保密期限。")
    if document.meeting_date and document.kind != DocumentKind.MINUTES:
        errors["meeting_date"] = _("会议日期只用于纪要。")
    if errors:
        raise ValidationError(errors)


ART_24_IMPORTANT = gettext_lazy(
    "第二十四条：委员会确定的重要事项由委员会主任（或受委托的副主任）签发，以委员会名义发文，"
    "作为会议研究决定事项的依据。"
)
ART_24_GENERAL = gettext_lazy(
    "第二十四条：一般事项由办公室主任签发，以委员会办公室名义发文，作为会议研究决定事项的依据。"
)


def classification_required(kind: str, records) -> str | None:
    """Art 24: the classification a document must carry, or None when the office chooses.

    A document that records a decision is the written basis of that decision, so it is classified as the
    decision is (the recorded object says so through `document_classification`); a 决定 is the kind for
    important matters (党政机关公文处理工作条例 第八条), so it is never an office's 一般事项.
    """
    required = getattr(records, "document_classification", None) if records is not None else None
    if required:
        return str(required)
    if kind == DocumentKind.DECISION:
        return Classification.IMPORTANT
    return None


def _check_classification(document: Document, records) -> None:
    """Refuses, with the article, a classification that does not follow the recorded decision or the kind."""
    required = classification_required(document.kind, records)
    if required is None or document.classification == required:
        return
    article = ART_24_IMPORTANT if required == Classification.IMPORTANT else ART_24_GENERAL
    if records is not None and getattr(records, "document_classification", None):
        reason = _("本公文记载的事项是%(required)s，公文须按%(required)s拟制。") % {
            "required": Classification(required).label
        }
    else:
        reason = _("决定用于重要事项，须按重要事项拟制。")
    raise ValidationError({"classification": _("%(reason)s%(article)s") % {"reason": reason, "article": article}})


def _set_addressees(document: Document, main_units: Iterable[MemberUnit], copy_units: Iterable[MemberUnit]) -> None:
    wanted = {unit.pk: AddresseeRole.MAIN for unit in main_units} | {unit.pk: AddresseeRole.COPY for unit in copy_units}
    current = {a.unit_id: a for a in document.addressees.all()}
    for unit_id, addressee in current.items():
        if wanted.get(unit_id) != addressee.role:
            addressee.delete()
    bulk_create_with_history(
        [
            Addressee(document=document, unit_id=unit_id, role=role)
            for unit_id, role in wanted.items()
            if unit_id not in current or current[unit_id].role != role
        ],
        Addressee,
    )


def _set_committee_addressees(
    document: Document, main_committees: Iterable[Committee], copy_committees: Iterable[Committee]
) -> None:
    wanted = {c.pk: AddresseeRole.MAIN for c in main_committees} | {c.pk: AddresseeRole.COPY for c in copy_committees}
    current = {a.committee_id: a for a in document.committee_addressees.all()}
    for committee_id, addressee in current.items():
        if wanted.get(committee_id) != addressee.role:
            addressee.delete()
    bulk_create_with_history(
        [
            CommitteeAddressee(document=document, committee_id=committee_id, role=role)
            for committee_id, role in wanted.items()
            if committee_id not in current or current[committee_id].role != role
        ],
        CommitteeAddressee,
    )


def _records_check(committee: Committee, records) -> None:
    if records is None:
        return
    if getattr(records, "pk", None) is None:
        raise ValidationError(_("所记载的事项不存在。"))
    owner = getattr(records, "committee_id", None)
    if owner is None and isinstance(records, Committee):
        owner = records.pk
    if owner != committee.pk:
        raise ValidationError(_("所记载的事项不属于本委员会。"))
    if not is_recordable(records):
        raise ValidationError(_("公文不能记载这类事项。"))


@transaction.atomic
def document_draft(
    *,
    by,
    committee: Committee,
    kind: str,
    classification: str,
    title: str,
    body: str,
    main_units: Iterable[MemberUnit] = (),
    copy_units: Iterable[MemberUnit] = (),
    main_committees: Iterable[Committee] = (),
    copy_committees: Iterable[Committee] = (),
    main_extra: str = "",
    copy_extra: str = "",
    attachments: str = "",
    note: str = "",
    with_seal: bool = True,
    attendance: dict | None = None,
    records=None,
    copy_number: int | None = None,
    secrecy: str = "",
    secrecy_term: str = "",
    urgency: str = "",
    meeting_date=None,
) -> Document:
    """拟稿 (Art 24): the office drafts a document, optionally as the written record of something else
    (a meeting decision, minutes, an inspection report, a report compilation), which it links back to.
    Art 5: a district's document may also be sent to the committees directly below it (`main_committees`,
    `copy_committees`)."""
    capacity = require(by, Action.MANAGE_COMMITTEE, committee, lock=True)
    main_units, copy_units = list(main_units), list(copy_units)
    main_committees, copy_committees = list(main_committees), list(copy_committees)
    _records_check(committee, records)
    document = Document(
        committee=committee,
        kind=kind,
        classification=classification,
        title=title.strip(),
        body=body.strip(),
        main_extra=main_extra.strip(),
        copy_extra=copy_extra.strip(),
        attachments=attachments.strip(),
        note=note.strip(),
        with_seal=with_seal,
        attendance=_clean_attendance(attendance),
        copy_number=copy_number,
        secrecy=secrecy,
        secrecy_term=secrecy_term.strip(),
        urgency=urgency,
        meeting_date=meeting_date,
        drafted=capacity,
    )
    if records is not None:
        document.records_type = ContentType.objects.get_for_model(records)
        document.records_id = records.pk
    document.full_clean()
    _check_content(document, main_units, copy_units, main_committees, copy_committees)
    _check_classification(document, records)
    document.save()
    _set_addressees(document, main_units, copy_units)
    _set_committee_addressees(document, main_committees, copy_committees)
    return document


@transaction.atomic
def document_update(
    *,
    by,
    document: Document,
    main_units: Iterable[MemberUnit] | None = None,
    copy_units: Iterable[MemberUnit] | None = None,
    main_committees: Iterable[Committee] | None = None,
    copy_committees: Iterable[Committee] | None = None,
    **changes,
) -> Document:
    """Changes a draft: by the office while it is a draft or back with the drafter, by the reviewer during
    核稿. A signed document is never changed (a correction is a new version)."""
    document = _locked_document(document)
    if document.is_signed:
        raise ValidationError(_("公文已签发，不能修改；如需更正，请制作更正版本。"))
    if document.state not in EDITABLE_STATES:
        raise ValidationError(_("公文已送签发，不能修改；如需修改，请签发人退回。"))
    if document.state == DocumentState.IN_REVIEW:
        require(by, REVIEW, document, lock=True)
    else:
        require(by, Action.MANAGE_COMMITTEE, document, lock=True)
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not a content field: {sorted(unknown)}")
    for name, value in changes.items():
        if name == "attendance":
            value = _clean_attendance(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(document, name, value)
    current = list(document.addressees.select_related("unit"))
    if main_units is None:
        main_units = [a.unit for a in current if a.role == AddresseeRole.MAIN]
    if copy_units is None:
        copy_units = [a.unit for a in current if a.role == AddresseeRole.COPY]
    main_units, copy_units = list(main_units), list(copy_units)
    below = list(document.committee_addressees.select_related("committee"))
    if main_committees is None:
        main_committees = [a.committee for a in below if a.role == AddresseeRole.MAIN]
    if copy_committees is None:
        copy_committees = [a.committee for a in below if a.role == AddresseeRole.COPY]
    main_committees, copy_committees = list(main_committees), list(copy_committees)
    document.full_clean()
    _check_content(document, main_units, copy_units, main_committees, copy_committees)
    _check_classification(document, document.records if document.records_type_id else None)
    document.save()
    _set_addressees(document, main_units, copy_units)
    _set_committee_addressees(document, main_committees, copy_committees)
    return document


def _notify(
    people: Iterable[Person], subject: Phrase, document: Document, body: str | Phrase = "", skip=None, **asked
) -> None:
    """`asked`: the action and urgency of notification_send (a document to sign is urgent)."""
    recipients = [person for person in people if skip is None or person.pk != skip.pk]
    if recipients:
        notification_send(recipients=recipients, subject=subject, body=body, link=document.get_absolute_url(), **asked)


@transaction.atomic
def document_submit(*, by, document: Document) -> Document:
    """送核: the drafter sends the draft to the office director for review."""
    document = _locked_document(document)
    capacity = perform(document, "submit", by)
    document.submitted_at = timezone.now()
    document.save(update_fields=["state", "submitted_at"])
    _notify(
        holders(document, REVIEW),
        Phrase(gettext_noop("请核稿：%(title)s"), title=document.title),
        document,
        skip=_person(capacity),
        action=Phrase(gettext_noop("核稿")),
    )
    return document


@transaction.atomic
def document_review(*, by, document: Document, forward: bool, comment: str = "") -> Document:
    """核稿 (Art 4): the office director sends the draft on to the signer, or back to the drafter with comments."""
    document = _locked_document(document)
    capacity = perform(document, "forward" if forward else "send_back", by)
    comment = comment.strip()
    if not forward and not comment:
        raise ValidationError({"comment": _("退回修改时请写明意见。")})
    now = timezone.now()
    DocumentReview.objects.create(
        document=document,
        stage=ReviewStage.REVIEW,
        outcome=ReviewOutcome.FORWARD if forward else ReviewOutcome.RETURN,
        comment=comment,
        by_name=_person(capacity).name,
        acted=Act(capacity.appointment, capacity.delegation, now),
    )
    if forward:
        document.reviewed = Act(capacity.appointment, capacity.delegation, now)
        document.save(update_fields=["state", *Document.reviewed.fields])
        _notify(
            holders(document, document.sign_action),
            Phrase(gettext_noop("请签发：%(title)s"), title=document.title),
            document,
            comment,
            action=Phrase(gettext_noop("签发公文")),
            urgent=True,
        )
    else:
        document.save(update_fields=["state"])
        returned = Phrase(gettext_noop("核稿退回：%(title)s"), title=document.title)
        _notify([document.drafted_by.person], returned, document, comment)
    return document


@transaction.atomic
def document_decline(*, by, document: Document, comment: str) -> Document:
    """The signer does not sign and sends the draft back with the reason."""
    document = _locked_document(document)
    capacity = perform(document, "decline", by)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("退回时请写明意见。")})
    DocumentReview.objects.create(
        document=document,
        stage=ReviewStage.SIGN,
        outcome=ReviewOutcome.RETURN,
        comment=comment,
        by_name=_person(capacity).name,
        acted=capacity,
    )
    document.save(update_fields=["state"])
    returned = Phrase(gettext_noop("签发人退回：%(title)s"), title=document.title)
    _notify([document.drafted_by.person], returned, document, comment)
    return document


def format_number(prefix: str, year: int, serial: int, series: str = NumberSeries.DOCUMENT) -> str:
    """代字〔YYYY〕N号: brackets U+3014/U+3015, full year, no leading zeros, no 第 (GB/T 9704 7.2.5).
    纪要 count in their own series, by 期: 代字〔YYYY〕N期."""
    return f"{prefix}〔{year}〕{serial}{'期' if series == NumberSeries.MINUTES else '号'}"


def _next_serial(committee: Committee, classification: str, year: int, series: str = NumberSeries.DOCUMENT) -> int:
    """Takes the next serial from the counter row of the issuer, the series (号 or 纪要's 期) and the year,
    locked until the signing transaction ends."""
    NumberCounter.objects.bulk_create(
        [NumberCounter(committee=committee, classification=classification, series=series, year=year)],
        ignore_conflicts=True,
    )
    counter = locked(NumberCounter.objects.all()).get(
        committee=committee, classification=classification, series=series, year=year
    )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


@transaction.atomic
def number_counter_adjust(*, by, counter: NumberCounter, last_serial: int, reason: str) -> NumberCounter:
    """Sets by hand the last serial an issuer has used in a year, with the reason (Art 24: 文号).

    For numbers the system did not give: when the office starts using it in the middle of a year after
    numbering on paper, the counter moves on to the last paper number. The office does it; the counter's
    history keeps who, when and why. It never goes below a number a document in the system already bears,
    or the next signature would give that number a second time.
    """
    counter = locked(NumberCounter.objects.select_related("committee")).get(pk=counter.pk)
    require(by, Action.MANAGE_COMMITTEE, counter, lock=True)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请说明调整的原因。")})
    if last_serial < 0:
        raise ValidationError({"last_serial": _("顺序号不能为负数。")})
    issued = highest_serial_issued(counter)
    if last_serial < issued:
        raise ValidationError(
            {
                "last_serial": _("%(year)s年已有公文编到第%(serial)s号，计数不能小于它。")
                % {"year": counter.year, "serial": issued}
            }
        )
    if last_serial == counter.last_serial:
        raise ValidationError({"last_serial": _("计数已是%(serial)s，无需调整。") % {"serial": last_serial}})
    counter.last_serial = last_serial
    counter._change_reason = reason
    counter._history_user = by
    counter.save(update_fields=["last_serial"])
    return counter


@transaction.atomic
def document_sign(*, by, document: Document, opinion: str) -> Document:
    """签发 (Art 24): the authorised signer signs; the number is assigned, the text frozen, the PDF queued.

    Important matters: the director, or a deputy whose delegation to sign covers this moment; general
    matters: the office director. Anyone else is refused with the reason.
    """
    document = _locked_document(document)
    if document.is_signed:
        raise ValidationError(
            _("该公文已于%(when)s签发，文号%(number)s。")
            % {"when": chinese_date(timezone.localtime(document.signed_at)), "number": document.doc_number}
        )
    capacity = perform(document, "sign", by)
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError({"opinion": _("请填写签发意见，如“同意”或“发”。")})
    now = timezone.now()
    year = timezone.localtime(now).year
    series = document.number_series
    serial = _next_serial(document.committee, document.classification, year, series)
    document.signed = Act(capacity.appointment, capacity.delegation, now)
    document.signer_name = _person(capacity).name
    document.sign_opinion = opinion
    document.doc_year = year
    document.doc_serial = serial
    document.doc_number = format_number(document.prefix, year, serial, series)
    document.content_sha256 = document.content_digest()
    document.full_clean()
    document.save()
    render_job_enqueue(OFFICIAL, document)
    _notify(
        [document.drafted_by.person],
        Phrase(gettext_noop("已签发：%(number)s %(title)s"), number=document.doc_number, title=document.title),
        document,
        Phrase(
            gettext_noop("%(name)s%(capacity)s签发，意见：%(opinion)s"),
            name=document.signer_name,
            capacity=document.signed.capacity_phrase,
            opinion=opinion,
        ),
        skip=_person(capacity),
    )
    return document


@transaction.atomic
def document_correct(*, by, document: Document) -> Document:
    """更正: a signed document stays as it is; the correction is a new version, drafted and signed again."""
    document = _locked_document(document)
    capacity = perform(document, "correct", by)
    correction = Document(
        committee=document.committee,
        version=document.version + 1,
        corrects=document,
        records_type=document.records_type,
        records_id=document.records_id,
        drafted=capacity,
        **{name: getattr(document, name) for name in CONTENT_FIELDS},
    )
    correction.save()
    bulk_create_with_history(
        [Addressee(document=correction, unit_id=a.unit_id, role=a.role) for a in document.addressees.all()], Addressee
    )
    bulk_create_with_history(
        [
            CommitteeAddressee(document=correction, committee_id=a.committee_id, role=a.role)
            for a in document.committee_addressees.all()
        ],
        CommitteeAddressee,
    )
    return correction


@transaction.atomic
def document_render_again(*, by, document: Document):
    """The office asks again for a PDF whose render failed (or whose worker vanished)."""
    document = _locked_document(document)
    perform(document, "render_again", by)
    return render_job_enqueue(OFFICIAL, document, again=True)


def _liaisons(units: Iterable[MemberUnit]) -> dict[int, list[Person]]:
    """Who signs for each unit: those who may (`ACT_FOR_UNIT`, its liaison in force), and nobody else, so that
    nobody is asked to sign for a document that `receipt_confirm` would not let them sign for."""
    return {unit.pk: list(holders(unit, Action.ACT_FOR_UNIT)) for unit in units}


@transaction.atomic
def document_distribute(*, by, document: Document) -> Document:
    """分发: the office sends the signed PDF to the 主送 and 抄送 units; each unit's liaison is asked to sign for it.
    Art 5: the committees below it is addressed to get a receipt each, which their office is asked to sign."""
    document = _locked_document(document)
    capacity = perform(document, "distribute", by)
    addressees = list(document.addressees.select_related("unit"))
    bulk_create_with_history([Receipt(document=document, unit=a.unit, role=a.role) for a in addressees], Receipt)
    below = list(document.committee_addressees.select_related("committee"))
    bulk_create_with_history(
        [CommitteeReceipt(document=document, committee=a.committee, role=a.role) for a in below], CommitteeReceipt
    )
    document.distributed = capacity
    document.save(update_fields=["state", *Document.distributed.fields])
    people = [person for persons in _liaisons([a.unit for a in addressees]).values() for person in persons]
    _notify(
        people,
        Phrase(gettext_noop("请签收：%(number)s %(title)s"), number=document.doc_number, title=document.title),
        document,
        Phrase(gettext_noop("%(issuer)s发文，请登录系统查阅并签收。"), issuer=document.issuer_name),
        action=Phrase(gettext_noop("签收公文")),
    )
    offices = {
        person.pk: person
        for a in below
        for person in holders(CommitteeReceipt(document=document, committee=a.committee), RECEIVE_UPPER)
    }
    _notify(
        offices.values(),
        Phrase(
            gettext_noop("上级来文，请签收：%(number)s %(title)s"), number=document.doc_number, title=document.title
        ),
        document,
        Phrase(gettext_noop("%(issuer)s发文，请登录系统查阅、签收并抓好落实。"), issuer=document.issuer_name),
        action=Phrase(gettext_noop("签收上级来文")),
    )
    return document


@transaction.atomic
def upper_receipt_confirm(*, by, receipt: CommitteeReceipt) -> CommitteeReceipt:
    """签收上级来文 (Art 5): the office of the committee a document was sent down to records that it received it;
    from then on the committee follows it up (an agenda item, follow-up tasks for its own units)."""
    receipt = locked(CommitteeReceipt.objects.select_related("document__committee", "committee")).get(pk=receipt.pk)
    if receipt.received_at is not None:
        raise ValidationError(
            _("%(committee)s已由%(name)s于%(when)s签收。")
            % {
                "committee": receipt.committee.short_name,
                "name": receipt.receiver_name,
                "when": chinese_date(timezone.localtime(receipt.received_at)),
            }
        )
    capacity = perform(receipt, "receive", by)
    receipt.received = capacity
    receipt.receiver_name = _person(capacity).name
    receipt.save(update_fields=["state", "receiver_name", *CommitteeReceipt.received.fields])
    return receipt


@transaction.atomic
def receipt_confirm(*, by, receipt: Receipt) -> Receipt:
    """签收 (Art 25): the unit's liaison records that the unit received the document."""
    receipt = locked(Receipt.objects.select_related("document__committee", "unit")).get(pk=receipt.pk)
    capacity = require(by, Action.ACT_FOR_UNIT, receipt, lock=True)
    if receipt.received_at is not None:
        raise ValidationError(
            _("%(unit)s已由%(name)s于%(when)s签收。")
            % {
                "unit": receipt.unit.short_name,
                "name": receipt.receiver_name,
                "when": chinese_date(timezone.localtime(receipt.received_at)),
            }
        )
    receipt.received = capacity
    receipt.receiver_name = _person(capacity).name
    receipt.save(update_fields=["receiver_name", *Receipt.received.fields])
    return receipt


@transaction.atomic
def document_remind(*, by, document: Document) -> int:
    """The office reminds now every unit, and every committee below it was sent down to, that has not signed for the
    document (at most once a day each); returns how many were reminded."""
    document = _locked_document(document)
    capacity = perform(document, "remind", by)
    units = list(document.receipts.filter(received_at__isnull=True).select_related("unit", "document"))
    below = list(
        document.committee_receipts.filter(received_at__isnull=True).select_related("committee", "document__committee")
    )
    from .reminders import receipts_remind, upper_receipts_remind

    key = f"manual-{timezone.localdate().isoformat()}"
    return receipts_remind(units, key, sent_by=capacity.appointment) + upper_receipts_remind(
        below, key, sent_by=capacity.appointment
    )


@transaction.atomic
def document_archive(*, by, document: Document) -> Document:
    """归档: once every unit has signed for it, the office files the document."""
    document = _locked_document(document)
    missing = [
        r.unit.short_name
        for r in document.receipts.filter(received_at__isnull=True).select_related("unit").order_by("unit__sort_order")
    ] + [
        r.committee.short_name
        for r in document.committee_receipts.filter(received_at__isnull=True)
        .select_related("committee")
        .order_by("committee__code")
    ]
    if missing and document.state == DocumentState.DISTRIBUTED:
        raise ValidationError(_("以下单位尚未签收，暂不能归档：%(units)s。") % {"units": "、".join(missing)})
    capacity = perform(document, "archive", by)
    document.archived = capacity
    document.save(update_fields=["state", *Document.archived.fields])
    return document
