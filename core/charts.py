"""Small charts drawn on the server as SVG: no script, no library, the same numbers in a table beside them.

Two kinds are enough for the work bench and the committee page: horizontal bars (stacked or not, one row per
category: a unit's tasks by state, meetings by kind) and a cumulative step line over dates with a deadline
marker (reports submitted against the deadline). Each chart is `role="img"` with a <title> and a <desc>, and
`core/includes/chart.html` shows its numbers in a table under a <details> for screen readers and for those who
prefer numbers. Colours go in presentation attributes (the CSP allows no inline styles).
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .numerals import chinese_date

# Colour-blind-safe tones (Okabe-Ito), each with a text label in the legend and the table.
TONES = {
    "success": "#009e73",
    "warning": "#e69f00",
    "danger": "#d55e00",
    "info": "#56b4e9",
    "primary": "#0072b2",
    "secondary": "#999999",
    "purple": "#cc79a7",
}

_ids = itertools.count(1)

WIDTH = 400
FONT = 13


@dataclass
class Series:
    label: str
    values: list[int]
    tone: str = "primary"

    @property
    def colour(self) -> str:
        return TONES.get(self.tone, self.tone)


@dataclass
class Chart:
    """What a page shows: the SVG, its legend, and the table of the same numbers."""

    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list]
    legend: list[Series] = field(default_factory=list)
    summary: str = ""


def day_label(day: datetime.date) -> str:
    """2026年3月5日, or 5 Mar 2026 in the English UI (as the `cn_date` filter writes it)."""
    if not (get_language() or "zh").startswith("zh"):
        return f"{day.day} {day:%b %Y}"
    return chinese_date(day)


def _text_width(text: str) -> float:
    """Rough width of a label in px: CJK characters are square, Latin ones about half as wide."""
    return sum(FONT if ord(c) > 0x2E80 else FONT * 0.6 for c in text)


def _svg(title: str, desc: str, height: int, body: str) -> SafeString:
    number = next(_ids)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="chart-t{n} chart-d{n}" font-size="{f}" font-family="sans-serif">'
        '<title id="chart-t{n}">{title}</title><desc id="chart-d{n}">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        n=number,
        f=FONT,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 - built below from escaped parts only
    )


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    stacked: bool = True,
    targets: dict[int, tuple[int, str]] | None = None,
    category_header: str = "",
    summary: str = "",
) -> Chart:
    """One horizontal bar per category, its series stacked end to end (or drawn side by side, `stacked=False`).

    `targets` maps a category's index to (number, label): a dark tick where the bar should at least reach (Art
    21's one office meeting a year)."""
    targets = targets or {}
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    if stacked:
        top = max([*totals, *(t for t, _ in targets.values()), 1])
    else:
        top = max([*(v for s in series for v in s.values), *(t for t, _ in targets.values()), 1])
    label_w = min(max([_text_width(c) for c in categories] + [40]) + 8, WIDTH * 0.4)
    number_w = 34
    plot_w = WIDTH - label_w - number_w
    band = 24 if stacked else 12 * len(series) + 8
    height = band * len(categories) + 8
    parts: list[str] = []
    for i, category in enumerate(categories):
        y = 4 + i * band
        parts.append(
            f'<text x="{label_w - 6:.1f}" y="{y + band / 2 + 4:.1f}" text-anchor="end" fill="#212529">'
            f"{escape(category)}</text>"
        )
        x = label_w
        for j, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            w = plot_w * value / top
            if stacked:
                rect_y, rect_h = y + 3, band - 6
            else:
                rect_y, rect_h = y + 4 + j * 12, 10
                x = label_w
            parts.append(
                f'<rect x="{x:.1f}" y="{rect_y:.1f}" width="{w:.1f}" height="{rect_h}" fill="{s.colour}">'
                f"<title>{escape(category)} · {escape(s.label)}：{value}</title></rect>"
            )
            if stacked:
                x += w
            else:
                parts.append(
                    f'<text x="{label_w + w + 4:.1f}" y="{rect_y + 9:.1f}" font-size="10" fill="#212529">{value}</text>'
                )
        if stacked:
            parts.append(f'<text x="{x + 4:.1f}" y="{y + band / 2 + 4:.1f}" fill="#212529">{totals[i]}</text>')
        if i in targets:
            tx = label_w + plot_w * targets[i][0] / top
            parts.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y + 1}" y2="{y + band - 1}" stroke="#212529" '
                f'stroke-width="2" stroke-dasharray="3 2"><title>{escape(targets[i][1])}</title></line>'
            )
    parts.append(f'<line x1="{label_w}" x2="{label_w}" y1="2" y2="{height - 2}" stroke="#6c757d"/>')
    desc = "；".join(f"{c}：" + "，".join(f"{s.label} {s.values[i]}" for s in series) for i, c in enumerate(categories))
    headers = [category_header, *(s.label for s in series)] + ([_("合计")] if stacked and len(series) > 1 else [])
    rows = [
        [c, *(s.values[i] for s in series)] + ([totals[i]] if stacked and len(series) > 1 else [])
        for i, c in enumerate(categories)
    ]
    return Chart(
        title=title,
        svg=_svg(title, desc, height, "".join(parts)),
        headers=headers,
        rows=rows,
        legend=series,
        summary=summary,
    )


