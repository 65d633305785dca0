"""Pages of the foundation: what they show, in Chinese first, within their query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from committee.models import Delegation
from members.models import MemberUnit
from tests.words import required_message


def test_login_page_is_chinese_by_default_even_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "登录" in response.content.decode()
    assert '<html lang="zh-hans">' in response.content.decode()


def test_english_is_one_choice_away(client, staffed, users):
    client.force_login(users["office_staff"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("committee:detail", args=["miyun-town"])).content.decode()
    assert '<html lang="en">' in page
    assert "Member units" in page
    assert "Director" in page


def test_anonymous_is_sent_to_login(client, staffed):
    response = client.get(reverse("committee:detail", args=["miyun-town"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_committee_page_shows_the_structure(login, django_assert_max_num_queries):
    client = login("office_staff")
    # The structure, and one aggregate query per panel of the year (督办, reports, meetings, 表彰).
    with django_assert_max_num_queries(20):
        page = client.get(reverse("committee:detail", args=["miyun-town"])).content.decode()
    for text in (
        "议事协调机构",
        "密云镇人民政府",
        "王建国",
        "李振华",
        "张丽娟",
        "刘志强",
        "陈明",
        "镇司法所",
        "密镇矫委〔YYYY〕N号",
        "第五条",
        "平安建设办公室",
        "镇残联",
        "镇办公室",
    ):
        assert text in page, text
    assert page.count("第六条未列") == 3


def test_unit_page_shows_duties_by_article_and_people(login, django_assert_max_num_queries):
    client = login("liaison-xibinhe-police")
    url = reverse("members:unit", args=["miyun-town", "xibinhe-police"])
    # Built (with the queries that find when the clock next changes it), then kept until the next write.
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    with django_assert_max_num_queries(8):
        assert client.get(url).content.decode().count("<li>") == page.count("<li>")
    assert "第八条" in page
    assert "执行人民法院作出的逮捕决定" in page
    assert page.count("<li>") >= 11
    assert "联络员" in page and "变更记录" in page


def test_rules_page_has_every_article(login, django_assert_max_num_queries):
    client = login("head-fulian")
    with django_assert_max_num_queries(10):
        page = client.get(reverse("committee:rules", args=["miyun-town"])).content.decode()
    for label in ("第一条", "第六条", "第二十一条", "第二十六条", "本规则自印发之日起施行。", "2022年3月30"):
        assert label in page
    for number in range(1, 27):
        assert f'id="art-{number}"' in page


def test_unit_list_budget_does_not_grow_with_units(login, staffed, django_assert_max_num_queries):
    client = login("office_staff")
    with django_assert_max_num_queries(12):
        client.get(reverse("members:units", args=["miyun-town"]))
    MemberUnit.objects.filter(committee=staffed).update(is_active=True)
    for n in range(30):
        MemberUnit.objects.create(
            committee=staffed,
            code=f"extra-{n}",
            name=f"附加单位{n}",
            short_name=f"附加{n}",
            kind="regulator",
            joined_on="2026-01-01",
        )
    with django_assert_max_num_queries(12):
        page = client.get(reverse("members:units", args=["miyun-town"])).content.decode()
    assert "附加单位29" in page


@pytest.mark.parametrize(
    "username", ["director", "deputy1", "office_director", "office_staff", "liaison-fulian", "head-fulian"]
)
def test_home_page_for_every_role(login, username, django_assert_max_num_queries):
    client = login(username)
    # The to-do providers, and one aggregate query per panel of the year (督办, reports, meetings).
    with django_assert_max_num_queries(30):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "我的待办" in response.content.decode()


def test_history_page_lists_changes(login, delegate, django_assert_max_num_queries):
    delegate("deputy1", ["chair"])
    client = login("office_director")
    # One query per history-tracked model of the committee, whatever the number of records (a new app's records
    # add one), plus the page's own few: the login, the committee, the appointments, the actors' capacities.
    from committee.views import _history_sources

    with django_assert_max_num_queries(len(list(_history_sources())) + 8):
        page = client.get(reverse("committee:history", args=["miyun-town"])).content.decode()
    assert "委托" in page and "新建" in page


def test_person_page_shows_appointments_over_time(login, users):
    client = login("office_staff")
    person = users["liaison-fulian"].person
    page = client.get(reverse("committee:person", args=[person.pk])).content.decode()
    assert "联络员" in page and "在任" in page and "2022年3月30日" in page


def test_delegations_page_lets_the_director_grant(login, users, staffed, appointment_of):
    client = login("director")
    response = client.post(
        reverse("committee:delegations", args=["miyun-town"]),
        {
            "deputy": appointment_of("deputy1").pk,
            "powers": ["chair", "sign"],
            "starts_at": "2026-01-01T09:00",
            "ends_at": "2026-12-31T18:00",
            "reason": "主任外出期间",
        },
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get(reason="主任外出期间")
    assert delegation.grants_chair and delegation.grants_sign and not delegation.grants_decide


def test_bad_delegation_input_is_kept_and_explained(login, appointment_of):
    client = login("director")
    response = client.post(
        reverse("committee:delegations", args=["miyun-town"]),
        {
            "deputy": appointment_of("deputy1").pk,
            "powers": [],
            "starts_at": "2026-05-01T09:00",
            "ends_at": "2026-04-01T09:00",
            "reason": "填错了日期",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "截止时间必须晚于起始时间。" in page
    assert required_message() in page
    assert "填错了日期" in page
    assert 'value="2026-05-01T09:00"' in page
    assert not Delegation.objects.filter(reason="填错了日期").exists()


def test_deputy_sees_the_reason_instead_of_the_form(login):
    page = login("deputy1").get(reverse("committee:delegations", args=["miyun-town"])).content.decode()
    assert "只有主任可以委托副主任。" in page
    assert "登记委托" not in page


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "down": [],
        "database": "ok",
        "outbox": {"pending": 0, "oldest_seconds": 0.0},
        "broker": "ok",
    }


def test_healthz_reports_the_outbox_backlog_and_its_age(client, db):
    import datetime

    from django.utils import timezone

    from core.models import OutboxMessage

    OutboxMessage.objects.create(task="x", created_at=timezone.now() - datetime.timedelta(minutes=5))
    OutboxMessage.objects.create(task="y")
    outbox = client.get("/healthz/").json()["outbox"]
    assert outbox["pending"] == 2 and 299 <= outbox["oldest_seconds"] <= 400


def test_healthz_names_the_broker_when_it_is_down(client, db, settings):
    from config.celery import app

    original = app.conf.broker_write_url
    app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz/")
    finally:
        app.conf.broker_write_url = original
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
