"""Odd input never makes a 500: the cases found by probing, then a fuzz over every URL of the resolver.

The fuzz asks each page, as a user who may see it, which query parameters it reads (by recording what the
view takes out of request.GET) and which forms it shows, then sends each of those parameters and fields a
table of odd values. A new page is covered as soon as it is in the permission matrix.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.urls import reverse

from tests.test_permission_matrix import project_url_names, variants
from tests.test_permission_matrix import world as world  # the fixture, shared

SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no
TWO_TO_THE_70 = str(2**70)
TEN_TO_THE_20 = str(10**20)

# What the fuzz sends: digits that are not ASCII digits, integers past 64 bits, broken dates and months,
# a NUL (PostgreSQL refuses it in text).
ODD_VALUES = [SUPERSCRIPT_TWO, TWO_TO_THE_70, "9999-12", "1-1", "a\x00b"]
# Forms get fewer, so that the whole fuzz stays within seconds; dates far out stand in for the broken ones.
ODD_FORM_VALUES = [SUPERSCRIPT_TWO, TWO_TO_THE_70, "a\x00b", "9999-12-31T23:59"]
# Pages whose forms the fuzz leaves alone: they end the session or switch what the rest of the run sees.
SKIPPED_ACTIONS = ("/accounts/logout/", "/i18n/", "/switch", "/admin/")
FUZZ_ROLES = ["office_staff", "liaison_own", "director"]


@pytest.fixture
def as_role(client, world):
    def login(role):
        client.logout()
        client.force_login(world["logins"][role])
        # A 500 is counted as a failure with the others, not raised at the first.
        client.raise_request_exception = False
        return client

    return login


def test_the_known_odd_values_are_answered_without_a_500(world, as_role, staffed):
    """The 13 cases found by probing (issue 11)."""
    args = world["args"]
    receive = next(kwargs for kwargs in args["documents:step"] if kwargs["name"] == "receive")
    args = args | {"documents:receive": receive}
    url = lambda name: reverse(name.replace("documents:receive", "documents:step"), kwargs=args[name])  # noqa: E731
    failures = []

    def check(role, method, name, data, suffix=""):
        client = as_role(role)
        response = getattr(client, method)(url(name) + suffix, data)
        if response.status_code >= 500:
            failures.append(f"{role} {method.upper()} {name} {data}{suffix}: {response.status_code}")
        return response

    check("office_staff", "post", "committee:inbox", {"id": SUPERSCRIPT_TWO})
    check("office_staff", "post", "committee:inbox", {"id": TEN_TO_THE_20})
    check("liaison_own", "post", "documents:receive", {"receive-receipt": SUPERSCRIPT_TWO})
    check("liaison_own", "post", "reports:report", {"op": f"remove_issue-{SUPERSCRIPT_TWO}", "revision": "0"})
    check(
        "office_staff",
        "post",
        "reports:cycle_new",
        {"year": "2030", "deadline": "2030-03-01", "remind_days_before": SUPERSCRIPT_TWO},
    )
    check("office_staff", "get", "meetings:minutes", {"version": SUPERSCRIPT_TWO})
    check("office_staff", "get", "reports:topics", {"year": SUPERSCRIPT_TWO})
    check("office_staff", "get", "reports:diff", {"a": SUPERSCRIPT_TWO})
    check("office_staff", "get", "documents:new", {"records": f"{SUPERSCRIPT_TWO}-1"})
    check("office_staff", "get", "meetings:calendar", {"month": "9999-12"})
    check("office_staff", "get", "meetings:calendar", {"month": "1-1"})
    check(
        "office_staff",
        "post",
        "documents:new",
        {"kind": "notice", "classification": "general", "title": "t", "body": "b", "main_units": TWO_TO_THE_70},
    )
    assert not failures, "\n".join(failures)


def test_odd_values_get_their_plain_meaning(world, as_role, staffed):
    """Not only no 500: a bad month shows this month, a bad year this year, a bad key a 404."""
    client = as_role("office_staff")
    calendar = reverse("meetings:calendar", kwargs=world["args"]["meetings:calendar"])
    assert client.get(calendar, {"month": "9999-12"}).status_code == 200
    assert client.get(calendar, {"month": "2026-02"}).context["first"].isoformat() == "2026-02-01"
    minutes = reverse("meetings:minutes", kwargs=world["args"]["meetings:minutes"])
    assert client.get(minutes, {"version": SUPERSCRIPT_TWO}).status_code == 404
    new = reverse("documents:new", kwargs=world["args"]["documents:new"])
    assert client.get(new, {"records": f"{SUPERSCRIPT_TWO}-1"}).status_code == 404
    type_id = ContentType.objects.get(app_label="members", model="newunitproposal").pk
    assert client.get(new, {"records": f"{type_id}-{TWO_TO_THE_70}"}).status_code == 404


class _Forms(HTMLParser):
    """The POST forms of a page: action, field names, and the named submit buttons with their values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action")}
            self._current |= {"fields": set(), "buttons": set(), "unlimited": set()}
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "select", "textarea", "button"} and attrs.get("name"):
            name = attrs["name"]
            kind = (attrs.get("type") or "").lower()
            if tag == "button" or kind == "submit":
                self._current["buttons"].add((name, attrs.get("value") or ""))
            elif name != "csrfmiddlewaretoken":
                self._current["fields"].add(name)
                free_text = tag == "textarea" or (tag == "input" and kind in {"", "text", "search"})
                if free_text and not attrs.get("maxlength"):
                    self._current["unlimited"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


class _Recorder:
    """Records the keys a view reads from request.GET while installed."""

    def __init__(self, monkeypatch):
        self.keys: set[str] = set()
        recorder = self

        original_get, original_getitem = QueryDict.get, QueryDict.__getitem__
        original_getlist, original_contains = QueryDict.getlist, QueryDict.__contains__

        def get(self, key, default=None):
            recorder.keys.add(key)
            return original_get(self, key, default)

        def getitem(self, key):
            recorder.keys.add(key)
            return original_getitem(self, key)

        def getlist(self, key, default=None):
            recorder.keys.add(key)
            return original_getlist(self, key, default)

        def contains(self, key):
            recorder.keys.add(key)
            return original_contains(self, key)

        monkeypatch.setattr(QueryDict, "get", get)
        monkeypatch.setattr(QueryDict, "__getitem__", getitem)
        monkeypatch.setattr(QueryDict, "getlist", getlist)
        monkeypatch.setattr(QueryDict, "__contains__", contains)


def _with_odd_ids(value: str, odd: str) -> str:
    """`remove_issue-12` -> `remove_issue-²`: the id a button carries, made odd."""
    return re.sub(r"[0-9]+", odd, value) if re.search(r"[0-9]", value) else value


def test_fuzz_every_get_parameter_and_form_field(world, as_role, monkeypatch, staffed):
    recorder = _Recorder(monkeypatch)
    failures: list[str] = []
    fuzzed_get: set[str] = set()
    fuzzed_forms: set[tuple] = set()
    unlimited: set[str] = set()

    def record(role, method, url, data, response):
        if response.status_code >= 500:
            shown = {key: value[:30] if isinstance(value, str) else value for key, value in data.items()}
            failures.append(f"{role} {method} {url} {shown}: {response.status_code}")

    seen_by_first_role: set[str] = set()
    for role in FUZZ_ROLES:
        client = as_role(role)
        for name in project_url_names():
            kwargs = variants(world["args"][name])[0]  # a step route answers only POST: its forms are on the pages
            if name in seen_by_first_role and not ({"pk", "number"} & set(kwargs)):
                # Lists and forms of the whole committee are the office's: the other roles see the same code.
                continue
            url = reverse(name, kwargs=kwargs)
            recorder.keys.clear()
            # A parameter makes filter forms bind, so that they read their fields too.
            probe = client.get(url, {"page": "1"})
            if probe.status_code != 200:
                continue
            if role == FUZZ_ROLES[0]:
                seen_by_first_role.add(name)
            keys = {key for key in recorder.keys if isinstance(key, str)} - {"csrfmiddlewaretoken"}
            if name not in fuzzed_get:
                fuzzed_get.add(name)
                # Pagination alone is Django's and tested there; ask only pages that read more.
                for odd in ODD_VALUES if keys - {"page"} else ():
                    data = dict.fromkeys(keys, odd)
                    record(role, "GET", url, data, client.get(url, data))
            if not probe.get("Content-Type", "").startswith("text/html"):
                continue
            parser = _Forms()
            parser.feed(probe.content.decode())
            for form in parser.forms:
                action = form["action"] or url
                if form["method"] != "post" or action.startswith(SKIPPED_ACTIONS) or "://" in action:
                    continue
                # Every free-text field has a limit the page shows (the counter reads maxlength).
                unlimited.update(f"{name}: {field}" for field in form["unlimited"])
                # One button per kind: `remove_issue-3` and `remove_issue-4` exercise the same code.
                kinds = {(name, re.sub(r"[0-9]+", "N", value)): (name, value) for name, value in form["buttons"]}
                buttons = sorted(kinds.values()) or [("", "")]
                key = (re.sub(r"[0-9]+", "N", action), tuple(sorted(form["fields"])), tuple(sorted(kinds)))
                if key in fuzzed_forms:
                    continue
                fuzzed_forms.add(key)
                for index, (button_name, button_value) in enumerate(buttons):
                    # The fields are the same whichever button sends them: the other buttons get the keys only.
                    for odd in ODD_FORM_VALUES if index == 0 else ODD_FORM_VALUES[:2]:
                        data = dict.fromkeys(form["fields"], odd)
                        if button_name:
                            data[button_name] = _with_odd_ids(button_value, odd)
                        record(role, "POST", action, data, client.post(action, data))
    assert len(fuzzed_get) > 60 and len(fuzzed_forms) > 20, (len(fuzzed_get), len(fuzzed_forms))
    assert not failures, "\n".join(failures[:40])
    assert not unlimited, sorted(unlimited)
