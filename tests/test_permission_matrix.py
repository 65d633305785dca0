"""Every URL of the project, for every kind of user: the right answer, never a 500.

The URL list is read from the resolver, so a new view without a row in URL_ARGS fails here
until someone says what it needs and who may see it.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from committee.models import Appointment, Delegation
from committee.services import delegation_revoke
from members.models import MembershipChange, NewUnitProposal
from members.services import unit_proposal_agree, unit_proposal_create, unit_proposal_submit


def app_matrices():
    """Each app may add its URLs to the matrix in `<app>/tests/matrix.py`:
    url_args(world) -> {url name: kwargs}, creating the objects it needs;
    expected(name, role) -> set of statuses, or None to fall back to the defaults below;
    snapshot() -> something that changes when state changes; POST_MAY_CHANGE: roles whose POSTs may change it."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    modules = []
    for app in settings.PROJECT_APPS:
        name = f"{app}.tests.matrix"
        if find_spec(name):
            modules.append(import_module(name))
    return modules


# Not tested here: the admin has its own matrix (tests/test_admin_matrix.py); set_language is Django's.
SKIPPED_PREFIXES = ("admin:", "set_language")

ROLES = [
    "anonymous",
    "outsider",
    "director",
    "deputy_plain",
    "deputy_expired",
    "deputy_revoked",
    "deputy_delegated",
    "office_director",
    "office_staff",
    "liaison_own",
    "liaison_other",
    "head_own",
]
COMMITTEE_ROLES = set(ROLES) - {"anonymous", "outsider"}


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


# A post with a little of everything a step may read, so that forms bind and services run.
ODD_POST = {"op": "confirm", "agree-decision_record": "会议", "revoke_reason": "理由"}


def variants(kwargs) -> list[dict]:
    """A URL name maps to its kwargs, or to a list of them: one per step of a workflow's one step route."""
    return kwargs if isinstance(kwargs, list) else [kwargs]


def project_url_names() -> list[str]:
    return sorted({name for name in _patterns(get_resolver()) if not name.startswith(SKIPPED_PREFIXES)})


@pytest.fixture
def world(request, staffed, users, delegate, appointment_of):
    """One of each object a URL can point at, and a login for each role.

    The three deputies: deputy1 holds a delegation in force; deputy3's was revoked; deputy2's
    expired, except when the role under test is the deputy who never had one (deputy2 then).
    """
    User = get_user_model()
    now = timezone.now()
    role = getattr(request.node, "callspec", None) and request.node.callspec.params.get("role")
    if role != "deputy_plain":
        delegate("deputy2", ["chair"], start=now - datetime.timedelta(days=20), days=5)
    revoked = delegate("deputy3", ["chair", "decide"])
    delegation_revoke(by=users["director"], delegation=revoked, reason="测试撤销")
    delegated = delegate("deputy1", ["chair", "decide", "approve_inspection", "sign"])
    change = MembershipChange.objects.create(
        committee=staffed,
        unit=staffed.units.get(code="fulian"),
        position="liaison",
        new_person_name="新联络员",
        effective_on=timezone.localdate() + datetime.timedelta(days=5),
        reason="调动",
        proposed_by=appointment_of("head-fulian"),
        proposed_at=now,
    )
    proposal = NewUnitProposal.objects.create(
        committee=staffed,
        name="镇退役军人服务站",
        short_name="退役军人服务站",
        code="tuiyi",
        kind="government_office",
        reason="需要",
        proposed_by=appointment_of("office_director"),
        proposed_at=now,
    )

    def agreed_proposal(name: str, code: str) -> NewUnitProposal:
        proposal = unit_proposal_create(
            by=users["office_director"],
            committee=staffed,
            name=name,
            short_name=name,
            code=code,
            kind="public_service",
            reason="需要",
        )
        return unit_proposal_agree(by=users["director"], proposal=proposal, decision_record="委员会会议")

    agreed = agreed_proposal("镇文化站", "wenhuazhan")
    submitted = unit_proposal_submit(
        by=users["office_director"],
        proposal=agreed_proposal("镇老年活动中心", "laonian"),
        submission_ref="密镇矫委〔2026〕9号",
    )
    outsider = User.objects.create_user("outsider")
    logins = {
        "anonymous": None,
        "outsider": outsider,
        "director": users["director"],
        "deputy_plain": users["deputy2"],
        "deputy_expired": users["deputy2"],
        "deputy_revoked": users["deputy3"],
        "deputy_delegated": users["deputy1"],
        "office_director": users["office_director"],
        "office_staff": users["office_staff"],
        "liaison_own": users["liaison-fulian"],
        "liaison_other": users["liaison-gonghui"],
        "head_own": users["head-fulian"],
    }
    base = {"committee": staffed, "users": users, "logins": logins, "appointment_of": appointment_of}
    return {
        "logins": logins,
        "args": {
            "home": {},
            "healthz": {},
            "login": {},
            "logout": {},
            "password_change": {},
            "password_change_done": {},
            "committee:detail": {"code": staffed.code},
            "committee:rules": {"code": staffed.code},
            "committee:rules_version": {"code": staffed.code, "version": 1},
            "committee:history": {"code": staffed.code},
            "committee:oversight": {"code": staffed.code},
            "committee:oversight_export": {"code": staffed.code},
            "committee:delegations": {"code": staffed.code},
            "committee:delegation_revoke": {"code": staffed.code, "number": delegated.number},
            "committee:person": {"pk": users["liaison-fulian"].person.pk},
            "committee:inbox": {},
            "committee:mail_preferences": {},
            "committee:switch": {},
            "committee:switcher": {},
            "members:units": {"committee_code": staffed.code},
            "members:unit": {"committee_code": staffed.code, "code": "fulian"},
            "members:change_new": {"committee_code": staffed.code, "code": "fulian"},
            "members:changes": {"committee_code": staffed.code},
            "members:change": {"pk": change.pk},
            # Every declared step, on an object in the state it starts from.
            "members:change_step": [{"pk": change.pk, "name": name} for name in ("confirm", "reject")],
            "members:proposals": {"committee_code": staffed.code},
            "members:proposal_new": {"committee_code": staffed.code},
            "members:proposal": {"pk": proposal.pk},
            "members:proposal_step": [
                {"pk": each.pk, "name": name}
                for each, names in ((proposal, ["agree", "reject"]), (agreed, ["submit"]), (submitted, ["approve"]))
                for name in names
            ],
        }
        | {name: kwargs for module in app_matrices() for name, kwargs in module.url_args(base).items()},
    }


