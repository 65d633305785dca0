"""What changed between two submitted versions of a report, as readable HTML for the office.

Paragraphs are matched with difflib; within a changed paragraph the characters are compared, which
suits Chinese text (no spaces to split words on): removed text is struck through, added text marked.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


@dataclass
class DiffRow:
    kind: str  # "same", "added", "removed", "changed"
    html: SafeString


@dataclass
class DiffSection:
    title: str
    rows: list[DiffRow] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(row.kind != "same" for row in self.rows)


def content_sections(content: dict) -> list[tuple[str, list[str]]]:
    """A version's content as titled sections of paragraphs, in the order of Art 22."""
    duties = [
        f"{entry.get('label', '')} {entry.get('text', '')}\n{_('履职情况')}：{entry.get('done', '')}"
        for entry in content.get("duties", [])
    ]
    tasks = [
        f"{entry.get('title', '')}（{entry.get('status', '') or _('未注明状态')}）\n"
        f"{_('完成情况')}：{entry.get('progress', '')}"
        for entry in content.get("tasks", [])
    ]
    key_work = [paragraph for paragraph in content.get("key_work", "").split("\n") if paragraph.strip()]
    issues = [f"［{entry.get('kind_label', '')}］{entry.get('text', '')}" for entry in content.get("issues", [])]
    attachments = [entry.get("name", "") for entry in content.get("attachments", [])]
    return [
        (_("一、依法履职情况"), duties),
        (_("二、委员会决策部署完成情况"), tasks),
        (_("三、重点工作落实情况"), key_work),
        (_("四、存在问题及意见建议"), issues),
        (_("附件"), attachments),
    ]


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _inline(old: str, new: str) -> SafeString:
    """One paragraph that changed: deletions struck through, insertions marked, character by character."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(_text(old[i1:i2]))
            continue
        if tag in {"delete", "replace"}:
            parts.append(f'<del class="diff-del">{_text(old[i1:i2])}</del>')
        if tag in {"insert", "replace"}:
            parts.append(f'<ins class="diff-ins">{_text(new[j1:j2])}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def diff_contents(old: dict, new: dict) -> list[DiffSection]:
    """The sections of two versions side by side in one column: what stayed, went, came and changed."""
    sections = []
    for (title, before), (_title, after) in zip(content_sections(old), content_sections(new), strict=True):
        section = DiffSection(title=title)
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                section.rows.extend(DiffRow("same", mark_safe(_text(text))) for text in before[i1:i2])  # noqa: S308
            elif tag == "delete":
                section.rows.extend(
                    DiffRow("removed", mark_safe(f'<del class="diff-del">{_text(text)}</del>'))  # noqa: S308
                    for text in before[i1:i2]
                )
            elif tag == "insert":
                section.rows.extend(
                    DiffRow("added", mark_safe(f'<ins class="diff-ins">{_text(text)}</ins>'))  # noqa: S308
                    for text in after[j1:j2]
                )
            else:
                olds, news = before[i1:i2], after[j1:j2]
                for index in range(max(len(olds), len(news))):
                    if index < len(olds) and index < len(news):
                        section.rows.append(DiffRow("changed", _inline(olds[index], news[index])))
                    elif index < len(olds):
                        section.rows.append(
                            DiffRow("removed", mark_safe(f'<del class="diff-del">{_text(olds[index])}</del>'))  # noqa: S308
                        )
                    else:
                        section.rows.append(
                            DiffRow("added", mark_safe(f'<ins class="diff-ins">{_text(news[index])}</ins>'))  # noqa: S308
                        )
        sections.append(section)
    return sections
