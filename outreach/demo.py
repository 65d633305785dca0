"""Demo 工作动态, one 简报 signed by the office director, one marked 典型经验 and one 表彰 decided and signed
(UI.md: a living committee). Made through the services, as the people who would do each step; each work update
posted on the evening of the day it tells of, under a simulated clock (core/clock.py), so that its row and its
history (变更记录) carry that date."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from committee.models import Committee
from core.clock import SimulatedClock
from documents.services import document_review, document_sign, document_submit

from . import services
from .models import BulletinKind, WorkUpdate

UPDATES = (
    (
        "fulian",
        "education",
        "开展“巾帼帮教”结对活动",
        "组织6名妇联干部与女性社区矫正对象结对，开展家庭教育指导和心理疏导。",
        26,
    ),
    (
        "gonghui",
        "employment",
        "推荐3名社区矫正对象到镇内企业就业",
        "与镇内两家企业对接，推荐3名有就业意愿的社区矫正对象上岗，并跟踪回访。",
        19,
    ),
    (
        "sifasuo",
        "incident",
        "及时处置一起社区矫正对象情绪异常情况",
        "接到家属反映后，司法所会同派出所上门走访，稳定对象情绪，未发生意外。",
        12,
    ),
    (
        "fulian",
        "medical",
        "协助一名社区矫正对象申请医疗救助",
        "协调民政部门为一名患病社区矫正对象办理临时救助手续。",
        5,
    ),
)


def demo_create(committee: Committee) -> list[str]:
    """Idempotent: does nothing once the committee has work updates."""
    if WorkUpdate.objects.filter(committee=committee).exists():
        return []
    users = {user.username: user for user in get_user_model().objects.filter(person__committee=committee)}
    units = {unit.code: unit for unit in committee.units.filter(is_active=True)}
    today, now = timezone.localdate(), timezone.now()
    posted = []
    with SimulatedClock(now - datetime.timedelta(days=UPDATES[0][-1] + 1)) as clock:
        for code, category, title, text, days_ago in UPDATES:
            liaison = users.get(f"liaison-{code}")
            if liaison is None or code not in units:
                continue
            happened_on = today - datetime.timedelta(days=days_ago)
            clock.travel(
                datetime.datetime.combine(happened_on, datetime.time(17, 30), tzinfo=timezone.get_current_timezone())
            )
            posted.append(
                services.work_update_post(
                    by=liaison,
                    unit=units[code],
                    category=category,
                    title=title,
                    text=text,
                    happened_on=happened_on,
                )
            )
    if len(posted) < 2:
        return ["work updates"]
    staff, office, director = users["office_staff"], users["office_director"], users["director"]
    services.highlight_mark(
        by=staff, source=posted[0], kind="experience", summary="结对帮教覆盖全部女性社区矫正对象，做法可在各单位推广。"
    )
    briefing = services.bulletin_create(
        by=staff,
        committee=committee,
        kind=BulletinKind.BRIEFING,
        title="社区矫正工作简报",
        period=f"{today.year}年第1期",
        intro="现将近期各成员单位社区矫正工作动态摘编如下，供交流借鉴。",
        updates=posted[:3],
    )
    document = services.bulletin_issue(by=staff, bulletin=briefing)
    document_submit(by=staff, document=document)
    document_review(by=office, document=document, forward=True)
    document_sign(by=office, document=document, opinion="同意印发")

    commendation = services.commendation_propose(
        by=users.get("liaison-fulian", staff),
        committee=committee,
        year=today.year,
        nominee_kind="person",
        nominee="刘秀英",
        nominee_affiliation="镇妇联副主席",
        reason="三年来结对帮教女性社区矫正对象8人，均顺利解除矫正，无一重新违法犯罪。",
        unit=units.get("fulian"),
    )
    services.commendation_decide(by=director, commendation=commendation, agree=True, note="同意表彰")
    decision = services.commendation_issue(by=staff, commendation=commendation)
    document_submit(by=staff, document=decision)
    document_review(by=office, document=decision, forward=True)
    document_sign(by=director, document=decision, opinion="同意")
    services.commendation_propose(
        by=staff,
        committee=committee,
        year=today.year,
        nominee_kind="organisation",
        nominee="镇总工会",
        reason="主动对接辖区企业，全年帮助6名社区矫正对象实现就业。",
        unit=units.get("gonghui"),
    )
    return ["work updates", "a briefing", "commendations"]
