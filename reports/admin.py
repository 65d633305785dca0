"""Reports in the admin: visible with their history; every change goes through the workflow pages."""

from django.contrib import admin

from committee.admin import ReadOnlyHistoryAdmin

from .models import AnnualReport, ReportCycle, ReportIssue, ReportVersion, ResearchTopic


class VersionInline(admin.TabularInline):
    model = ReportVersion
    fields = ["number", "submitted_at", "submitted", "confirmed_at", "outcome", "outcome_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportCycle)
class ReportCycleAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "committee", "deadline", "opened_at"]
    list_filter = ["committee", "year"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "cycle", "state", "submitted_at", "late", "accepted_at"]
    list_filter = ["state", "late", "cycle"]
    list_select_related = ["unit", "cycle"]
    search_fields = ["unit__name"]
    inlines = [VersionInline]


@admin.register(ReportIssue)
class ReportIssueAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "kind", "report", "follow_up_state"]
    list_filter = ["kind", "follow_up_state"]
    list_select_related = ["report__unit", "report__cycle"]


@admin.register(ResearchTopic)
class ResearchTopicAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "year", "lead_unit", "status", "starts_on", "ends_on"]
    list_filter = ["year", "status"]
    list_select_related = ["lead_unit"]
