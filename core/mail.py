"""E-mail a person can act on from their mail client: absolute links, a named sender, a plain-text and an HTML part
rendered from one template, and attachments the apps declare (a meeting's calendar invitation).

What a message says is the caller's (committee/mail.py composes notifications); this module knows how any message
of the product is put together and sent. An app declares what to attach to mail about its objects with
`register_mail_attachment(Model, provider)`; `provider(obj, recipient)` returns MIME parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from email.mime.base import MIMEBase
from email.utils import parseaddr, quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode

AttachmentProvider = Callable[[models.Model, object], Iterable[MIMEBase]]

_ATTACHMENTS: dict[type[models.Model], AttachmentProvider] = {}

# RFC 3834: an automatic message; Exchange and Outlook then send no out-of-office replies to it.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def site_url() -> str:
    """The address people open the site at, without a trailing slash (settings.SITE_URL)."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """A link that works from a mail client: the site's address before the path (an absolute URL is kept)."""
    if not path:
        return site_url() + "/"
    if "://" in path:
        return path
    return site_url() + (path if path.startswith("/") else f"/{path}")


def sender(display_name: str) -> str:
    """`"Display name" <address>` with the address of DEFAULT_FROM_EMAIL (a name given there is replaced).

    Left unencoded: Django encodes the name when it sends, in encoded-words short enough for RFC 2047
    (`email.utils.formataddr` would write one too long for a Chinese office's name)."""
    return f'"{quote(display_name)}" <{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}>'


def register_mail_attachment(model: type[models.Model], provider: AttachmentProvider) -> None:
    _ATTACHMENTS[model] = provider


def mail_attachments(obj: models.Model | None, recipient) -> list[MIMEBase]:
    """What the app of `obj` attaches to mail about it, for this recipient (nothing for an undeclared model)."""
    if obj is None:
        return []
    provider = _ATTACHMENTS.get(type(obj))
    return list(provider(obj, recipient)) if provider else []


def render_parts(template_name: str, context: dict) -> tuple[str, str]:
    """The `text` and `html` blocks of one template: both parts say the same because they are written together.

    The template extends nothing; its `text` block turns autoescaping off itself.
    """
    template = get_template(template_name).template
    blocks = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    context = Context(context)
    with context.bind_template(template):
        text = blocks["text"].render(context)
        html = blocks["html"].render(context)
    return _tidy_text(text), html.strip()


def _tidy_text(text: str) -> str:
    """Template indentation and runs of blank lines removed: plain text is read as it stands."""
    lines = [line.strip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip() + "\n"


def mail_message(
    *,
    subject: str,
    to: str,
    from_name: str,
    template_name: str,
    context: dict,
    attachments: Iterable[MIMEBase] = (),
) -> EmailMultiAlternatives:
    """One message: the plain-text part first, the HTML part as its alternative, then the attachments."""
    text, html = render_parts(template_name, context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=sender(from_name),
        to=[to],
        headers=dict(AUTOMATIC_HEADERS),
    )
    message.attach_alternative(html, "text/html")
    for part in attachments:
        message.attach(part)
    return message
