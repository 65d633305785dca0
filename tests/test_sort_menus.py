"""The sort menu of a list is worded in the reader's language: 办理期限（降序） in Chinese, and English field names
with "(descending)" in English (django-filter fixed both at import: Chinese names, an English suffix)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


class _SelectOptions(HTMLParser):
    """The option labels of one <select name=...>."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.inside, self.in_option, self.options = name, False, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == self.name:
            self.inside = True
        elif tag == "option" and self.inside:
            self.in_option = True
            self.options.append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False
        elif tag == "option":
            self.in_option = False

    def handle_data(self, data):
        if self.in_option:
            self.options[-1] += data


def sort_options(html: str, name: str) -> list[str]:
    parser = _SelectOptions(name)
    parser.feed(html)
    return [option.strip() for option in parser.options]


LISTS = [
    ("documents:list", "o", "office_staff", "签发时间（降序）", "Signed off at (descending)"),
    ("duties:tasks", "o", "office_staff", "办理期限（降序）", "Deadline (descending)"),
    ("meetings:list", "o", "office_staff", "会议时间（降序）", "Meeting time (descending)"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "param", "username", "chinese", "english"), LISTS)
def test_the_sort_menu_in_each_language(login, staffed, route, param, username, chinese, english):
    client = login(username)
    url = reverse(route, kwargs={"committee_code": staffed.code})

    zh = sort_options(client.get(url).content.decode(), param)
    assert chinese in zh
    assert not [label for label in zh if "descending" in label or re.search("[A-Za-z]", label)], zh

    client.cookies["django_language"] = "en"
    en = sort_options(client.get(url).content.decode(), param)
    assert english in en
    assert not [label for label in en if CJK.search(label)], en
    assert len(en) == len(zh) > 2
