from django.contrib import admin

from committee.admin import ReadOnlyHistoryAdmin

from .models import Duty


@admin.register(Duty)
class DutyAdmin(ReadOnlyHistoryAdmin):
    """Duty items are the rules' own words: they change when the rules file does (load_rules)."""

    list_display = ["__str__", "unit", "committee", "is_active"]
    list_filter = ["committee", "unit", "is_active"]
    search_fields = ["text"]
    list_select_related = ["unit", "committee"]
