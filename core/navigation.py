"""The top bar's entries, built from the installed apps: each app's AppConfig declares its own pages.

UI.md fixes the order (工作台 · 委员会 · 成员单位 · 会议 · 督办 · 年度报告 · 公文 · 督导检查 · 调查研究); each entry
carries its place in it, so that no app names another app's pages and a new app adds its entry itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    order: int


def navigation_for(committee_code: str) -> list[tuple[str, str, str]]:
    """(key, label, url) of every installed app's entries for a committee, in the bar's order. An entry whose
    page is not served (its URL does not resolve) is left out rather than shown as a dead link."""
    entries = sorted(
        (entry for config in apps.get_app_configs() for entry in getattr(config, "navigation", ())),
        key=lambda entry: entry.order,
    )
    found = []
    for entry in entries:
        try:
            found.append((entry.key, entry.label, reverse(entry.url_name, kwargs={"committee_code": committee_code})))
        except NoReverseMatch:
            continue
    return found
