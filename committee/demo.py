"""Demo people and logins for every role, so that a newcomer sees a living committee (UI.md: Demo data)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Appointment, Committee, Person, Position
from .services import appointment_make, person_create

OFFICERS = [
    ("director", "王建国", "镇党委副书记、镇长", Position.DIRECTOR, ""),
    ("deputy1", "李振华", "镇党委委员、武装部长", Position.DEPUTY, "协助主任分管社区矫正安全稳定"),
    ("deputy2", "张丽娟", "副镇长（主管民政）", Position.DEPUTY, "协助主任分管帮扶救助"),
    ("deputy3", "刘志强", "副镇长（主管党政办）", Position.DEPUTY, "协助主任分管综合保障"),
    ("office_director", "陈明", "镇司法所所长", Position.OFFICE_DIRECTOR, ""),
    ("office_staff", "赵雪", "镇司法所科员", Position.OFFICE_STAFF, ""),
]
SURNAMES = "孙周吴郑冯褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜"
GIVEN = ["海涛", "春梅", "立新", "晓燕", "国平", "秀英", "文博", "静", "红军", "丽萍", "永刚", "淑华", "建平", "桂兰"]
START = datetime.date(2022, 3, 30)


def demo_people_create(committee: Committee, password: str) -> list[tuple[str, str, str]]:
    """Creates a login and an appointment for every role; returns (username, name, role) rows. Idempotent."""
    User = get_user_model()
    rows = []

    def login(username: str, name: str) -> tuple[Person, bool]:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(password)
            user.save()
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = person_create(committee=committee, name=name, user=user)
            return person, True
        return person, False

    with transaction.atomic():
        for username, name, title, position, note in OFFICERS:
            person, new = login(username, name)
            if new:
                person.job_title = title
                person.save(update_fields=["job_title"])
            if not Appointment.objects.in_force().filter(person=person, position=position).exists():
                appointment_make(
                    committee=committee, person=person, position=position, start_date=START, duties_note=note
                )
            rows.append((username, name, str(Position(position).label)))
        for index, unit in enumerate(committee.units.active().order_by("sort_order")):
            for position, prefix, offset in ((Position.UNIT_HEAD, "head", 0), (Position.LIAISON, "liaison", 1)):
                name = SURNAMES[(2 * index + offset) % len(SURNAMES)] + GIVEN[(index + offset * 5) % len(GIVEN)]
                username = f"{prefix}-{unit.code}"
                person, new = login(username, name)
                if new:
                    person.job_title = f"{unit.name}{'负责人' if position == Position.UNIT_HEAD else '工作人员'}"
                    person.save(update_fields=["job_title"])
                if not Appointment.objects.in_force().filter(person=person, position=position, unit=unit).exists():
                    appointment_make(committee=committee, person=person, position=position, unit=unit, start_date=START)
                rows.append((username, name, f"{unit.short_name}{Position(position).label}"))
    if not User.objects.filter(username="admin").exists() and settings.DEBUG:
        User.objects.create_superuser("admin", "admin@localhost", password)
    rows.append(("admin", "系统管理员", "Django admin"))
    return rows


def demo_activity_create(committee: Committee) -> list[str]:
    """A committee at work: delegations past and present, a membership change waiting, a new unit on its way.

    Idempotent: what exists is left alone. Each later capability adds its part here.
    """
    from django.utils import timezone

    from core.clock import SimulatedClock
    from members.models import MembershipChange, MemberUnit, NewUnitProposal
    from members.services import membership_change_propose, unit_proposal_agree, unit_proposal_create

    from .models import Delegation
    from .services import delegation_grant, delegation_revoke

    User = get_user_model()
    director = User.objects.get(username="director")
    done = []
    now = timezone.now()
    deputies = {
        a.person.user.username: a
        for a in Appointment.objects.in_force()
        .filter(committee=committee, position=Position.DEPUTY)
        .select_related("person__user")
    }
    if not Delegation.objects.filter(committee=committee).exists():
        # Granted and revoked on the days they were (core/clock.py), so that the history carries those dates.
        with SimulatedClock(now - datetime.timedelta(days=61)) as clock:
            past = delegation_grant(
                by=director,
                committee=committee,
                deputy=deputies["deputy2"],
                powers=["chair", "decide"],
                starts_at=now - datetime.timedelta(days=60),
                ends_at=now + datetime.timedelta(days=30),
                reason="主任赴外地学习期间，委托主持专题会议并研究决定重要事项",
            )
            clock.travel(now - datetime.timedelta(days=50))
            delegation_revoke(by=director, delegation=past, reason="主任学习提前结束")
            clock.travel(now - datetime.timedelta(days=1, minutes=5))
            delegation_grant(
                by=director,
                committee=committee,
                deputy=deputies["deputy3"],
                powers=["approve_inspection"],
                starts_at=now - datetime.timedelta(days=1),
                ends_at=now + datetime.timedelta(days=90),
                reason="年度督导检查期间，委托同意督导检查事项",
            )
        done.append("delegations")
    if not MembershipChange.objects.filter(committee=committee).exists():
        unit = MemberUnit.objects.get(committee=committee, code="weishengyuan")
        membership_change_propose(
            by=User.objects.get(username="head-weishengyuan"),
            unit=unit,
            position=Position.LIAISON,
            new_person_name="马晓丽",
            new_person_title="镇卫生院公共卫生科科员",
            new_person_phone="010-69041234",
            effective_on=timezone.localdate() + datetime.timedelta(days=7),
            reason="原联络员工作调动",
        )
        done.append("membership change")
    if not NewUnitProposal.objects.filter(committee=committee).exists():
        proposal = unit_proposal_create(
            by=User.objects.get(username="office_director"),
            committee=committee,
            name="镇退役军人服务站",
            short_name="退役军人服务站",
            code="tuiyi",
            kind="government_office",
            reason="社区矫正对象中退役军人帮扶需要专门力量参与，拟提请增加为成员单位。",
        )
        unit_proposal_agree(by=director, proposal=proposal, decision_record="2026年第二次全体会议")
        done.append("new unit proposal")
    return done
