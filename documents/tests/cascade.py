"""A district over the staffed town (密云镇) and a second town, with the district's people, for the tests of
documents sent down (Art 5). Built here for the tests only: the demo tree is the committee app's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from committee.models import Committee, Position
from committee.services import appointment_make, person_create
from core.models import RenderStatus
from documents import services
from documents.models import CommitteeReceipt, Document
from members.models import MemberUnit

PASSWORD = "test-pass-1234"  # the demo password of the root conftest
START = datetime.date(2026, 1, 1)


def committee_make(code: str, name: str, parent: Committee | None = None) -> Committee:
    """A committee record of the rules template (the administrator creates them; there is no service)."""
    return Committee.objects.create(
        code=code,
        name=f"{name}社区矫正委员会",
        short_name=name,
        nature="议事协调机构",
        legal_basis="《中华人民共和国社区矫正法》",
        approving_body=f"{name}人民政府",
        established_on=datetime.date(2020, 7, 1),
        effective_on=datetime.date(2020, 7, 1),
        office_name=f"{name}社区矫正委员会办公室",
        office_host="司法所",
        doc_prefix=f"{name[:2]}矫委",
        office_doc_prefix=f"{name[:2]}矫委办",
        parent=parent,
    )


def login_make(committee: Committee, username: str, name: str, position: str, unit: MemberUnit | None = None):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    person = person_create(committee=committee, name=name, user=user)
    appointment_make(committee=committee, person=person, position=position, unit=unit, start_date=START)
    return user


@dataclass
class District:
    district: Committee
    town: Committee
    other: Committee
    users: dict


def district_for(town: Committee) -> District:
    """密云区 over `town` and 溪翁庄镇 (with its office and one unit); idempotent within a test."""
    User = get_user_model()
    district = Committee.objects.filter(code="cascade-district").first()
    if district is None:
        district = committee_make("cascade-district", "密云区")
        other = committee_make("cascade-xwz", "溪翁庄镇", district)
        MemberUnit.objects.create(
            committee=other,
            code="sifasuo",
            name="溪翁庄镇司法所",
            short_name="司法所",
            kind="judicial",
            joined_on=START,
        )
        login_make(district, "cd-director", "区主任", Position.DIRECTOR)
        login_make(district, "cd-office-director", "区办公室主任", Position.OFFICE_DIRECTOR)
        login_make(district, "cd-office", "区办公室干事", Position.OFFICE_STAFF)
        login_make(district, "cd-viewer", "区社区矫正管理局", Position.VIEWER)
        login_make(other, "xwz-office", "溪翁庄镇司法所干事", Position.OFFICE_STAFF)
    Committee.objects.filter(pk=town.pk).update(parent=district)
    town.refresh_from_db()
    other = Committee.objects.get(code="cascade-xwz")
    users = {user.username: user for user in User.objects.all()}
    return District(district=district, town=town, other=other, users=users)


def pdf_done(document: Document) -> Document:
    """Marks the document's PDF rendered (rendering is tested elsewhere; distribution needs a PDF)."""
    job = document.render_job
    job.pdf.save("cascade.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    job.status, job.sha256, job.pages = RenderStatus.DONE, "0" * 64, 1
    job.save()
    return document


def signed_down(world: District, title: str = "关于加强社区矫正对象教育帮扶工作的通知", **extra) -> Document:
    """A general notice of the district office, 主送 both towns, drafted, reviewed and signed."""
    users = world.users
    extra.setdefault("main_committees", [world.town, world.other])
    document = services.document_draft(
        by=users["cd-office"],
        committee=world.district,
        kind="notice",
        classification="general",
        title=title,
        body="各镇社区矫正委员会要抓好落实。",
        **extra,
    )
    services.document_submit(by=users["cd-office"], document=document)
    services.document_review(by=users["cd-office-director"], document=document, forward=True)
    return services.document_sign(by=users["cd-office-director"], document=document, opinion="发")


def sent_down(world: District, title: str = "关于加强社区矫正对象教育帮扶工作的通知", **extra) -> Document:
    document = pdf_done(signed_down(world, title, **extra))
    return services.document_distribute(by=world.users["cd-office"], document=document)


def receipt_of(document: Document, committee: Committee) -> CommitteeReceipt:
    return CommitteeReceipt.objects.get(document=document, committee=committee)


def matrix_receipts(town: Committee) -> tuple[CommitteeReceipt, CommitteeReceipt]:
    """For the permission matrix: the town's receipt of a document from above still to sign for, and one signed for
    by its office; made once, found again by the other apps' matrices."""
    world = district_for(town)
    found = {}
    for title in ("矩阵：待签收的上级来文", "矩阵：已签收的上级来文"):
        document = Document.objects.filter(committee=world.district, title=title).first() or sent_down(
            world, title, main_committees=[town]
        )
        found[title] = receipt_of(document, town)
    received = found["矩阵：已签收的上级来文"]
    if received.received_at is None:
        office = get_user_model().objects.get(username="office_staff")
        received = services.upper_receipt_confirm(by=office, receipt=received)
    return found["矩阵：待签收的上级来文"], received
