"""HTML to PDF with WeasyPrint: the one rendering pipeline that documents, minutes and reports share.

Fonts are the free Noto CJK faces installed by the setup (fonts-noto-cjk); WeasyPrint embeds the subset of
glyphs each PDF uses. The tracked render job around it is core.rendering's; the layouts (GB/T 9704 for
official documents, a plain A4 page for reports) belong to the apps that print them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def html_to_pdf(html: str, *, base_url: str | Path | None = None, stylesheets: list[str | Path] = ()) -> bytes:
    """Renders an HTML string (with print CSS) to PDF bytes."""
    return html_render(html, base_url=base_url, stylesheets=stylesheets).write_pdf()


def html_render(html: str, *, base_url: str | Path | None = None, stylesheets: list[str | Path] = ()):
    """The laid-out WeasyPrint document, for a caller that looks at the pages before writing the PDF."""
    from weasyprint import CSS, HTML  # imported here: loading Pango is not needed for every request
    from weasyprint.text.fonts import FontConfiguration

    # One font configuration for the page and its stylesheets, so that @font-face rules take effect.
    fonts = FontConfiguration()
    base = str(base_url or settings.BASE_DIR)
    return HTML(string=html, base_url=base).render(
        stylesheets=[CSS(filename=str(path), font_config=fonts) for path in stylesheets], font_config=fonts
    )
