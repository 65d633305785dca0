"""Meetings in the admin: visible with their history; every change goes through the pages and their services."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.admin import ReadOnlyHistoryAdmin

from .models import (
    AgendaItem,
    CalendarToken,
    Decision,
    Invitation,
    Material,
    Meeting,
    Minutes,
    MinutesComment,
)


class InvitationInline(admin.TabularInline):
    model = Invitation
    fields = ["unit", "person", "attendance", "substitute_name", "attendance_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "state", "chair", "committee"]
    list_filter = ["committee", "kind", "state", "is_ad_hoc"]
    search_fields = ["title", "location"]
    list_select_related = ["chair__person", "committee"]
    date_hierarchy = "starts_at"
    inlines = [InvitationInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "meeting", "unit", "state", "proposed_at"]
    list_filter = ["state"]
    list_select_related = ["meeting", "unit"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyHistoryAdmin):
    """The file itself is downloaded from the agenda item's page, where the authority service is asked."""

    list_display = ["original_name", "content_type", "size", "uploaded_at", "item"]
    exclude = ["file"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyHistoryAdmin):
    list_display = ["meeting", "version", "state", "approved_at"]
    list_filter = ["state"]
    list_select_related = ["meeting"]


@admin.register(MinutesComment)
class MinutesCommentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["minutes", "author", "created_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "meeting", "number", "importance", "effective_at", "decided"]
    list_filter = ["importance", "committee"]
    search_fields = ["title", "text"]
    list_select_related = ["meeting", "decided_by__unit", "decided_under"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """The secret is not shown; an administrator may only revoke a subscription address."""

    list_display = ["person", "created_at", "revoked_at"]
    fields = ["person", "created_at", "revoked_at"]
    readonly_fields = ["person", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("作废所选订阅地址"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
