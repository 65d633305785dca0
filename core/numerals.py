"""Chinese numerals and dates the way government documents write them."""

from __future__ import annotations

import datetime
import re

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (enough for article and item numbers)."""
    if not 0 < n < 1000:
        raise ValueError(f"{n} is outside 1..999")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    if ones:
        out += DIGITS[ones]
    return out


def from_chinese(text: str) -> int:
    """The inverse of `to_chinese`: 二十六 -> 26."""
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS.index(char)
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += current * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def article_label(number: int) -> str:
    return f"第{to_chinese(number)}条"


def chinese_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026-03-05 -> 2026年3月5日, as dates are written in the body of an official document."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def shown_date(value: datetime.date | datetime.datetime) -> str:
    """A date as the active language writes it: 2026年3月5日, or 5 Mar 2026 in English."""
    from django.utils import translation

    if not (translation.get_language() or "zh").startswith("zh"):
        return f"{value.day} {value:%b %Y}"
    return chinese_date(value)


_PRINTED_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")


def parse_printed_date(text: str) -> datetime.date:
    """Reads a date as printed at the foot of a document; tolerates a missing 日 as in the 2022 rules."""
    match = _PRINTED_DATE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a printed date: {text!r}")
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def join_items(items) -> str:
    """Joins a short list the way the active language does: 甲、乙、丙 / A, B, C."""
    from django.utils import translation

    separator = "、" if (translation.get_language() or "zh").startswith("zh") else ", "
    return separator.join(str(item) for item in items)
