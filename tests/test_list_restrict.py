"""The list half of authority agrees with `decide()`, page by page and role by role; holders and shares.

Every list page of the permission matrix, for every role: each row it lists passes `decide(VIEW)`, and each
object of the committee that passes `decide(VIEW)` is listed (the world of tests/test_permission_matrix.py
holds fewer rows than a page, so nothing is left on a later page).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committee.authority import RULES, Action, decide, holders, paths_of, restrict
from committee.models import Appointment, Delegation, Position, Share
from committee.services import appointment_end, person_create, share_grant, share_revoke
from documents.actions import VIEW_UPPER
from documents.authority_rules import VIEW as DOCUMENT_VIEW
from documents.models import CommitteeReceipt, Document, Receipt
from duties.models import FollowUpTask, Inspection
from meetings.models import Meeting
from members.models import MembershipChange, NewUnitProposal
from reports.models import AnnualReport, ResearchTopic
from tests.test_permission_matrix import ROLES, world  # noqa: F401 (the fixture)

# url name -> (the context variable listing the rows, the model, the action that lets a person see one row)
LIST_PAGES = {
    "documents:list": ("documents", Document, DOCUMENT_VIEW),
    "documents:upper_list": ("receipts", CommitteeReceipt, VIEW_UPPER),
    "duties:tasks": ("tasks", FollowUpTask, Action.VIEW_UNIT_AFFAIRS),
    "duties:inspections": ("inspections", Inspection, Action.VIEW_COMMITTEE),
    "meetings:list": ("meetings", Meeting, Action.VIEW_COMMITTEE),
    "members:changes": ("changes", MembershipChange, Action.VIEW_UNIT_AFFAIRS),
    "members:proposals": ("proposals", NewUnitProposal, Action.VIEW_COMMITTEE),
    "reports:topics": ("page", ResearchTopic, Action.VIEW_COMMITTEE),
}
# Pages that show one slice by default (reachable by their filters): the rows of that slice.
DEFAULT_SLICE = {"reports:topics": lambda rows, context: rows.filter(year=context["year"])}


def _listed(response, key):
    rows = response.context[key]
    rows = getattr(rows, "object_list", rows)
    rows = getattr(rows, "qs", rows)
    return {row.pk for row in rows}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_list_shows_exactly_what_decide_allows(client, world, role, staffed):  # noqa: F811
    user = world["logins"][role]
    client.force_login(user)
    failures = []
    for name, (key, model, action) in LIST_PAGES.items():
        response = client.get(reverse(name, kwargs=world["args"][name]))
        # The page lists its committee's rows: those of the district above (a document sent down) are elsewhere.
        rows = model.objects.filter(**{paths_of(model).committee: staffed})
        if name in DEFAULT_SLICE and response.status_code == 200:
            rows = DEFAULT_SLICE[name](rows, response.context)
        allowed = {obj.pk for obj in rows if decide(user, action, obj)}
        if response.status_code != 200:
            if allowed:
                failures.append(f"{name}: {response.status_code}, but {len(allowed)} rows pass decide()")
            continue
        listed = _listed(response, key)
        if listed - allowed:
            failures.append(f"{name}: lists rows decide() refuses: {sorted(listed - allowed)}")
        if allowed - listed:
            failures.append(f"{name}: leaves out rows decide() allows: {sorted(allowed - listed)}")
    assert not failures, "\n".join(failures)


# Rules about one kind of object only; the others are asked about any row that has a committee (and a unit).
OBJECT_RULES = {
    DOCUMENT_VIEW: Document,
    "meetings.attend": Meeting,
    "meetings.follow": Meeting,
    "meetings.comment_minutes": None,
    VIEW_UPPER: CommitteeReceipt,
}
QUERY_MODELS = [
    Document,
    FollowUpTask,
    MembershipChange,
    AnnualReport,
    Receipt,
    CommitteeReceipt,
    Meeting,
    Inspection,
    ResearchTopic,
]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_rule_answers_the_same_three_ways(world, role):  # noqa: F811
    """For each rule with a list half and each object it can be asked about: in `restrict` iff `decide` says
    yes; and the person is among `holders` iff `decide` says yes."""
    user = world["logins"][role]
    person = getattr(user, "person", None)
    failures = []
    for action, found in RULES.items():
        if found.restrict is None:
            continue
        for model in QUERY_MODELS:
            if action in OBJECT_RULES and OBJECT_RULES[action] is not model:
                continue
            rows = list(model.objects.all()[:12])
            restricted = set(
                restrict(model.objects.filter(pk__in=[r.pk for r in rows]), user, action).values_list("pk", flat=True)
            )
            for obj in rows:
                allowed = bool(decide(user, action, obj))
                if allowed != (obj.pk in restricted):
                    failures.append(f"{action} {model.__name__} {obj.pk}: decide {allowed}, restrict {not allowed}")
                if person is not None and found.holders is not None:
                    held = holders(obj, action).filter(pk=person.pk).exists()
                    if allowed != held:
                        failures.append(f"{action} {model.__name__} {obj.pk}: decide {allowed}, holders {held}")
    assert not failures, "\n".join(failures[:30])


def test_a_deputy_whose_appointment_ended_is_no_holder_though_the_delegation_runs(staffed, delegate, appointment_of):
    delegation = delegate("deputy1", ["sign", "decide", "approve_inspection"])
    deputy = appointment_of("deputy1", Position.DEPUTY)
    assert deputy.person in holders(staffed, Action.SIGN_IMPORTANT)
    appointment_end(appointment=deputy, end_date=timezone.localdate() + datetime.timedelta(days=1))

    tomorrow = timezone.now() + datetime.timedelta(days=1, hours=1)
    assert Delegation.objects.in_force(tomorrow).filter(pk=delegation.pk).exists()
    for action in (Action.SIGN_IMPORTANT, Action.DECIDE_IMPORTANT, Action.APPROVE_INSPECTION):
        assert deputy.person not in holders(staffed, action, at=tomorrow), action
        assert appointment_of("director").person in holders(staffed, action, at=tomorrow)


def test_a_unit_head_without_a_liaison_is_not_asked_to_sign_for_a_document(staffed, users, appointment_of):
    """The drift of issue 9: the head was reminded to 签收 and `receipt_confirm` refused them."""
    from documents import services
    from documents.tests.matrix import _done

    fulian = staffed.units.get(code="fulian")
    appointment_end(appointment=appointment_of("liaison-fulian"))
    staff, office = users["office_staff"], users["office_director"]
    document = services.document_draft(
        by=staff,
        committee=staffed,
        kind="notice",
        classification="general",
        title="签收测试",
        body="正文",
        main_units=[fulian],
    )
    services.document_submit(by=staff, document=document)
    services.document_review(by=office, document=document, forward=True)
    document = services.document_sign(by=office, document=document, opinion="同意")
    _done(document)
    head = users["head-fulian"]
    before = head.person.notifications.count()
    services.document_distribute(by=staff, document=document)
    receipt = document.receipts.get(unit=fulian)

    assert not decide(head, Action.ACT_FOR_UNIT, receipt)
    assert head.person not in holders(receipt, Action.ACT_FOR_UNIT)
    assert head.person.notifications.count() == before
    from documents.selectors import pending_receipts_for

    assert not pending_receipts_for(head, staffed).exists()


@pytest.fixture
def shared(staffed, users):
    """A guest reviewer of the district with a login and no appointment, and two distributed-or-not documents."""
    from documents import services

    staff = users["office_staff"]
    guest = person_create(committee=staffed, name="区级审核人员", user=get_user_model().objects.create_user("guest"))
    documents = [
        services.document_draft(
            by=staff,
            committee=staffed,
            kind="notice",
            classification="general",
            title=title,
            body="正文",
            main_units=[staffed.units.get(code="fulian")],
        )
        for title in ("共享的通知", "未共享的通知")
    ]
    return guest, documents


def test_a_named_person_sees_exactly_the_shared_document_until_expiry_or_revocation(client, shared, users):
    guest, (document, other) = shared
    expires = timezone.now() + datetime.timedelta(days=2)
    share = share_grant(by=users["office_director"], obj=document, grantee=guest, reason="审核", expires_at=expires)
    assert guest.notifications.filter(link=document.get_absolute_url()).exists()

    everything = Document.objects.all()
    assert set(restrict(everything, guest.user, DOCUMENT_VIEW)) == {document}
    assert decide(guest.user, DOCUMENT_VIEW, document).share == share
    assert not decide(guest.user, DOCUMENT_VIEW, other)
    assert guest in holders(document, DOCUMENT_VIEW)
    client.force_login(guest.user)
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404

    later = expires + datetime.timedelta(minutes=1)
    assert not restrict(everything, guest.user, DOCUMENT_VIEW, at=later).exists()
    assert not decide(guest.user, DOCUMENT_VIEW, document, at=later)

    share_revoke(by=users["office_staff"], share=share)
    assert not restrict(everything, guest.user, DOCUMENT_VIEW).exists()
    assert guest not in holders(document, DOCUMENT_VIEW)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_the_share_page_is_the_office_s(client, shared, users):
    guest, (document, _other) = shared
    url = reverse("committee:shares", kwargs={"model_label": "documents.document", "pk": document.pk})
    for username in ("director", "liaison-fulian", "head-fulian"):
        client.force_login(users[username])
        assert client.get(url).status_code == 404, username
        assert (
            client.post(url, {"grantee": guest.pk, "reason": "x", "expires_at": "2099-01-01T00:00"}).status_code == 404
        )
    assert not Share.objects.exists()

    client.force_login(users["office_staff"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"grantee": guest.pk, "reason": "区级审核", "expires_at": "2099-01-01T00:00"})
    assert response.status_code == 302
    share = Share.objects.get()
    assert (share.grantee, share.reason, share.granted_by.position) == (guest, "区级审核", Position.OFFICE_STAFF)
    assert "区级审核" in client.get(url).content.decode()

    client.force_login(users["director"])
    assert client.post(reverse("committee:share_revoke", args=[share.pk])).status_code == 404
    client.force_login(users["office_director"])
    client.post(reverse("committee:share_revoke", args=[share.pk]))
    share.refresh_from_db()
    assert share.revoked_at is not None and share.revoked_by == Appointment.objects.in_force().get(
        person__user=users["office_director"], position=Position.OFFICE_DIRECTOR
    )


def test_a_report_can_be_shared_too(client, world, staffed, users):  # noqa: F811
    report = AnnualReport.objects.filter(committee=staffed).first()
    guest = person_create(committee=staffed, name="区级审核人员", user=get_user_model().objects.create_user("guest2"))
    share_grant(
        by=users["office_director"],
        obj=report,
        grantee=guest,
        reason="审核",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert list(restrict(AnnualReport.objects.all(), guest.user, Action.VIEW_UNIT_AFFAIRS)) == [report]
    client.force_login(guest.user)
    assert client.get(report.get_absolute_url()).status_code == 200
