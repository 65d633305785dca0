"""Playwright driving Debian's Chromium (Playwright's own browser download does not work offline)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

AXE_SCRIPT = Path(__file__).with_name("assets") / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Runs axe-core (shipped in tests/assets, no network) on the page; returns the serious problems."""
    # Evaluated through the DevTools protocol, not added as an inline <script>: the site's Content-Security-Policy
    # (rightly) refuses inline scripts, and axe is the test's tool, not the page's.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x, e.g. {violation['nodes'][0]['target']})"
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def pick(page, label: str, search: str, name: str | None = None) -> None:
    """Types `search` into the searchable picker labelled `label` (static/js/pickers.js, Tom Select) and chooses the
    option whose name is `name` (by default what was typed), as a person would: by typing, then clicking."""
    import re

    from playwright.sync_api import expect

    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(search)
    wrapper = box.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ts-wrapper ')][1]")
    option = wrapper.locator(".ts-dropdown [data-selectable]").filter(
        has=page.locator("span", has_text=re.compile(f"^{re.escape(name or search)}$"))
    )
    option.first.click()
    # Done with this picker, as a person would be: they click elsewhere on the page (its heading), which closes every
    # picker's list, so that no list covers what they click next.
    box.press("Escape")
    page.locator("h1").first.click()
    # ...and sees the lists gone. (A list that came back here, after the person had moved on, was a fault of the page:
    # tests/test_pickers_browser.py.)
    page.wait_for_function(
        "() => [...document.querySelectorAll('select[data-picker]')].every(s => !s.tomselect || !s.tomselect.isOpen)"
    )
    expect(page.locator(".ts-dropdown").filter(visible=True)).to_have_count(0)
