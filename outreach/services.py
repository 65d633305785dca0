"""Writes for 工作动态、简报、通报 and 表彰 (Arts 5, 7, 10, 24, 25).

Each write asks the authority service inside its transaction and records who acted in which capacity. Issuing a
简报, a 通报 or a 表彰决定 drafts an official document through `documents.services.document_draft`, recording the
source; the document then follows the documents' own workflow (核稿、签发 under Art 24、分发、签收).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, holders, require
from committee.locks import locked
from committee.models import Committee
from committee.services import notification_send
from committee.workflow import perform
from core.acts import OFFICIAL_LANGUAGE
from core.annual import annual_changed
from core.attachments import CheckedFile
from core.numerals import chinese_date
from core.wording import Phrase
from documents.models import Classification, Document, DocumentKind
from documents.services import document_draft
from members.models import MemberUnit

from .actions import PROPOSE_COMMENDATION
from .models import (
    HIGHLIGHTABLE,
    Bulletin,
    BulletinKind,
    Category,
    Commendation,
    Highlight,
    HighlightKind,
    NomineeKind,
    WorkUpdate,
    WorkUpdateAttachment,
)

CHINESE_ORDINALS = "一二三四五六七八九十"


def _ordinal(index: int) -> str:
    """一, 二, … 十, then Arabic figures: enough for the headings of a 简报."""
    return CHINESE_ORDINALS[index] if index < len(CHINESE_ORDINALS) else str(index + 1)


@transaction.atomic
def work_update_post(
    *,
    by,
    unit: MemberUnit,
    category: str,
    title: str,
    text: str,
    happened_on: datetime.date,
    files: Iterable[CheckedFile] = (),
) -> WorkUpdate:
    """Art 25: the unit's liaison posts what the unit did or met (工作动态), with photos or records attached;
    the office is told, so that it can take it into the next 简报."""
    capacity = require(by, Action.ACT_FOR_UNIT, unit, lock=True)
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("日期不能晚于今天。")})
    update = WorkUpdate(
        committee=unit.committee,
        unit=unit,
        category=category,
        title=title.strip(),
        text=text.strip(),
        happened_on=happened_on,
        posted=capacity,
    )
    update.full_clean()
    update.save()
    for checked in files:
        attachment = WorkUpdateAttachment(update=update)
        attachment.fill_from(checked)
        attachment.save()
    recipients = [person for person in holders(unit.committee, Action.MANAGE_COMMITTEE) if person.user_id != by.pk]
    if recipients:
        notification_send(
            recipients=recipients,
            subject=Phrase(gettext_noop("%(unit)s报送了工作动态：%(title)s"), unit=unit.short_name, title=update.title),
            link=update.get_absolute_url(),
        )
    return update


@transaction.atomic
def bulletin_create(
    *,
    by,
    committee: Committee,
    kind: str,
    title: str,
    period: str = "",
    intro: str = "",
    updates: Iterable[WorkUpdate] = (),
    highlights: Iterable[Highlight] = (),
) -> Bulletin:
    """Art 5: the office edits a 工作简报 from selected work updates, or a 通报 from marked items."""
    capacity = require(by, Action.MANAGE_COMMITTEE, committee, lock=True)
    updates, highlights = list(updates), list(highlights)
    _check_selection(committee, kind, updates, highlights)
    bulletin = Bulletin(
        committee=committee,
        kind=kind,
        title=title.strip(),
        period=period.strip(),
        intro=intro.strip(),
        created=capacity,
    )
    bulletin.full_clean()
    bulletin.save()
    bulletin.updates.set(updates)
    _collect(bulletin, highlights)
    return bulletin


@transaction.atomic
def bulletin_update(
    *,
    by,
    bulletin: Bulletin,
    title: str,
    period: str = "",
    intro: str = "",
    updates: Iterable[WorkUpdate] = (),
    highlights: Iterable[Highlight] = (),
) -> Bulletin:
    """The office changes a 简报 or 通报 until it is issued; after that the document carries it."""
    bulletin = locked(Bulletin.objects.select_related("committee")).get(pk=bulletin.pk)
    require(by, Action.MANAGE_COMMITTEE, bulletin, lock=True)
    if bulletin.is_issued:
        raise ValidationError(_("已拟制公文，不能再修改；请在公文中修改。"))
    updates, highlights = list(updates), list(highlights)
    _check_selection(bulletin.committee, bulletin.kind, updates, highlights)
    bulletin.title, bulletin.period, bulletin.intro = title.strip(), period.strip(), intro.strip()
    bulletin.full_clean()
    bulletin.save()
    bulletin.updates.set(updates)
    bulletin.highlights.exclude(pk__in=[h.pk for h in highlights]).update(bulletin=None)
    _collect(bulletin, highlights)
    return bulletin


def _check_selection(committee: Committee, kind: str, updates: list[WorkUpdate], highlights: list) -> None:
    if any(update.committee_id != committee.pk for update in updates) or any(
        item.committee_id != committee.pk for item in highlights
    ):
        raise ValidationError(_("只能选用本委员会的工作动态和标记事项。"))
    if kind == BulletinKind.BRIEFING and not updates:
        raise ValidationError({"updates": _("请至少选用一条工作动态。")})
    if kind == BulletinKind.CIRCULAR and not highlights:
        raise ValidationError({"highlights": _("请至少选用一项典型经验或问题。")})


def _collect(bulletin: Bulletin, highlights: list[Highlight]) -> None:
    for item in highlights:
        if item.bulletin_id not in (None, bulletin.pk):
            raise ValidationError({"highlights": _("“%(item)s”已收入另一份通报。") % {"item": item.source_title}})
        item.bulletin = bulletin
        item.save(update_fields=["bulletin"])


def bulletin_body(bulletin: Bulletin) -> str:
    """The document's text, in Chinese whoever drafts it (Art 24: the signed text is Chinese): the 按语, then the
    updates by category (简报) or the items by kind (通报), numbered the way official documents are (一、 /（一）)."""
    with translation.override(OFFICIAL_LANGUAGE):
        return _bulletin_text(bulletin)


def _bulletin_text(bulletin: Bulletin) -> str:
    lines = [bulletin.intro] if bulletin.intro else []
    if bulletin.kind == BulletinKind.BRIEFING:
        groups = [
            (str(label), [u for u in bulletin.updates.select_related("unit") if u.category == value])
            for value, label in Category.choices
        ]
        for index, (label, items) in enumerate(group for group in groups if group[1]):
            lines.append(f"{_ordinal(index)}、{label}")
            for number, update in enumerate(items):
                lines.append(f"（{_ordinal(number)}）{update.unit.short_name}：{update.title}。{update.text}")
    else:
        groups = [
            (str(label), list(bulletin.highlights.filter(kind=value).select_related("unit")))
            for value, label in HighlightKind.choices
        ]
        for index, (label, items) in enumerate(group for group in groups if group[1]):
            lines.append(f"{_ordinal(index)}、{label}")
            for number, item in enumerate(items):
                lines.append(f"（{_ordinal(number)}）{item.source_title}。{item.summary}")
    return "\n".join(line.replace("\n", " ") for line in lines)


@transaction.atomic
def bulletin_issue(*, by, bulletin: Bulletin, classification: str = Classification.GENERAL) -> Document:
    """Art 24: the office drafts the 简报 (a general matter, in the office's name) or the 通报 (general or important,
    as the office judges) as an official document, addressed to every member unit; it is then reviewed, signed
    and distributed through the documents' workflow."""
    bulletin = locked(Bulletin.objects.select_related("committee")).get(pk=bulletin.pk)
    require(by, Action.MANAGE_COMMITTEE, bulletin, lock=True)
    if bulletin.is_issued:
        raise ValidationError(_("已拟制公文。"))
    if bulletin.kind == BulletinKind.BRIEFING and classification != Classification.GENERAL:
        raise ValidationError({"classification": _("工作简报属一般事项，以委员会办公室名义印发（第二十四条）。")})
    committee = bulletin.committee
    title = f"{bulletin.title}（{bulletin.period}）" if bulletin.period else bulletin.title
    document = document_draft(
        by=by,
        committee=committee,
        kind=DocumentKind.BRIEFING if bulletin.kind == BulletinKind.BRIEFING else DocumentKind.BULLETIN,
        classification=classification,
        title=title[:200],
        body=bulletin_body(bulletin),
        main_units=list(MemberUnit.objects.filter(committee=committee, is_active=True)),
        records=bulletin,
    )
    bulletin.document = document
    bulletin.save(update_fields=["document"])
    return document


