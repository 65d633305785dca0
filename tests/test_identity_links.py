"""Who acts is a person; which login acts for a person is the system administrator's act, with a reason, refused
where it would move a position in force to another login, and never making the administrator a holder."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from committee.authority import Action, decide
from committee.services import person_create, person_login_link, person_login_unlink
from documents.models import Document


@pytest.fixture
def administrator(staffed):
    return get_user_model().objects.create_superuser("sysadmin", "sysadmin@localhost", "admin-pass-1234")


def test_the_membership_form_asks_for_a_person_not_a_login(login, staffed):
    page = login("head-fulian").get(reverse("members:change_new", args=[staffed.code, "fulian"])).content.decode()
    assert "new_person_name" in page and "username" not in page.split("<form", 1)[-1].split("</form>")[0]
    # So the form cannot tell whether a login name exists, nor propose a privileged login.
    response = login("head-fulian").post(
        reverse("members:change_new", args=[staffed.code, "fulian"]),
        {
            "position": "liaison",
            "new_person_name": "韩梅梅",
            "new_person_username": "office_director",
            "effective_on": "2099-01-01",
            "reason": "调动",
        },
    )
    assert response.status_code == 302
    assert "没有这个登录名" not in response.content.decode()


def test_the_administrator_cannot_take_the_directors_login(administrator, users, staffed):
    director = users["director"].person
    with pytest.raises(ValidationError, match="正在任职"):
        person_login_link(by=administrator, person=director, user=administrator, reason="接管")
    with pytest.raises(ValidationError, match="系统管理员"):
        person_login_link(
            by=administrator, person=person_create(committee=staffed, name="某人"), user=administrator, reason="试"
        )
    with pytest.raises(ValidationError, match="正在任职"):
        person_login_unlink(by=administrator, person=director, reason="离职")
    director.refresh_from_db()
    assert director.user == users["director"]
    # And whatever the data say, an administrator's login acts in no position.
    assert not decide(administrator, Action.SIGN_IMPORTANT, staffed).allowed
    assert not decide(administrator, Action.VIEW_COMMITTEE, staffed).allowed


def test_a_login_holding_a_position_is_not_linked_to_someone_else(administrator, users, staffed):
    newcomer = person_create(committee=staffed, name="新来的")
    with pytest.raises(ValidationError, match="身份任职"):
        person_login_link(by=administrator, person=newcomer, user=users["office_director"], reason="合并")


def test_linking_and_unlinking_is_the_administrators_act_with_a_reason(administrator, users, staffed):
    newcomer = person_create(committee=staffed, name="新来的")
    login = get_user_model().objects.create_user("newcomer")
    with pytest.raises(ValidationError):
        person_login_link(by=users["office_director"], person=newcomer, user=login, reason="新人")
    with pytest.raises(ValidationError, match="理由"):
        person_login_link(by=administrator, person=newcomer, user=login, reason=" ")
    person_login_link(by=administrator, person=newcomer, user=login, reason="新到岗")
    latest = newcomer.history.first()
    assert latest.history_user == administrator and "新到岗" in latest.history_change_reason
    assert "newcomer" in latest.history_change_reason
    person_login_unlink(by=administrator, person=newcomer, reason="账号停用")
    newcomer.refresh_from_db()
    assert newcomer.user is None
    assert "账号停用" in newcomer.history.first().history_change_reason


def test_the_admin_person_page_goes_through_the_services_and_shows_history(client, administrator, users, staffed):
    client.force_login(administrator)
    director = users["director"].person
    url = reverse("admin:committee_person_change", args=[director.pk])
    data = {"name": director.name, "job_title": director.job_title, "phone": "", "email": ""}
    response = client.post(url, data | {"login": administrator.pk, "login_reason": "接管"})
    assert response.status_code == 200  # refused: administrators are not in the list, the director is in office
    director.refresh_from_db()
    assert director.user == users["director"]
    response = client.post(url, data | {"login": "", "login_reason": "离职"})
    assert response.status_code == 200 and "正在任职" in response.content.decode()
    newcomer = person_create(committee=staffed, name="新来的")
    login = get_user_model().objects.create_user("newcomer")
    url = reverse("admin:committee_person_change", args=[newcomer.pk])
    response = client.post(url, {"name": "新来的", "job_title": "干事", "phone": "", "email": "", "login": login.pk})
    assert response.status_code == 200 and "理由" in response.content.decode()
    response = client.post(
        url,
        {"name": "新来的", "job_title": "干事", "phone": "123", "email": "", "login": login.pk, "login_reason": "到岗"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user == login and newcomer.phone == "123"
    history = client.get(reverse("admin:committee_person_history", args=[newcomer.pk])).content.decode()
    assert "到岗" in history
    assert not Document.objects.exists()


def test_the_admin_appointment_page_goes_through_the_service_and_shows_refusals(client, administrator, users, staffed):
    client.force_login(administrator)
    director = users["director"].person
    url = reverse("admin:committee_appointment_add")
    response = client.post(
        url,
        {"committee": staffed.pk, "person": director.pk, "position": "director", "start_date": "2026-01-01"},
    )
    # Refused with the rule's words on the form, not a server error; nothing is created.
    assert response.status_code == 200 and "委员会只能有一名主任" in response.content.decode()
    assert director.appointments.count() == 1
    appointment = director.appointments.first()
    history = client.get(reverse("admin:committee_appointment_history", args=[appointment.pk]))
    assert history.status_code == 200
