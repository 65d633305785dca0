from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committee.web import BootstrapMixin, DateInput
from core.attachments import AttachmentsField
from core.filters import SortFilter
from meetings.models import Decision
from members.models import MemberUnit
from members.pickers import UnitPickerField

from .models import FollowUpTask, Signal, TaskStatus


class TaskCreateForm(BootstrapMixin, forms.Form):
    units = UnitPickerField(label=_("承办单位"))
    title = forms.CharField(label=_("督办事项"), max_length=200)
    requirement = forms.CharField(label=_("工作要求"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    deadline = forms.DateField(label=_("办理期限"), widget=DateInput())

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].offer(MemberUnit.objects.filter(committee=committee).active())


class TaskAssignForm(TaskCreateForm):
    """交办 from the 督办 list: the same form with the decision in effect chosen first."""

    decision = forms.ModelChoiceField(
        label=_("来源决定事项"),
        queryset=Decision.objects.none(),
        help_text=_("已生效的会议决定事项（纪要批准后生效）。"),
    )
    field_order = ["decision", "units", "title", "requirement", "deadline"]

    def __init__(self, *args, committee, decisions, **kwargs):
        super().__init__(*args, committee=committee, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda decision: f"{decision.title}（{decision.meeting.title}）"


class ProgressForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("办理进展"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    files = AttachmentsField(label=_("附件"), required=False)


class CompletionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    files = AttachmentsField(label=_("附件"), required=False)


class ExtensionForm(BootstrapMixin, forms.Form):
    requested_deadline = forms.DateField(label=_("申请延期至"), widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("意见"), max_length=300, required=False)


class TaskFilter(django_filters.FilterSet):
    """督办总览的筛选：单位、决定事项、状态、颜色、期限、关键词。"""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"), queryset=MemberUnit.objects.none(), empty_label=_("全部")
    )
    # Chosen from the summary by decision (its search, by year): a hidden key, never a list of every decision.
    decision = django_filters.ModelChoiceFilter(
        label=_("决定事项"), queryset=None, empty_label=_("全部"), widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TaskStatus.choices, empty_label=_("全部"))
    signal = django_filters.ChoiceFilter(
        label=_("提示"), choices=Signal.choices, method="by_signal", empty_label=_("全部")
    )
    extension = django_filters.ChoiceFilter(
        label=_("延期申请"),
        choices=[("pending", _("待审批"))],
        method="by_extension",
        empty_label=_("不限"),
    )
    deadline_from = django_filters.DateFilter(
        label=_("期限自"), field_name="deadline", lookup_expr="gte", widget=DateInput()
    )
    deadline_to = django_filters.DateFilter(
        label=_("期限至"), field_name="deadline", lookup_expr="lte", widget=DateInput()
    )
    o = SortFilter(
        label=_("排序"),
        fields=(("deadline", "deadline"), ("unit__sort_order", "unit"), ("created_at", "created")),
        field_labels={"deadline": _("办理期限"), "unit__sort_order": _("承办单位"), "created_at": _("交办时间")},
        empty_label=_("默认（按期限）"),
    )

    class Meta:
        model = FollowUpTask
        fields = ["q", "unit", "decision", "status", "signal", "extension", "deadline_from", "deadline_to"]

    def __init__(self, *args, committee, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        from meetings.models import Decision

        self.filters["unit"].queryset = (units if units is not None else committee.units.all()).order_by("sort_order")
        self.filters["unit"].field.label_from_instance = lambda unit: unit.short_name
        self.filters["decision"].queryset = (
            Decision.objects.filter(committee=committee).exclude(effective_at=None).select_related("meeting")
        )
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(requirement__icontains=value)) if value else queryset

    def by_extension(self, queryset, name, value):
        from .selectors import pending_extension

        return queryset.filter(pending_extension()) if value == "pending" else queryset

    def by_signal(self, queryset, name, value):
        from .selectors import signal_q

        return queryset.filter(signal_q(value)) if value else queryset
