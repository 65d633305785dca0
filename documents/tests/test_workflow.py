"""拟稿 -> 核稿 -> 签发 -> 编号 -> PDF -> 分发 -> 签收 -> 归档, each step by the one who may take it (Art 24)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from committee.authority import NotAllowed
from committee.models import Notification
from documents import services
from documents.models import Document, DocumentState, Receipt, RenderStatus
from members.models import NewUnitProposal


def test_the_whole_flow(docs, users):
    from core.models import OutboxMessage
    from core.rendering import RENDER_TASK

    staff, office, director = users["office_staff"], users["office_director"], users["director"]

    document = docs.draft(classification="important", kind="decision", main=("fulian", "gonghui"), copy=("tuanwei",))
    assert document.state == DocumentState.DRAFT
    assert document.drafted.capacity == "以办公室工作人员身份"

    services.document_submit(by=staff, document=document)
    assert Notification.objects.filter(recipient=office.person, subject__startswith="请核稿").exists()

    with pytest.raises(ValidationError, match="请写明意见"):
        services.document_review(by=office, document=document, forward=False, comment="")
    services.document_review(by=office, document=document, forward=False, comment="请写明时限。")
    document.refresh_from_db()
    assert document.state == DocumentState.RETURNED
    assert Notification.objects.filter(recipient=staff.person, body="请写明时限。").exists()

    services.document_update(by=staff, document=document, body="各单位于5月底前落实。")
    services.document_submit(by=staff, document=document)
    services.document_review(by=office, document=document, forward=True, comment="同意送签")
    document.refresh_from_db()
    assert document.state == DocumentState.AWAITING_SIGNATURE
    assert document.reviewed.capacity == "以办公室主任身份"
    assert Notification.objects.filter(recipient=director.person, subject__startswith="请签发").exists()

    document = services.document_sign(by=director, document=document, opinion="同意")
    assert document.state == DocumentState.SIGNED and document.doc_number.startswith("密镇矫委〔")
    # The PDF is queued once, as an outbox row written with the signature.
    assert list(OutboxMessage.objects.filter(task=RENDER_TASK).values_list("kwargs", flat=True)) == [
        {"job_id": document.render_job.pk}
    ]
    assert document.render_job.status == RenderStatus.QUEUED

    with pytest.raises(ValidationError, match="尚未生成"):
        services.document_distribute(by=staff, document=document)
    docs.render(document)
    assert document.render_job.status == RenderStatus.DONE

    with pytest.raises(NotAllowed):
        services.document_distribute(by=users["liaison-fulian"], document=document)
    services.document_distribute(by=staff, document=document)
    document.refresh_from_db()
    assert document.state == DocumentState.DISTRIBUTED
    receipts = {r.unit.code: r for r in document.receipts.select_related("unit")}
    assert set(receipts) == {"fulian", "gonghui", "tuanwei"}
    assert receipts["tuanwei"].role == "copy" and receipts["fulian"].role == "main"
    for code in receipts:
        assert Notification.objects.filter(
            recipient=users[f"liaison-{code}"].person, subject__startswith="请签收"
        ).exists()

    services.receipt_confirm(by=users["liaison-fulian"], receipt=receipts["fulian"])
    with pytest.raises(ValidationError, match=r"尚未签收.*(团委、工会|工会、团委)"):
        services.document_archive(by=staff, document=document)
    for code in ("gonghui", "tuanwei"):
        services.receipt_confirm(by=users[f"liaison-{code}"], receipt=receipts[code])
    archived = services.document_archive(by=staff, document=document)
    assert archived.state == DocumentState.ARCHIVED and archived.archived.capacity == "以办公室工作人员身份"


def test_only_the_office_drafts(docs, users, staffed):
    for username in ("liaison-fulian", "director", "deputy1"):
        with pytest.raises(NotAllowed, match="委员会办公室"):
            docs.draft(by=username)
    assert docs.draft(by="office_director").drafted.capacity == "以办公室主任身份"


def test_only_the_office_director_reviews(docs, users):
    document = docs.in_review()
    for username in ("office_staff", "director", "liaison-fulian"):
        with pytest.raises(NotAllowed, match="核稿由办公室主任负责"):
            services.document_review(by=users[username], document=document, forward=True)


def test_the_reviewer_may_edit_during_review_and_the_drafter_may_not(docs, users):
    document = docs.in_review()
    with pytest.raises(NotAllowed):
        services.document_update(by=users["office_staff"], document=document, title="改标题")
    services.document_update(by=users["office_director"], document=document, title="关于改进后的通知")
    document.refresh_from_db()
    assert document.title == "关于改进后的通知"


def test_a_document_awaiting_signature_is_not_edited(docs, users):
    document = docs.awaiting()
    with pytest.raises(ValidationError, match="签发人退回"):
        services.document_update(by=users["office_director"], document=document, title="改")


def test_content_is_checked(docs, users):
    with pytest.raises(ValidationError) as missing:
        docs.draft(main=())
    assert "main_units" in missing.value.error_dict
    with pytest.raises(ValidationError) as both:
        docs.draft(main=("fulian",), copy=("fulian",))
    assert "copy_units" in both.value.error_dict
    with pytest.raises(ValidationError):
        docs.draft(attendance={"present": ["王建国"]})
    minutes = docs.draft(kind="minutes", main=(), attendance={"present": "王建国、李振华", "absent": ["孙海涛"]})
    assert minutes.attendance == {"present": ["王建国", "李振华"], "absent": ["孙海涛"]}
    external = docs.draft(kind="request", main=(), main_extra="密云镇人民政府")
    assert external.main_extra == "密云镇人民政府"


def test_a_document_without_member_units_is_archived_once_signed(docs, users):
    document = docs.signed(kind="request", classification="important", main=(), main_extra="密云镇人民政府")
    archived = services.document_archive(by=users["office_staff"], document=document)
    assert archived.state == DocumentState.ARCHIVED
    assert not Receipt.objects.filter(document=document).exists()


def test_a_document_records_something_else_and_links_back(docs, users, staffed, appointment_of, login):
    from django.utils import timezone

    proposal = NewUnitProposal.objects.create(
        committee=staffed,
        name="镇退役军人服务站",
        short_name="退役军人服务站",
        code="tuiyi",
        kind="government_office",
        reason="需要",
        proposed_by=appointment_of("office_director"),
        proposed_at=timezone.now(),
    )
    document = docs.draft(classification="important", kind="decision", records=proposal)
    assert document.records == proposal
    assert list(Document.objects.recording(proposal)) == [document]

    page = login("office_staff").get(document.get_absolute_url()).content.decode()
    assert proposal.get_absolute_url() in page and "所记载事项" in page

    # The other way: the proposal's page can list the documents that record it.
    request = RequestFactory().get("/")
    request.user = users["office_staff"]
    html = Template("{% load documents_tags %}{% documents_recording obj %}").render(
        Context({"request": request, "obj": proposal})
    )
    assert document.get_absolute_url() in html and "据此拟制公文" in html
    request.user = users["liaison-fulian"]
    html = Template("{% load documents_tags %}{% documents_recording obj %}").render(
        Context({"request": request, "obj": proposal})
    )
    assert document.get_absolute_url() not in html and "据此拟制公文" not in html


def test_records_of_another_committee_are_refused(docs, users, staffed):
    from committee.models import Committee

    other = Committee.objects.create(
        code="other",
        name="别的委员会",
        short_name="别的",
        nature="议事协调机构",
        legal_basis="法",
        approving_body="政府",
        established_on="2022-01-01",
        effective_on="2022-01-01",
        office_name="别的委员会办公室",
        office_host="司法所",
        doc_prefix="别委",
        office_doc_prefix="别委办",
    )
    with pytest.raises(ValidationError, match="不属于本委员会"):
        docs.draft(records=other)


def test_drafting_from_a_record_through_the_page(docs, users, staffed, appointment_of, login):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    proposal = NewUnitProposal.objects.create(
        committee=staffed,
        name="镇退役军人服务站",
        short_name="退役军人服务站",
        code="tuiyi",
        kind="government_office",
        reason="需要",
        proposed_by=appointment_of("office_director"),
        proposed_at=timezone.now(),
    )
    records = f"{ContentType.objects.get_for_model(proposal).pk}-{proposal.pk}"
    client = login("office_staff")
    page = client.get(f"/c/{staffed.code}/documents/new/?records={records}").content.decode()
    assert "本公文记载" in page and proposal.get_absolute_url() in page
    response = client.post(
        f"/c/{staffed.code}/documents/new/?records={records}",
        {
            "kind": "decision",
            "classification": "important",
            "title": "关于提请增设成员单位的决定",
            "main_units": [staffed.units.get(code="sifasuo").pk],
            "body": "同意提请。",
            "with_seal": "on",
            "records": records,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="关于提请增设成员单位的决定")
    assert document.records == proposal
    assert client.get(f"/c/{staffed.code}/documents/new/?records=999999-1").status_code == 404


def test_records_accepts_only_what_a_document_records_and_only_what_the_user_may_see(login, staffed, users):
    """A notification meant for the director, a history row or a login is never pre-filled into a draft."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    secret = Notification.objects.create(
        committee=staffed, recipient=users["director"].person, subject="只给主任看的通知标题"
    )
    history_row = secret.committee.history.first()
    client = login("office_staff")
    for obj in (secret, history_row, users["director"], users["director"].person):
        records = f"{ContentType.objects.get_for_model(obj).pk}-{obj.pk}"
        response = client.get(f"/c/{staffed.code}/documents/new/?records={records}")
        assert response.status_code == 404, type(obj).__name__
        assert "只给主任看的通知标题" not in response.content.decode()
        response = client.post(
            f"/c/{staffed.code}/documents/new/",
            {"kind": "notice", "classification": "general", "title": "记载", "body": "正文", "records": records},
        )
        assert response.status_code == 404
    assert not Document.objects.filter(title="记载").exists()
    assert get_user_model().objects.filter(username="director").exists()
    with pytest.raises(ValidationError):
        services.document_draft(
            by=users["office_staff"],
            committee=staffed,
            kind="notice",
            classification="general",
            title="记载",
            body="正文",
            main_units=[staffed.units.get(code="fulian")],
            records=secret,
        )


def test_a_step_taken_outside_a_request_names_its_actor_in_the_history(docs, users):
    """A workflow step taken by a task or the demo (no request for simple-history to read) records who took it."""
    staff, office = users["office_staff"], users["office_director"]
    document = docs.draft(classification="general", kind="notice", main=("fulian",))
    services.document_submit(by=staff, document=document)
    assert document.history.latest().history_user == staff
    services.document_review(by=office, document=document, forward=True, comment="同意送签")
    assert document.history.latest().history_user == office
