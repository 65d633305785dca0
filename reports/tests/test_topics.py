"""Research topics (课题调研, Art 22): registered by the office, updated by the lead unit, listed per year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committee.authority import NotAllowed
from reports import services
from reports.models import ResearchTopic, TopicStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def topic(staffed, users) -> ResearchTopic:
    units = {unit.code: unit for unit in staffed.units.all()}
    return services.topic_create(
        by=users["office_staff"],
        committee=staffed,
        year=2026,
        title="社区矫正对象就业帮扶机制调研",
        lead_unit=units["fulian"],
        participating_units=[units["gonghui"], units["bianmin"]],
        plan="走访、座谈、形成报告",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 9, 30),
        related_decisions="2026年第一次全体会议第2项决定",
    )


def test_the_office_registers_a_topic_from_the_form(staffed, login):
    units = {unit.code: unit.pk for unit in staffed.units.all()}
    client = login("office_director")
    response = client.post(
        reverse("reports:topic_new", args=["miyun-town"]),
        {
            "year": 2026,
            "title": "未成年社区矫正对象教育帮扶调研",
            "lead_unit": units["jiaowei"],
            "participating_units": [units["tuanwei"], units["fulian"]],
            "plan": "调研三所学校",
            "starts_on": "2026-04-01",
            "ends_on": "2026-03-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "计划完成日期不能早于开始日期。" in response.content.decode()
    response = client.post(
        reverse("reports:topic_new", args=["miyun-town"]),
        {
            "year": 2026,
            "title": "未成年社区矫正对象教育帮扶调研",
            "lead_unit": units["jiaowei"],
            "participating_units": [units["tuanwei"], units["fulian"]],
            "plan": "调研三所学校",
            "starts_on": "2026-04-01",
            "ends_on": "2026-10-01",
            "status": "planned",
            "final_report": SimpleUploadedFile("报告.pdf", PDF),
        },
    )
    assert response.status_code == 302
    topic = ResearchTopic.objects.get(title="未成年社区矫正对象教育帮扶调研")
    assert sorted(topic.participating_units.values_list("code", flat=True)) == ["fulian", "tuanwei"]
    assert topic.final_report_name == "报告.pdf" and topic.final_report_type == "application/pdf"
    assert topic.created_by.person.user.username == "office_director"


def test_the_lead_unit_records_progress_but_not_the_plan(topic, users, login):
    services.topic_update(
        by=users["liaison-fulian"],
        topic=topic,
        status=TopicStatus.CONCLUDED,
        findings="形成建议五条",
        final_report=SimpleUploadedFile("调研报告.pdf", PDF),
    )
    topic.refresh_from_db()
    assert topic.status == TopicStatus.CONCLUDED and topic.findings == "形成建议五条"
    assert topic.final_report_name == "调研报告.pdf"
    with pytest.raises(ValidationError):
        services.topic_update(by=users["head-fulian"], topic=topic, plan="改计划")
    with pytest.raises(NotAllowed):
        services.topic_update(by=users["liaison-gonghui"], topic=topic, findings="别人的课题")
    form = login("liaison-fulian").get(reverse("reports:topic_edit", args=[topic.pk])).content.decode()
    assert 'name="findings"' in form and 'name="plan"' not in form
    refused = login("liaison-gonghui").get(reverse("reports:topic_edit", args=[topic.pk]), follow=True)
    assert "课题进展由委员会办公室或牵头单位登记。" in refused.content.decode()
    download = login("liaison-gonghui").get(reverse("reports:topic_file", args=[topic.pk]))
    assert download.status_code == 200


def test_topics_are_listed_per_year(topic, staffed, users, login, django_assert_max_num_queries):
    units = list(staffed.units.all())
    for i in range(30):
        services.topic_create(
            by=users["office_staff"],
            committee=staffed,
            year=2025,
            title=f"往年课题{i}",
            lead_unit=units[i % len(units)],
            participating_units=units[:3],
            plan="计划",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
    client = login("head-gonghui")
    with django_assert_max_num_queries(14):
        page = client.get(reverse("reports:topics", args=["miyun-town"]) + "?year=2025").content.decode()
    assert "往年课题29" in page and "社区矫正对象就业帮扶机制调研" not in page
    current = client.get(reverse("reports:topics", args=["miyun-town"]) + "?year=2026").content.decode()
    assert "社区矫正对象就业帮扶机制调研" in current and "妇联" in current
    detail = client.get(reverse("reports:topic", args=[topic.pk])).content.decode()
    for text in ("牵头单位", "镇工会", "2026年第一次全体会议第2项决定", "变更记录"):
        assert text in detail, text


def test_a_topic_links_to_the_meeting_decisions_in_effect(topic, staffed, users, login):
    from meetings.tests.factories import approved_meeting

    meeting, _minutes, (decision,) = approved_meeting(users, staffed)
    client = login("office_staff")
    form = client.get(reverse("reports:topic_edit", args=[topic.pk])).content.decode()
    assert f"{meeting.title} · 1. {decision.title}" in form
    data = {
        "year": topic.year,
        "title": topic.title,
        "lead_unit": topic.lead_unit_id,
        "plan": topic.plan,
        "starts_on": topic.starts_on.isoformat(),
        "ends_on": topic.ends_on.isoformat(),
        "status": "in_progress",
        "decisions": [decision.pk],
    }
    assert client.post(reverse("reports:topic_edit", args=[topic.pk]), data).status_code == 302
    assert list(topic.decisions.all()) == [decision]
    detail = login("liaison-gonghui").get(topic.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in detail and decision.title in detail
    with pytest.raises(ValidationError):
        services.topic_update(by=users["liaison-fulian"], topic=topic, decisions=[])
