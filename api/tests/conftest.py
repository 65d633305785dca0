"""Fixtures of the API tests: a committee's year of work made through the services, a second committee beside it,
a district above it, and API clients by token or by session."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from api.services import api_token_issue
from api.tests.factories import committee_create, login_in, rendered
from committee.models import Committee, Position
from documents import services as document_services
from documents.models import Document
from duties import services as duty_services
from meetings.tests import factories
from reports import services as report_services

DRAFT_BODY = "这是拟稿中公文的正文，尚未签发，不得外传。"
SIGNED_BODY = "这是已分发公文的正文。"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded and rendered files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    committee: Committee
    users: dict
    meeting: object = None
    decision: object = None
    tasks: dict = field(default_factory=dict)
    draft: Document | None = None
    to_fulian: Document | None = None
    to_both: Document | None = None
    cycle: object = None
    other: Committee | None = None
    district: Committee | None = None

    def unit(self, code: str):
        return self.committee.units.get(code=code)

    def document(self, title: str, *, main=("fulian",), copy=(), distribute: bool = True) -> Document:
        staff = self.users["office_staff"]
        document = document_services.document_draft(
            by=staff,
            committee=self.committee,
            kind="notice",
            classification="general",
            title=title,
            body=SIGNED_BODY,
            main_units=[self.unit(code) for code in main],
            copy_units=[self.unit(code) for code in copy],
        )
        document_services.document_submit(by=staff, document=document)
        document = document_services.document_review(by=self.users["office_director"], document=document, forward=True)
        document = document_services.document_sign(by=self.users["office_director"], document=document, opinion="同意")
        if not distribute:
            return document
        return document_services.document_distribute(by=staff, document=rendered(document))


@pytest.fixture
def world(staffed, users) -> World:
    """Miyun's year: an office meeting whose decision is in effect, a task for 妇联 (with progress) and one for 工会,
    a draft, a document sent to 妇联 only and one to 妇联 and 工会, the year's report cycle; beside it another town's
    committee with its own office, and above it a district whose viewer oversees it."""
    world = World(committee=staffed, users=users)
    world.meeting, _minutes, (world.decision,) = factories.approved_meeting(
        users, staffed, kind="office", days=-30, decisions=1
    )
    for code in ("fulian", "gonghui"):
        world.tasks[code] = factories.task(users, world.decision, code, title=f"{code}的督办事项")
    duty_services.task_progress_add(by=users["liaison-fulian"], task=world.tasks["fulian"], text="已部署落实")
    world.draft = document_services.document_draft(
        by=users["office_staff"],
        committee=staffed,
        kind="notice",
        classification="general",
        title="拟稿中的通知",
        body=DRAFT_BODY,
        main_units=[world.unit("fulian")],
    )
    world.to_fulian = world.document("只发妇联的通知")
    world.to_both = world.document("发妇联和工会的通知", copy=("gonghui",))
    today = timezone.localdate()
    world.cycle = report_services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=today.year,
        deadline=today + datetime.timedelta(days=20),
        requires_head_confirmation=False,
    )
    world.other = committee_create("other-town", "别的镇社区矫正委员会")
    world.users["other-office"] = login_in(world.other, "other-office", Position.OFFICE_STAFF)
    world.district = committee_create("the-district", "区社区矫正委员会")
    staffed.parent = world.district
    staffed.save()
    world.users["district-viewer"] = login_in(world.district, "district-viewer", Position.VIEWER)
    world.users["outsider"] = get_user_model().objects.create_user("api-outsider")
    return world


@pytest.fixture
def api_as(users):
    """api_as('liaison-fulian') -> an APIClient sending that login's token; api_as(None) -> anonymous. The logins
    `world` adds (other-office, district-viewer, outsider) are there when the test asks for `world` too."""

    def client_for(username: str | None) -> APIClient:
        client = APIClient()
        if username is not None:
            _token, key = api_token_issue(user=users[username], name="测试平台")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for
