"""Documents in the admin: visible with their history, never edited by hand (the workflow writes them);
a failed PDF can be queued again, and a number counter set with a reason, by someone the authority service allows."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyHistoryAdmin
from committee.authority import Action, NotAllowed, decide
from committee.web import submit

from .forms import NumberCounterAdjustForm
from .models import Addressee, Document, DocumentAnnex, DocumentReview, IssuerSeal, NumberCounter, Receipt
from .selectors import highest_serial_issued
from .services import document_render_again, number_counter_adjust


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
    """Counters are read here with their history; the one change by hand is `number_counter_adjust`, which
    asks the authority service, keeps the counter above every number issued and records why."""

    list_display = ["committee", "classification", "series", "year", "last_serial"]
    list_filter = ["committee", "classification", "series", "year"]
    list_select_related = ["committee"]

    def get_urls(self):
        adjust = path(
            "<path:object_id>/adjust/",
            self.admin_site.admin_view(self.adjust_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_adjust",
        )
        return [adjust, *super().get_urls()]

    def adjust_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        counter = self.get_object(request, unquote(object_id))
        if counter is None:
            raise Http404
        form = NumberCounterAdjustForm(request.POST or None, initial={"last_serial": counter.last_serial})
        if request.method == "POST":
            adjusted = submit(
                request, form, lambda data: number_counter_adjust(by=request.user, counter=counter, **data)
            )
            if adjusted is not None:
                messages.success(
                    request,
                    _("计数已调整为%(serial)s，原因已记入变更记录。") % {"serial": adjusted.last_serial},
                )
                return redirect("admin:documents_numbercounter_history", counter.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("调整发文编号计数"),
            "opts": self.opts,
            "original": counter,
            "issued": highest_serial_issued(counter),
            "decision": decide(request.user, Action.MANAGE_COMMITTEE, counter),
            "form": form,
        }
        return TemplateResponse(request, "admin/documents/numbercounter/adjust.html", context)


@admin.register(IssuerSeal)
class IssuerSealAdmin(SimpleHistoryAdmin):
    """印章: the system administrator uploads each issuer's seal image (a transparent PNG, checked on upload) and
    retires it by setting 停用时间; a seal is never deleted, so that what a signed document printed stays known.
    Signed documents print the seal in force when they were signed; drafts print none."""

    list_display = ["committee", "issuer", "valid_from", "retired_at", "note"]
    list_filter = ["committee", "issuer"]
    list_select_related = ["committee"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentAnnex)
class DocumentAnnexAdmin(ReadOnlyHistoryAdmin):
    list_display = ["document", "position", "title", "kind"]
    list_select_related = ["document"]