# What a GET answers, by URL and role, where it is not simply "200 for members, 404 for outsiders".
PUBLIC = {"healthz", "login"}
LOGIN_ONLY = {
    "home",
    "committee:inbox",
    "committee:mail_preferences",
    "committee:switcher",
    "password_change",
    "password_change_done",
}
POST_ONLY = {
    "logout",
    "committee:switch",
    "committee:delegation_revoke",
    "members:change_step",
    "members:proposal_step",
}
REDIRECT_UNLESS = {
    # The page redirects back with the reason to anyone who may not use it.
    "members:change_new": {"liaison_own", "head_own"},
    "members:proposal_new": {"office_director"},
}
HIDDEN_UNLESS = {
    # 404: the object is another unit's affair.
    "members:change": COMMITTEE_ROLES - {"liaison_other"},
    # A town has no committees below it: its oversight page does not exist (tests/test_oversight.py: a district).
    "committee:oversight": set(),
    "committee:oversight_export": set(),
}


def expected_get(name: str, role: str) -> set[int]:
    for module in app_matrices():
        found = module.expected(name, role) if hasattr(module, "expected") else None
        if found is not None:
            return found
    if name in PUBLIC:
        return {200}
    if name in POST_ONLY:
        return {405} if role != "anonymous" or name == "logout" else {302, 405}
    if role == "anonymous":
        return {302}
    if name in LOGIN_ONLY:
        return {200}
    if role == "outsider":
        return {404}
    if name in REDIRECT_UNLESS:
        return {200} if role in REDIRECT_UNLESS[name] else {302}
    if name in HIDDEN_UNLESS:
        return {200} if role in HIDDEN_UNLESS[name] else {404}
    return {200}


def test_every_url_is_in_the_matrix(world):
    missing = set(project_url_names()) - set(world["args"])
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"


def test_roles_are_what_they_say(world, staffed):
    from committee.authority import Action, decide

    logins = world["logins"]
    assert decide(logins["deputy_delegated"], Action.CHAIR_MEETING, staffed).allowed
    for role in ("deputy_plain", "deputy_expired", "deputy_revoked"):
        assert Appointment.objects.in_force().filter(person__user=logins[role], position="deputy").exists()
        assert not decide(logins[role], Action.CHAIR_MEETING, staffed).allowed, role


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, world, role):
    user = world["logins"][role]
    if user is not None:
        client.force_login(user)
    failures = []
    for name in project_url_names():
        for kwargs in variants(world["args"][name]):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            if response.status_code not in expected_get(name, role):
                failures.append(f"{name} {url}: {response.status_code}, expected {expected_get(name, role)}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix_never_500_and_unauthorised_posts_change_nothing(client, world, role):
    user = world["logins"][role]
    if user is not None:
        client.force_login(user)
    app_before = [(module, module.snapshot()) for module in app_matrices() if hasattr(module, "snapshot")]
    before = (
        Delegation.objects.filter(revoked_at__isnull=False).count(),
        Delegation.objects.count(),
        MembershipChange.objects.exclude(state="proposed").count(),
        NewUnitProposal.objects.exclude(state="proposed").count(),
    )
    for name in project_url_names():
        if name in {"logout", "login", "password_change"}:
            continue
        for kwargs in variants(world["args"][name]):
            url = reverse(name, kwargs=kwargs)
            for data in ({}, ODD_POST):
                response = client.post(url, data)
                assert response.status_code < 500, f"{name} {url}: {response.status_code}"
    after = (
        Delegation.objects.filter(revoked_at__isnull=False).count(),
        Delegation.objects.count(),
        MembershipChange.objects.exclude(state="proposed").count(),
        NewUnitProposal.objects.exclude(state="proposed").count(),
    )
    if role == "director":
        # The director may revoke, confirm the change (its note is optional) and agree to the proposal (the odd post
        # names its meeting), each through its step's route.
        assert after[0] == before[0] + 1 and after[2] == before[2] + 1 and after[3] == before[3] + 1
    elif role == "deputy_delegated":
        # Confirming and agreeing are within the delegation; revoking is not.
        assert after[0] == before[0] and after[2] == before[2] + 1 and after[3] == before[3] + 1
    else:
        assert after == before, role
    for module, state in app_before:
        if role not in getattr(module, "POST_MAY_CHANGE", set()):
            assert module.snapshot() == state, f"{module.__name__}: {role} changed state"
