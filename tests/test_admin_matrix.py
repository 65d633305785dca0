"""The Django admin in the permission matrix: every page of every registered model, never a 500.

The pages are read from the admin registry (each ModelAdmin's own URLs, history and custom views included),
so a new model or admin view is crawled without anyone listing it; a page whose arguments this file does not
know fails here until someone says what it needs. The system administrator (a superuser) opens every page;
everybody else, whatever their role in the committee, is turned away at the door.
"""

from __future__ import annotations

import datetime
import io
from typing import NamedTuple

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

# The pages of one model, by the end of their URL name (`<app>_<model>_<page>`), with the arguments of
# those about one object: its primary key, and for a historical version of it the history row's id.
LIST_PAGES = {"changelist", "add"}
OBJECT_PAGES = {
    "change": ("pk",),
    "history": ("pk",),
    "delete": ("pk",),
    "simple_history": ("pk", "version"),
    "password_change": ("pk",),
    "adjust": ("pk",),
}
# The admin site's own pages without arguments; `app_list` and `view_on_site` are built per app and model.
SITE_PAGES = {"index", "login", "logout", "password_change", "password_change_done", "autocomplete", "jsi18n"}
# What the system administrator reads: these answer 200, not merely "no error".
SUPERUSER_READS = {"changelist", "change", "history", "simple_history", "index", "app_list"}

# Every kind of demo login, and two more who must be turned away: a login with no place in the committee,
# and a staff account nobody has given an admin permission (it may open the admin, but no model's page).
REFUSED = [
    "anonymous",
    "outsider",
    "staff_without_permissions",
    "director",
    "deputy1",
    "office_director",
    "office_staff",
    "head-fulian",
    "liaison-fulian",
]


class Page(NamedTuple):
    name: str
    url: str
    of_model: bool


def first_row(model) -> tuple[object, object]:
    """The first row's primary key and the id of its latest historical version (None where there is none)."""
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        return None, None
    history = getattr(model._meta, "simple_history_manager_attribute", None)
    latest = getattr(obj, history).order_by("-history_id").first() if history else None
    return obj.pk, latest and latest.history_id


def admin_pages(sample) -> tuple[list[Page], list[str]]:
    """Every page of the admin, with `sample(model)` giving (primary key, history id) of the object to open
    for each model; and the URL names this file does not know how to build."""
    pages, unknown = [], []
    for model, model_admin in admin.site._registry.items():
        values = dict(zip(("pk", "version"), sample(model), strict=True))
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue  # the old change URL, which only redirects
            name = pattern.name.removeprefix(prefix)
            if name in LIST_PAGES:
                pages.append(Page(name, reverse(f"admin:{pattern.name}"), of_model=True))
            elif name in OBJECT_PAGES:
                args = [values[arg] for arg in OBJECT_PAGES[name]]
                if None not in args:  # a row without a historical version has no version page
                    pages.append(Page(name, reverse(f"admin:{pattern.name}", args=args), of_model=True))
            else:
                unknown.append(pattern.name)
    for pattern in admin.site.get_urls():
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        if pattern.name in SITE_PAGES:
            pages.append(Page(pattern.name, reverse(f"admin:{pattern.name}"), of_model=False))
        elif pattern.name == "app_list":
            for label in sorted({model._meta.app_label for model in admin.site._registry}):
                pages.append(Page("app_list", reverse("admin:app_list", args=[label]), of_model=False))
        elif pattern.name == "view_on_site":
            for model in admin.site._registry:
                pk = sample(model)[0]
                if pk is not None and hasattr(model, "get_absolute_url"):
                    args = [ContentType.objects.get_for_model(model).pk, pk]
                    pages.append(Page("view_on_site", reverse("admin:view_on_site", args=args), of_model=False))
        else:
            unknown.append(pattern.name)
    return pages, unknown


