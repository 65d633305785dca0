"""Reads a committee's work rules from their text file, verbatim (Art 26: the rules are data).

The text is parsed, never rewritten: each article keeps its exact wording, and each duty item
is a slice of its article, so that an amended rule is a change to the data file alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from core.numerals import from_chinese, parse_printed_date

CHAPTER = re.compile(r"^[一二三四五六七八九十]+、\S+$")
ARTICLE = re.compile(r"^(第([一二三四五六七八九十百零]+)条)\s+(.+)$")
ITEM_SEPARATOR = "；"
DUTY_LEAD = re.compile(r"^(?P<lead>[^：]{1,40}：)(?P<body>.+)$", re.S)


class RulesFormatError(ValueError):
    """The rules text does not have the shape of a work-rules document."""


@dataclass(frozen=True)
class ParsedArticle:
    number: int
    label: str
    chapter: str
    text: str

    def duty_items(self) -> list[str]:
        """The duty items of an article that lists duties as 'XX职责：甲；乙；丙。'.

        The lead up to the colon and the final full stop are not part of any item; everything
        else is kept as written, so that joining the items with '；' gives the body back.
        """
        match = DUTY_LEAD.match(self.text)
        if not match:
            raise RulesFormatError(f"{self.label} does not list duties after a colon")
        body = match.group("body")
        if body.endswith("。"):
            body = body[:-1]
        return body.split(ITEM_SEPARATOR)


@dataclass
class ParsedRules:
    title: str
    text: str
    issuer: str
    issued_on_as_printed: str
    articles: list[ParsedArticle] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def issued_on(self):
        return parse_printed_date(self.issued_on_as_printed)

    def article(self, number: int) -> ParsedArticle:
        for article in self.articles:
            if article.number == number:
                return article
        raise KeyError(number)


def parse_rules(text: str) -> ParsedRules:
    """Splits the rules into title, chapters, articles (paragraphs joined by a blank line) and the signature."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 4:
        raise RulesFormatError("the rules text is too short")
    title, *body = lines
    # The document closes with the issuing body and the date, after the last article.
    issuer, printed_date = body[-2], body[-1]
    try:
        parse_printed_date(printed_date)
    except ValueError as exc:
        raise RulesFormatError(f"the last line is not a date: {printed_date!r}") from exc
    body = body[:-2]

    articles: list[dict] = []
    chapter = ""
    for line in body:
        if CHAPTER.match(line):
            chapter = line
            continue
        match = ARTICLE.match(line)
        if match:
            label, numeral, first_paragraph = match.groups()
            articles.append(
                {"number": from_chinese(numeral), "label": label, "chapter": chapter, "paragraphs": [first_paragraph]}
            )
        elif articles:
            articles[-1]["paragraphs"].append(line)
        else:
            raise RulesFormatError(f"text before the first article: {line!r}")

    numbers = [article["number"] for article in articles]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RulesFormatError(f"articles are not numbered 1..n: {numbers}")
    return ParsedRules(
        title=title,
        text=text,
        issuer=issuer,
        issued_on_as_printed=printed_date,
        articles=[
            ParsedArticle(
                number=article["number"],
                label=article["label"],
                chapter=article["chapter"],
                text="\n\n".join(article["paragraphs"]),
            )
            for article in articles
        ],
    )
