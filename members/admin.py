from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyHistoryAdmin

from .models import Duty, MembershipChange, MemberUnit, NewUnitProposal


@admin.register(MemberUnit)
class MemberUnitAdmin(SimpleHistoryAdmin):
    """Units are created by the Art 6 procedure or loaded from the rules; here only their details are corrected."""

    list_display = ["name", "short_name", "code", "kind", "article_number", "is_active", "committee"]
    list_filter = ["committee", "kind", "is_active"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Duty)
class DutyAdmin(ReadOnlyHistoryAdmin):
    """Duty items are the rules' own words: they change when the rules file does (load_rules)."""

    list_display = ["__str__", "unit", "committee", "is_active"]
    list_filter = ["committee", "unit", "is_active"]
    search_fields = ["text"]
    list_select_related = ["unit", "committee"]


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "position", "new_person_name", "state", "proposed_at", "decided_at"]
    list_filter = ["state", "position"]


@admin.register(NewUnitProposal)
class NewUnitProposalAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "state", "proposed_at", "approved_on", "approval_ref"]
    list_filter = ["state"]