def describe(source) -> tuple[str, MemberUnit | None, int]:
    """(title, unit, committee id) of an item the office may mark, read from its attributes (the outreach app
    does not import the apps the items live in)."""
    label = source._meta.label_lower
    if label == "outreach.workupdate":
        return f"{source.unit.short_name}：{source.title}", source.unit, source.committee_id
    if label in {"reports.dutyentry", "reports.reportissue"}:
        report = source.report
        what = source.duty_label if label == "reports.dutyentry" else source.get_kind_display()
        return (
            _("%(unit)s%(year)s年度报告 · %(what)s")
            % {"unit": report.unit.short_name, "year": report.cycle.year, "what": what},
            report.unit,
            report.unit.committee_id,
        )
    if label == "duties.inspectionfinding":
        return f"{source.unit.short_name}：{source.title}", source.unit, source.committee_id
    raise ValidationError(_("这类事项不能标记为典型经验或问题。"))


@transaction.atomic
def highlight_mark(*, by, source, kind: str, summary: str) -> Highlight:
    """Art 5: the office marks an update, a report section or an inspection finding as 典型经验 to spread or as a
    problem to report; the next 通报 collects it."""
    if source._meta.label_lower not in HIGHLIGHTABLE:
        raise ValidationError(_("这类事项不能标记为典型经验或问题。"))
    title, unit, committee_id = describe(source)
    committee = Committee.objects.get(pk=committee_id)
    capacity = require(by, Action.MANAGE_COMMITTEE, committee, lock=True)
    if kind not in HighlightKind.values:
        raise ValidationError({"kind": _("请选择类别。")})
    source_type = ContentType.objects.get_for_model(source)
    if Highlight.objects.filter(source_type=source_type, source_id=source.pk, kind=kind).exists():
        raise ValidationError(_("该事项已作此标记。"))
    highlight = Highlight(
        committee=committee,
        kind=kind,
        source_type=source_type,
        source_id=source.pk,
        source_title=title[:200],
        unit=unit,
        summary=summary.strip(),
        marked=capacity,
    )
    highlight.full_clean()
    highlight.save()
    return highlight


