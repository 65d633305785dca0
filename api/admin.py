"""API keys in the admin: listed with their use and last use, revoked from here; issued by `manage.py api_token`,
which shows the key once (the database keeps only its digest)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from .models import ApiToken
from .services import api_tokens_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.action(description=_("作废所选令牌"))
    def revoke(self, request, queryset):
        count = api_tokens_revoke(tokens=queryset)
        messages.success(request, _("已作废%(n)s个令牌。") % {"n": count})
