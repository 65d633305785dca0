"""Supervision inspections (督导检查, Art 23): proposal, approval by the director or a delegated deputy, plan and
checklist from the target units' duties, findings, corrective tasks, the report as an official document, closing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committee.authority import NotAllowed
from committee.services import delegation_revoke
from duties import inspections_services as services
from duties.models import (
    Inspection,
    InspectionFinding,
    InspectionItem,
    InspectionState,
)
from members.models import Duty

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(staffed):
    return {unit.code: unit for unit in staffed.units.all()}


@pytest.fixture
def propose(staffed, users, units):
    def make(by="office_staff", proposing_unit=None, targets=("fulian", "gonghui")):
        return services.inspection_propose(
            by=users[by],
            committee=staffed,
            proposing_unit=units[proposing_unit] if proposing_unit else None,
            subject="duties",
            title="履职情况督导检查",
            reason="了解各单位履职情况",
            target_units=[units[code] for code in targets],
        )

    return make


def _step(inspection, name: str) -> str:
    return reverse("duties:inspection_step", args=[inspection.pk, name])


@pytest.fixture
def planned(propose, users):
    def make(targets=("fulian", "gonghui")):
        inspection = propose(targets=targets)
        services.inspection_decide(by=users["director"], inspection=inspection, approve=True)
        today = timezone.localdate()
        return services.inspection_plan(
            by=users["office_staff"],
            inspection=inspection,
            team=[users["office_staff"].person, users["office_director"].person],
            starts_on=today,
            ends_on=today + datetime.timedelta(days=5),
            note="查阅台账",
        )

    return make


def test_office_proposes_and_director_approves_recording_capacity(propose, users, appointment_of):
    inspection = propose()
    assert inspection.state == InspectionState.PROPOSED
    assert inspection.proposing_unit is None and inspection.proposer_label == "委员会办公室"
    assert inspection.proposed_by == appointment_of("office_staff")
    services.inspection_decide(by=users["director"], inspection=inspection, approve=True)
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.APPROVED
    assert inspection.decided_by == appointment_of("director")
    assert inspection.decided_under is None
    assert inspection.decided.capacity == "以主任身份"
    assert inspection.decision_note == "同意"


def test_delegated_deputy_approves_under_the_delegation(propose, users, delegate):
    delegation = delegate("deputy1", ["approve_inspection"])
    inspection = propose()
    services.inspection_decide(by=users["deputy1"], inspection=inspection, approve=True)
    inspection.refresh_from_db()
    assert inspection.decided_under == delegation
    assert inspection.decided_by == delegation.deputy
    assert inspection.decided.capacity == f"以副主任身份（第{delegation.number}号委托）"


@pytest.mark.parametrize("how", ["plain", "other_power", "expired", "revoked"])
def test_deputy_without_a_delegation_in_force_is_refused(propose, users, delegate, how):
    now = timezone.now()
    if how == "other_power":
        delegate("deputy1", ["chair", "sign"])
    elif how == "expired":
        delegate("deputy1", ["approve_inspection"], start=now - datetime.timedelta(days=20), days=5)
    elif how == "revoked":
        revoked = delegate("deputy1", ["approve_inspection"])
        delegation_revoke(by=users["director"], delegation=revoked, reason="收回")
    inspection = propose()
    with pytest.raises(NotAllowed, match="副主任"):
        services.inspection_decide(by=users["deputy1"], inspection=inspection, approve=True)
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.PROPOSED and inspection.decided_by is None


@pytest.mark.parametrize("username", ["office_director", "office_staff", "liaison-fulian", "head-fulian"])
def test_others_may_not_approve(propose, users, username):
    with pytest.raises(NotAllowed):
        services.inspection_decide(by=users[username], inspection=propose(), approve=True)


def test_rejection_needs_a_reason_and_ends_the_proposal(propose, users):
    inspection = propose()
    with pytest.raises(ValidationError):
        services.inspection_decide(by=users["director"], inspection=inspection, approve=False)
    services.inspection_decide(by=users["director"], inspection=inspection, approve=False, note="时机不成熟")
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.REJECTED and inspection.decision_note == "时机不成熟"
    with pytest.raises(ValidationError):
        services.inspection_decide(by=users["director"], inspection=inspection, approve=True)


def test_unit_proposes_through_its_liaison_or_head_for_its_own_unit_only(propose, users):
    by_liaison = propose(by="liaison-fulian", proposing_unit="fulian")
    assert by_liaison.proposing_unit.code == "fulian" and "妇联" in by_liaison.proposed.capacity
    assert propose(by="head-fulian", proposing_unit="fulian").proposing_unit.code == "fulian"
    with pytest.raises(NotAllowed):
        propose(by="liaison-gonghui", proposing_unit="fulian")
    with pytest.raises(NotAllowed):
        propose(by="liaison-fulian")  # not in the office's name
    for username in ("director", "deputy1"):
        with pytest.raises(NotAllowed):
            propose(by=username)


def test_proposal_form_offers_only_the_users_own_unit(login, staffed):
    url = reverse("duties:inspection_new", kwargs={"committee_code": staffed.code})
    response = login("liaison-fulian").get(url)
    assert response.status_code == 200
    assert [code for code, _label in response.context["form"].fields["proposer"].choices] == ["fulian"]
    response = login("director").get(url)
    assert response.status_code == 302


def test_proposal_through_the_page(login, staffed, units):
    client = login("liaison-fulian")
    url = reverse("duties:inspection_new", kwargs={"committee_code": staffed.code})
    response = client.post(
        url,
        {
            "proposer": "fulian",
            "subject": "laws",
            "title": "法律法规落实检查",
            "target_units": [units["gonghui"].pk],
            "reason": "需要",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    assert inspection.proposing_unit == units["fulian"]
    # Someone else's unit cannot be chosen: the form refuses it and nothing is saved.
    response = client.post(url, {"proposer": "gonghui", "subject": "laws", "title": "x", "reason": "y"})
    assert response.status_code == 200 and Inspection.objects.count() == 1


def test_approval_and_plan_through_the_page(login, propose, users):
    inspection = propose()
    approve = _step(inspection, "approve")
    assert login("deputy2").post(approve).status_code == 200  # refused, shown on the page
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.PROPOSED
    assert login("director").post(approve, {"approve-note": "同意开展"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.APPROVED and inspection.decision_note == "同意开展"
    today = timezone.localdate()
    plan = _step(inspection, "plan")
    data = {
        "plan-team": [users["office_staff"].person.pk],
        "plan-starts_on": today.isoformat(),
        "plan-ends_on": (today + datetime.timedelta(days=3)).isoformat(),
    }
    assert login("liaison-fulian").post(plan, data).status_code == 200
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.APPROVED
    assert login("office_staff").post(plan, data).status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.PLANNED


def test_checklist_is_one_row_per_duty_item_of_the_target_units(planned, units):
    inspection = planned(targets=("fulian", "gonghui"))
    duties = Duty.objects.filter(unit__in=[units["fulian"], units["gonghui"]], is_active=True)
    assert duties.count() > 2
    items = list(inspection.items.order_by("position"))
    assert sorted(i.duty_id for i in items) == sorted(duties.values_list("pk", flat=True))
    assert all(item.text == item.duty.text and item.unit_id == item.duty.unit_id for item in items)
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    assert not any(item.unit.code not in {"fulian", "gonghui"} for item in items)


def test_plan_only_by_the_office_and_only_once_approved(propose, users):
    inspection = propose()
    today = timezone.localdate()
    kwargs = {"team": [users["office_staff"].person], "starts_on": today, "ends_on": today}
    with pytest.raises(ValidationError):
        services.inspection_plan(by=users["office_staff"], inspection=inspection, **kwargs)
    services.inspection_decide(by=users["director"], inspection=inspection, approve=True)
    for username in ("director", "liaison-fulian"):
        with pytest.raises(NotAllowed):
            services.inspection_plan(by=users[username], inspection=inspection, **kwargs)
    assert not InspectionItem.objects.exists()


def test_findings_and_corrective_task(planned, users, login):
    inspection = planned()
    first, second = inspection.items.order_by("position")[:2]
    with pytest.raises(ValidationError):
        services.finding_record(by=users["office_staff"], item=first, result="not_met")  # needs a note
    with pytest.raises(NotAllowed):
        services.finding_record(by=users["liaison-fulian"], item=first, result="met")
    met = services.finding_record(by=users["office_staff"], item=first, result="met")
    short = services.finding_record(by=users["office_staff"], item=second, result="not_met", note="未按季度走访")
    with pytest.raises(ValidationError):
        services.finding_task_create(by=users["office_staff"], finding=met, title="整改", deadline=timezone.localdate())
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(NotAllowed):
        services.finding_task_create(by=users["liaison-fulian"], finding=short, title="整改", deadline=deadline)
    task = services.finding_task_create(by=users["office_staff"], finding=short, title="补齐走访", deadline=deadline)
    assert task.finding == short and task.decision is None and task.source == short
    assert task.unit == second.unit and task.requirement == "未按季度走访"
    assert task.created_by.person.user == users["office_staff"]
    # The task page shows where it comes from, and the inspection page lists the task.
    page = login("office_director").get(task.get_absolute_url())
    assert inspection.title in page.content.decode()
    page = login("director").get(inspection.get_absolute_url())
    assert "补齐走访" in page.content.decode()


def findings_post(inspection, rows: dict | None = None, new: list[dict] | None = None, **extra) -> dict:
    """What the findings form posts: every checklist item in order (with `rows[item] = {"result", "note",
    "DELETE"}` where given, else as recorded), then the rows of matters to add."""
    rows, new = rows or {}, new or [{}]
    items = list(inspection.items.select_related("finding").order_by("position"))
    data = {
        "findings-TOTAL_FORMS": str(len(items) + len(new)),
        "findings-INITIAL_FORMS": str(len(items)),
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        finding = getattr(item, "finding", None)
        row = {"result": finding.result if finding else "", "note": finding.note if finding else ""}
        row |= rows.get(item, {})
        data[f"findings-{index}-item"] = str(item.pk)
        for name, value in row.items():
            if name != "DELETE" or value:
                data[f"findings-{index}-{name}"] = value
    for offset, row in enumerate(new, start=len(items)):
        for name, value in row.items():
            data[f"findings-{offset}-{name}"] = value
    return data | extra


def test_the_whole_checklist_is_recorded_in_one_submission(planned, users, units, login):
    """Art 23: many findings recorded, changed and taken off, and a matter added, with one save (not one per row)."""
    inspection = planned()
    first, second, third, fourth = inspection.items.order_by("position")[:4]
    services.finding_record(by=users["office_staff"], item=fourth, result="met")
    url = _step(inspection, "record_finding")
    page = login("office_staff").get(inspection.get_absolute_url()).content.decode()
    assert 'id="findings-form"' in page and 'name="findings-TOTAL_FORMS"' in page
    data = findings_post(
        inspection,
        {
            first: {"result": "met"},
            second: {"result": "not_met", "note": "未按季度走访"},
            third: {"result": "partly", "note": "台账不全"},
            fourth: {"DELETE": "on"},
        },
        new=[{"unit": str(units["gonghui"].pk), "text": "矫正对象档案保管", "result": "not_met", "note": "未上锁"}],
    )
    response = login("office_staff").post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    found = dict(InspectionFinding.objects.values_list("item__position", "result"))
    assert found[first.position] == "met" and found[second.position] == "not_met"
    assert found[third.position] == "partly" and fourth.position not in found
    added = InspectionItem.objects.get(inspection=inspection, text="矫正对象档案保管")
    assert added.unit == units["gonghui"] and added.duty is None
    assert added.position == inspection.items.count() and added.finding.note == "未上锁"
    assert added.added.capacity and added.added_by.person.user == users["office_staff"]
    assert InspectionFinding.objects.get(item=second).recorded_by.person.user == users["office_staff"]
    # Saving again unchanged changes nothing; an added matter can be taken off again, with its finding.
    response = login("office_staff").post(url, findings_post(inspection), follow=True)
    assert "检查结论没有变动" in response.content.decode()
    login("office_staff").post(url, findings_post(inspection, {added: {"DELETE": "on"}}))
    assert not InspectionItem.objects.filter(pk=added.pk).exists()
    assert InspectionItem.objects.filter(pk=first.pk).exists()


def test_a_refused_row_is_shown_next_to_its_field_and_every_row_keeps_its_input(planned, login):
    inspection = planned()
    first, second, third = inspection.items.order_by("position")[:3]
    data = findings_post(
        inspection,
        {
            first: {"result": "partly", "note": "记录不及时"},
            second: {"result": "not_met", "note": ""},  # a shortfall needs its note
            third: {"result": "met", "note": "已核实台账"},
        },
        new=[{"unit": "", "text": "另查出的问题", "result": "", "note": ""}],  # and an added matter its unit
    )
    count = inspection.items.count()
    response = login("office_staff").post(_step(inspection, "record_finding"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not InspectionFinding.objects.exists() and inspection.items.count() == count  # nothing saved
    assert "记录不及时" in page and "已核实台账" in page and "另查出的问题" in page  # what was typed is kept
    formset = response.context["findings"]
    assert formset.forms[1].errors["note"] == ["基本符合或不符合时，请写明存在的问题。"]
    assert formset.forms[len(formset.item_forms)].errors["unit"] == ["请选择被检查单位。"]
    assert not formset.forms[0].errors and not formset.forms[2].errors
    assert 'aria-invalid="true"' in page and f'href="#item-{second.pk}"' in page  # the summary links to the row
    assert '<option value="partly" selected>' in page


def test_add_row_without_script_keeps_what_was_typed_and_saves_nothing(planned, login):
    inspection = planned()
    first = inspection.items.order_by("position").first()
    count = inspection.items.count()
    data = findings_post(inspection, {first: {"result": "partly", "note": "先记一笔"}}, add_row="1")
    response = login("office_staff").post(_step(inspection, "record_finding"), data)
    assert response.status_code == 200 and not InspectionFinding.objects.exists()
    page = response.content.decode()
    assert f'name="findings-TOTAL_FORMS" value="{count + 2}"' in page and "先记一笔" in page
    assert f'name="findings-{count + 1}-text"' in page


def test_a_finding_with_a_corrective_task_cannot_be_taken_off(planned, users, login):
    inspection = planned()
    item = inspection.items.order_by("position").first()
    finding = services.finding_record(by=users["office_staff"], item=item, result="not_met", note="未落实")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    services.finding_task_create(by=users["office_staff"], finding=finding, title="整改", deadline=deadline)
    response = login("office_staff").post(
        _step(inspection, "record_finding"), findings_post(inspection, {item: {"DELETE": "on"}})
    )
    assert response.status_code == 200
    assert response.context["findings"].forms[0].errors["DELETE"] == ["该项已交办整改，不能删除检查结论。"]
    assert InspectionFinding.objects.filter(pk=finding.pk).exists()


def test_only_the_office_records_findings(planned, login):
    inspection = planned()
    item = inspection.items.order_by("position").first()
    data = findings_post(inspection, {item: {"result": "partly", "note": "记录不及时"}})
    for username in ("liaison-fulian", "director"):
        response = login(username).post(_step(inspection, "record_finding"), data)
        assert response.status_code == 200
        assert 'id="findings-form"' not in response.content.decode()
    assert not InspectionFinding.objects.exists()
    assert login("office_staff").post(_step(inspection, "record_finding"), data).status_code == 302
    assert InspectionFinding.objects.get().note == "记录不及时"


def test_report_document_is_linked_both_ways_and_closes_the_inspection(planned, users, login):
    if not services.documents_available():
        pytest.skip("documents.services.document_draft is not available")
    from documents.models import Document, DocumentKind

    inspection = planned(targets=("fulian",))
    with pytest.raises(ValidationError):
        services.inspection_close(by=users["office_staff"], inspection=inspection)  # findings missing
    for item in inspection.items.all():
        services.finding_record(by=users["office_staff"], item=item, result="partly", note="有待改进")
    with pytest.raises(ValidationError):
        services.inspection_close(by=users["office_staff"], inspection=inspection)  # report missing
    body = services.report_body(inspection)
    assert "妇联" in body and "基本符合" in body
    response = login("office_staff").post(
        _step(inspection, "draft_report"),
        {
            "draft_report-title": "关于妇联履职情况督导检查的报告",
            "draft_report-classification": "important",
            "draft_report-body": body,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.kind == DocumentKind.REPORT
    assert document.records == inspection
    assert services.report_documents(inspection) == [document]
    page = login("director").get(inspection.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page and document.title in page
    with pytest.raises(NotAllowed):
        services.inspection_close(by=users["director"], inspection=inspection)
    services.inspection_close(by=users["office_staff"], inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.CLOSED and inspection.closed.capacity


def test_todo_for_approver_and_office(propose, planned, users, delegate, staffed):
    from committee.todo import todo_for

    propose()
    planned()
    titles = [item.title for item in todo_for(users["director"], staffed)]
    assert any(t.startswith("督导检查待批准") for t in titles)
    assert not any(t.startswith("督导检查待批准") for t in (i.title for i in todo_for(users["deputy1"], staffed)))
    delegate("deputy1", ["approve_inspection"])
    assert any(t.startswith("督导检查待批准") for t in (i.title for i in todo_for(users["deputy1"], staffed)))
    office = [item.title for item in todo_for(users["office_staff"], staffed)]
    assert any(t.startswith("督导检查待记录结论") for t in office)


def test_list_query_budget_with_100_inspections(
    staffed, users, units, appointment_of, login, django_assert_max_num_queries
):
    proposer = appointment_of("office_staff")
    inspections = Inspection.objects.bulk_create(
        [
            Inspection(committee=staffed, title=f"检查{n}", subject="duties", reason="理由", proposed_by=proposer)
            for n in range(100)
        ]
    )
    through = Inspection.target_units.through
    through.objects.bulk_create(
        [through(inspection=i, memberunit=units[code]) for i in inspections for code in ("fulian", "gonghui")]
    )
    client = login("director")
    url = reverse("duties:inspections", kwargs={"committee_code": staffed.code})
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200 and response.context["count"] == 100
    assert "检查99" in response.content.decode()


def test_outsiders_get_404(planned, client, staffed, django_user_model):
    inspection = planned()
    client.force_login(django_user_model.objects.create_user("outsider"))
    for url in (
        reverse("duties:inspections", kwargs={"committee_code": staffed.code}),
        reverse("duties:inspection_new", kwargs={"committee_code": staffed.code}),
        inspection.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404
    assert client.post(_step(inspection, "close")).status_code == 404
