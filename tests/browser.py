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
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x, e.g. {violation['nodes'][0]['target']})"
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]
