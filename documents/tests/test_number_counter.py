"""The 文号 counter in the admin: read-only, with its history; set by hand only through the service, with a reason,
never below a number a document already bears (Art 24)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from committee.authority import NotAllowed
from documents import services
from documents.models import NumberCounter

REASON = "本年度此前以纸质发文编至第12号，自第13号起由本系统编号。"


def _counter(docs, classification="general") -> NumberCounter:
    document = docs.signed(classification=classification)
    return NumberCounter.objects.get(committee=docs.committee, classification=classification, year=document.doc_year)


def test_an_adjustment_moves_the_counter_on_and_records_who_and_why(docs, users):
    counter = _counter(docs)
    adjusted = services.number_counter_adjust(
        by=users["office_director"], counter=counter, last_serial=12, reason=f"  {REASON} "
    )
    assert adjusted.last_serial == 12
    latest = adjusted.history.first()
    assert (latest.last_serial, latest.history_change_reason, latest.history_user) == (
        12,
        REASON,
        users["office_director"],
    )
    assert docs.signed(classification="general").doc_serial == 13


def test_each_number_taken_at_signing_is_in_the_counter_history(docs):
    counter = _counter(docs)
    docs.signed(classification="general")
    assert sorted(counter.history.values_list("last_serial", flat=True)) == [1, 2]


def test_a_counter_never_goes_below_a_number_issued(docs, users):
    counter = _counter(docs)
    docs.signed(classification="general")
    with pytest.raises(ValidationError) as refused:
        services.number_counter_adjust(by=users["office_director"], counter=counter, last_serial=1, reason=REASON)
    assert "第2号" in refused.value.message_dict["last_serial"][0]
    counter.refresh_from_db()
    assert counter.last_serial == 2
    # A jump made by mistake can be taken back, down to the highest number issued.
    services.number_counter_adjust(by=users["office_director"], counter=counter, last_serial=9, reason=REASON)
    services.number_counter_adjust(by=users["office_director"], counter=counter, last_serial=2, reason="误调，恢复")
    assert docs.signed(classification="general").doc_serial == 3


def test_the_other_issuers_numbers_do_not_count(docs, users):
    """The office's numbers (一般事项) are a series of their own: they do not hold the committee's counter up."""
    for _ in range(3):
        docs.signed(classification="general")
    important = _counter(docs, "important")
    services.number_counter_adjust(by=users["office_staff"], counter=important, last_serial=2, reason=REASON)
    services.number_counter_adjust(by=users["office_staff"], counter=important, last_serial=1, reason="误调，恢复")
    with pytest.raises(ValidationError):
        services.number_counter_adjust(by=users["office_staff"], counter=important, last_serial=0, reason=REASON)


@pytest.mark.parametrize(
    ("username", "value", "reason", "error"),
    [
        ("director", 5, REASON, NotAllowed),
        ("liaison-fulian", 5, REASON, NotAllowed),
        ("office_staff", 5, "  ", ValidationError),
        ("office_staff", -1, REASON, ValidationError),
        ("office_staff", 1, REASON, ValidationError),
    ],
)
def test_refused_adjustments_change_nothing(docs, users, username, value, reason, error):
    counter = _counter(docs)
    before = counter.history.count()
    with pytest.raises(error):
        services.number_counter_adjust(by=users[username], counter=counter, last_serial=value, reason=reason)
    counter.refresh_from_db()
    assert counter.last_serial == 1 and counter.history.count() == before


@pytest.fixture
def office_in_admin(users):
    """The office director with a staff login allowed to read counters in the admin, as a deployment may give."""
    user = users["office_director"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(Permission.objects.get(codename="view_numbercounter"))
    return user


def test_the_admin_adjusts_a_counter_only_through_the_form(client, docs, office_in_admin):
    counter = _counter(docs)
    client.force_login(office_in_admin)
    change = client.get(reverse("admin:documents_numbercounter_change", args=[counter.pk])).content.decode()
    adjust_url = reverse("admin:documents_numbercounter_adjust", args=[counter.pk])
    assert adjust_url in change and 'name="last_serial"' not in change  # read-only; the way to change is the form
    assert client.get(reverse("admin:documents_numbercounter_add")).status_code == 403
    assert client.get(adjust_url).status_code == 200

    page = client.post(adjust_url, {"last_serial": 0, "reason": REASON}).content.decode()
    assert "已有公文编到第1号" in page
    response = client.post(adjust_url, {"last_serial": 12, "reason": REASON})
    assert response.status_code == 302
    assert response.url == reverse("admin:documents_numbercounter_history", args=[counter.pk])
    assert REASON in client.get(response.url).content.decode()
    counter.refresh_from_db()
    assert counter.last_serial == 12


def test_the_system_administrator_sees_why_they_may_not_adjust(client, docs, django_user_model):
    """The superuser keeps the system; numbering is the office's work, so the authority service refuses them."""
    counter = _counter(docs)
    client.force_login(django_user_model.objects.create_superuser("system-admin", "admin@localhost", "unused"))
    adjust_url = reverse("admin:documents_numbercounter_adjust", args=[counter.pk])
    page = client.get(adjust_url).content.decode()
    assert "系统管理员不以任何职务身份办理委员会事务" in page and 'name="last_serial"' not in page
    client.post(adjust_url, {"last_serial": 12, "reason": REASON})
    counter.refresh_from_db()
    assert counter.last_serial == 1
