"""The base layer's records in the admin, read-only: what waits in the outbox, the render jobs, the reminder ledger."""

from django.contrib import admin

from .models import OutboxMessage, ReminderSent, RenderJob


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the platform writes: visible for diagnosis, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "task", "created_at", "relayed_at", "attempts"]
    list_filter = ["task", ("relayed_at", admin.EmptyFieldListFilter)]


@admin.register(RenderJob)
class RenderJobAdmin(ReadOnlyAdmin):
    list_display = ["kind", "subject_id", "status", "attempts", "queued_at", "finished_at", "sha256"]
    list_filter = ["kind", "status"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["kind", "subject_id", "recipient", "key", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
