from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.params import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from committee.web import BootstrapMixin, DateInput
from core.attachments import AttachmentsField
from documents.models import Classification
from members.models import MemberUnit

from .models import BulletinKind, Category, HighlightKind, NomineeKind, WorkUpdate


class WorkUpdateForm(BootstrapMixin, forms.Form):
    unit = BoundedModelChoiceField(label=_("单位"), queryset=MemberUnit.objects.none(), empty_label=None)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    happened_on = forms.DateField(label=_("日期"), widget=DateInput())
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    files = AttachmentsField(label=_("附件"), required=False)

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {"happened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.name


class BulletinForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    period = forms.CharField(label=_("期数"), max_length=40, required=False, help_text=_("例如：2026年第3期。"))
    intro = forms.CharField(label=_("按语"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    updates = BoundedModelMultipleChoiceField(
        label=_("选用的工作动态"),
        queryset=WorkUpdate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    highlights = BoundedModelMultipleChoiceField(
        label=_("选用的典型经验和问题"),
        queryset=WorkUpdate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, updates, highlights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["updates"].queryset = updates
        self.fields["updates"].label_from_instance = lambda u: (
            f"{u.happened_on:%Y-%m-%d} {u.unit.short_name}：{u.title}（{u.get_category_display()}）"
        )
        self.fields["highlights"].queryset = highlights
        self.fields["highlights"].label_from_instance = lambda h: f"{h.get_kind_display()}：{h.source_title}"
        if highlights is None or not highlights.exists():
            del self.fields["highlights"]
        if updates is None or not updates.exists():
            del self.fields["updates"]


class IssueForm(BootstrapMixin, forms.Form):
    classification = forms.ChoiceField(
        label=_("事项类别"),
        choices=Classification.choices,
        help_text=_(
            "第二十四条：一般事项由办公室主任签发，以办公室名义印发；重要事项由主任或受委托的副主任签发，以委员会名义印发。"
        ),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == BulletinKind.BRIEFING:
            # A 简报 shares information: a general matter, in the office's name.
            self.fields["classification"].choices = [(Classification.GENERAL, Classification.GENERAL.label)]


class HighlightForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("标记为"), choices=HighlightKind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label=_("要点"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CommendationForm(BootstrapMixin, forms.Form):
    nominee_kind = forms.ChoiceField(label=_("表彰对象类别"), choices=NomineeKind.choices, widget=forms.RadioSelect)
    nominee = forms.CharField(label=_("表彰对象"), max_length=100, help_text=_("集体的名称，或个人的姓名。"))
    nominee_affiliation = forms.CharField(label=_("所在单位或职务"), max_length=100, required=False)
    reason = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    unit = BoundedModelChoiceField(label=_("推荐单位"), queryset=MemberUnit.objects.none(), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, office: bool, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.name
        if office:
            self.fields["unit"].empty_label = _("委员会办公室")
        else:
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None


class DecideForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("意见"), max_length=200, required=False)


class WorkUpdateFilter(django_filters.FilterSet):
    """工作动态的筛选：单位、类别、关键词。"""

    q = django_filters.CharFilter(label=_("关键词"), method="search")
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=MemberUnit.objects.none(), empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices, empty_label=_("全部"))

    class Meta:
        model = WorkUpdate
        fields = ["q", "unit", "category"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units
        for name in ("unit", "category"):
            self.form.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.form.fields["q"].widget.attrs["class"] = "form-control form-control-sm"

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value)) if value else queryset
