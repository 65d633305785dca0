"""Django admin for the system administrator: reference data is edited here, every change has history;
appointments and delegations go through their services, so the same rules hold as in the pages."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from .models import Appointment, Article, Committee, Delegation, Notification, Person, RulesVersion
from .services import appointment_end, appointment_make


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Records that only a workflow may write: visible with their history, never edited by hand."""


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "doc_prefix", "office_doc_prefix", "parent"]
    search_fields = ["name", "code"]


@admin.register(RulesVersion)
class RulesVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["committee", "version", "title", "issued_on", "loaded_at"]


@admin.register(Article)
class ArticleAdmin(ReadOnlyHistoryAdmin):
    list_display = ["rules", "label", "chapter"]
    list_filter = ["rules"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "job_title", "user"]
    list_filter = ["committee"]
    search_fields = ["name", "user__username"]
    list_select_related = ["committee", "user"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    """New appointments are made by `appointment_make` (limits, locks, permissions); ending one is an action."""

    list_display = ["person", "position", "unit", "seat", "start_date", "end_date", "committee"]
    list_filter = ["committee", "position"]
    list_select_related = ["person", "unit", "committee"]
    search_fields = ["person__name"]
    fields = ["committee", "person", "position", "unit", "start_date", "end_date", "duties_note"]
    actions = ["end_today"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            created = appointment_make(
                committee=obj.committee,
                person=obj.person,
                position=obj.position,
                unit=obj.unit,
                start_date=obj.start_date,
                end_date=obj.end_date,
                duties_note=obj.duties_note,
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            raise
        obj.pk = created.pk

    @admin.action(description=_("今日免职（权限随即收回）"))
    def end_today(self, request, queryset):
        ended = 0
        for appointment in queryset.filter(end_date__isnull=True):
            try:
                appointment_end(appointment=appointment)
                ended += 1
            except ValidationError as exc:
                messages.error(request, f"{appointment}: {'; '.join(exc.messages)}")
        messages.success(request, _("已免职 %(n)s 项。") % {"n": ended})


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "committee", "deputy", "starts_at", "ends_at", "revoked_at"]
    list_select_related = ["committee", "deputy__person"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_select_related = ["recipient"]
