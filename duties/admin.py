from django.contrib import admin

from committee.admin import ReadOnlyHistoryAdmin

from .models import (
    ExtensionRequest,
    FollowUpTask,
    Inspection,
    InspectionFinding,
    InspectionItem,
    TaskAttachment,
    TaskUpdate,
)


class TaskUpdateInline(admin.TabularInline):
    model = TaskUpdate
    fields = ["kind", "text", "author", "acted", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ReadOnlyHistoryAdmin):
    """Tasks move only through their workflow (duties.services): shown here with their history, never edited."""

    list_display = ["title", "unit", "deadline", "status", "decision", "committee"]
    list_filter = ["committee", "status", "unit"]
    search_fields = ["title", "requirement"]
    list_select_related = ["unit", "decision", "committee"]
    date_hierarchy = "deadline"
    inlines = [TaskUpdateInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["task", "previous_deadline", "requested_deadline", "state", "requested_at", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["task__unit"]


@admin.register(TaskAttachment)
class TaskAttachmentAdmin(ReadOnlyHistoryAdmin):
    """The file itself is downloaded from the task page, where the authority service is asked."""

    list_display = ["original_name", "content_type", "size", "uploaded_at", "update"]
    exclude = ["file"]


class InspectionItemInline(admin.TabularInline):
    model = InspectionItem
    fields = ["position", "unit", "duty", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyHistoryAdmin):
    """Inspections move only through their workflow (duties.inspections_services), with their history (Art 23)."""

    list_display = ["title", "subject", "state", "proposing_unit", "proposed_at", "decided", "committee"]
    list_filter = ["committee", "state", "subject"]
    search_fields = ["title", "reason"]
    list_select_related = ["proposing_unit", "committee", "decided_by__unit", "decided_under"]
    inlines = [InspectionItemInline]


@admin.register(InspectionFinding)
class InspectionFindingAdmin(ReadOnlyHistoryAdmin):
    list_display = ["item", "result", "recorded", "recorded_at"]
    list_filter = ["result"]
    list_select_related = ["item", "recorded_by__unit", "recorded_under"]
