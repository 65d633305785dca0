from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Bulletin, Commendation, Highlight, WorkUpdate


# Read-only in the admin: these rows are written by the services, which ask the authority service first.
class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkUpdate)
class WorkUpdateAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "category", "happened_on"]
    list_filter = ["category", "committee"]


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "period", "created_at"]


@admin.register(Highlight)
class HighlightAdmin(ReadOnlyAdmin):
    list_display = ["source_title", "kind", "marked_at"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["nominee", "year", "state", "unit"]
    list_filter = ["year", "state"]
