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
    assert f"padding-top: {rendering.page_number_padding_pt():.3f}pt;" in CSS


def test_every_font_stack_names_a_cjk_font():
    stacks = re.findall(r"font-family:\s*([^;]+);", CSS)
    assert stacks
    for stack in stacks:
        assert "CJK SC" in stack, stack
        assert "Fandol" in stack, stack  # the free stand-in before the fallback


def test_the_stylesheet_spells_the_stacks_of_the_layout():
    """Commercial faces first, then Fandol, then Noto CJK: the same stacks in the CSS as in rendering.py."""
    for stack in (rendering.FANG, rendering.KAI, rendering.HEI, rendering.XIAOBIAOSONG, rendering.SONG):
        assert f"font-family: {rendering.css_stack(stack)};" in CSS
        assert stack[-2].startswith("Fandol") and "CJK" in stack[-1]


def test_the_font_metrics_are_those_of_the_installed_font():
    import subprocess

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    found = subprocess.run(["fc-match", "-f", "%{file}", "FandolFang"], capture_output=True, text=True, check=False)
    if "FandolFang" not in found.stdout:
        pytest.skip("the Fandol fonts are not installed (scripts/ensure_system.sh)")
    font = TTFont(found.stdout)
    scale = font["head"].unitsPerEm
    assert font["hhea"].ascent / scale == rendering.FONT_ASCENT
    assert -font["hhea"].descent / scale == rendering.FONT_DESCENT
    assert font["OS/2"].sTypoAscender / scale == rendering.IDEO_ASCENT
    song = TTFont(found.stdout.replace("FandolFang-Regular", "FandolSong-Regular"))
    glyphs = song.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[song.getBestCmap()[ord("—")]].draw(pen)
    _x0, low, _x1, high = pen.bounds
    assert (low + high) / 2 / song["head"].unitsPerEm == pytest.approx(rendering.SONG_DASH_ABOVE_BASELINE, abs=0.01)


def test_long_titles_make_a_trapezoid():
    assert title_lines("关于印发通知的通知") == ["关于印发通知的通知"]
    lines = title_lines("关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知")
    assert "".join(lines) == "关于做好2026年度社区矫正工作成员单位履职情况书面报告的通知"
    widths = [estimated_width_em(line) for line in lines]  # in em: the digits are half as wide
    assert len(lines) == 2 and widths[0] < widths[1]
    assert all(width <= rendering.TITLE_CHARS_PER_LINE for width in widths)
    assert lines == ["关于做好2026年度社区矫正工作", "成员单位履职情况书面报告的通知"]


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
