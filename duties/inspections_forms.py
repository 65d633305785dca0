"""Forms of the supervision inspection pages (Art 23); the services decide, the forms only collect."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import Appointment, Person
from committee.params import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from committee.web import BootstrapMixin, DateInput
from members.models import MemberUnit

from .models import NEEDS_CORRECTION, FindingResult, InspectionFinding, InspectionItem, InspectionSubject

OFFICE = "office"


class ProposeForm(BootstrapMixin, forms.Form):
    proposer = forms.ChoiceField(label=_("提议方"))
    subject = forms.ChoiceField(label=_("检查事项类别"), choices=InspectionSubject.choices)
    title = forms.CharField(label=_("检查名称"), max_length=200)
    target_units = BoundedModelMultipleChoiceField(
        label=_("被检查单位"), queryset=MemberUnit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("提议理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, committee, proposers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].choices = proposers
        self.fields["target_units"].queryset = (
            MemberUnit.objects.filter(committee=committee).active().order_by("sort_order")
        )
        self.fields["target_units"].label_from_instance = lambda unit: unit.short_name
        self.committee = committee

    def proposing_unit(self) -> MemberUnit | None:
        code = self.cleaned_data["proposer"]
        return None if code == OFFICE else MemberUnit.objects.get(committee=self.committee, code=code)


class DecisionForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("同意时可不填（记为“同意”）；不同意时须写明理由。"),
    )


class PlanForm(BootstrapMixin, forms.Form):
    team = BoundedModelMultipleChoiceField(
        label=_("检查组成员"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    note = forms.CharField(
        label=_("方案说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        in_force = Appointment.objects.in_force().filter(committee=committee)
        self.fields["team"].queryset = Person.objects.filter(appointments__in=in_force).distinct().order_by("pk")


class FindingForm(BootstrapMixin, forms.Form):
    item = BoundedModelChoiceField(label=_("检查项"), queryset=InspectionItem.objects.none())
    result = forms.ChoiceField(label=_("检查结论"), choices=FindingResult.choices)
    note = forms.CharField(label=_("情况说明"), required=False, max_length=5000)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = InspectionItem.objects.filter(inspection=inspection)


class CorrectiveTaskForm(BootstrapMixin, forms.Form):
    finding = BoundedModelChoiceField(label=_("需整改的检查项"), queryset=InspectionFinding.objects.none())
    title = forms.CharField(label=_("整改事项"), max_length=200)
    requirement = forms.CharField(
        label=_("整改要求"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("整改期限"), widget=DateInput())

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = (
            InspectionFinding.objects.filter(item__inspection=inspection, result__in=sorted(NEEDS_CORRECTION))
            .select_related("item__unit")
            .order_by("item__position")
        )
        self.fields["finding"].label_from_instance = lambda f: (
            f"{f.item.position}. {f.item.unit.short_name}：{f.get_result_display()} · {f.note[:40]}"
        )


class ReportForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("报告标题"), max_length=200)
    classification = forms.ChoiceField(label=_("事项类别"), choices=())
    body = forms.CharField(label=_("报告正文"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            from documents.models import Classification
        except ImportError:
            return
        self.fields["classification"].choices = Classification.choices
        self.fields["classification"].initial = Classification.IMPORTANT
