from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committee.web import BootstrapMixin, DateInput

from .models import MembershipChange, NewUnitProposal


class MembershipChangeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MembershipChange
        fields = [
            "position",
            "new_person_name",
            "new_person_title",
            "new_person_phone",
            "effective_on",
            "reason",
        ]
        widgets = {"effective_on": DateInput()}


class DecisionNoteForm(BootstrapMixin, forms.Form):
    decision_note = forms.CharField(label=_("意见"), max_length=300, required=False)


class UnitProposalForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = NewUnitProposal
        fields = ["name", "short_name", "code", "kind", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class AgreeForm(BootstrapMixin, forms.Form):
    decision_record = forms.CharField(label=_("研究决定记录"), max_length=300)


class SubmitForm(BootstrapMixin, forms.Form):
    submission_ref = forms.CharField(label=_("报送文号"), max_length=60)


class ApproveForm(BootstrapMixin, forms.Form):
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput())
    approval_ref = forms.CharField(label=_("批准文号"), max_length=60)


class RejectForm(BootstrapMixin, forms.Form):
    rejection_reason = forms.CharField(label=_("理由"), max_length=300)


class DutyForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("职责内容"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
