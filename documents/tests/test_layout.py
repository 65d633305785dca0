"""The layout helpers and the print stylesheet agree with GB/T 9704 in numbers and with each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from documents import rendering
from documents.rendering import (
    CHAR_PITCH_PT,
    LETTER_SPACING_PT,
    LINE_PITCH_PT,
    MM,
    estimated_width_em,
    fit_font_size,
    paragraphs,
    title_lines,
)

CSS = Path(rendering.STYLESHEET).read_text(encoding="utf-8")


def test_the_grid_numbers():
    assert 22 * LINE_PITCH_PT <= 225 * MM < 23 * LINE_PITCH_PT
    assert 28 * CHAR_PITCH_PT <= 156 * MM < 28 * CHAR_PITCH_PT + 0.5
    assert pytest.approx(-0.21) == LETTER_SPACING_PT


def test_the_stylesheet_uses_the_same_numbers():
    assert "size: A4;" in CSS
    assert "margin: 37mm 26mm 35mm 28mm;" in CSS
    assert f"line-height: {LINE_PITCH_PT}pt;" in CSS
    assert f"letter-spacing: {LETTER_SPACING_PT}pt;" in CSS
    assert f"text-indent: {2 * CHAR_PITCH_PT:.2f}pt;" in CSS
    assert f"margin-right: {4 * CHAR_PITCH_PT:.2f}pt;" in CSS
    assert f"margin: {2 * LINE_PITCH_PT:.1f}pt 0 0;" in CSS  # two blank lines above the title
    padding = 7 * MM - rendering.em_top_in_line(14, 14)
    assert f"padding-top: {padding:.3f}pt;" in CSS


def test_every_font_stack_names_a_cjk_font():
    stacks = re.findall(r"font-family:\s*([^;]+);", CSS)
    assert stacks
    for stack in stacks:
        assert "CJK SC" in stack, stack
    svg = Path(rendering.SEAL_SVG).read_text(encoding="utf-8")
    assert 'font-family="Noto Serif CJK SC"' in svg


def test_the_font_metrics_are_those_of_the_installed_font():
    from fontTools.ttLib import TTCollection

    path = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    if not Path(path).exists():
        pytest.skip("fonts-noto-cjk not at its Debian path")
    font = next(f for f in TTCollection(path, lazy=True).fonts if f["name"].getDebugName(1) == "Noto Serif CJK SC")
    scale = font["head"].unitsPerEm
    assert font["hhea"].ascent / scale == rendering.SERIF_ASCENT
    assert -font["hhea"].descent / scale == rendering.SERIF_DESCENT
    assert font["OS/2"].sTypoAscender / scale == rendering.IDEO_ASCENT


def test_long_titles_make_a_trapezoid():
    assert title_lines("关于印发通知的通知") == ["关于印发通知的通知"]
    lines = title_lines("关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知")
    assert "".join(lines) == "关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知"
    assert len(lines) == 2 and len(lines[0]) < len(lines[1])
    assert all(len(line) <= rendering.TITLE_CHARS_PER_LINE for line in lines)
    three = title_lines("关于" + "社区矫正委员会成员单位" * 5 + "的通知")
    assert len(three) == 3 and len(three[0]) <= len(three[1]) <= len(three[2])


def test_titles_are_measured_in_em_and_keep_numbers_whole():
    # 21 characters, but four are half-width digits: one line.
    assert title_lines("关于报送2026年度成员单位书面报告的通知") == ["关于报送2026年度成员单位书面报告的通知"]
    for line in title_lines("关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知"):
        assert not line[-1].isdigit() and not line[0].isdigit()


def test_no_line_of_a_title_starts_with_closing_punctuation():
    title = "关于印发《密云镇社区矫正委员会成员单位年度履职报告》工作方案的通知"
    for line in title_lines(title)[1:]:
        assert line[0] not in rendering.CLOSING


def test_body_headings():
    parsed = paragraphs("一、总体要求。坚持原则。\n\n（二）组织领导\n3.其他")
    assert [(p.level, p.head, p.rest) for p in parsed] == [
        (1, "一、总体要求。", "坚持原则。"),
        (2, "（二）组织领导", ""),
        (0, "", "3.其他"),
    ]


def test_the_mark_shrinks_to_one_line():
    assert fit_font_size("密云镇社区矫正委员会文件") == 36
    long = "北京市密云区密云镇社区矫正委员会办公室文件"
    assert fit_font_size(long) * estimated_width_em(long) <= 156 * MM
    assert fit_font_size(long) < 36


def test_the_seal_carries_the_organ_name():
    svg = rendering.seal_svg("密云镇社区矫正委员会")
    assert svg.count("<text") == 10 and "#ff0000" in svg
