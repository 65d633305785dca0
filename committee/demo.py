"""Demo people and logins for every role, so that a newcomer sees a living committee (UI.md: Demo data).

密云镇 has the plain logins (`director`, `office_staff`, `liaison-fulian`, …); the district above it its director,
office and viewer (`district-director`, `district-office-director`, `district-office`, `district-viewer`); each
demo town beside 密云镇 the same logins as 密云镇 with its name before them (`xiwengzhuang-director`,
`xiwengzhuang-office_staff`, …). The scale data generator staffs its towns with the same functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from members.models import MemberUnit

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
# The district committee (Art 5): its director, its office in 区司法局社区矫正科 (Art 4's office, one level up), and
# an observer (观察员) who reads every town below: the user of the committee switcher and the oversight page.
DISTRICT_OFFICERS = [
    ("district-director", "周卫东", "区委常委、副区长", Position.DIRECTOR),
    ("district-office-director", "钱立军", "区司法局社区矫正科科长", Position.OFFICE_DIRECTOR),
    ("district-office", "孟凡超", "区司法局社区矫正科科员", Position.OFFICE_STAFF),
    ("district-viewer", "韩冬梅", "区司法局社区矫正管理局副局长", Position.VIEWER),
]
SURNAMES = "孙周吴郑冯褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜"
GIVEN = ["海涛", "春梅", "立新", "晓燕", "国平", "秀英", "文博", "静", "红军", "丽萍", "永刚", "淑华", "建平", "桂兰"]
START = datetime.date(2022, 3, 30)


@dataclass
class CommitteeStaff:
    """A committee with its people: logins by role (`director`, `office_staff`, `liaison:<unit code>`)."""

    committee: Committee
    units: list[MemberUnit]
    users: dict[str, object] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def user(self, role: str):
        return self.users[role]

    def liaison(self, unit: MemberUnit):
        return self.users[f"liaison:{unit.code}"]

    def head(self, unit: MemberUnit):
        return self.users[f"head:{unit.code}"]


def _made_up_name(n: int, offset: int) -> str:
    return SURNAMES[(2 * n + offset) % len(SURNAMES)] + GIVEN[(n + offset * 5) % len(GIVEN)]


@dataclass(frozen=True)
class _Logins:
    password_hash: str  # one hash for all: hashing per login would dominate a large data set
    since: datetime.date
    emails: bool


def _login(
    staff: CommitteeStaff,
    logins: _Logins,
    *,
    username: str,
    name: str,
    title: str,
    position: str,
    role: str,
    unit: MemberUnit | None = None,
    note: str = "",
) -> None:
    """A login, its person in `staff.committee` and an open-ended appointment, each made once (idempotent)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
    if created:
        user.password = logins.password_hash
        user.save(update_fields=["password"])
    committee = staff.committee
    person = Person.objects.filter(user=user).first() or person_create(
        committee=committee,
        name=name,
        job_title=title,
        user=user,
        email=f"{username}@example.invalid" if logins.emails else "",
    )
    if not person.appointments.filter(position=position, unit=unit, end_date=None).exists():
        appointment_make(
            committee=committee,
            person=person,
            position=position,
            unit=unit,
            start_date=logins.since,
            duties_note=note,
        )
    staff.users[role], staff.persons[role] = user, person
    staff.labels[role] = f"{unit.short_name}{Position(position).label}" if unit else str(Position(position).label)


def committee_staff(
    committee: Committee,
    *,
    since: datetime.date,
    password: str,
    prefix: str = "",
    names: int = 0,
    emails: bool = False,
) -> CommitteeStaff:
    """Appoints a director, three deputies, the office and a head and a liaison for every unit, each with a login
    (`prefix` before the demo usernames); `names` > 0 gives the officers other names than 密云镇's, `emails` gives
    everyone an address at example.invalid. Idempotent."""
    logins = _Logins(make_password(password), since, emails)
    staff = CommitteeStaff(committee=committee, units=list(committee.units.active().order_by("sort_order")))
    with transaction.atomic():
        for index, (role, name, title, position, note) in enumerate(OFFICERS):
            other_name = _made_up_name(index * 3 + 1, names * 7)
            _login(
                staff,
                logins,
                username=f"{prefix}{role}",
                name=other_name if names else name,
                title=title,
                position=position,
                role=role,
                note=note,
            )
        for index, unit in enumerate(staff.units):
            for position, role, offset in ((Position.UNIT_HEAD, "head", 0), (Position.LIAISON, "liaison", 1)):
                _login(
                    staff,
                    logins,
                    username=f"{prefix}{role}-{unit.code}",
                    name=_made_up_name(index, offset + names * 3),
                    title=f"{unit.name}{'负责人' if position == Position.UNIT_HEAD else '工作人员'}",
                    position=position,
                    role=f"{role}:{unit.code}",
                    unit=unit,
                )
    return staff


def district_staff(district: Committee, *, since: datetime.date, password: str, emails: bool = False) -> CommitteeStaff:
    """The district's director, office and observer (`DISTRICT_OFFICERS`), each with a login. Idempotent."""
    logins = _Logins(make_password(password), since, emails)
    staff = CommitteeStaff(committee=district, units=[])
    with transaction.atomic():
        for username, name, title, position in DISTRICT_OFFICERS:
            _login(staff, logins, username=username, name=name, title=title, position=position, role=username)
    return staff


def demo_people_create(committee: Committee, password: str) -> list[tuple[str, str, str]]:
    """Creates a login and an appointment for every role; returns (username, name, role) rows. Idempotent."""
    staff = committee_staff(committee, since=START, password=password)
    rows = [(user.username, staff.persons[role].name, staff.labels[role]) for role, user in staff.users.items()]
    User = get_user_model()
    if not User.objects.filter(username="admin").exists() and settings.DEBUG:
        User.objects.create_superuser("admin", "admin@localhost", password)
    rows.append(("admin", "系统管理员", "Django admin"))
    return rows


def demo_towns(committee: Committee) -> list[Committee]:
    """The demo towns beside `committee` under its district (committee/data/demo/), in the order of their codes."""
    if committee.parent_id is None:
        return []
    return list(Committee.objects.filter(parent=committee.parent_id, is_demo=True).exclude(pk=committee.pk))


def demo_login_prefix(town: Committee) -> str:
    """`xiwengzhuang-` for `xiwengzhuang-town`: what goes before a demo town's logins."""
    return f"{town.code.removesuffix('-town')}-"


def _place(committee: Committee) -> str:
    return committee.short_name.removesuffix("社区矫正委员会")


def demo_tree_people_create(committee: Committee, password: str) -> list[tuple[str, str, str]]:
    """The district's people above `committee` and each demo town's beside it (a director, three deputies, the
    office, a head and a liaison for every unit); returns the rows to show (the towns' unit logins in one row each).
    Idempotent; nothing when the committee has no district."""
    if committee.parent is None:
        return []
    district = district_staff(committee.parent, since=START, password=password)
    place = _place(committee.parent)
    rows = [
        (user.username, district.persons[role].name, f"{place}{district.labels[role]}")
        for role, user in district.users.items()
    ]
    for number, town in enumerate(demo_towns(committee), start=1):
        prefix = demo_login_prefix(town)
        staff = committee_staff(town, since=START, password=password, prefix=prefix, names=number)
        place = _place(town)
        rows.extend(
            (staff.users[role].username, staff.persons[role].name, f"{place}{staff.labels[role]}")
            for role, *_rest in OFFICERS
        )
        rows.append((f"{prefix}head-*, {prefix}liaison-*", "", f"{place}各成员单位负责人、联络员"))
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
