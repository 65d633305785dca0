"""Filters and sorting of the report lists (UI.md: lists have filters, sorting, pagination and a count)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import SortFilter

from .models import EDITABLE_STATES, WITH_OFFICE_STATES, FollowUpState, IssueKind, ReportState, TopicStatus


class SmallSelect(forms.Select):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "form-select form-select-sm", **(attrs or {})}, choices)


class BoardFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("环节"),
        choices=[("unit", _("在单位（草稿、退回、待确认）")), ("office", _("待办公室审核"))],
        empty_label=_("全部环节"),
        method="filter_stage",
    )
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ReportState.choices, empty_label=_("全部状态"))
    late = django_filters.BooleanFilter(
        label=_("逾期"),
        method="filter_late",
        widget=SmallSelect(choices=[("", _("全部")), ("true", _("逾期")), ("false", _("未逾期"))]),
    )
    ordering = SortFilter(
        label=_("排序"),
        fields=(
            ("unit__sort_order", "unit"),
            ("state", "state"),
            ("submitted_at", "submitted"),
            ("last_reminder_at", "reminded"),
        ),
        field_labels={
            "unit__sort_order": _("单位"),
            "state": _("状态"),
            "submitted_at": _("报送时间"),
            "last_reminder_at": _("最近提醒"),
        },
        empty_label=_("默认排序"),
    )

    def __init__(self, *args, cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        for name in ("stage", "state", "ordering"):
            self.filters[name].field.widget.attrs["class"] = "form-select form-select-sm"

    def filter_stage(self, queryset, name, value):
        if value == "office":
            return queryset.filter(state__in=WITH_OFFICE_STATES)
        if value == "unit":
            return queryset.filter(state__in=[*EDITABLE_STATES, ReportState.AWAITING_CONFIRMATION])
        return queryset

    def filter_late(self, queryset, name, value):
        from django.db.models import Q
        from django.utils import timezone

        if value is None:
            return queryset
        overdue = self.cycle is not None and self.cycle.is_overdue(timezone.localdate())
        late = Q(late=True) | (Q(submitted_at__isnull=True) if overdue else Q(pk__in=[]))
        return queryset.filter(late) if value else queryset.exclude(late)


class IssueFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=IssueKind.choices, empty_label=_("全部类别"))
    follow_up_state = django_filters.ChoiceFilter(
        label=_("办理状态"), choices=FollowUpState.choices, empty_label=_("全部办理状态")
    )
    ordering = SortFilter(
        label=_("排序"),
        fields=(("report__unit__sort_order", "unit"), ("follow_up_state", "state"), ("follow_up_at", "followed")),
        field_labels={
            "report__unit__sort_order": _("单位"),
            "follow_up_state": _("办理状态"),
            "follow_up_at": _("办理登记时间"),
        },
        empty_label=_("默认排序"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.filters.values():
            f.field.widget.attrs["class"] = "form-select form-select-sm"


class TopicFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TopicStatus.choices, empty_label=_("全部状态"))
    ordering = SortFilter(
        label=_("排序"),
        fields=(("starts_on", "starts"), ("ends_on", "ends"), ("title", "title")),
        field_labels={"starts_on": _("开始日期"), "ends_on": _("计划完成日期"), "title": _("课题名称")},
        empty_label=_("默认排序"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.filters.values():
            f.field.widget.attrs["class"] = "form-select form-select-sm"
