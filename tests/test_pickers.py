"""The searchable pickers as the server renders them (committee/pickers.py, members/pickers.py): a plain grouped
<select> that works without script, each option saying who or what it is; static/js/pickers.js enhances it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from committee.models import Person

pytestmark = pytest.mark.django_db


def _name(username: str) -> str:
    return Person.objects.get(user__username=username).name


def _select(page: str, name: str) -> str:
    match = re.search(rf'<select name="{name}"[^>]*>.*?</select>', page, re.S)
    assert match, f"no select named {name}"
    return match[0]


def test_unit_pickers_group_units_by_kind_and_name_who_holds_their_roles(staffed, login):
    page = login("office_staff").get(reverse("duties:inspection_new", args=[staffed.code])).content.decode()
    select = _select(page, "target_units")
    assert "data-picker" in select and "multiple" in select and 'size="12"' in select
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["司法行政", "公安机关", "镇政府职能部门", "事业单位", "群团组织", "派驻监管机构"]
    mass = select.split('<optgroup label="群团组织">')[1].split("</optgroup>")[0]
    roles = f"成员（单位负责人）：{_name('head-fulian')}；联络员：{_name('liaison-fulian')}"
    assert f'data-name="妇联" data-detail="{roles}">妇联 — {roles}</option>' in mass
    assert select.count("<option") == staffed.units.filter(is_active=True).count()


def test_people_pickers_show_each_persons_position_and_unit(staffed, users, login):
    from duties import inspections_services

    inspection = inspections_services.inspection_propose(
        by=users["office_staff"],
        committee=staffed,
        subject="duties",
        title="履职情况督导检查",
        reason="了解履职情况",
        target_units=[staffed.units.get(code="fulian")],
    )
    inspections_services.inspection_decide(by=users["director"], inspection=inspection, approve=True)
    page = login("office_staff").get(inspection.get_absolute_url()).content.decode()
    select = _select(page, "plan-team")
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[:2] == ["委员会领导", "委员会办公室"] and "妇联" in groups
    assert f">{_name('director')} — 主任</option>" in select
    assert f">{_name('liaison-fulian')} — 妇联 · 联络员</option>" in select
    assert f">{_name('head-fulian')} — 妇联 · 成员（单位负责人）</option>" in select
    assert 'for="id_plan-team"' in page  # labelled for screen readers, with or without script


def test_the_meeting_form_offers_leadership_and_office_people_and_every_unit(staffed, login):
    page = login("office_staff").get(reverse("meetings:new", args=[staffed.code])).content.decode()
    persons = _select(page, "persons")
    assert re.findall(r'<optgroup label="([^"]+)">', persons) == ["委员会领导", "委员会办公室"]
    assert _name("liaison-fulian") not in persons
    assert "data-picker" in _select(page, "units")


def test_pickers_in_english(staffed, login):
    client = login("office_staff")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("meetings:new", args=[staffed.code])).content.decode()
    persons = _select(page, "persons")
    assert '<optgroup label="Committee leadership">' in persons and '<optgroup label="Committee office">' in persons
    assert "Liaison" in _select(page, "units")


def test_the_scripts_and_styles_are_served_from_the_site(client, db):
    from django.contrib.staticfiles import finders

    page = client.get(reverse("login")).content.decode()
    for path in (
        "vendor/tom-select/tom-select.complete.min.js",
        "vendor/tom-select/tom-select.bootstrap5.min.css",
        "js/pickers.js",
    ):
        assert path in page and finders.find(path), path
    assert finders.find("vendor/tom-select/LICENSE")
