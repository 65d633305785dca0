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
                    appointment_make(
                        committee=committee, person=person, position=position, unit=unit, start_date=START
                    )
                rows.append((username, name, f"{unit.short_name}{Position(position).label}"))
    if not User.objects.filter(username="admin").exists() and settings.DEBUG:
        User.objects.create_superuser("admin", "admin@localhost", password)
    rows.append(("admin", "系统管理员", "Django admin"))
    return rows