def _seal_and_annex() -> None:
    """The system administrator's upload of a seal image, and an attachment of a draft (documents, issue 10)."""
    from django.core.files.base import ContentFile

    from committee.models import Committee
    from documents.annexes import annex_add
    from documents.models import Document, IssuerSeal
    from documents.tests.conftest import seal_png

    committee = Committee.objects.get(code="miyun-town")  # the district above it is loaded first
    seal = IssuerSeal(committee=committee, issuer="committee", note="测试")
    seal.image.save("seal.png", ContentFile(seal_png()), save=False)
    seal.save()
    draft = Document.objects.filter(signed_at__isnull=True, state="draft").order_by("pk").first()
    annex_add(by=get_user_model().objects.get(username="office_staff"), document=draft, title="附表", text="附表内容")


@pytest.fixture
def every_model_has_a_row(staffed, settings, tmp_path):
    """The demo committee at work, plus the rows only a scheduled task or a rare act creates, each made
    by the service that makes it in the system."""
    from api.services import api_token_issue
    from core.reminders import reminders_send
    from meetings.services import calendar_token_issue

    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # the demo command refuses to run without it; the crawl runs with DEBUG off
    call_command("create_demo_data", stdout=io.StringIO())
    settings.DEBUG = False
    reminders_send(now=timezone.now() + datetime.timedelta(days=8), kinds=None)
    calendar_token_issue(user=get_user_model().objects.get(username="office_staff"))
    api_token_issue(user=get_user_model().objects.get(username="office_staff"), name="区社区矫正信息平台")
    # django-axes records a failed login (attempt, failure log) and a successful one (access log).
    from conftest import DEMO_PASSWORD

    Client().post("/accounts/login/", {"username": "deputy2", "password": DEMO_PASSWORD})
    Client().post("/accounts/login/", {"username": "deputy3", "password": "wrong-password"})
    Group.objects.create(name="档案查阅")
    _seal_and_annex()
    empty = [model._meta.label for model in admin.site._registry if not model._default_manager.exists()]
    assert not empty, f"give these admin models a row here (demo data, or the service that makes one): {empty}"
    return staffed


def test_the_system_administrator_opens_every_admin_page(every_model_has_a_row):
    pages, unknown = admin_pages(first_row)
    assert not unknown, f"say in this file what these admin pages need: {unknown}"
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.create_superuser("system-admin", "admin@localhost", "unused"))
    failures = []
    for page in pages:
        status = client.get(page.url).status_code
        # Other pages may refuse (adding to a read-only model: 403) or send on (view on site: 302); a 404
        # would mean the crawl asked for something that is not there.
        if status >= 500 or status == 404 or (page.name in SUPERUSER_READS and status != 200):
            failures.append(f"{page.url}: {status}")
    assert not failures, "\n".join(failures)
    assert len(pages) > 5 * len(admin.site._registry)


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_is_refused_every_admin_page(staffed, users, role):
    """No rows are needed: the door is shut before any object is looked up, so stand-in ids are enough."""
    pages, unknown = admin_pages(lambda model: (1, 1))
    assert not unknown, f"say in this file what these admin pages need: {unknown}"
    client = Client(raise_request_exception=False)
    if role == "outsider":
        client.force_login(get_user_model().objects.create_user("outsider"))
    elif role == "staff_without_permissions":
        client.force_login(get_user_model().objects.create_user("staff", is_staff=True))
    elif role != "anonymous":
        client.force_login(users[role])
    door = reverse("admin:login")
    failures = []
    for page in pages:
        response = client.get(page.url)
        if response.status_code >= 500:
            refused = False
        elif role == "staff_without_permissions":
            # Staff may open the admin's own pages (an index listing nothing, their password), but no model's:
            # an object that is not there is answered before permissions are (a redirect or a 404), never shown.
            refused = not page.of_model or response.status_code != 200
        elif page.name == "login":
            refused = response.status_code == 200
        elif page.name == "logout":
            refused = response.status_code == 302  # to the index, which sends them to the door
        else:
            refused = response.status_code == 302 and response.url.startswith(door)
        if not refused:
            failures.append(f"{page.url}: {response.status_code}")
    assert not failures, "\n".join(failures)
