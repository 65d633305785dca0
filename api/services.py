"""Issuing and revoking API keys (README: 开放接口). The system administrator issues them (`manage.py api_token`)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, key_digest


@transaction.atomic
def api_token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    """A new key for `user`, for the system named `name`; returns the row and the key, which is not kept and cannot be
    shown again. A login's other keys stay valid (each calling system has its own, revoked on its own)."""
    if not user.is_active:
        raise ValidationError(_("该登录账号已停用，不能签发令牌。"))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请写明令牌的用途（调用系统的名称）。")})
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:8], key_digest=key_digest(key))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_tokens_revoke(*, tokens) -> int:
    """Revokes the given keys at once (a queryset of ApiToken); returns how many were still valid."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
