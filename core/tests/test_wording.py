"""Phrases (core.wording): kept as message ids and parameters, worded in the language of whoever reads them."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, gettext_noop

from core.wording import Phrase
from core.wording_migration import _patterns, phrase_data


def test_a_phrase_is_worded_in_the_active_language_whatever_language_made_it():
    with translation.override("en"):
        phrase = Phrase(gettext_noop("请签发：%(title)s"), title="关于年度报告的通知")
    assert phrase.worded("zh-hans") == "请签发：关于年度报告的通知"
    assert phrase.worded("en") == "Please sign off: 关于年度报告的通知"


def test_parameters_nest_and_survive_json():
    deadline = datetime.date(2026, 3, 5)
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))
    with translation.override("en"):
        phrase = Phrase.lines(
            Phrase(gettext_noop("会议：%(title)s（%(kind)s）"), title="全体会议", kind=gettext_lazy("全体会议")),
            Phrase(gettext_noop("时间：%(when)s"), when=moment),
            Phrase(gettext_noop("办理期限：%(date)s。"), date=deadline),
            Phrase(gettext_noop("议题：%(items)s"), items=["甲", "乙"]),
        )
    stored = Phrase.from_data(json.loads(json.dumps(phrase.data)))
    assert stored == phrase
    assert stored.worded("zh-hans").splitlines() == [
        "会议：全体会议（全体会议）",
        "时间：2026年3月5日 14:30",
        "办理期限：2026年3月5日。",
        "议题：甲、乙",
    ]
    english = stored.worded("en").splitlines()
    assert english[1:] == ["Time: 5 Mar 2026 14:30", "Deadline: 5 Mar 2026.", "Agenda items: 甲, 乙"]
    assert "Plenary meeting" in english[0]


def test_old_text_is_matched_back_to_its_phrase_in_either_language():
    patterns = _patterns(["会议通知：%(title)s", "会议通知（再次发送）：%(title)s", "催办：%(title)s（已逾期%(n)s天）"])
    assert phrase_data("会议通知（再次发送）：年度会议", patterns) == {
        "msgid": "会议通知（再次发送）：%(title)s",
        "params": {"title": "年度会议"},
    }
    with translation.override("en"):
        english = translation.gettext("催办：%(title)s（已逾期%(n)s天）") % {"title": "联合排查", "n": 5}
    assert phrase_data(english, patterns) == {
        "msgid": "催办：%(title)s（已逾期%(n)s天）",
        "params": {"title": "联合排查", "n": "5"},
    }
    assert phrase_data("请出席", patterns) is None
