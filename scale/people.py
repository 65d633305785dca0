"""The committees and people of a scale data set: a district over town committees, each with a full staff.

Towns are loaded from the same rules template (`committee.toml` with another code, name and document prefixes),
through `rules_load`, as an amended template would be. The first town is the demo committee (`miyun-town`)
with the demo logins, so that the benchmarks log in as `office_staff`, `liaison-fulian` and so on.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from committee.demo import GIVEN, OFFICERS, SURNAMES
from committee.models import Committee, Person, Position
from committee.services import appointment_make, person_create, rules_load
from members.models import MemberUnit

DISTRICT = "miyun-district"
FIRST_TOWN = "miyun-town"
# Towns of 密云区 first; past them, names made of two syllables (a district of a large city has hundreds).
TOWN_NAMES = [
    "溪翁庄",
    "西田各庄",
    "十里堡",
    "河南寨",
    "巨各庄",
    "穆家峪",
    "太师屯",
    "高岭",
    "不老屯",
    "冯家峪",
    "古北口",
    "大城子",
    "东邵渠",
    "北庄",
    "新城子",
    "石城",
]
SYLLABLES = "安宁和平兴隆永丰东西南北新河山林泉石桥庄田屯营峪口城堡寨岭沟湾"


@dataclass
class Town:
    """A town committee with its people: logins by role (`director`, `office_staff`, `liaison:<unit code>`)."""

    committee: Committee
    units: list[MemberUnit]
    users: dict[str, object] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)

    def user(self, role: str):
        return self.users[role]

    def liaison(self, unit: MemberUnit):
        return self.users[f"liaison:{unit.code}"]

    def head(self, unit: MemberUnit):
        return self.users[f"head:{unit.code}"]


def town_name(index: int) -> str:
    if index < len(TOWN_NAMES):
        return TOWN_NAMES[index]
    n = index - len(TOWN_NAMES)
    return SYLLABLES[n % len(SYLLABLES)] + SYLLABLES[(n // len(SYLLABLES) + 7) % len(SYLLABLES)] + f"{n // 900 or ''}"


def _template(code: str, name: str, *, units: bool) -> Path:
    """A copy of the rules template for another committee: same rules text, its own code, names and prefixes."""
    source = Path(settings.COMMITTEE_RULES_DATA)
    target = Path(tempfile.mkdtemp(prefix=f"scale-{code}-"))
    config = (source / "committee.toml").read_text(encoding="utf-8")
    shutil.copy(source / re.search(r'rules_file = "([^"]+)"', config).group(1), target)
    replacements = {
        "code": code,
        "name": f"北京市密云区{name}社区矫正委员会",
        "short_name": f"{name}社区矫正委员会",
        "approving_body": f"{name}人民政府",
        "office_name": f"北京市密云区{name}社区矫正委员会办公室",
        "doc_prefix": f"{name[:2]}矫委",
        "office_doc_prefix": f"{name[:2]}矫委办",
    }
    head, _sep, rest = config.partition("[[units]]")
    for key, value in replacements.items():
        head = re.sub(rf'(?m)^{key} = "[^"]*"', f'{key} = "{value}"', head)
    # Without units, `units = []` goes first: a top-level key must come before the file's first table.
    text = head + "[[units]]" + rest if units else "units = []\n" + head
    (target / "committee.toml").write_text(text, encoding="utf-8")
    return target


def committee_load(code: str, name: str, *, units: bool = True) -> Committee:
    if code == FIRST_TOWN:
        return rules_load(data_dir=settings.COMMITTEE_RULES_DATA)[0]
    folder = _template(code, name, units=units)
    try:
        return rules_load(data_dir=folder)[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def district_load() -> Committee:
    return committee_load(DISTRICT, "密云区", units=False)


def set_parent(committees: list[Committee], parent: Committee) -> None:
    """Shortcut: a committee's parent is set by the system administrator when the deployment is set up; there is
    no service for it (and no history worth keeping here), so the generator writes it directly."""
    Committee.objects.filter(pk__in=[c.pk for c in committees]).update(parent=parent)


def staff_town(committee: Committee, *, since: datetime.date, password: str, prefix: str) -> Town:
    """Appoints a director, three deputies, the office and a head and a liaison for every unit, each with a login;
    in the demo committee (empty `prefix`) with the demo usernames. Idempotent, like `demo_people_create`."""
    User = get_user_model()
    hashed = make_password(password)
    units = list(committee.units.active().order_by("sort_order"))
    town = Town(committee=committee, units=units)

    def login(username: str, name: str, title: str, position: str, role: str, unit=None, note: str = "") -> None:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.password = hashed  # one hash for all: hashing per login would dominate a large set
            user.save(update_fields=["password"])
        person = Person.objects.filter(user=user).first() or person_create(
            committee=committee, name=name, job_title=title, user=user, email=f"{username}@example.invalid"
        )
        if not person.appointments.filter(position=position, unit=unit, end_date=None).exists():
            appointment_make(
                committee=committee, person=person, position=position, unit=unit, start_date=since, duties_note=note
            )
        town.users[role], town.persons[role] = user, person

    for username, name, title, position, note in OFFICERS:
        login(f"{prefix}{username}", name, title, position, username, note=note)
    for index, unit in enumerate(units):
        for position, role, offset in ((Position.UNIT_HEAD, "head", 0), (Position.LIAISON, "liaison", 1)):
            name = SURNAMES[(2 * index + offset) % len(SURNAMES)] + GIVEN[(index + offset * 5) % len(GIVEN)]
            title = f"{unit.name}{'负责人' if position == Position.UNIT_HEAD else '工作人员'}"
            login(f"{prefix}{role}-{unit.code}", name, title, position, f"{role}:{unit.code}", unit=unit)
    return town


def district_viewer(district: Committee, *, since: datetime.date, password: str) -> object:
    """The district's observer (观察员), who reads every town below: the user of the committee switcher."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username="district-viewer", defaults={"first_name": "区矫正局"})
    if created:
        user.password = make_password(password)
        user.save(update_fields=["password"])
    person = Person.objects.filter(user=user).first() or person_create(
        committee=district, name="区社区矫正管理局", job_title="区社区矫正管理局干部", user=user
    )
    if not person.appointments.filter(position=Position.VIEWER, end_date=None).exists():
        appointment_make(committee=district, person=person, position=Position.VIEWER, start_date=since)
    return user
