"""HTML to PDF with WeasyPrint: the one rendering pipeline that documents, minutes and reports share.

Fonts are the free Noto CJK faces installed by the setup (fonts-noto-cjk); WeasyPrint embeds the
subset of glyphs each PDF uses.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def html_to_pdf(html: str, *, base_url: str | Path | None = None, stylesheets: list[str | Path] = ()) -> bytes:
    """Renders an HTML string (with print CSS) to PDF bytes."""
    from weasyprint import CSS, HTML  # imported here: loading Pango is not needed for every request

    base = str(base_url or settings.BASE_DIR)
    return HTML(string=html, base_url=base).write_pdf(stylesheets=[CSS(filename=str(path)) for path in stylesheets])
