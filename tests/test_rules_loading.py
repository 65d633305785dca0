"""`load_rules`: the committee, 14 units and every duty item, verbatim from the rules file (Arts 5-20, 26)."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from committee.models import Article, RulesVersion
from committee.rules import parse_rules
from committee.services import rules_load
from core.numerals import article_label, from_chinese, to_chinese
from members.models import Duty, MemberUnit

RULES_FILE = Path(settings.COMMITTEE_RULES_DATA) / "work-rules.zh.txt"
SHARED_RULES = Path(settings.BASE_DIR).parent / "shared" / "rules" / "work-rules.zh.txt"

# Duty items per article as the rules write them, separated by '；'.
EXPECTED_ITEMS = {5: 5, 7: 9, 8: 11, 9: 4, 10: 5, 11: 5, 12: 6, 13: 5, 14: 5, 15: 4, 16: 2, 17: 2, 18: 2, 19: 2, 20: 1}


def test_project_data_file_is_the_rules_verbatim():
    if not SHARED_RULES.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert RULES_FILE.read_bytes() == SHARED_RULES.read_bytes()


def test_fourteen_units_one_per_article_7_to_20(committee):
    units = MemberUnit.objects.filter(committee=committee)
    assert units.count() == 14
    assert sorted(units.values_list("article_number", flat=True)) == list(range(7, 21))
    # Art 6 lists the members but forgets three units whose duties Arts 9, 19 and 20 set.
    assert set(units.filter(listed_in_art6=False).values_list("article_number", flat=True)) == {9, 19, 20}


def test_duty_items_per_article(committee):
    counts = {
        article: Duty.objects.filter(committee=committee, article_number=article).count() for article in EXPECTED_ITEMS
    }
    assert counts == EXPECTED_ITEMS
    assert Duty.objects.filter(committee=committee, unit=None).count() == 5


def test_texts_are_identical_to_the_rules_file(committee):
    text = RULES_FILE.read_text(encoding="utf-8")
    rules = RulesVersion.objects.get(committee=committee)
    assert rules.text == text
    for article in Article.objects.filter(rules=rules):
        for paragraph in article.paragraphs:
            assert f"{paragraph}" in text
        assert f"{article.label} {article.paragraphs[0]}" in text
    for article_number in EXPECTED_ITEMS:
        article = Article.objects.get(rules=rules, number=article_number)
        items = Duty.objects.filter(committee=committee, article_number=article_number).order_by("item_number")
        body = "；".join(item.text for item in items) + "。"
        assert article.text.endswith(body), article.label
        lead = article.text[: -len(body)]
        assert lead.endswith("："), lead


def test_article_19_has_no_closing_catch_all(committee):
    items = list(Duty.objects.filter(committee=committee, article_number=19).values_list("text", flat=True))
    assert items[-1] == "依法协助社区矫正机构做好身患残疾社区矫正对象教育帮扶工作"


def test_committee_record_from_data(committee):
    assert committee.name == "北京市密云区密云镇社区矫正委员会"
    assert committee.nature == "议事协调机构"
    assert committee.doc_prefix == "密镇矫委"
    assert committee.office_doc_prefix == "密镇矫委办"
    assert committee.max_deputies == 3
    rules = committee.rules_versions.get()
    assert rules.issuer == "北京市密云区密云镇人民政府"
    assert rules.issued_on.isoformat() == "2022-03-30"
    assert rules.articles.count() == 26
    assert rules.articles.get(number=6).paragraphs[1].startswith("根据社区矫正工作需要")


def test_load_is_idempotent_and_reports(committee):
    out = StringIO()
    call_command("load_rules", "--data", settings.COMMITTEE_RULES_DATA, stdout=out)
    assert "nothing to change" in out.getvalue()
    assert "units: 0 created, 0 updated, 14 unchanged" in out.getvalue()
    assert RulesVersion.objects.filter(committee=committee).count() == 1
    assert Duty.objects.filter(committee=committee).count() == 68


def test_amended_rules_are_a_data_change(committee, tmp_path):
    data = tmp_path / "amended"
    shutil.copytree(settings.COMMITTEE_RULES_DATA, data)
    rules_file = data / "work-rules.zh.txt"
    text = rules_file.read_text(encoding="utf-8")
    amended = text.replace("做好社区矫正经费保障工作；", "做好社区矫正经费保障工作；统筹安排社区矫正场所建设资金；")
    amended = amended.replace("协调社区矫正重大疑难案件；", "")
    rules_file.write_text(amended, encoding="utf-8")

    _committee, report = rules_load(data_dir=data)

    assert report.changed
    assert committee.rules_versions.count() == 2
    assert committee.rules_versions.order_by("-version").first().text == amended
    art18 = list(Duty.objects.filter(article_number=18, is_active=True).order_by("item_number"))
    assert [d.text for d in art18][1] == "统筹安排社区矫正场所建设资金"
    assert Duty.objects.filter(article_number=9, is_active=True).count() == 3
    assert Duty.objects.filter(article_number=9, is_active=False).count() == 1
    # The history of a duty item shows the change of its wording.
    assert Duty.objects.get(article_number=9, item_number=1).history.count() == 2


@pytest.mark.parametrize("n", [1, 9, 10, 11, 19, 20, 26, 99, 100, 105, 110])
def test_chinese_numerals_round_trip(n):
    assert from_chinese(to_chinese(n)) == n


def test_article_labels():
    assert article_label(7) == "第七条"
    assert article_label(20) == "第二十条"
    assert article_label(26) == "第二十六条"


def test_parser_rejects_a_text_that_is_not_rules():
    from committee.rules import RulesFormatError

    with pytest.raises(RulesFormatError):
        parse_rules("标题\n\n一段话\n\n没有条文\n\n2022年3月30日")
