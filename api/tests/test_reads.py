"""The API lists exactly what the authority service lets each login see, as the pages do; hidden objects are 404s;
a document is described by its metadata, never by its text."""

from __future__ import annotations

import pytest

from committee.authority import Action, decide
from committee.models import Committee
from documents.authority_rules import VIEW as VIEW_DOCUMENT
from documents.models import Document, Receipt
from duties.models import FollowUpTask
from meetings.models import Decision, Meeting
from members.models import Duty, MemberUnit
from reports.models import AnnualReport

from .conftest import DRAFT_BODY, SIGNED_BODY

pytestmark = pytest.mark.django_db

# endpoint -> (model, the action the app's own pages ask for one row, the key of a row in the answer)
ENDPOINTS = {
    "committees": (Committee, Action.VIEW_COMMITTEE, "code"),
    "units": (MemberUnit, Action.VIEW_COMMITTEE, "pk"),
    "duties": (Duty, Action.VIEW_COMMITTEE, "pk"),
    "meetings": (Meeting, Action.VIEW_COMMITTEE, "pk"),
    "decisions": (Decision, Action.VIEW_COMMITTEE, "pk"),
    "tasks": (FollowUpTask, Action.VIEW_UNIT_AFFAIRS, "pk"),
    "reports": (AnnualReport, Action.VIEW_UNIT_AFFAIRS, "pk"),
    "documents": (Document, VIEW_DOCUMENT, "pk"),
}
LOGINS = [
    "director",
    "deputy1",
    "office_staff",
    "liaison-fulian",
    "liaison-gonghui",
    "head-fulian",
    "other-office",
    "district-viewer",
    "outsider",
]


def listed(client, endpoint: str, key: str = "id") -> set:
    """Every row's key, over every page: `endpoint` is `tasks` or `tasks/?status=open`."""
    path, _sep, query = endpoint.partition("?")
    found, url = set(), f"/api/v1/{path.rstrip('/')}/?page_size=200&{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        found |= {row[key] for row in response.json()["results"]}
        url = response.json()["next"]
    return found


def test_every_list_shows_exactly_what_decide_allows(world, api_as):
    """For every kind of login (one world for all of them: it takes a while to build)."""
    failures = []
    for username in LOGINS:
        user, client = world.users[username], api_as(username)
        for endpoint, (model, action, key) in ENDPOINTS.items():
            allowed = {getattr(obj, key) for obj in model.objects.all() if decide(user, action, obj)}
            shown = listed(client, endpoint, "code" if key == "code" else "id")
            if shown != allowed:
                too_many, missing = sorted(shown - allowed), sorted(allowed - shown)
                failures.append(f"{username} {endpoint}: shows {too_many} too many, {missing} missing")
    assert not failures, "\n".join(failures)


def test_a_liaison_sees_their_own_units_tasks_and_not_the_others(world, api_as):
    fulian, gonghui = world.tasks["fulian"], world.tasks["gonghui"]
    client = api_as("liaison-gonghui")
    assert listed(client, "tasks") == {gonghui.pk}
    assert client.get(f"/api/v1/tasks/{fulian.pk}/").status_code == 404
    assert client.get(f"/api/v1/tasks/{gonghui.pk}/").status_code == 200
    # The office sees every unit's, as on the 督办 overview.
    assert listed(api_as("office_staff"), "tasks") == {fulian.pk, gonghui.pk}


def test_another_committees_people_see_none_of_this_committee(world, api_as):
    client = api_as("other-office")
    assert listed(client, "committees", "code") == {"other-town"}
    for endpoint in ("units", "meetings", "decisions", "tasks", "reports", "documents", "receipts"):
        assert listed(client, endpoint) == set(), endpoint
    assert client.get(f"/api/v1/committees/{world.committee.code}/").status_code == 404
    assert client.get(f"/api/v1/tasks/{world.tasks['fulian'].pk}/").status_code == 404
    assert client.get(f"/api/v1/documents/{world.to_fulian.pk}/").status_code == 404
    # Nor does the town see the district above it.
    assert api_as("office_staff").get("/api/v1/committees/the-district/").status_code == 404


def test_a_district_viewer_reads_the_town_below(world, api_as):
    client = api_as("district-viewer")
    assert listed(client, "committees", "code") == {"the-district", world.committee.code}
    assert listed(client, "tasks") == {world.tasks["fulian"].pk, world.tasks["gonghui"].pk}
    # Read only: the viewer may not act for a unit.
    response = client.post(f"/api/v1/tasks/{world.tasks['fulian'].pk}/progress/", {"text": "区里来看看"}, format="json")
    assert response.status_code == 403


