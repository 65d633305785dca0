"""System checks of the base layer: what e-mail needs to be usable from a mail client."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.http.request import split_domain_port, validate_host


@register("mail")
def check_site_url(app_configs=None, **kwargs):
    """Every link in an e-mail starts with SITE_URL; without it a link is a bare path nobody can open."""
    value = getattr(settings, "SITE_URL", "")
    if not value:
        return [
            Error(
                "SITE_URL is not set: links in e-mail would have no host.",
                hint="Set SITE_URL to the address people open the site at, e.g. https://jz.example.gov.cn",
                id="core.E001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        return [
            Error(
                f"SITE_URL {value!r} is not an http(s) address of a site.",
                hint="Give scheme and host (and port), e.g. https://jz.example.gov.cn",
                id="core.E002",
            )
        ]
    return []


@register(Tags.security, "mail", deploy=True)
def check_mail_deployment(app_configs=None, **kwargs):
    """Links must lead to a host the site answers, over HTTPS; the sender must be an address people can trust."""
    messages = []
    parts = urlsplit(getattr(settings, "SITE_URL", ""))
    if parts.hostname:
        host, _port = split_domain_port(parts.netloc)
        if not validate_host(host, settings.ALLOWED_HOSTS):
            messages.append(
                Warning(
                    f"The host of SITE_URL ({host}) is not in ALLOWED_HOSTS: links in e-mail would be refused.",
                    id="core.W001",
                )
            )
        if parts.scheme != "https":
            messages.append(Warning("SITE_URL does not use https.", id="core.W002"))
    if settings.DEFAULT_FROM_EMAIL.rstrip(">").endswith("@localhost"):
        messages.append(
            Warning(
                "DEFAULT_FROM_EMAIL is an address at localhost: replies and bounces go nowhere.",
                hint="Set DEFAULT_FROM_EMAIL to the office's address on your mail server.",
                id="core.W003",
            )
        )
    return messages
