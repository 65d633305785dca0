"""Decisions that cascade (Art 5): a district's document sent down to its towns, signed for by each town's office,
followed up by the town's own tasks, counted per town for the district, and named in a unit's report."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committee.authority import NotAllowed, decide, holders, restrict
from committee.oversight import oversight_rows
from documents import services
from documents.actions import RECEIVE_UPPER, VIEW
from documents.models import CommitteeReceipt, Document, DocumentState, UpperReceiptState
from documents.selectors import receipts_below
from documents.tests.cascade import district_for, receipt_of, sent_down, signed_down
from duties import services as duty_services
from duties.models import FollowUpTask
from reports import services as report_services
from reports.models import AnnualReport
from reports.selectors import follow_up_tasks_for

pytestmark = pytest.mark.django_db
DEADLINE = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def world(staffed):
    return district_for(staffed)


def _task(world, users, document, unit_code="fulian", title="落实教育帮扶"):
    receipt = receipt_of(document, world.town)
    return duty_services.upper_task_create(
        by=users["office_staff"],
        receipt=receipt,
        units=[world.town.units.get(code=unit_code)],
        title=title,
        deadline=DEADLINE,
    )


def test_a_district_document_goes_only_to_committees_directly_below(world):
    grandchild_free = world.district
    with pytest.raises(ValidationError) as refused:
        signed_down(world, main_committees=[grandchild_free])
    assert "直属下级委员会" in str(refused.value)
    with pytest.raises(ValidationError):
        signed_down(world, main_committees=[world.town], copy_committees=[world.town])


def test_committee_addressees_are_frozen_with_the_signature(world):
    document = signed_down(world)
    assert sorted(document.committee_addressees.values_list("committee__code", flat=True)) == sorted(
        [world.town.code, world.other.code]
    )
    assert document.content_sha256 == document.content_digest()
    with pytest.raises(ValidationError):
        document.committee_addressees.first().delete()


def test_distribution_opens_one_receipt_per_committee_and_tells_its_office(world, users):
    document = sent_down(world)
    receipts = CommitteeReceipt.objects.filter(document=document)
    assert {r.committee_id for r in receipts} == {world.town.pk, world.other.pk}
    assert all(r.state == UpperReceiptState.PENDING for r in receipts)
    signers = set(holders(receipt_of(document, world.town), RECEIVE_UPPER).values_list("user__username", flat=True))
    assert signers == {"office_director", "office_staff"}
    assert not document.archivable


def test_the_town_office_signs_for_it_and_nobody_else_may(world, users):
    document = sent_down(world)
    receipt = receipt_of(document, world.town)
    for refused in ("xwz-office", "liaison-fulian", "director", "cd-office"):
        with pytest.raises(NotAllowed):
            services.upper_receipt_confirm(by=world.users.get(refused) or users[refused], receipt=receipt)
    receipt = services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt)
    assert receipt.state == UpperReceiptState.RECEIVED
    assert receipt.received_by.person.user == users["office_staff"]
    assert receipt.receiver_name == users["office_staff"].person.name
    with pytest.raises(ValidationError):
        services.upper_receipt_confirm(by=users["office_director"], receipt=receipt)


def test_the_town_reads_it_once_distributed_but_never_a_draft(world, users):
    signed = signed_down(world, title="未分发")
    town_office, other_office, liaison = users["office_staff"], world.users["xwz-office"], users["liaison-fulian"]
    assert not decide(town_office, VIEW, signed)
    document = sent_down(world, title="已分发", main_committees=[world.town])
    assert decide(town_office, VIEW, document)
    assert decide(users["director"], VIEW, document)
    assert not decide(liaison, VIEW, document)
    assert not decide(other_office, VIEW, document)
    visible = set(restrict(Document.objects.filter(committee=world.district), town_office, VIEW))
    assert visible == {document}


def test_the_town_step_page_answers_404_for_a_town_not_addressed(world, users, client):
    document = sent_down(world, main_committees=[world.town])
    receipt = receipt_of(document, world.town)
    client.force_login(world.users["xwz-office"])
    url = reverse("documents:upper_step", args=[receipt.pk, "receive"])
    assert client.post(url).status_code == 404
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("duties:upper_task_new", args=[receipt.pk])).status_code == 404
    client.force_login(users["office_staff"])
    response = client.post(url)
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.state == UpperReceiptState.RECEIVED


def test_the_town_page_offers_signing_then_agenda_and_tasks(world, users, client):
    document = sent_down(world)
    client.force_login(users["office_staff"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert "上级来文 · 密云镇" in page and "upper-receipts" in page
    assert "/tasks/new/" not in page  # nothing to follow up before it is signed for
    services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt_of(document, world.town))
    page = client.get(document.get_absolute_url()).content.decode()
    assert reverse("duties:upper_task_new", args=[receipt_of(document, world.town).pk]) in page
    agenda = reverse("meetings:agenda_propose", args=[world.town.code])
    assert agenda in page
    propose = client.get(agenda, {"title": "研究贯彻落实来文"})
    assert propose.status_code == 200 and "研究贯彻落实来文" in propose.content.decode()


def test_tasks_from_a_received_document_are_linked_and_only_for_the_towns_units(world, users):
    document = sent_down(world)
    with pytest.raises(ValidationError):
        _task(world, users, document)  # not signed for yet
    services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt_of(document, world.town))
    (task,) = _task(world, users, document)
    assert task.upper_document == document and task.source == document and task.committee == world.town
    assert task.source_label == f"上级来文：{document.doc_number}"
    with pytest.raises(ValidationError):
        duty_services.upper_task_create(
            by=users["office_staff"],
            receipt=receipt_of(document, world.town),
            units=[world.other.units.get()],
            title="别镇的单位",
            deadline=DEADLINE,
        )
    with pytest.raises(NotAllowed):
        duty_services.upper_task_create(
            by=users["liaison-fulian"],
            receipt=receipt_of(document, world.town),
            units=[world.town.units.get(code="fulian")],
            title="联络员不能交办",
            deadline=DEADLINE,
        )


def test_the_task_form_from_a_document_prelinks_it(world, users, client):
    document = sent_down(world)
    receipt = services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt_of(document, world.town))
    client.force_login(users["office_staff"])
    url = reverse("duties:upper_task_new", args=[receipt.pk])
    page = client.get(url)
    assert page.status_code == 200 and document.doc_number in page.content.decode()
    fulian = world.town.units.get(code="fulian")
    response = client.post(url, {"units": [fulian.pk], "title": "落实", "deadline": DEADLINE.isoformat()})
    assert response.status_code == 302
    task = FollowUpTask.objects.get(title="落实")
    detail = client.get(task.get_absolute_url()).content.decode()
    assert document.doc_number in detail and "上级来文" in detail


def test_the_district_sees_per_town_received_tasks_created_and_done(world, users, staffed):
    document = sent_down(world)
    services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt_of(document, world.town))
    tasks = _task(world, users, document) + _task(world, users, document, "gonghui", "工会落实")
    duty_services.task_report_completion(by=users["liaison-gonghui"], task=tasks[1], text="完成")
    duty_services.task_close(by=users["office_staff"], task=tasks[1])
    # The issuer's page of the document: one row per town.
    rows = {r.committee.code: r for r in receipts_below(world.users["cd-office"], document)}
    assert rows[world.town.code].received_at is not None
    assert (rows[world.town.code].follow_tasks_created, rows[world.town.code].follow_tasks_closed) == (2, 1)
    assert rows[world.other.code].received_at is None
    assert (rows[world.other.code].follow_tasks_created, rows[world.other.code].follow_tasks_closed) == (0, 0)
    # A town's office sees no other town's follow-up.
    assert not list(receipts_below(users["office_staff"], document))
    # The oversight page of the district's viewer.
    year = timezone.localdate().year
    rows = {r.committee.code: r for r in oversight_rows(world.users["cd-viewer"], world.district, year)}
    town = {cell.measure.key: cell.value for cell in rows[world.town.code].cells}
    other = {cell.measure.key: cell.value for cell in rows[world.other.code].cells}
    assert (town["upper_received"], town["upper_tasks_created"], town["upper_tasks_closed"]) == (1, 2, 1)
    assert (other["upper_received"], other["upper_tasks_created"], other["upper_tasks_closed"]) == (0, 0, 0)


def test_the_issuers_document_page_lists_each_town(world, users, client):
    document = sent_down(world)
    client.force_login(world.users["cd-office"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert "下级委员会签收与落实" in page and "溪翁庄镇" in page
    assert document.state == DocumentState.DISTRIBUTED


def test_a_town_inbox_and_to_do(world, users, client):
    document = sent_down(world)
    client.force_login(users["office_staff"])
    inbox = client.get(reverse("documents:upper_list", args=[world.town.code]))
    assert inbox.status_code == 200 and document.title in inbox.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert f"签收上级来文：{document.doc_number}" in home
    client.force_login(users["liaison-fulian"])
    inbox = client.get(reverse("documents:upper_list", args=[world.town.code]))
    assert document.title not in inbox.content.decode()


def test_a_units_report_part_2_names_the_document_from_above(world, users, client):
    document = sent_down(world)
    services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt_of(document, world.town))
    _task(world, users, document)
    fulian = world.town.units.get(code="fulian")
    (entry,) = [t for t in follow_up_tasks_for(fulian, DEADLINE.year) if t.title == "落实教育帮扶"]
    assert entry.source_label == f"上级来文：{document.doc_number}"
    # Frozen into the report when the cycle opens, and shown beside the task.
    cycle = report_services.cycle_open(
        by=users["office_staff"],
        committee=world.town,
        year=DEADLINE.year,
        deadline=DEADLINE,
        requires_head_confirmation=False,
    )
    report = AnnualReport.objects.get(cycle=cycle, unit=fulian)
    (frozen,) = report.task_entries.filter(task_title="落实教育帮扶")
    assert frozen.source_label == f"上级来文：{document.doc_number}"
    client.force_login(users["liaison-fulian"])
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert f"（上级来文：{document.doc_number}）" in page


def test_the_printed_document_names_the_towns_it_is_sent_to(world):
    from documents.rendering import document_layout

    layout = document_layout(signed_down(world, main_committees=[world.town], copy_committees=[world.other]))
    assert layout.recipients == f"{world.town.name}："
    assert "溪翁庄镇社区矫正委员会" in layout.copy_to


def test_the_archive_waits_for_every_town(world, users):
    document = sent_down(world)
    with pytest.raises(ValidationError) as refused:
        services.document_archive(by=world.users["cd-office"], document=document)
    assert "密云镇" in str(refused.value)
    for committee, by in ((world.town, users["office_staff"]), (world.other, world.users["xwz-office"])):
        services.upper_receipt_confirm(by=by, receipt=receipt_of(document, committee))
    document = services.document_archive(by=world.users["cd-office"], document=document)
    assert document.state == DocumentState.ARCHIVED


def _upper_reminded(world, *usernames) -> tuple[int, ...]:
    from committee.models import Notification

    return tuple(
        Notification.objects.filter(recipient__user__username=name, subject__startswith="催签收上级来文").count()
        for name in usernames
    )


def test_a_town_that_has_not_signed_is_reminded_once_per_round(world, users):
    from core.models import ReminderSent
    from core.reminders import reminders_send
    from documents.reminders import UPPER_RECEIPT

    document = sent_down(world)
    services.upper_receipt_confirm(by=world.users["xwz-office"], receipt=receipt_of(document, world.other))
    start = document.distributed_at
    assert reminders_send(now=start + datetime.timedelta(hours=12), kinds=[UPPER_RECEIPT]) == 0
    day_one = start + datetime.timedelta(days=1, minutes=5)
    # 密云镇's office (its director and its staff, who sign for it) is reminded; 溪翁庄镇 signed, the district is not.
    reminded = reminders_send(now=day_one, kinds=[UPPER_RECEIPT])
    assert reminded == len(holders(receipt_of(document, world.town), RECEIVE_UPPER)) >= 2
    assert reminders_send(now=day_one + datetime.timedelta(hours=1), kinds=[UPPER_RECEIPT]) == 0
    assert _upper_reminded(world, "office_staff", "office_director", "xwz-office", "cd-office") == (1, 1, 0, 0)
    assert set(ReminderSent.objects.filter(kind=UPPER_RECEIPT).values_list("key", flat=True)) == {"day-1"}

    # Signed for: the later rounds find nothing to remind.
    services.upper_receipt_confirm(by=users["office_staff"], receipt=receipt_of(document, world.town))
    assert reminders_send(now=start + datetime.timedelta(days=3, minutes=5), kinds=[UPPER_RECEIPT]) == 0


def test_the_district_office_reminds_the_towns_now_and_sees_it_on_its_page(world, users, client):
    document = sent_down(world)
    client.force_login(world.users["cd-office"])
    response = client.post(f"/documents/{document.pk}/steps/remind/", follow=True)
    assert "已提醒2个单位签收。" in response.content.decode()
    assert _upper_reminded(world, "office_staff", "xwz-office") == (1, 1)
    # Once a day: a second click sends nothing.
    response = client.post(f"/documents/{document.pk}/steps/remind/", follow=True)
    assert "今天已提醒过这些单位，未重复发送。" in response.content.decode()
    assert _upper_reminded(world, "office_staff", "xwz-office") == (1, 1)
    page = client.get(document.get_absolute_url()).content.decode()
    row = page[page.index(f'data-committee="{world.town.code}"') :]
    assert "已提醒1次" in row[: row.index("</tr>")]
    # When every town has signed, there is nobody left to remind.
    for committee, by in ((world.town, users["office_staff"]), (world.other, world.users["xwz-office"])):
        services.upper_receipt_confirm(by=by, receipt=receipt_of(document, committee))
    response = client.post(f"/documents/{document.pk}/steps/remind/", follow=True)
    assert "各收文单位均已签收。" in response.content.decode()


def test_the_demo_sends_a_notice_down_where_the_district_has_its_people(world, users, settings, tmp_path):
    from documents.demo import CASCADE_TITLE, cascade_demo_create
    from duties.demo import upper_demo_create

    settings.MEDIA_ROOT = tmp_path
    done = upper_demo_create(world.town)
    assert done == [
        "a district notice sent down to the towns (signed for by the demo town)",
        "a follow-up task from the district's notice",
    ]
    document = Document.objects.get(committee=world.district, title=CASCADE_TITLE)
    assert receipt_of(document, world.town).received_at is not None
    assert receipt_of(document, world.other).received_at is None
    assert FollowUpTask.objects.get(upper_document=document).unit.code == "sifasuo"
    assert upper_demo_create(world.town) == [] and cascade_demo_create(world.town) == []