def test_filters_narrow_within_what_is_seen(world, api_as):
    client = api_as("office_staff")
    fulian = world.unit("fulian")
    assert listed(client, f"tasks/?unit={fulian.pk}&status=open") == {world.tasks["fulian"].pk}
    assert listed(client, "tasks/?status=closed") == set()
    assert listed(client, "tasks/?signal=on_track") == {world.tasks["fulian"].pk, world.tasks["gonghui"].pk}
    assert listed(client, f"meetings/?committee={world.committee.code}&kind=office") == {world.meeting.pk}
    assert listed(client, "meetings/?kind=plenary") == set()
    year = world.meeting.starts_at.year
    assert listed(client, f"decisions/?year={year}&effective=true") == {world.decision.pk}
    assert listed(client, "decisions/?effective=false") == set()
    assert listed(client, "documents/?state=draft") == {world.draft.pk}
    assert len(listed(client, f"reports/?year={world.cycle.year}&state=draft&late=false")) == 14
    assert listed(client, "reports/?late=true") == set()
    assert listed(client, f"units/?committee={world.committee.code}&kind=mass_organization") >= {fulian.pk}
    # 密云镇's own duties (Art 5), not the district's above it, which its office does not see.
    own_duties = Duty.objects.filter(committee=world.committee, unit=None)
    assert len(listed(client, "duties/?of_committee=true")) == own_duties.count()
    # The other committee's code narrows to nothing, not to the other committee's rows.
    assert listed(client, "tasks/?committee=other-town") == set()


def test_odd_filter_values_are_a_400_naming_the_parameter(api_as):
    client = api_as("office_staff")
    odd = ("year=abc", "year=1.5", "year=99999", "year=²", "unit=-1", f"unit={2**70}", "signal=nope", "committee=a%00b")
    for query in odd:
        response = client.get(f"/api/v1/tasks/?{query}")
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json(), query
    assert client.get("/api/v1/documents/?year=2026&kind=memo").json().keys() == {"kind"}
    assert client.get("/api/v1/tasks/?page=²").status_code == 404
    assert client.get("/api/v1/tasks/?page_size=²").status_code == 200


def test_a_draft_is_listed_only_for_those_who_may_see_drafts_and_no_text_ever(world, api_as):
    assert world.draft.pk in listed(api_as("office_director"), "documents")
    assert world.draft.pk not in listed(api_as("liaison-fulian"), "documents")
    assert api_as("liaison-fulian").get(f"/api/v1/documents/{world.draft.pk}/").status_code == 404
    for username in ("office_staff", "director", "district-viewer", "liaison-fulian"):
        client = api_as(username)
        documents = [world.draft, world.to_fulian]
        for url in ["/api/v1/documents/", *(f"/api/v1/documents/{document.pk}/" for document in documents)]:
            response = client.get(url)
            text = response.content.decode()
            assert DRAFT_BODY not in text and SIGNED_BODY not in text, (username, url)
            assert '"body"' not in text
    detail = api_as("office_staff").get(f"/api/v1/documents/{world.draft.pk}/").json()
    assert detail["state"] == "draft" and detail["doc_number"] == "" and detail["signed_at"] is None


def test_a_document_shows_its_receipts_to_whoever_sees_it(world, api_as):
    detail = api_as("liaison-gonghui").get(f"/api/v1/documents/{world.to_both.pk}/").json()
    assert {(row["unit_name"], row["role"], row["received_at"]) for row in detail["receipts"]} == {
        ("妇联", "main", None),
        ("工会", "copy", None),
    }
    # The receipts a liaison has to sign for, and no other unit's.
    gonghui = Receipt.objects.get(document=world.to_both, unit__code="gonghui")
    assert listed(api_as("liaison-gonghui"), "receipts/?to_sign=true") == {gonghui.pk}
    assert listed(api_as("office_staff"), "receipts/?to_sign=true") == set()


def test_report_status_per_unit_and_year_without_the_text(world, api_as):
    rows = api_as("liaison-fulian").get("/api/v1/reports/").json()["results"]
    assert [(row["unit_name"], row["year"], row["state"], row["late"]) for row in rows] == [
        ("妇联", world.cycle.year, "draft", False)
    ]
    assert set(rows[0]) == {
        "id",
        "committee",
        "unit",
        "unit_name",
        "year",
        "deadline",
        "state",
        "state_label",
        "submitted_at",
        "accepted_at",
        "late",
    }


def test_words_follow_the_language_cookie(world, api_as):
    client = api_as("office_staff")
    url = f"/api/v1/tasks/{world.tasks['fulian'].pk}/"
    assert client.get(url).json()["status_label"] == "办理中"
    client.cookies["django_language"] = "en"
    assert client.get(url).json()["status_label"] == "In progress"
