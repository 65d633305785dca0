"""Keys that let another system call the open API in the name of one login (Art 5: 信息共享 with the district)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def key_digest(key: str) -> str:
    """What is stored of a key: its SHA-256. The key itself is shown once, when it is issued."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An API key (令牌) of one login: a request bearing it reads and acts as that login would in the pages, through the
    same authority service, so a key grants nothing its login does not hold at that moment.

    Only the key's digest is kept (a copy of the database or a backup gives no working key), and deliberately without
    history, as the calendar subscriptions: a revoked key stays revoked and is never edited.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100, help_text=_("调用系统的名称，如“区社区矫正信息平台”。"))
    prefix = models.CharField(_("密钥前缀"), max_length=8, help_text=_("密钥的前八位，用于辨认，不能用于调用。"))
    key_digest = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(key_digest=""), name="api_token_has_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