@transaction.atomic
def highlight_unmark(*, by, highlight: Highlight) -> None:
    """The office takes a mark back, while no 通报 has collected it."""
    highlight = locked(Highlight.objects.select_related("committee")).get(pk=highlight.pk)
    require(by, Action.MANAGE_COMMITTEE, highlight, lock=True)
    if highlight.bulletin_id is not None:
        raise ValidationError(_("该事项已收入通报，不能取消标记。"))
    highlight.delete()


@transaction.atomic
def commendation_propose(
    *,
    by,
    committee: Committee,
    year: int,
    nominee_kind: str,
    nominee: str,
    reason: str,
    unit: MemberUnit | None = None,
    nominee_affiliation: str = "",
) -> Commendation:
    """Arts 7, 10: a member unit (or the office) puts forward an organisation or a person for commendation; the
    director and the delegated deputies are told, since the committee decides it."""
    commendation = Commendation(
        committee=committee,
        year=year,
        nominee_kind=nominee_kind,
        nominee=nominee.strip(),
        nominee_affiliation=nominee_affiliation.strip(),
        reason=reason.strip(),
        unit=unit,
    )
    if unit is not None and unit.committee_id != committee.pk:
        raise ValidationError({"unit": _("推荐单位须是本委员会的成员单位。")})
    capacity = require(by, PROPOSE_COMMENDATION, commendation, lock=True)
    commendation.proposed = capacity
    if nominee_kind not in NomineeKind.values:
        raise ValidationError({"nominee_kind": _("请选择表彰对象类别。")})
    commendation.full_clean()
    commendation.save()
    _tell(
        holders(commendation, Action.DECIDE_IMPORTANT),
        Phrase(gettext_noop("表彰推荐待委员会决定：%(nominee)s"), nominee=commendation.nominee),
        commendation,
        by,
    )
    return commendation


