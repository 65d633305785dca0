"""Token authentication against `ApiToken` (a digest per key); the browser's session is the other way in."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken, key_digest

# A key's last use is written at most this often, so that reading does not write a row on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=10)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's own TokenAuthentication (whose OpenAPI description it keeps), but the key
    is looked up by its digest, and a revoked key or a deactivated login is refused."""

    model = ApiToken

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.active().select_related("user").filter(key_digest=key_digest(key)).first()
        if token is None:
            raise AuthenticationFailed(_("令牌无效或已作废。"))
        if not token.user.is_active:
            raise AuthenticationFailed(_("该令牌所属的登录账号已停用。"))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
