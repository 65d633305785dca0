"""Art 24: who signs which document, in what capacity; anyone else is refused with the reason."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from committee.authority import NotAllowed
from committee.models import Position
from committee.services import delegation_revoke
from documents import services
from documents.models import DocumentState, NumberCounter

YEAR = timezone.localdate().year


def _deputy_setup(kind: str, delegate, users):
    """deputy1 with a delegation to sign in force, or one that no longer (or not yet) covers this moment."""
    now = timezone.now()
    if kind == "in_force":
        return delegate("deputy1", ["sign"])
    if kind == "expired":
        return delegate("deputy1", ["sign"], start=now - datetime.timedelta(days=10), days=5)
    if kind == "revoked":
        delegation = delegate("deputy1", ["sign"])
        return delegation_revoke(by=users["director"], delegation=delegation, reason="主任返岗")
    if kind == "not_yet":
        return delegate("deputy1", ["sign"], start=now + datetime.timedelta(days=1))
    if kind == "other_power":
        return delegate("deputy1", ["chair", "decide"])
    return None


ALLOWED = [
    # classification, signer, deputy's delegation, the capacity recorded
    ("important", "director", None, "以主任身份"),
    ("important", "deputy1", "in_force", "以副主任身份（第"),
    ("general", "office_director", None, "以办公室主任身份"),
]

REFUSED = [
    ("important", "deputy1", None, "您是副主任，但此时没有在效的“签发重要事项公文”委托"),
    ("important", "deputy1", "expired", "没有在效的“签发重要事项公文”委托"),
    ("important", "deputy1", "revoked", "没有在效的“签发重要事项公文”委托"),
    ("important", "deputy1", "not_yet", "没有在效的“签发重要事项公文”委托"),
    ("important", "deputy1", "other_power", "没有在效的“签发重要事项公文”委托"),
    ("important", "office_director", None, "只有主任或受委托的副主任可以签发重要事项公文"),
    ("important", "office_staff", None, "只有主任或受委托的副主任可以签发重要事项公文"),
    ("important", "liaison-fulian", None, "只有主任或受委托的副主任可以签发重要事项公文"),
    ("general", "director", None, "一般事项公文由办公室主任签发"),
    ("general", "deputy1", "in_force", "一般事项公文由办公室主任签发"),
    ("general", "office_staff", None, "一般事项公文由办公室主任签发"),
    ("general", "head-fulian", None, "一般事项公文由办公室主任签发"),
]


@pytest.mark.parametrize(("classification", "signer", "delegation", "capacity"), ALLOWED)
def test_the_authorised_signer_signs_and_the_capacity_is_recorded(
    docs, users, delegate, appointment_of, classification, signer, delegation, capacity
):
    granted = _deputy_setup(delegation, delegate, users) if delegation else None
    document = docs.awaiting(classification=classification)

    signed = services.document_sign(by=users[signer], document=document, opinion="同意")

    signed.refresh_from_db()
    assert signed.state == DocumentState.SIGNED
    assert signed.sign_opinion == "同意"
    assert signed.signer_name == users[signer].person.name
    assert signed.signed.capacity.startswith(capacity)
    assert signed.signed_at is not None
    position = {"director": Position.DIRECTOR, "deputy1": Position.DEPUTY}.get(signer, Position.OFFICE_DIRECTOR)
    assert signed.signed_by == appointment_of(signer, position)
    assert signed.signed_under == granted
    if granted is not None:
        assert f"第{granted.number}号委托" in signed.signed.capacity
    committee = document.committee
    if classification == "important":
        assert signed.doc_number == f"{committee.doc_prefix}〔{YEAR}〕1号"
        assert signed.issuer_name == committee.name
    else:
        assert signed.doc_number == f"{committee.office_doc_prefix}〔{YEAR}〕1号"
        assert signed.issuer_name == committee.office_name


@pytest.mark.parametrize(("classification", "signer", "delegation", "reason"), REFUSED)
def test_any_other_signer_is_refused_with_the_reason(docs, users, delegate, classification, signer, delegation, reason):
    if delegation:
        _deputy_setup(delegation, delegate, users)
    document = docs.awaiting(classification=classification)

    with pytest.raises(NotAllowed) as refused:
        services.document_sign(by=users[signer], document=document, opinion="同意")

    assert reason in refused.value.decision.reason
    document.refresh_from_db()
    assert document.state == DocumentState.AWAITING_SIGNATURE
    assert document.doc_number == "" and document.signed_at is None
    # A refusal takes no number: the next signature gets the first one.
    assert not NumberCounter.objects.filter(committee=document.committee, last_serial__gt=0).exists()


def test_the_delegation_must_cover_the_moment_of_signing(docs, users, delegate):
    """A delegation that ended a minute ago no longer lets the deputy sign, though it covered the morning."""
    now = timezone.now()
    delegate("deputy1", ["sign"], start=now - datetime.timedelta(days=1, minutes=1), days=1)
    document = docs.awaiting(classification="important")
    with pytest.raises(NotAllowed):
        services.document_sign(by=users["deputy1"], document=document, opinion="同意")


def test_a_document_is_signed_once(docs, users):
    document = docs.awaiting(classification="general")
    services.document_sign(by=users["office_director"], document=document, opinion="发")
    with pytest.raises(Exception, match="已于") as again:
        services.document_sign(by=users["office_director"], document=document, opinion="发")
    assert "密镇矫委办" in str(again.value)


def test_no_signature_before_review(docs, users):
    document = docs.in_review(classification="general")
    with pytest.raises(Exception, match="核稿后才能签发"):
        services.document_sign(by=users["office_director"], document=document, opinion="同意")


def test_an_opinion_is_required(docs, users):
    document = docs.awaiting(classification="important")
    with pytest.raises(Exception, match="签发意见"):
        services.document_sign(by=users["director"], document=document, opinion="  ")


def test_the_signer_may_send_it_back_with_a_reason(docs, users):
    document = docs.awaiting(classification="important")
    with pytest.raises(NotAllowed):
        services.document_decline(by=users["office_director"], document=document, comment="不同意")
    returned = services.document_decline(by=users["director"], document=document, comment="请补充经费测算依据。")
    assert returned.state == DocumentState.RETURNED
    review = returned.reviews.get(stage="sign")
    assert review.outcome == "return" and review.by_name == users["director"].person.name
    assert review.acted.capacity == "以主任身份"


def test_the_sign_page_shows_the_refusal_next_to_the_form(docs, login):
    document = docs.awaiting(classification="important")
    client = login("office_director")
    response = client.post(f"/documents/{document.pk}/steps/sign/", {"sign-opinion": "同意"})
    assert response.status_code == 200
    assert "只有主任或受委托的副主任可以签发重要事项公文。" in response.content.decode()
    document.refresh_from_db()
    assert document.state == DocumentState.AWAITING_SIGNATURE


def test_the_director_signs_through_the_page(docs, login):
    document = docs.awaiting(classification="important")
    response = login("director").post(f"/documents/{document.pk}/steps/sign/", {"sign-opinion": "发"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.doc_number == f"密镇矫委〔{YEAR}〕1号" and document.sign_opinion == "发"


# --- Art 24: the record of a decision follows the decision; a 决定 is an important matter ---


@pytest.fixture
def important_decision(staffed, users):
    from meetings.models import MeetingKind
    from meetings.tests import factories as f

    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed, kind=MeetingKind.PLENARY)
    assert decision.importance == "important"
    return decision


def test_the_record_of_an_important_decision_cannot_be_a_general_matter(docs, important_decision):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        docs.draft(classification="general", kind="notice", records=important_decision)
    assert "第二十四条" in str(refused.value) and "重要事项" in str(refused.value)
    document = docs.draft(classification="important", kind="notice", records=important_decision)
    with pytest.raises(ValidationError, match="第二十四条"):
        services.document_update(by=docs.users["office_staff"], document=document, classification="general")
    # So the office director can never sign the record of an important decision in the office's name.
    document = docs.signed(classification="important", kind="notice", records=important_decision)
    assert document.issuer == "committee"


def test_a_decision_kind_is_never_a_general_matter(docs):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="决定用于重要事项"):
        docs.draft(classification="general", kind="decision")
    document = docs.draft(classification="general", kind="notice")
    with pytest.raises(ValidationError, match="第二十四条"):
        services.document_update(by=docs.users["office_staff"], document=document, kind="decision")


def test_drafting_from_an_important_decision_preselects_an_important_matter(login, staffed, important_decision):
    from django.contrib.contenttypes.models import ContentType

    records = f"{ContentType.objects.get_for_model(important_decision).pk}-{important_decision.pk}"
    form = login("office_staff").get(f"/c/{staffed.code}/documents/new/?records={records}").context["form"]
    assert form["classification"].value() == "important" and form["kind"].value() == "decision"
    response = login("office_staff").post(
        f"/c/{staffed.code}/documents/new/?records={records}",
        {
            "kind": "notice",
            "classification": "general",
            "title": "记载重要决定",
            "main_units": [staffed.units.get(code="fulian").pk],
            "body": "正文",
            "with_seal": "on",
            "records": records,
        },
    )
    assert response.status_code == 200 and "第二十四条" in response.content.decode()
