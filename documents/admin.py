"""Documents in the admin: visible with their history, never edited by hand (the workflow writes them);
a failed PDF can be queued again, by someone the authority service allows."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committee.admin import ReadOnlyHistoryAdmin
from committee.authority import NotAllowed

from .models import Addressee, Document, DocumentReview, NumberCounter, Receipt
from .services import document_render_again


class AddresseeInline(admin.TabularInline):
    model = Addressee
    extra = 0
    can_delete = False
    readonly_fields = ["unit", "role"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["doc_number", "title", "kind", "classification", "state", "version", "signed_at", "committee"]
    list_filter = ["committee", "kind", "classification", "state"]
    search_fields = ["title", "doc_number"]
    list_select_related = ["committee"]
    inlines = [AddresseeInline]
    actions = ["render_again"]

    @admin.action(description=_("重新生成失败的正式文本"))
    def render_again(self, request, queryset):
        queued = 0
        for document in queryset:
            try:
                document_render_again(by=request.user, document=document)
                queued += 1
            except NotAllowed as exc:
                messages.error(request, f"{document}: {exc.decision.reason}")
            except ValidationError as exc:
                messages.error(request, f"{document}: {'; '.join(exc.messages)}")
        if queued:
            messages.success(request, _("已重新排队 %(n)s 份。") % {"n": queued})


@admin.register(DocumentReview)
class DocumentReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ["document", "stage", "outcome", "by_name", "at"]
    list_select_related = ["document"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyHistoryAdmin):
    list_display = ["document", "unit", "role", "received_at", "receiver_name"]
    list_select_related = ["document", "unit"]


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyHistoryAdmin):
    list_display = ["committee", "classification", "year", "last_serial"]
