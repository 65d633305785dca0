"""The charts of the year on the work bench and the committee page: the numbers of a small world, the SVG
well formed and labelled, the same numbers in a table, and a liaison sees only their unit's."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from committee.panels import panels_for
from core.charts import Series, bar_chart, cumulative_line
from duties.models import FollowUpTask
from meetings.models import MeetingKind
from meetings.tests import factories as f
from members.models import MemberUnit
from outreach.models import Commendation, CommendationState
from reports import services as report_services
from reports.models import AnnualReport

SVG = "{http://www.w3.org/2000/svg}"


def parsed(chart) -> ET.Element:
    root = ET.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == chart.title
    assert root.get("aria-labelledby").split() == [
        root.find(f"{SVG}title").get("id"),
        root.find(f"{SVG}desc").get("id"),
    ]
    return root


def test_bar_chart_is_well_formed_and_carries_its_numbers():
    chart = bar_chart(
        "督办<&>",
        ["妇联", "司法所"],
        [Series("已逾期", [1, 0], "danger"), Series("已办结", [2, 3], "secondary")],
        targets={1: (4, "目标")},
        category_header="单位",
    )
    root = parsed(chart)
    assert root.find(f"{SVG}title").text == "督办<&>"  # escaped in the markup, read back as written
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3  # a zero draws nothing
    assert [b.find(f"{SVG}title").text for b in bars] == ["妇联 · 已逾期：1", "妇联 · 已办结：2", "司法所 · 已办结：3"]
    assert chart.headers == ["单位", "已逾期", "已办结", "合计"]
    assert chart.rows == [["妇联", 1, 2, 3], ["司法所", 0, 3, 3]]
    assert "妇联：已逾期 1，已办结 2" in root.find(f"{SVG}desc").text


def test_cumulative_line_counts_up_to_each_day_and_marks_the_deadline():
    start = datetime.date(2026, 3, 1)
    days = [datetime.date(2026, 3, 5), datetime.date(2026, 3, 5), datetime.date(2026, 3, 20)]
    chart = cumulative_line(
        "报送",
        days,
        total=4,
        start=start,
        deadline=datetime.date(2026, 3, 15),
        today=datetime.date(2026, 3, 25),
        labels={"date": "日期", "count": "累计", "deadline": "截止", "total": "应报送"},
    )
    root = parsed(chart)
    assert chart.rows == [["2026年3月5日", 2], ["2026年3月20日", 3]]
    assert root.find(f"{SVG}polyline") is not None
    assert any(
        line.find(f"{SVG}title") is not None and line.find(f"{SVG}title").text == "截止"
        for line in root.iter(f"{SVG}line")
    )


@pytest.fixture
def world(users, staffed):
    """This year: a plenary held (its decision gives tasks), an office meeting planned; fulian has one task
    overdue and one closed, sifasuo one on track; the reports cycle is open and fulian has submitted."""
    today = timezone.localdate()
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed, kind=MeetingKind.PLENARY, days=-1)
    f.schedule(users, staffed, kind=MeetingKind.OFFICE, starts_at=f.at(0, hour=23))
    units = {u.code: u for u in MemberUnit.objects.filter(committee=staffed)}
    staff = decision.created_by

    def task(code, days, status):
        deadline = today + datetime.timedelta(days=days)
        FollowUpTask.objects.create(
            committee=staffed,
            unit=units[code],
            decision=decision,
            title=f"{code}{days}",
            deadline=deadline,
            original_deadline=deadline,
            status=status,
            created_by=staff,
            reported_at=timezone.now() if status != "open" else None,
            closed_at=timezone.now() if status == "closed" else None,
            closed_by=staff if status == "closed" else None,
        )

    task("fulian", -2, "open")
    task("fulian", -5, "closed")
    task("sifasuo", 30, "open")
    cycle = report_services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=today.year,
        deadline=today + datetime.timedelta(days=10),
        requires_head_confirmation=False,
    )
    report = AnnualReport.objects.get(cycle=cycle, unit__code="fulian")
    content = report_services.DraftContent(
        duties={e.pk: "已履职" for e in report.duty_entries.all()}, key_work="重点工作已落实。"
    )
    report = report_services.report_save(by=users["liaison-fulian"], report=report, revision=0, content=content)
    report_services.report_submit(by=users["liaison-fulian"], report=report)
    return cycle


def by_title(panels) -> dict:
    return {str(p.title): p for p in panels}


def test_office_sees_every_unit(world, users, staffed):
    panels = by_title(panels_for(users["office_staff"], staffed, timezone.localdate().year, "home"))
    tasks = panels["督办事项：按单位和办理状态"].chart
    assert tasks.headers == ["单位", "已逾期", "即将到期", "正常推进", "待确认办结", "已办结", "合计"]
    rows = {row[0]: row[1:] for row in tasks.rows}
    assert rows["妇联"] == [1, 0, 0, 0, 1, 2]
    assert rows["司法所"] == [0, 0, 1, 0, 0, 1]
    reports = panels["书面报告报送进度"].chart
    units = world.reports.count()
    assert reports.rows == [[reports.rows[0][0], 1]]
    assert f"应报送{units}份，已报送1份，其中按期1份。" == reports.summary
    meetings = panels["会议召开情况"].chart
    assert meetings.rows == [["全体会议", 1, 0, 1], ["专题会议", 0, 0, 0], ["办公室会议", 0, 1, 1]]
    assert "已安排，尚未召开" in panels["会议召开情况"].note
    assert "表彰奖励" not in panels  # on the committee page only


def test_liaison_sees_their_units_numbers(world, users, staffed):
    panels = by_title(panels_for(users["liaison-fulian"], staffed, timezone.localdate().year, "home"))
    assert [row[0] for row in panels["督办事项：按单位和办理状态"].chart.rows] == ["妇联"]
    assert panels["书面报告报送进度"].chart.summary == "应报送1份，已报送1份，其中按期1份。"
    panels = by_title(panels_for(users["liaison-sifasuo"], staffed, timezone.localdate().year, "home"))
    assert [row[0] for row in panels["督办事项：按单位和办理状态"].chart.rows] == ["司法所"]
    assert panels["书面报告报送进度"].chart.rows == []


def test_committee_page_lists_the_commendations_by_year(world, users, staffed, login, appointment_of):
    director = appointment_of("director", "director")
    for year, name, state in ((2025, "张三", CommendationState.DECIDED), (2026, "李四", CommendationState.PROPOSED)):
        Commendation.objects.create(
            committee=staffed,
            year=year,
            nominee_kind="person",
            nominee=name,
            reason="事迹",
            proposed_by=director,
            state=state,
            decided_by=director if state != CommendationState.PROPOSED else None,
            decided_at=timezone.now() if state != CommendationState.PROPOSED else None,
        )
    page = login("liaison-fulian").get(reverse("committee:detail", args=[staffed.code])).content.decode()
    assert "表彰奖励" in page and "2025年 · 张三（个人）" in page
    assert "李四" not in page  # only what the committee decided
    assert page.count('role="img"') == 3 and "查看数据表" in page
    home = login("office_staff").get(reverse("home")).content.decode()
    assert home.count('role="img"') == 3 and "<table" in home and "张三" not in home


def test_the_panels_cost_the_same_whatever_the_number_of_rows(
    world, users, staffed, login, django_assert_max_num_queries
):
    """Each panel is one aggregate query: a hundred more tasks and meetings add none to the pages."""
    decision = FollowUpTask.objects.first().decision
    client = login("office_staff")
    with django_assert_max_num_queries(30) as before:
        client.get(reverse("home"))
    f.bulk_tasks(decision, 100)
    f.bulk_meetings(users, staffed, 30, f.at(-60), datetime.timedelta(days=1))
    with django_assert_max_num_queries(30) as after:
        client.get(reverse("home"))
    assert len(after.captured_queries) <= len(before.captured_queries) + 1  # 我的待办 may read one more kind
    with django_assert_max_num_queries(20):
        client.get(reverse("committee:detail", args=[staffed.code]))
