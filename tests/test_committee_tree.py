"""The tree as demo and data (Art 5: 市、区、镇三级): `load_rules` loads 密云区 and its towns from their folders, parent
first, each town's rules from the template; the demo gives the district its people and each demo town its own."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from committee.models import Appointment, Committee, Position
from committee.services import RulesDataError, committee_data_read, rules_load
from members.models import Duty

DISTRICT_FOLDER = Path(settings.COMMITTEE_DATA) / "miyun-district"
DEMO_TOWNS = ["shilipu-town", "xitiangezhuang-town", "xiwengzhuang-town"]


def folder_with(tmp_path: Path, name: str, committee: dict, **top) -> Path:
    """A data folder whose template is 密云镇's (an absolute path: the folder is not beside it)."""
    folder = tmp_path / name
    folder.mkdir()
    lines = [f'template = "{Path(settings.COMMITTEE_RULES_DATA).resolve()}"']
    lines += [f"{key} = {value}" for key, value in top.items()]
    lines += ["[committee]"] + [f'{key} = "{value}"' for key, value in committee.items()]
    lines += ['nature = "议事协调机构"', 'legal_basis = "《中华人民共和国社区矫正法》"', "established_on = 2022-03-30"]
    lines += ["effective_on = 2022-03-30", 'office_host = "镇司法所"']
    (folder / "committee.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


TOWN = {
    "code": "test-town",
    "name": "测试镇社区矫正委员会",
    "short_name": "测试镇社区矫正委员会",
    "approving_body": "测试镇人民政府",
    "office_name": "测试镇社区矫正委员会办公室",
    "doc_prefix": "测镇矫委",
    "office_doc_prefix": "测镇矫委办",
}


@pytest.fixture
def tree(committee):
    """The whole configured tree: the district, 密云镇 and the three demo towns."""
    call_command("load_rules", stdout=StringIO())
    return Committee.objects.get(code="miyun-district")


def test_the_tree_loads_parent_first_and_a_second_run_changes_nothing(committee):
    # The towns given before their district: the loader puts the district first.
    folders = list(reversed(settings.COMMITTEE_TREE))
    first = StringIO()
    call_command("load_rules", *[arg for folder in folders for arg in ("--data", folder)], stdout=first)
    assert first.getvalue().index("(miyun-district)") < first.getvalue().index("(xiwengzhuang-town)")
    again = StringIO()
    call_command("load_rules", stdout=again)
    assert again.getvalue().rstrip().endswith("nothing to change")

    district = Committee.objects.get(code="miyun-district")
    assert district.parent is None and district.is_demo
    assert district.office_host == "区司法局社区矫正科" and district.doc_prefix == "京密矫委"
    assert not district.units.exists()  # its members are district bureaus: `units = []` borrows none
    assert Duty.objects.filter(committee=district, unit=None).count() == 5  # Art 5 of the template's text
    assert not committee.is_demo and committee.parent == district
    towns = Committee.objects.filter(parent=district)
    assert sorted(towns.values_list("code", flat=True)) == sorted(["miyun-town", *DEMO_TOWNS])
    for town in towns.exclude(pk=committee.pk):
        assert town.is_demo
        assert town.units.count() == 14 and Duty.objects.filter(committee=town).count() == 68
        assert town.rules_versions.get().sha256 == committee.rules_versions.get().sha256
    xiwengzhuang = towns.get(code="xiwengzhuang-town")
    assert (xiwengzhuang.name, xiwengzhuang.doc_prefix) == ("北京市密云区溪翁庄镇社区矫正委员会", "溪镇矫委")


def test_an_unknown_parent_is_refused_with_the_folder_and_what_to_do(committee, tmp_path):
    folder = folder_with(tmp_path, "orphan", TOWN | {"parent": "nowhere-district"})
    with pytest.raises(CommandError, match="'nowhere-district' is not loaded yet"):
        call_command("load_rules", "--data", str(folder), stdout=StringIO())
    assert not Committee.objects.filter(code="test-town").exists()


def test_a_folder_without_rules_and_without_template_is_refused(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "committee.toml").write_text('[committee]\ncode = "bare"\n', encoding="utf-8")
    with pytest.raises(RulesDataError, match="rules_file, committee_duties_article, units"):
        committee_data_read(folder)


def test_a_parent_and_the_demo_mark_change_through_the_model_with_history(committee, tmp_path):
    town, _report = rules_load(data_dir=folder_with(tmp_path, "alone", TOWN, units="[]"))
    assert town.parent is None and not town.is_demo and not town.units.exists()
    moved, report = rules_load(data_dir=folder_with(tmp_path, "moved", TOWN | {"parent": "miyun-town"}))
    assert moved.pk == town.pk and moved.parent == committee and report.changed
    assert moved.units.count() == 14  # without `units` of its own, the template's
    latest, before = moved.history.order_by("-history_date", "-history_id")[:2]
    assert (before.parent_id, latest.parent_id) == (None, committee.pk)


def test_the_demo_users_give_the_district_its_people_and_each_demo_town_its_own(tree, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    held = {
        a.person.user.username: a
        for a in Appointment.objects.in_force().filter(committee__code__in=["miyun-district", *DEMO_TOWNS])
    }
    assert held["district-director"].position == Position.DIRECTOR
    assert held["district-office"].position == Position.OFFICE_STAFF
    assert held["district-office-director"].position == Position.OFFICE_DIRECTOR
    assert "区司法局社区矫正科" in held["district-office"].person.job_title
    assert held["district-viewer"].position == Position.VIEWER
    assert {held[name].committee for name in ("district-director", "district-office", "district-viewer")} == {tree}
    for town, prefix in zip(DEMO_TOWNS, ["shilipu-", "xitiangezhuang-", "xiwengzhuang-"], strict=True):
        assert held[f"{prefix}director"].committee.code == town
        assert held[f"{prefix}office_staff"].position == Position.OFFICE_STAFF
        assert held[f"{prefix}liaison-fulian"].unit.committee.code == town
        assert f"{prefix}director" in out.getvalue()
    # 密云镇 keeps its own people; a demo town's director is not 密云镇's.
    assert held["xiwengzhuang-director"].person.name != "王建国"
    assert "district-viewer" in out.getvalue()


def test_the_district_viewer_sees_the_four_towns_and_the_demo_badge(tree, client, settings):
    from committee.demo import demo_towns, demo_tree_people_create
    from meetings.demo import demo_town_create

    committee = Committee.objects.get(code="miyun-town")
    demo_tree_people_create(committee, "test-pass-1234")
    for number, town in enumerate(demo_towns(committee), start=1):
        demo_town_create(town, number)
    client.force_login(get_user_model().objects.get(username="district-viewer"))

    response = client.get(reverse("committee:oversight", args=[tree.code]))

    assert response.status_code == 200
    rows = {row.committee.code: row for row in response.context["rows"]}
    assert sorted(rows) == sorted(["miyun-town", *DEMO_TOWNS])
    assert rows["shilipu-town"].value("office_held") == 1
    assert rows["xitiangezhuang-town"].value("office_held") == 0
    assert rows["xiwengzhuang-town"].value("plenary_held") == 1
    assert response.content.decode().count("演示数据</span>") == 3
    page = client.get(reverse("committee:detail", args=["xiwengzhuang-town"])).content.decode()
    assert "演示数据</span>" in page
    assert "演示数据</span>" not in client.get(committee.get_absolute_url()).content.decode()