def cumulative_line(
    title: str,
    moments: list[datetime.date],
    *,
    total: int,
    start: datetime.date,
    deadline: datetime.date,
    today: datetime.date,
    labels: dict[str, str],
    summary: str = "",
) -> Chart:
    """How many of `total` were done by each day: a step line from `start`, a dashed marker on `deadline`,
    a thin line at `total`. `labels` gives the words: "date", "count", "deadline", "total"."""
    moments = sorted(moments)
    end = max([deadline, today if today > start else start, *moments]) + datetime.timedelta(days=1)
    span = max((end - start).days, 1)
    left, right, top_pad, bottom = 34, 12, 10, 26
    plot_w, plot_h = WIDTH - left - right, 150
    height = top_pad + plot_h + bottom
    top = max(total, len(moments), 1)

    def px(day: datetime.date) -> float:
        return left + plot_w * max(min((day - start).days, span), 0) / span

    def py(n: int) -> float:
        return top_pad + plot_h - plot_h * n / top

    parts = [
        f'<line x1="{left}" x2="{left + plot_w}" y1="{py(0):.1f}" y2="{py(0):.1f}" stroke="#6c757d"/>',
        f'<line x1="{left}" x2="{left}" y1="{top_pad}" y2="{py(0):.1f}" stroke="#6c757d"/>',
        f'<text x="{left - 4}" y="{py(0) + 4:.1f}" text-anchor="end" fill="#212529">0</text>',
        f'<text x="{left - 4}" y="{py(top) + 4:.1f}" text-anchor="end" fill="#212529">{top}</text>',
        f'<line x1="{left}" x2="{left + plot_w}" y1="{py(total):.1f}" y2="{py(total):.1f}" stroke="#999999" '
        f'stroke-dasharray="2 3"><title>{escape(labels["total"])}：{total}</title></line>',
    ]
    points = [(px(start), py(0))]
    count = 0
    for day, group in itertools.groupby(moments):
        n = len(list(group))
        x = px(day)
        points.append((x, py(count)))
        count += n
        points.append((x, py(count)))
    last_day = min(today, end) if today >= start else start
    points.append((max(px(last_day), points[-1][0]), py(count)))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{TONES["primary"]}" stroke-width="2.5"/>')
    dx = px(deadline)
    parts.append(
        f'<line x1="{dx:.1f}" x2="{dx:.1f}" y1="{top_pad}" y2="{py(0):.1f}" stroke="{TONES["danger"]}" '
        f'stroke-width="2" stroke-dasharray="5 3"><title>{escape(labels["deadline"])}</title></line>'
    )
    anchor = "end" if dx > left + plot_w / 2 else "start"
    shift = -4 if anchor == "end" else 4
    parts.append(
        f'<text x="{dx + shift:.1f}" y="{top_pad + 12}" text-anchor="{anchor}" fill="#212529">'
        f"{escape(labels['deadline'])}</text>"
    )
    for day, anchor in ((start, "start"), (end - datetime.timedelta(days=1), "end")):
        parts.append(
            f'<text x="{px(day):.1f}" y="{height - 8}" text-anchor="{anchor}" fill="#212529">'
            f"{day.month}/{day.day}</text>"
        )
    rows = []
    count = 0
    for day, group in itertools.groupby(moments):
        count += len(list(group))
        rows.append([day_label(day), count])
    desc = f"{labels['total']} {total}；" + "；".join(f"{d}：{n}" for d, n in rows)
    return Chart(
        title=title,
        svg=_svg(title, desc, height, "".join(parts)),
        headers=[labels["date"], labels["count"]],
        rows=rows,
        legend=[Series(labels["count"], [], "primary"), Series(labels["deadline"], [], "danger")],
        summary=summary,
    )
