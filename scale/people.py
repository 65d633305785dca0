"""The committees and people of a scale data set: a district over town committees, each with a full staff.

The district (`committee/data/miyun-district`) and the first town (`miyun-town`, with the demo logins, so that the
benchmarks log in as `office_staff`, `liaison-fulian` and so on) are loaded from their data folders; every other
town from a data folder written for it, whose `template` is 密云镇's (the same rules text and units) and whose
parent is the district, through `rules_load`, as a district's real towns would be. People are appointed by the
demo's own functions (`committee.demo`).
"""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from committee.demo import CommitteeStaff, committee_staff, district_staff
from committee.models import Committee
from committee.services import committee_data_read, rules_load, rules_load_with_parents

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

# A town of the data set: the committee and its people by role.
Town = CommitteeStaff


def town_name(index: int) -> str:
    if index < len(TOWN_NAMES):
        return TOWN_NAMES[index]
    n = index - len(TOWN_NAMES)
    return SYLLABLES[n % len(SYLLABLES)] + SYLLABLES[(n // len(SYLLABLES) + 7) % len(SYLLABLES)] + f"{n // 900 or ''}"


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | int):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is written as JSON writes a string


def _town_folder(code: str, name: str) -> Path:
    """A data folder for another town of the template: 密云镇's rules text and units, its own code, names and
    代字, under the district, marked as demo data."""
    template = Path(settings.COMMITTEE_RULES_DATA).resolve()
    values = committee_data_read(template).committee | {
        "code": code,
        "name": f"北京市密云区{name}社区矫正委员会",
        "short_name": f"{name}社区矫正委员会",
        "approving_body": f"{name}人民政府",
        "office_name": f"北京市密云区{name}社区矫正委员会办公室",
        "doc_prefix": f"{name[:2]}矫委",
        "office_doc_prefix": f"{name[:2]}矫委办",
        "parent": DISTRICT,
        "demo": True,
    }
    lines = [f"template = {_toml(str(template))}", "", "[committee]"]
    lines += [f"{key} = {_toml(value)}" for key, value in values.items()]
    folder = Path(tempfile.mkdtemp(prefix=f"scale-{code}-"))
    (folder / "committee.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def committee_load(code: str, name: str) -> Committee:
    """A town under the district (`district_load` first): 密云镇 from its folder, any other from the template."""
    if code == FIRST_TOWN:
        return rules_load(data_dir=settings.COMMITTEE_RULES_DATA)[0]
    folder = _town_folder(code, name)
    try:
        return rules_load(data_dir=folder)[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def district_load() -> Committee:
    """The district, from its data folder (and, were it below a city of the configured tree, the city first)."""
    return rules_load_with_parents(data_dir=Path(settings.COMMITTEE_DATA) / DISTRICT)


def staff_town(committee: Committee, *, since: datetime.date, password: str, prefix: str) -> Town:
    """A director, three deputies, the office and a head and a liaison for every unit, each with a login and an
    e-mail address; in the demo committee (empty `prefix`) with the demo usernames. Idempotent."""
    return committee_staff(committee, since=since, password=password, prefix=prefix, emails=True)


def district_people(district: Committee, *, since: datetime.date, password: str) -> CommitteeStaff:
    """The district's director, office and observer (`district-viewer`, who reads every town below)."""
    return district_staff(district, since=since, password=password, emails=True)
