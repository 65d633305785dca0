"""工作动态、简报、通报 and 表彰 through the services: who may, what is recorded, what the documents become."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.authority import Action, NotAllowed, restrict
from committee.models import Notification
from documents.models import Classification, DocumentKind, Issuer
from documents.services import document_review, document_sign, document_submit
from outreach import services
from outreach.actions import VIEW_OFFICE_WORK
from outreach.models import Bulletin, BulletinKind, CommendationState, Highlight, WorkUpdate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def post(users, staffed, username="liaison-fulian", code="fulian", **extra):
    return services.work_update_post(
        by=users[username],
        unit=staffed.units.get(code=code),
        category=extra.pop("category", "education"),
        title=extra.pop("title", "开展法治教育讲座"),
        text=extra.pop("text", "组织社区矫正对象参加法治教育讲座，共12人参加。"),
        happened_on=extra.pop("happened_on", TODAY),
    )


def test_a_liaison_posts_for_their_own_unit_only_and_the_office_is_told(users, staffed):
    update = post(users, staffed)
    assert update.posted.appointment.person.user == users["liaison-fulian"]
    assert Notification.objects.filter(recipient__user=users["office_staff"], link=update.get_absolute_url()).exists()
    with pytest.raises(NotAllowed):
        post(users, staffed, username="liaison-gonghui")
    with pytest.raises(NotAllowed):
        post(users, staffed, username="office_staff")
    with pytest.raises(ValidationError):
        post(users, staffed, happened_on=TODAY + datetime.timedelta(days=1))


def test_the_office_sees_every_update_and_a_unit_its_own(users, staffed):
    post(users, staffed)
    post(users, staffed, username="liaison-gonghui", code="gonghui", title="职工帮扶")
    every = WorkUpdate.objects.all()
    assert restrict(every, users["office_staff"], Action.VIEW_UNIT_AFFAIRS).count() == 2
    assert list(
        restrict(every, users["liaison-fulian"], Action.VIEW_UNIT_AFFAIRS).values_list("unit__code", flat=True)
    ) == ["fulian"]
    assert restrict(Bulletin.objects.all(), users["liaison-fulian"], VIEW_OFFICE_WORK).query is not None


def test_a_briefing_is_issued_as_a_general_document_in_the_offices_name_and_signed_by_the_office_director(
    users, staffed
):
    first = post(users, staffed)
    second = post(users, staffed, username="liaison-gonghui", code="gonghui", category="employment", title="就业推荐")
    briefing = services.bulletin_create(
        by=users["office_staff"],
        committee=staffed,
        kind=BulletinKind.BRIEFING,
        title="社区矫正工作简报",
        period=f"{TODAY.year}年第1期",
        intro="现将近期各单位工作动态摘编如下。",
        updates=[first, second],
    )
    body = services.bulletin_body(briefing)
    assert body.splitlines()[1:3] == [
        "一、教育帮扶",
        "（一）妇联：开展法治教育讲座。组织社区矫正对象参加法治教育讲座，共12人参加。",
    ]
    assert "二、就业" in body
    with pytest.raises(ValidationError):
        services.bulletin_issue(by=users["office_staff"], bulletin=briefing, classification=Classification.IMPORTANT)
    document = services.bulletin_issue(by=users["office_staff"], bulletin=briefing)
    assert (document.kind, document.classification, document.issuer) == (
        DocumentKind.BRIEFING,
        "general",
        Issuer.OFFICE,
    )
    assert document.records == briefing
    document = document_submit(by=users["office_staff"], document=document)
    document = document_review(by=users["office_director"], document=document, forward=True)
    document = document_sign(by=users["office_director"], document=document, opinion="发")
    assert document.doc_number.startswith("密镇矫委办")
    with pytest.raises(ValidationError):
        services.bulletin_update(by=users["office_staff"], bulletin=briefing, title="改", updates=[first])


def test_a_briefing_needs_an_update_and_only_the_office_edits_it(users, staffed):
    with pytest.raises(ValidationError):
        services.bulletin_create(
            by=users["office_staff"], committee=staffed, kind=BulletinKind.BRIEFING, title="简报", updates=[]
        )
    with pytest.raises(NotAllowed):
        services.bulletin_create(
            by=users["liaison-fulian"],
            committee=staffed,
            kind=BulletinKind.BRIEFING,
            title="简报",
            updates=[post(users, staffed)],
        )


def test_marked_items_are_collected_by_a_circular_that_links_both_ways(users, staffed):
    update = post(users, staffed)
    good = services.highlight_mark(by=users["office_staff"], source=update, kind="experience", summary="做法可推广")
    with pytest.raises(ValidationError):
        services.highlight_mark(by=users["office_staff"], source=update, kind="experience", summary="再次")
    with pytest.raises(NotAllowed):
        services.highlight_mark(by=users["liaison-fulian"], source=update, kind="problem", summary="问题")
    circular = services.bulletin_create(
        by=users["office_staff"], committee=staffed, kind=BulletinKind.CIRCULAR, title="通报", highlights=[good]
    )
    good.refresh_from_db()
    assert good.bulletin == circular and good.source == update
    assert "一、典型经验" in services.bulletin_body(circular)
    with pytest.raises(ValidationError):
        services.highlight_unmark(by=users["office_staff"], highlight=good)
    document = services.bulletin_issue(by=users["office_staff"], bulletin=circular, classification="important")
    assert (document.kind, document.issuer) == (DocumentKind.BULLETIN, Issuer.COMMITTEE)


def test_a_commendation_is_decided_by_the_director_or_a_delegated_deputy_and_issued_as_an_important_decision(
    users, staffed, delegate
):
    fulian = staffed.units.get(code="fulian")
    proposal = services.commendation_propose(
        by=users["liaison-fulian"],
        committee=staffed,
        year=TODAY.year,
        nominee_kind="person",
        nominee="王芳",
        nominee_affiliation="镇妇联干部",
        reason="长期结对帮扶社区矫正对象。",
        unit=fulian,
    )
    with pytest.raises(NotAllowed):
        services.commendation_propose(
            by=users["liaison-gonghui"],
            committee=staffed,
            year=TODAY.year,
            nominee_kind="person",
            nominee="某",
            reason="理由",
            unit=fulian,
        )
    for refused in ("office_director", "deputy1", "liaison-fulian"):
        with pytest.raises(NotAllowed):
            services.commendation_decide(by=users[refused], commendation=proposal, agree=True)
    delegate("deputy1", ["decide"])
    proposal = services.commendation_decide(by=users["deputy1"], commendation=proposal, agree=True, note="同意")
    assert proposal.state == CommendationState.DECIDED and proposal.decided.delegation is not None
    with pytest.raises(NotAllowed):
        services.commendation_issue(by=users["liaison-fulian"], commendation=proposal)
    document = services.commendation_issue(by=users["office_staff"], commendation=proposal)
    proposal.refresh_from_db()
    assert proposal.state == CommendationState.ISSUED and proposal.document == document
    assert (document.kind, document.classification, document.issuer) == ("decision", "important", Issuer.COMMITTEE)
    assert "经镇妇联推荐" in document.body or "推荐" in document.body
    document = document_submit(by=users["office_staff"], document=document)
    document = document_review(by=users["office_director"], document=document, forward=True)
    with pytest.raises(NotAllowed):
        document_sign(by=users["office_director"], document=document, opinion="发")
    assert document_sign(by=users["director"], document=document, opinion="发").doc_number.startswith("密镇矫委〔")


def test_a_refusal_needs_its_reason(users, staffed):
    proposal = services.commendation_propose(
        by=users["office_staff"],
        committee=staffed,
        year=TODAY.year,
        nominee_kind="organisation",
        nominee="镇司法所",
        reason="工作扎实。",
    )
    with pytest.raises(ValidationError):
        services.commendation_decide(by=users["director"], commendation=proposal, agree=False)
    proposal = services.commendation_decide(by=users["director"], commendation=proposal, agree=False, note="名额已满")
    assert proposal.state == CommendationState.REJECTED
    assert Highlight.objects.count() == 0
