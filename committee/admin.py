"""Django admin for the system administrator: reference data is edited here, every change has history;
appointments and delegations go through their services, so the same rules hold as in the pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from .models import Appointment, Article, Committee, Delegation, Notification, Person, RulesVersion
from .services import (
    appointment_end,
    appointment_make,
    person_create,
    person_login_link,
    person_login_link_check,
    person_login_unlink,
    person_login_unlink_check,
    person_update,
)


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Records that only a workflow may write: visible with their history, never edited by hand."""


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "doc_prefix", "office_doc_prefix", "parent", "is_demo"]
    search_fields = ["name", "code"]


@admin.register(RulesVersion)
class RulesVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["committee", "version", "title", "issued_on", "loaded_at"]


@admin.register(Article)
class ArticleAdmin(ReadOnlyHistoryAdmin):
    list_display = ["rules", "label", "chapter"]
    list_filter = ["rules"]


class PersonAdminForm(forms.ModelForm):
    """A person's details, and the login that acts for them: changing the login is the administrator's act
    with a reason (`person_login_link` / `person_login_unlink`), checked before anything is saved."""

    login = forms.ModelChoiceField(
        label=_("登录账号"),
        queryset=get_user_model().objects.filter(is_staff=False, is_superuser=False).order_by("username"),
        required=False,
    )
    login_reason = forms.CharField(
        label=_("关联或解除登录账号的理由"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Person
        fields = ["committee", "name", "job_title", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].initial = self.instance.user_id
        if self.instance.pk:
            self.fields["committee"].disabled = True

    def login_changed(self) -> bool:
        chosen = self.cleaned_data.get("login")
        return (chosen.pk if chosen else None) != self.instance.user_id

    def clean(self):
        cleaned = super().clean()
        if self.login_changed():
            chosen, reason = cleaned.get("login"), cleaned.get("login_reason") or ""
            try:
                if chosen is None:
                    person_login_unlink_check(by=self.request_user, person=self.instance, reason=reason)
                else:
                    person_login_link_check(by=self.request_user, person=self.instance, user=chosen, reason=reason)
            except ValidationError as exc:
                items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                for field, errors in items:
                    target = {"reason": "login_reason", "user": "login"}.get(field, field)
                    self.add_error(target if target in self.fields else None, errors)
        return cleaned


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """People go through the services: created by `person_create`, corrected by `person_update`, their login
    linked and unlinked with a reason; the history page shows who did it and why."""

    form = PersonAdminForm
    list_display = ["name", "committee", "job_title", "user"]
    list_filter = ["committee"]
    search_fields = ["name", "user__username"]
    list_select_related = ["committee", "user"]
    fields = ["committee", "name", "job_title", "phone", "email", "login", "login_reason"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            person = person_update(
                person=Person.objects.get(pk=obj.pk),
                name=data["name"],
                job_title=data["job_title"],
                phone=data["phone"],
                email=data["email"],
            )
        else:
            person = person_create(
                committee=data["committee"], name=data["name"], job_title=data["job_title"], email=data["email"]
            )
            person = person_update(
                person=person, name=person.name, job_title=person.job_title, phone=data["phone"], email=person.email
            )
        if form.login_changed():
            if data["login"] is None:
                person_login_unlink(by=request.user, person=person, reason=data["login_reason"])
            else:
                person_login_link(by=request.user, person=person, user=data["login"], reason=data["login_reason"])
        obj.pk = person.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Nothing related is edited here."""


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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A refusal by `appointment_make` (already shown as a message) sends the administrator back to the form
        # instead of a server error; the admin's transaction has rolled back.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError:
            return HttpResponseRedirect(request.get_full_path())

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