def _tell(people, subject: Phrase, commendation: Commendation, by) -> None:
    recipients = [person for person in people if person.user_id != by.pk]
    if recipients:
        notification_send(recipients=recipients, subject=subject, link=commendation.get_absolute_url())


@transaction.atomic
def commendation_decide(*, by, commendation: Commendation, agree: bool, note: str = "") -> Commendation:
    """Arts 7, 10, 21: the committee decides the commendation, an important matter: the director, or a deputy
    whose delegation to decide is in force. A refusal gives its reason."""
    commendation = locked(Commendation.objects.select_related("committee")).get(pk=commendation.pk)
    capacity = perform(commendation, "decide" if agree else "reject", by)
    if not agree and not note.strip():
        raise ValidationError({"note": _("不予表彰时请写明理由。")})
    commendation.decided = capacity
    commendation.decision_note = note.strip()
    commendation.save()
    if agree:
        # The year's compilation lists the commendations decided (outreach/annual.py).
        annual_changed.send(sender=Commendation, committee=commendation.committee, year=commendation.year)
    _tell(
        holders(commendation, Action.MANAGE_COMMITTEE),
        Phrase(
            gettext_noop("委员会决定表彰%(nominee)s，请拟制表彰决定。")
            if agree
            else gettext_noop("委员会未同意表彰%(nominee)s。"),
            nominee=commendation.nominee,
        ),
        commendation,
        by,
    )
    return commendation


def commendation_body(commendation: Commendation) -> str:
    """The 决定's text, in the committee's voice and in Chinese whoever drafts it (Art 24: an important matter,
    issued in the committee's name)."""
    decided_on = chinese_date(timezone.localdate(commendation.decided_at))
    who, reason = commendation.nominee, commendation.reason.replace("\n", " ")
    if commendation.nominee_affiliation:
        who = f"{commendation.nominee_affiliation}{who}"
    return "\n".join(
        [
            f"{commendation.year}年，{who}在社区矫正工作中表现突出。{reason}",
            f"经{commendation.proposer_name}推荐，委员会于{decided_on}研究决定，对{commendation.nominee}予以通报表彰。",
            "希望受表彰的集体和个人珍惜荣誉，再接再厉；各成员单位要以先进为榜样，依法履职，推动社区矫正工作高质量发展。",
        ]
    )


@transaction.atomic
def commendation_issue(*, by, commendation: Commendation) -> Document:
    """Art 24: the office drafts the 表彰决定 as an important matter in the committee's name, addressed to every
    member unit; the director (or a deputy delegated to sign) signs it in the documents' workflow."""
    commendation = locked(Commendation.objects.select_related("committee")).get(pk=commendation.pk)
    perform(commendation, "issue", by)
    committee = commendation.committee
    document = document_draft(
        by=by,
        committee=committee,
        kind=DocumentKind.DECISION,
        classification=Classification.IMPORTANT,
        title=f"关于表彰{commendation.nominee}的决定"[:200],
        body=commendation_body(commendation),
        main_units=list(MemberUnit.objects.filter(committee=committee, is_active=True)),
        records=commendation,
    )
    commendation.document = document
    commendation.save()
    annual_changed.send(sender=Commendation, committee=committee, year=commendation.year)
    return document
