from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Appointment, Committee, MailDelivery, Person, Position, Power
from .params import BoundedModelChoiceField
from .web import BootstrapMixin, DateTimeInput


class DelegationForm(BootstrapMixin, forms.Form):
    """Arts 21, 23, 24: what the director entrusts, to which deputy, for how long, and why."""

    deputy = BoundedModelChoiceField(label=_("受委托的副主任"), queryset=Appointment.objects.none())
    powers = forms.MultipleChoiceField(label=_("委托事项"), choices=Power.choices, widget=forms.CheckboxSelectMultiple)
    starts_at = forms.DateTimeField(label=_("起始时间"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("截止时间"), widget=DateTimeInput())
    reason = forms.CharField(label=_("委托事由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = (
            Appointment.objects.in_force()
            .filter(committee=committee, position=Position.DEPUTY)
            .select_related("person")
        )
        self.fields["deputy"].label_from_instance = lambda a: f"{a.person.name}（{a.person.job_title}）"
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("starts_at", now)
            self.initial.setdefault("ends_at", now + timezone.timedelta(days=30))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("截止时间必须晚于起始时间。"))
        return data


class RevokeForm(BootstrapMixin, forms.Form):
    revoke_reason = forms.CharField(label=_("撤销理由"), max_length=300)


class ShareForm(BootstrapMixin, forms.Form):
    """What roles cannot express: one document or report shown to a named person, for a reason, until a moment."""

    grantee = forms.ModelChoiceField(label=_("被授权人"), queryset=Person.objects.none())
    reason = forms.CharField(label=_("授权理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    expires_at = forms.DateTimeField(label=_("到期时间"), widget=DateTimeInput())

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        # The committee's own people and those of the committees above it (a district reviewer), with a login.
        chain, current = [committee.pk], committee.parent
        while current is not None and current.pk not in chain:
            chain.append(current.pk)
            current = current.parent
        self.fields["grantee"].queryset = (
            Person.objects.filter(committee__in=chain, user__isnull=False).select_related("committee").order_by("name")
        )
        self.fields["grantee"].label_from_instance = lambda p: f"{p.name}（{p.committee.short_name}{p.job_title}）"
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("expires_at", now + timezone.timedelta(days=14))


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Changing the password checks the old one through `authenticate`, so that django-axes counts wrong
    guesses here as on the login page, for the same (login, address), and a locked-out pair is refused."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        found = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if found is None or found.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class MailPreferenceForm(BootstrapMixin, forms.Form):
    """How notification e-mail reaches the user: each at once, or one digest a day at a chosen hour."""

    mail_delivery = forms.ChoiceField(
        label=_("通知邮件"),
        choices=MailDelivery.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_(
            "站内通知不受影响，每条都会即时出现在“通知”中。紧急事项（当天或次日到期、待签发的公文）总是即时发送。"
        ),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("汇总发送时间"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("北京时间。选择每日汇总时，在这一时刻发出当天尚未发送的通知。"),
    )
