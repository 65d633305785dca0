"""The filters of the document list (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import SortFilter
from members.models import MemberUnit

from .models import Classification, Document, DocumentKind, DocumentState, Receipt


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("标题或文号"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("文种"), empty_label=_("全部文种"))
    classification = django_filters.ChoiceFilter(
        choices=Classification.choices, label=_("事项类别"), empty_label=_("全部类别")
    )
    state = django_filters.ChoiceFilter(choices=DocumentState.choices, label=_("状态"), empty_label=_("全部状态"))
    year = django_filters.NumberFilter(field_name="doc_year", label=_("发文年度"))
    unit = django_filters.ModelChoiceFilter(
        queryset=MemberUnit.objects.none(), method="addressed_to", label=_("收文单位"), empty_label=_("全部单位")
    )
    receipts = django_filters.ChoiceFilter(
        method="by_receipts",
        label=_("签收情况"),
        choices=[("pending", _("有单位未签收")), ("complete", _("均已签收"))],
        empty_label=_("不限"),
    )
    o = SortFilter(
        fields=(("created_at", "created"), ("signed_at", "signed"), ("doc_serial", "serial"), ("title", "title")),
        field_labels={
            "created_at": _("拟稿时间"),
            "signed_at": _("签发时间"),
            "doc_serial": _("顺序号"),
            "title": _("标题"),
        },
        label=_("排序"),
        empty_label=_("默认排序"),
    )

    class Meta:
        model = Document
        fields = ["q", "kind", "classification", "state", "year", "unit", "receipts"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = MemberUnit.objects.filter(committee=committee).order_by("sort_order")
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(doc_number__icontains=value))

    def addressed_to(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(pk__in=Document.objects.filter(addressees__unit=value).values("pk"))

    def by_receipts(self, queryset, name, value):
        pending = Receipt.objects.filter(received_at__isnull=True).values("document_id")
        if value == "pending":
            return queryset.filter(pk__in=pending)
        if value == "complete":
            return queryset.filter(distributed_at__isnull=False).exclude(pk__in=pending)
        return queryset
