"""Line breaks of an official document's title (GB/T 9704 7.3.1): at word boundaries, in a trapezoid or diamond.

A title longer than a line is broken where a reader would pause: never inside a word (委员会, 社区矫正),
never between a number and what it counts (2026年度), never before closing punctuation or after an opening
bracket. Words come from jieba (its dictionary less its rare words) with the domain's own words added (the
committee's names, its units, the terms of community correction), so that 社区矫正委员会 is never split into
社区｜矫正. A title with line breaks in it is printed as broken.

Among the ways to break at those places, the one chosen has the fewest lines and the most even shape:
lines that grow downwards (a trapezoid) or grow and then shrink (a diamond), never a long line between
two short ones.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Iterable

CLOSING = set("，。、；：！？）》」』”’〕】…—·")
OPENING = set("（《「『“‘〔【")

# Words of the trade that a general dictionary cuts in two; the committee's and its units' names are added
# when a document is laid out (`title_words`).
DOMAIN_WORDS = (
    "社区矫正",
    "社区矫正法",
    "社区矫正委员会",
    "社区矫正对象",
    "社区矫正工作",
    "矫正委员会",
    "矫正对象",
    "委员会",
    "成员单位",
    "办公室",
    "司法所",
    "司法局",
    "派出所",
    "工作规则",
    "工作方案",
    "工作要点",
    "实施方案",
    "实施意见",
    "书面报告",
    "年度报告",
    "履职情况",
    "教育帮扶",
    "监督管理",
    "督导检查",
    "全体会议",
    "专题会议",
    "办公室会议",
    "会议纪要",
    "联络员",
    "人民政府",
    "安置帮教",
    "心理矫治",
    "公益活动",
    "调查评估",
    "专项整治",
    "平安建设",
)

_lock = threading.Lock()
_pending: set[str] = set(DOMAIN_WORDS)  # words to add when the tokenizer is first needed
# jieba's dictionary less its rare words (used fewer than this many times in its corpus): a title is made of
# common words, and the 105,000 words left take 16 MB and 0.3 s to load instead of 80 MB and 1 s.
MIN_FREQ = 10
STRONG = 200000


def _dictionary() -> str:
    """jieba's own dictionary, cut down to its common words, written once per machine beside jieba's cache."""
    import os
    import tempfile
    from pathlib import Path

    import jieba

    target = Path(tempfile.gettempdir()) / f"jieba-titles-{jieba.__version__}-{MIN_FREQ}.txt"
    if not target.exists():
        source = Path(jieba.__file__).with_name("dict.txt")
        kept = []
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                word, freq, *_tag = line.split()
                if int(freq) >= MIN_FREQ or len(word) == 1:
                    kept.append(f"{word} {freq}\n")
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("".join(kept), encoding="utf-8")
        partial.replace(target)
    return str(target)


@functools.cache
def _tokenizer():
    import jieba  # imported on first use, and only for a title longer than a line

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer(dictionary=_dictionary())


def add_words(words: Iterable[str]) -> None:
    """Makes these words (names of organs, units, places) unbreakable in titles from now on."""
    with _lock:
        _pending.update(word.strip() for word in words if len(word.strip()) > 1)


def words(text: str) -> list[str]:
    tokenizer = _tokenizer()
    with _lock:
        while _pending:
            word = _pending.pop()
            if tokenizer.FREQ.get(word, 0) < STRONG:
                tokenizer.add_word(word, freq=STRONG)
        return list(tokenizer.cut(text, HMM=False))


def width_em(text: str) -> float:
    """Width in em: CJK and full-width forms are 1 em; the digits and Latin letters of the stand-in fonts
    (Fandol, and the Song, Fang and Hei faces offices install) about half an em."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def break_positions(text: str) -> list[int]:
    """Where a line may end in `text`: between two words, and not next to punctuation that binds."""
    positions, at = [], 0
    for word in words(text)[:-1]:
        at += len(word)
        before, after = text[at - 1], text[at]
        if after in CLOSING or before in OPENING:
            continue
        if before.isascii() and before.isalnum():
            continue  # a number stays with what it counts: 2026年度, 3号
        if after.isascii() and after.isalnum() and not before.isascii() and before not in "为在于和与及的第共":
            continue  # 第12, 前12 and the like stay together; after 关于/为 a number may start a line
        positions.append(at)
    return positions


def _shape_cost(widths: list[float], per_line: float) -> float:
    """How far the lines are from a trapezoid (growing downwards) or a diamond (growing, then shrinking),
    and from even lengths. A line longer than the block is out of the question."""
    if max(widths) > per_line + 1e-6:
        return math.inf
    cost = 0.0
    peak = widths.index(max(widths))
    for index in range(1, len(widths)):
        step = widths[index] - widths[index - 1]
        rising = index <= peak
        if (rising and step < 0) or (not rising and step > 0):
            cost += 100 + step * step * 10  # against the shape
        if not rising:
            cost += 2  # a trapezoid is preferred to a diamond
        cost += max(0.0, abs(step) - 4) ** 2  # steps of a few characters, not a dwarf line under a long one
    mean = sum(widths) / len(widths)
    cost += sum((width - mean) ** 2 for width in widths) * 0.05
    cost += max(0.0, per_line * 0.45 - min(widths)) ** 2  # no line of two or three characters
    return cost


def title_lines(title: str, per_line: float) -> list[str]:
    """The title's lines: as the drafter broke them, else at word boundaries in the most even trapezoid."""
    typed = [" ".join(line.split()) for line in title.splitlines() if line.strip()]
    if len(typed) > 1:
        return typed
    title = " ".join(title.split())
    total = width_em(title)
    if total <= per_line:
        return [title]
    positions = break_positions(title)
    least = math.ceil(total / per_line)
    for count in range(least, least + 3):
        best = _best_split(title, positions, count, per_line)
        if best is not None:
            return best
    return _forced(title, per_line)


def _best_split(title: str, positions: list[int], count: int, per_line: float) -> list[str] | None:
    """The cheapest way to cut the title into `count` lines at `positions` (all combinations are few:
    a title has at most a few dozen words)."""
    best, best_cost = None, math.inf
    cuts = [0, *positions, len(title)]

    def walk(start_index: int, chosen: list[int], remaining: int) -> None:
        nonlocal best, best_cost
        start = cuts[start_index]
        if remaining == 1:
            lines = [title[a:b] for a, b in zip([0, *chosen], [*chosen, len(title)], strict=True)]
            cost = _shape_cost([width_em(line) for line in lines], per_line)
            if cost < best_cost:
                best, best_cost = lines, cost
            return
        for index in range(start_index + 1, len(cuts) - 1):
            used = width_em(title[start : cuts[index]])
            if used > per_line:
                break
            if used < per_line * 0.3 or width_em(title[cuts[index] :]) > (remaining - 1) * per_line:
                continue  # a dwarf line, or the rest cannot fit in the lines left
            walk(index, [*chosen, cuts[index]], remaining - 1)

    walk(0, [], count)
    return best


def _forced(title: str, per_line: float) -> list[str]:
    """No word boundary fits (a single word longer than a line): cut where the line is full."""
    lines, line = [], ""
    for char in title:
        if width_em(line + char) > per_line:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]
