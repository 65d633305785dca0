"""Meeting pages: what they show, forms that keep what was typed, files refused with a reason, the calendar
and its .ics files, and the query budgets of the list, the calendar and the work bench with many rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import AgendaItem, Material, Meeting, MeetingKind, MeetingState, Minutes, MinutesState
from meetings.tests import factories as f

CODE = "miyun-town"


def test_meeting_list_budget_with_hundreds_of_meetings(staffed, users, login, django_assert_max_num_queries):
    f.approved_meeting(users, staffed)
    f.bulk_meetings(users, staffed, 300, f.at(-200), datetime.timedelta(hours=16))
    client = login("liaison-fulian")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:list", args=[CODE]))
    page = response.content.decode()
    assert "共 301 次" in page and "批量会议299" in page and "已批准" in page
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:list", args=[CODE]), {"kind": "plenary", "page": 2}).content.decode()
    assert "共 101 次" in page and "第 2 / 3 页" in page
    assert "?kind=plenary&amp;page=3" in page  # paging keeps the filter


def test_calendar_budget_with_hundreds_of_meetings_in_a_month(staffed, users, login, django_assert_max_num_queries):
    first = timezone.localdate().replace(day=1)
    start = datetime.datetime.combine(first, datetime.time(8), tzinfo=timezone.get_current_timezone())
    f.bulk_meetings(users, staffed, 250, start, datetime.timedelta(hours=2))
    client = login("office_staff")
    with django_assert_max_num_queries(10):
        page = client.get(reverse("meetings:calendar", args=[CODE])).content.decode()
    assert f"{first.year}年{first.month}月" in page
    assert "批量会议0" in page and "批量会议249" in page
    previous = client.get(reverse("meetings:calendar", args=[CODE]), {"month": "2024-02"}).content.decode()
    assert "2024年2月" in previous and "批量会议0" not in previous
    assert client.get(reverse("meetings:calendar", args=[CODE]), {"month": "nonsense"}).status_code == 200


@pytest.mark.parametrize(
    "username", ["director", "deputy1", "office_director", "office_staff", "liaison-fulian", "head-fulian"]
)
def test_work_bench_part_costs_three_queries_whatever_the_rows(
    staffed, users, login, username, django_assert_max_num_queries
):
    """The meetings and the follow-up tasks parts of 我的待办: the user's appointments (read once for both, as the
    work bench does), one query for the meetings, one for the tasks, with hundreds of both; the page shows it."""
    from committee.authority import reading_once
    from committee.models import Committee
    from duties.todo import task_todo
    from meetings.todo import meeting_todo

    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed, decisions=1)
    f.bulk_tasks(decision, 200)
    f.bulk_meetings(users, staffed, 100, f.at(1), datetime.timedelta(hours=5))
    upcoming = f.schedule(users, staffed, starts_at=f.at(3), units=("fulian",), persons=("deputy1",))
    services.meeting_notify(by=users["office_staff"], meeting=upcoming)
    user = type(users[username]).objects.get(pk=users[username].pk)
    committee = Committee.objects.get(pk=staffed.pk)
    with django_assert_max_num_queries(3), reading_once():
        items = meeting_todo(user, committee) + task_todo(user, committee)
    titles = [item.title for item in items]
    with django_assert_max_num_queries(0):
        assert user.person.name  # the page greets the person read with the appointments, at no cost
    if username in {"liaison-fulian", "head-fulian", "deputy1"}:
        assert f"会议：{upcoming.title}" in titles
    if username == "liaison-fulian":
        assert any(title.startswith("本单位督办") for title in titles)
    if username == "office_director":
        assert any(title.startswith("逾期督办事项") for title in titles)
        assert any(title.startswith("待确认办结") for title in titles)
        assert any("本年度" in title for title in titles)
    page = login(username).get(reverse("home")).content.decode()
    assert "我的待办" in page and titles[0] in page


def test_the_office_schedules_a_meeting_and_bad_input_is_kept(staffed, users, login):
    client = login("office_staff")
    url = reverse("meetings:new", args=[CODE])
    data = {
        "kind": "special",
        "title": "重点人员专题会议",
        "starts_at": f"{f.at(4, 10):%Y-%m-%dT%H:%M}",
        "ends_at": "",
        "location": "镇政府会议室",
        "chair": users["deputy2"].person.pk,
        "units": [f.unit(staffed, "fulian").pk],
        "persons": [users["office_director"].person.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "张丽娟在会议时间" in page and "不能主持会议" in page
    assert 'value="重点人员专题会议"' in page
    assert not Meeting.objects.filter(title="重点人员专题会议").exists()
    response = client.post(url, data | {"chair": users["director"].person.pk})
    meeting = Meeting.objects.get(title="重点人员专题会议")
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    # 妇联, the office director, and the chair (the director), invited with the meeting.
    assert meeting.invitations.count() == 3
    assert meeting.invitations.filter(person=users["director"].person).exists()


def test_others_are_sent_back_with_the_reason(login):
    response = login("liaison-fulian").get(reverse("meetings:new", args=[CODE]), follow=True)
    assert "只有委员会办公室的人员可以办理委员会日常工作。" in response.content.decode()


@pytest.fixture
def upcoming(staffed, users):
    return f.schedule(users, staffed, starts_at=f.at(6), units=("fulian",))


def item_data(upload):
    return {"proposer": "", "title": "家庭关系修复帮扶", "description": "请委员会研究。", "files": [upload]}


def test_a_material_of_the_wrong_type_is_refused_and_nothing_else_is_lost(staffed, users, login, upcoming):
    client = login("liaison-fulian")
    url = reverse("meetings:item_new", args=[upcoming.pk])
    data = item_data(SimpleUploadedFile("建议.pdf", b"MZ\x90\x00" + b"\0" * 300)) | {
        "proposer": str(f.unit(staffed, "fulian").pk)
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "文件“建议.pdf”的内容不是允许的类型。只接受 PDF、Word、Excel 文件和图片。" in page
    assert "已填写的其他内容都已保留" in page
    assert 'value="家庭关系修复帮扶"' in page and "请委员会研究。" in page
    assert not AgendaItem.objects.filter(meeting=upcoming).exists() and not Material.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_a_material_too_large_is_refused_with_the_limit(staffed, users, login, upcoming):
    client = login("liaison-fulian")
    data = item_data(SimpleUploadedFile("会议材料.pdf", f.PDF + b"0" * 2048)) | {
        "proposer": str(f.unit(staffed, "fulian").pk)
    }
    page = client.post(reverse("meetings:item_new", args=[upcoming.pk]), data).content.decode()
    assert "超过了 1 KB 的上限" in page and 'value="家庭关系修复帮扶"' in page
    assert not AgendaItem.objects.filter(meeting=upcoming).exists()


def test_a_unit_proposes_with_materials_and_only_members_download_them(staffed, users, login, client, upcoming):
    liaison = login("liaison-fulian")
    data = item_data(f.pdf("帮扶建议.pdf")) | {"proposer": str(f.unit(staffed, "fulian").pk)}
    response = liaison.post(reverse("meetings:item_new", args=[upcoming.pk]), data)
    item = AgendaItem.objects.get(meeting=upcoming)
    assert response.status_code == 302 and item.state == "proposed" and item.unit.code == "fulian"
    material = item.materials.get()
    download = liaison.get(reverse("meetings:material", args=[material.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == f.PDF
    assert "attachment" in download["Content-Disposition"]
    client.logout()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("stranger"))
    assert client.get(reverse("meetings:material", args=[material.pk])).status_code == 404


def test_meeting_ics_and_the_personal_feed(staffed, users, login, upcoming):
    other = f.schedule(users, staffed, starts_at=f.at(8), units=("sifasuo",), persons=(), title="与妇联无关的会议")
    member = login("liaison-fulian")
    response = member.get(reverse("meetings:ics", args=[upcoming.pk]))
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert response["Content-Type"].startswith("text/calendar")
    assert str(event["uid"]) == upcoming.ical_uid and event["dtstart"].dt == upcoming.starts_at
    assert str(event["status"]) == "TENTATIVE"

    member.post(reverse("meetings:feed_settings"), {"op": "issue"})
    page = member.get(reverse("meetings:feed_settings")).content.decode()
    token = users["liaison-fulian"].person.calendar_tokens.get(revoked_at=None).token
    feed_url = reverse("meetings:feed", args=[token])
    assert feed_url in page
    anonymous = Client()  # the feed knows no session: the secret in the address is the credential
    feed = anonymous.get(feed_url)
    assert feed.status_code == 200
    uids = {str(e["uid"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert upcoming.ical_uid in uids and other.ical_uid not in uids
    services.meeting_cancel(by=users["office_staff"], meeting=upcoming, reason="改期")
    cancelled = Calendar.from_ical(anonymous.get(feed_url).content).walk("VEVENT")[0]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 1
    member.post(reverse("meetings:feed_settings"), {"op": "revoke"})
    assert anonymous.get(feed_url).status_code == 404
    assert anonymous.get(reverse("meetings:feed", args=["not-a-token"])).status_code == 404


def test_the_office_feed_holds_every_meeting(staffed, users, client, upcoming):
    other = f.schedule(users, staffed, starts_at=f.at(8), units=("sifasuo",), persons=())
    token = services.calendar_token_issue(user=users["office_director"]).token
    uids = {
        str(e["uid"])
        for e in Calendar.from_ical(client.get(reverse("meetings:feed", args=[token])).content).walk("VEVENT")
    }
    assert {upcoming.ical_uid, other.ical_uid} <= uids


def test_compliance_page_shows_each_year(staffed, users, login, django_assert_max_num_queries):
    meeting, _minutes, _decisions = f.approved_meeting(users, staffed, kind=MeetingKind.OFFICE, days=-2)
    client = login("head-fulian")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:compliance", args=[CODE])).content.decode()
    assert "第二十一条" in page and "委员会办公室原则上每年召开一次会议" in page
    assert meeting.title in page and "已召开" in page and "未召开" in page and "2022年" in page


def test_minutes_workflow_through_the_pages(staffed, users, login, client):
    meeting = f.hold(users, f.schedule(users, staffed, starts_at=f.at(-1), units=("fulian",)))
    url = reverse("meetings:minutes", args=[meeting.pk])
    draft = reverse("meetings:step", args=[meeting.pk, "draft_minutes"])
    staff = login("office_staff")
    assert staff.post(draft, {"draft_minutes-text": ""}).status_code == 200
    staff.post(draft, {"draft_minutes-text": "会议研究了档案管理。"})

    def step(name: str) -> str:
        return reverse("meetings:minutes_step", args=[Minutes.objects.get(meeting=meeting).pk, name])

    response = staff.post(
        reverse("meetings:decision_new", args=[meeting.pk]),
        {
            "title": "统一档案目录",
            "text": "各单位按统一目录整理档案。",
            "importance": "important",
            "duty": f.art5_duty(staffed).pk,
        },
    )
    assert "重要事项只能由委员会全体会议或专题会议研究决定" in response.content.decode()
    staff.post(
        reverse("meetings:decision_new", args=[meeting.pk]),
        {
            "title": "统一档案目录",
            "text": "各单位按统一目录整理档案。",
            "importance": "general",
            "duty": f.art5_duty(staffed).pk,
        },
    )
    staff.post(step("submit"))
    assert Minutes.objects.get(meeting=meeting).state == MinutesState.REVIEW
    client.force_login(users["office_director"])
    page = client.get(url).content.decode()
    assert "审核通过，征求意见" in page and "统一档案目录" in page
    client.post(step("review"), {"review-comment_days": "2", "review-note": "可"})
    client.force_login(users["liaison-fulian"])
    client.post(step("comment"), {"comment-text": "无意见。"})
    minutes = f.pass_comment_period(Minutes.objects.get(meeting=meeting))
    client.force_login(users["deputy1"])
    assert "会议纪要由本次会议的主持人（王建国）批准。" in client.get(url).content.decode()
    client.force_login(users["director"])
    assert "批准纪要" in client.get(url).content.decode()
    response = client.post(step("approve"))
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.APPROVED and minutes.comments.get().text == "无意见。"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    assert meeting.decisions.get().is_effective


def test_a_decision_page_links_the_chain(staffed, users, login):
    meeting, minutes, (decision,) = f.approved_meeting(users, staffed)
    task = f.task(users, decision, "fulian")
    page = login("head-fulian").get(decision.get_absolute_url()).content.decode()
    for text in (meeting.title, str(minutes), task.title, "第五条", decision.duty.text[:10], "尚未发文"):
        assert text in page, text
